#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <exception>

/// Helpers shared by the fuzz targets (fuzz/*.cpp): an invariant check that aborts (so that
/// libFuzzer, and the replay driver under CTest, report it as a crash with the input), and a
/// guard that turns an exception escaping the core into such a failure. The core reports errors
/// as values and never throws: an exception is a bug too.

/// Fails the run when `condition` is false, naming the check: invariants hold in every build
/// type (NDEBUG does not remove them), unlike assert().
#define MANTLE_FUZZ_CHECK(condition)                                                               \
    do {                                                                                           \
        if (!(condition)) {                                                                        \
            std::fprintf(stderr, "%s:%d: invariant failed: %s\n", __FILE__, __LINE__, #condition); \
            std::abort();                                                                          \
        }                                                                                          \
    } while (false)

namespace mantle::fuzz {

/// Runs one input through `body`, failing the run when an exception escapes it.
template<typename Body> int runGuarded(Body &&body)
{
    try {
        body();
    } catch (const std::exception &e) {
        std::fprintf(stderr, "exception escaped the core: %s\n", e.what());
        std::abort();
    } catch (...) {
        std::fprintf(stderr, "an exception of unknown type escaped the core\n");
        std::abort();
    }
    return 0;
}

} // namespace mantle::fuzz

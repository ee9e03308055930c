// Fuzz target: importing a conversation written in Markdown (sessions::Session::fromMarkdown, as
// SessionStore::loadMarkdownFile reads one), hand-written or exported by the app.
//
// Invariants: an import either gives a session with at least one entry or an error with a
// message; an imported session exports to Markdown that imports again with as many entries, and
// saves to JSON that loads back; no exception escapes.

#include "fuzzsupport.h"
#include "sessions/session.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    return mantle::fuzz::runGuarded([&] {
        using mantle::sessions::Session;
        const QString markdown
            = QString::fromUtf8(reinterpret_cast<const char *>(data), qsizetype(size));
        const mantle::Result<Session> session
            = Session::fromMarkdown(markdown, mantle::mantle::ApiSurface::ChatCompletions);
        if (!session) {
            MANTLE_FUZZ_CHECK(!session.error().message.isEmpty());
            return;
        }
        MANTLE_FUZZ_CHECK(!session->entries.isEmpty());
        const mantle::Result<Session> again
            = Session::fromMarkdown(session->toMarkdown(), mantle::mantle::ApiSurface::Messages);
        MANTLE_FUZZ_CHECK(again.ok());
        MANTLE_FUZZ_CHECK(again->entries.size() == session->entries.size());
        MANTLE_FUZZ_CHECK(Session::fromJson(session->toJson()).ok());
    });
}

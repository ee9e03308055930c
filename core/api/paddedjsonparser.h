#pragma once

// Internal to mantle_core (simdjson is linked PRIVATE): include only from core .cpp files.

#include <QByteArrayView>

#include <simdjson.h>

#include <cstddef>
#include <memory>

namespace mantle::api {

/// One simdjson On-Demand parser and the padded buffer it reads from, reused for every event of
/// a stream so that parsing an event allocates nothing once the buffer has grown to the largest
/// event.
///
/// simdjson reads a few bytes past the end of its input, so every document is copied into a
/// buffer with SIMDJSON_PADDING spare bytes. The returned document and every string_view taken
/// from it stay valid until the next iterate(). It is not a JSON model: callers walk the document.
class PaddedJsonParser
{
public:
    PaddedJsonParser() = default;
    PaddedJsonParser(const PaddedJsonParser &) = delete;
    PaddedJsonParser &operator=(const PaddedJsonParser &) = delete;

    simdjson::simdjson_result<simdjson::ondemand::document> iterate(QByteArrayView json);

private:
    simdjson::ondemand::parser m_parser;
    std::unique_ptr<char[]> m_buffer;
    std::size_t m_capacity = 0; ///< bytes in m_buffer, padding included
};

} // namespace mantle::api

#include "paddedjsonparser.h"

#include <algorithm>
#include <cstring>

namespace mantle::api {

simdjson::simdjson_result<simdjson::ondemand::document>
PaddedJsonParser::iterate(QByteArrayView json)
{
    const std::size_t length = std::size_t(json.size());
    const std::size_t needed = length + simdjson::SIMDJSON_PADDING;
    if (needed > m_capacity) {
        // Grow geometrically, so that a stream of slowly growing events reallocates rarely.
        const std::size_t capacity = std::max(needed, m_capacity * 2);
        m_buffer = std::make_unique_for_overwrite<char[]>(capacity);
        m_capacity = capacity;
    }
    if (length > 0)
        std::memcpy(m_buffer.get(), json.data(), length);
    std::memset(m_buffer.get() + length, 0, simdjson::SIMDJSON_PADDING);
    return m_parser.iterate(m_buffer.get(), length, m_capacity);
}

} // namespace mantle::api

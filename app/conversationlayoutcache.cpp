#include "conversationlayoutcache.h"

#include "conversationitemlayout.h"

#include <algorithm>
#include <utility>
#include <vector>

namespace mantle::ui {

ConversationLayoutCache::ConversationLayoutCache() = default;
ConversationLayoutCache::~ConversationLayoutCache() = default;

ConversationItemLayout *ConversationLayoutCache::find(quint64 id)
{
    const auto it = m_entries.find(id);
    if (it == m_entries.end())
        return nullptr;
    it->second.lastUse = ++m_clock;
    return it->second.layout.get();
}

ConversationItemLayout *
ConversationLayoutCache::insert(quint64 id, std::unique_ptr<ConversationItemLayout> layout)
{
    Entry &entry = m_entries[id];
    entry.layout = std::move(layout);
    entry.lastUse = ++m_clock;
    return entry.layout.get();
}

void ConversationLayoutCache::remove(quint64 id)
{
    m_entries.erase(id);
}

void ConversationLayoutCache::clear()
{
    m_entries.clear();
}

void ConversationLayoutCache::trim(int capacity, const std::function<bool(quint64)> &keep)
{
    if (int(m_entries.size()) <= capacity)
        return;
    std::vector<std::pair<quint64, quint64>> candidates; // (last use, id)
    candidates.reserve(m_entries.size());
    for (const auto &[id, entry] : m_entries) {
        if (!keep(id))
            candidates.emplace_back(entry.lastUse, id);
    }
    std::sort(candidates.begin(), candidates.end());
    for (const auto &candidate : candidates) {
        if (int(m_entries.size()) <= capacity)
            break;
        m_entries.erase(candidate.second);
    }
}

} // namespace mantle::ui

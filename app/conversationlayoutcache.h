#pragma once

#include <QtGlobal>

#include <functional>
#include <memory>
#include <unordered_map>

namespace mantle::ui {

class ConversationItemLayout;

/// The laid-out items of the conversation view, by item id, least recently used first out: the
/// view keeps documents only for what is (or was lately) on screen, so memory stays bounded
/// however long the conversation. Not thread-safe, no eviction on its own: the view trims it
/// after each layout pass, when no layout it still uses can go.
class ConversationLayoutCache final
{
public:
    ConversationLayoutCache();
    ~ConversationLayoutCache();
    ConversationLayoutCache(const ConversationLayoutCache &) = delete;
    ConversationLayoutCache &operator=(const ConversationLayoutCache &) = delete;

    /// The layout of item `id`, marked as just used; null when absent.
    ConversationItemLayout *find(quint64 id);
    ConversationItemLayout *insert(quint64 id, std::unique_ptr<ConversationItemLayout> layout);
    void remove(quint64 id);
    void clear();
    int size() const { return int(m_entries.size()); }

    /// Drops the least recently used layouts until at most `capacity` remain, never one for which
    /// `keep(id)` is true.
    void trim(int capacity, const std::function<bool(quint64)> &keep);

private:
    struct Entry
    {
        std::unique_ptr<ConversationItemLayout> layout;
        quint64 lastUse = 0;
    };
    std::unordered_map<quint64, Entry> m_entries;
    quint64 m_clock = 0;
};

} // namespace mantle::ui

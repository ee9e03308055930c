#include "streamaccumulator.h"

#include "net/sseparser.h"

#include <QCoreApplication>

namespace mantle::api {

namespace {

struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(mantle::api::StreamAccumulator)
};

bool isBlank(QByteArrayView data)
{
    for (const char c : data) {
        if (c != ' ' && c != '\t' && c != '\n' && c != '\r')
            return false;
    }
    return true;
}

} // namespace

StreamAccumulator::Changes StreamAccumulator::addEvent(const net::SseEventView &event)
{
    if (m_done)
        return Change::None;
    // An event whose data is empty carries nothing to read (keep-alives sometimes look so).
    if (isBlank(event.data))
        return Change::None;
    return readEvent(event.type, event.data);
}

bool StreamAccumulator::finish()
{
    if (m_finished)
        return *m_finished;
    completeTurn();
    const bool ended = sawTerminalMarker();
    if (!ended) {
        setError({QString::fromLatin1(kIncompleteStreamError),
                  Tr::tr("The stream ended before its final event: the answer may be cut short. "
                         "Try the request again."),
                  {}});
    }
    m_done = true;
    m_finished = ended;
    return ended;
}

void StreamAccumulator::abort(const TurnError &error)
{
    if (m_done)
        return;
    completeTurn();
    setError(error);
    m_done = true;
}

bool StreamAccumulator::setError(TurnError error)
{
    if (m_turn.error)
        return false;
    m_turn.error = std::move(error);
    return true;
}

StreamAccumulator::Changes StreamAccumulator::invalidEvent(QByteArrayView eventType,
                                                           const char *what)
{
    const QString name = eventType.isEmpty() ? QStringLiteral("message")
                                             : QString::fromUtf8(eventType.toByteArray());
    const bool set
        = setError({QString::fromLatin1(kInvalidEventError),
                    Tr::tr("A “%1” event of the stream is not valid JSON (%2) and was skipped; the "
                           "answer may be incomplete.")
                        .arg(name, QString::fromLatin1(what)),
                    {}});
    return set ? Changes(Change::Error) : Changes(Change::None);
}

} // namespace mantle::api

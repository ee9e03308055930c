#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QJsonObject>

namespace mantle::emulator {

/// One complete server-sent event as the emulator puts it on the wire, blank line included:
/// what EmulatorReply::events holds. Compact JSON has no line breaks, so one `data:` line is
/// always enough.
class SseFrame
{
public:
    /// "event: NAME\ndata: {...}\n\n" (Responses and Messages).
    static QByteArray named(QByteArrayView name, const QJsonObject &data);
    /// "data: {...}\n\n" (Chat Completions).
    static QByteArray unnamed(const QJsonObject &data);
    /// "data: [DONE]\n\n", the end of a Chat Completions stream.
    static QByteArray done();
};

} // namespace mantle::emulator

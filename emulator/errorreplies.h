#pragma once

#include "emulatorexchange.h"

#include <QByteArrayView>
#include <QString>

namespace mantle::emulator {

/// The error answers Mantle gives, in the envelope of the route they come from (see
/// ../shared/testdata/FACTS.md, "Observed on the wire"): OpenAI's
/// `{"error":{"code","message","param":null,"type"}}` on `/v1` and `/openai/v1`, Anthropic's
/// `{"type":"error","error":{"type","message"}}` under `/anthropic`.
class ErrorReplies
{
public:
    /// True when `path` is under `/anthropic/` (the Anthropic envelope applies).
    static bool isAnthropicPath(QByteArrayView path);

    /// An OpenAI-style error. `code` and `type` may be empty (then `null` on the wire).
    static EmulatorReply openAi(int status, const QString &code, const QString &type,
                                const QString &message);
    /// An Anthropic-style error, e.g. ("overloaded_error", "Overloaded").
    static EmulatorReply anthropic(int status, const QString &type, const QString &message);

    /// The envelope that fits `path`: openAi(status, code, openAiType, message) or
    /// anthropic(status, anthropicType, message).
    static EmulatorReply forPath(QByteArrayView path, int status, const QString &code,
                                 const QString &openAiType, const QString &anthropicType,
                                 const QString &message);
};

} // namespace mantle::emulator

#pragma once

#include "emulatorexchange.h"

#include <QByteArray>
#include <QByteArrayView>

namespace mantle::emulator {

/// The answers the emulator gives in place of the service's when a request asks for a fault
/// (FaultPlan): an error status, Mantle's IAM refusal, the wrong-prefix error, and a stream
/// event whose JSON is cut. Each in the envelope of the request's route, with Mantle's wording
/// where it is known (FACTS.md, "Observed on the wire") and OpenAI's or Anthropic's otherwise.
///
/// It only builds answers; it does not decide when to give them.
class FaultReplies
{
public:
    /// The account and role the emulator pretends to be (in IAM messages).
    static constexpr QByteArrayView kAccountId = "123456789012";

    /// An error with `status` (400 to 599) in the route's envelope, with a `retry-after` header
    /// when `retryAfterSeconds` is not negative.
    static EmulatorReply status(QByteArrayView path, int status, int retryAfterSeconds = -1);

    /// 403: the IAM refusal of bedrock-mantle:CreateInference on the region's default project
    /// (SigV4), or of bedrock-mantle:CallWithBearerToken on "*" (API keys).
    static EmulatorReply accessDenied(QByteArrayView path, EmulatorAuth auth,
                                      QByteArrayView region);

    /// The error of a model called on the wrong route prefix: 400 "model `X` isn't supported on
    /// this route" under /openai/v1, 401 "Berm is not enabled for this account" elsewhere.
    /// `body` is the request's JSON body, for the model name.
    static EmulatorReply wrongPrefix(QByteArrayView path, const QByteArray &body);

    /// A copy of an SSE frame whose `data:` JSON is cut in the middle (the frame still ends with
    /// its blank line, so a parser sees one event with broken JSON).
    static QByteArray malformedFrame(const QByteArray &frame);

    /// A copy of a JSON body cut in the middle.
    static QByteArray cutBody(const QByteArray &body);
};

} // namespace mantle::emulator

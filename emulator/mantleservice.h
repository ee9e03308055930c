#pragma once

#include "common/result.h"
#include "emulatorexchange.h"
#include "idgenerator.h"
#include "modelcatalogue.h"
#include "responsestore.h"

#include <QtGlobal>

namespace mantle {
class Clock;
} // namespace mantle

namespace mantle::emulator {

/// The emulator's Mantle: decides the answer to one authenticated request, with no sockets and
/// no event loop (the emulator's server does HTTP, authentication, faults and pacing, and puts
/// the reply on the wire).
///
/// Routes: `GET {/v1,/openai/v1}/models` (the models the request's region serves); `POST
/// {prefix}/chat/completions`; `POST {prefix}/responses`, `GET`/`DELETE {prefix}/responses/{id}`,
/// `POST {prefix}/responses/{id}/cancel`; `POST /anthropic/v1/messages` and
/// `POST /anthropic/v1/messages/count_tokens`. Errors are Mantle's (FACTS.md, "Observed on the
/// wire") in the route's envelope: an unknown path is 404; a /openai/v1 model on /v1 is 401
/// "Berm is not enabled for this account"; a /v1 model on /openai/v1 is 400 "model `X` isn't
/// supported on this route"; an unknown model, or one the request's region does not serve, is
/// 404; a surface the model lacks is 400 "The
/// model 'X' does not support the '/v1/responses' API"; a body that does not deserialize is
/// 400 validation_error naming the field; a prompt above the model's context is 400.
///
/// Answers are deterministic (AnswerPlanner), ids come from a seeded IdGenerator and times
/// from the injected Clock, so a test that builds the service with the same seed and clock gets
/// the same bytes. Stored responses live in memory per region (ResponseStore); a background
/// response moves one step per GET. Not thread-safe: call it from one thread.
class MantleService
{
public:
    struct Options
    {
        quint32 seed = 1; ///< ids are a function of this seed and the request order
        ModelCatalogue catalogue = ModelCatalogue::builtIn();
    };

    /// `clock` must outlive the service.
    explicit MantleService(const Clock &clock);
    MantleService(const Clock &clock, Options options);
    Q_DISABLE_COPY_MOVE(MantleService)

    /// The reply to one request (a body, or a list of complete SSE frames when streamed).
    EmulatorReply handle(const EmulatorRequest &request);

    /// The error Mantle gives when the request's model is called on the wrong prefix, made on
    /// demand (the `wrong-prefix` fault): on /openai/v1, 400 "model `X` isn't supported on this
    /// route"; elsewhere 401 "Berm is not enabled for this account" (X is the body's model).
    EmulatorReply wrongPrefixError(const EmulatorRequest &request) const;

    const ModelCatalogue &catalogue() const { return m_catalogue; }
    const ResponseStore &responses() const { return m_responses; }

private:
    enum class Prefix { V1, OpenAiV1 };

    EmulatorReply openAiRoute(const EmulatorRequest &request, Prefix prefix, QByteArrayView rest);
    EmulatorReply anthropicRoute(const EmulatorRequest &request, QByteArrayView rest);
    EmulatorReply chatCompletions(const EmulatorRequest &request, Prefix prefix);
    EmulatorReply createResponse(const EmulatorRequest &request, Prefix prefix);
    EmulatorReply retrieveResponse(const EmulatorRequest &request, const QString &id);
    EmulatorReply deleteResponse(const EmulatorRequest &request, const QString &id);
    EmulatorReply cancelResponse(const EmulatorRequest &request, const QString &id);
    EmulatorReply messages(const EmulatorRequest &request, bool countTokens);

    /// The model, or the error of calling it on this route (unknown or not served in `region`,
    /// wrong prefix, surface).
    Result<EmulatedModel> openAiModel(const QString &id, QByteArrayView region, Prefix prefix,
                                      bool responses) const;
    Result<EmulatedModel> anthropicModel(const QString &id, QByteArrayView region) const;

    const Clock &m_clock;
    ModelCatalogue m_catalogue;
    IdGenerator m_ids;
    ResponseStore m_responses;
};

} // namespace mantle::emulator

#include "turnreader.h"

#include "chat/chatresponseparser.h"
#include "chat/chatstreamaccumulator.h"
#include "messages/messagesresponseparser.h"
#include "messages/messagesstreamaccumulator.h"
#include "responses/responsesresponseparser.h"
#include "responses/responsesstreamaccumulator.h"

#include <QCoreApplication>

namespace mantle::api {

namespace {

struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(mantle::api::TurnReader)
};

} // namespace

bool TurnReader::readsTurns(mantle::ApiSurface surface)
{
    switch (surface) {
    case mantle::ApiSurface::ChatCompletions:
    case mantle::ApiSurface::Responses:
    case mantle::ApiSurface::Messages:
        return true;
    case mantle::ApiSurface::CountTokens:
    case mantle::ApiSurface::Models:
        return false;
    }
    return false;
}

std::unique_ptr<StreamAccumulator> TurnReader::createAccumulator(mantle::ApiSurface surface)
{
    switch (surface) {
    case mantle::ApiSurface::ChatCompletions:
        return std::make_unique<chat::ChatStreamAccumulator>();
    case mantle::ApiSurface::Responses:
        return std::make_unique<responses::ResponsesStreamAccumulator>();
    case mantle::ApiSurface::Messages:
        return std::make_unique<messages::MessagesStreamAccumulator>();
    case mantle::ApiSurface::CountTokens:
    case mantle::ApiSurface::Models:
        break;
    }
    return nullptr;
}

Result<Turn> TurnReader::parseBody(mantle::ApiSurface surface, QByteArrayView body)
{
    switch (surface) {
    case mantle::ApiSurface::ChatCompletions:
        return chat::ChatResponseParser::parse(body);
    case mantle::ApiSurface::Responses:
        return responses::ResponsesResponseParser::parse(body);
    case mantle::ApiSurface::Messages:
        return messages::MessagesResponseParser::parse(body);
    case mantle::ApiSurface::CountTokens:
    case mantle::ApiSurface::Models:
        break;
    }
    return makeError(Error::Kind::Internal,
                     Tr::tr("The %1 API does not answer with a model turn.")
                         .arg(mantle::apiSurfaceDisplayName(surface)));
}

bool TurnReader::looksLikeEventStream(QByteArrayView bytes)
{
    if (bytes.startsWith("\xEF\xBB\xBF"))
        bytes = bytes.sliced(3);
    for (const char c : bytes) {
        if (c == ' ' || c == '\t' || c == '\r' || c == '\n')
            continue;
        return c != '{' && c != '[' && c != '<';
    }
    return true; // nothing at all: an empty stream
}

bool TurnReader::looksLikeWebPage(QByteArrayView contentType, QByteArrayView body)
{
    if (contentType.toByteArray().toLower().contains("text/html"))
        return true;
    const QByteArrayView trimmed = body.trimmed();
    const QByteArray start
        = trimmed.first(qMin(trimmed.size(), qsizetype(64))).toByteArray().toLower();
    return start.startsWith("<!doctype") || start.startsWith("<html") || start.startsWith("<head")
        || start.startsWith("<body") || start.startsWith("<?xml");
}

} // namespace mantle::api

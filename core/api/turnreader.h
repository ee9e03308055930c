#pragma once

#include "common/result.h"
#include "mantle/apisurface.h"
#include "streamaccumulator.h"
#include "turn.h"

#include <QByteArrayView>

#include <memory>

namespace mantle::api {

/// Picks, by API surface, what reads an answer into a Turn: a stream accumulator for an event
/// stream, or the surface's body parser for a non-streamed JSON answer.
///
/// Only Chat Completions, Responses and Messages answer with turns; the other surfaces (count
/// tokens, the model list) have no reader here.
class TurnReader
{
public:
    /// True for the surfaces whose answers are turns.
    static bool readsTurns(mantle::ApiSurface surface);

    /// A fresh accumulator for one stream of that surface; null for a surface without turns.
    static std::unique_ptr<StreamAccumulator> createAccumulator(mantle::ApiSurface surface);

    /// A non-streamed answer body (or an error envelope) of that surface as a Turn.
    static Result<Turn> parseBody(mantle::ApiSurface surface, QByteArrayView body);

    /// Whether recorded bytes look like an event stream rather than one JSON body: after an
    /// optional byte-order mark and white space, a JSON body starts with '{' or '[', and a web
    /// page with '<' (an event stream's lines start with a field name or ':').
    static bool looksLikeEventStream(QByteArrayView bytes);

    /// Whether an answer is a web page rather than anything Mantle sends: an HTML content type,
    /// or a body that starts like HTML or XML markup. A proxy, captive portal or gateway
    /// answered instead of Mantle (ErrorClassifier says so for any status).
    static bool looksLikeWebPage(QByteArrayView contentType, QByteArrayView body);
};

} // namespace mantle::api

#pragma once

#include "emulatorexchange.h"
#include "emulatorserveroptions.h"
#include "receivedrequest.h"
#include "requestauthenticator.h"

#include <QByteArray>

namespace mantle {
class Clock;
}

namespace mantle::emulator {

/// What the server is to write for one request, and when: the answer with every header but the
/// framing ones (request ids, date, CORS included), and the timing the request asked for.
struct Dispatch
{
    EmulatorReply reply;
    QByteArray requestId; ///< "req_" + lower-case letters and digits
    int latencyMs = 0; ///< wait before the answer's head
    int paceMs = 0; ///< wait between two SSE frames
    int dropAfter = -1; ///< close the connection after that many frames (-1: never)
    int stallAfter = -1; ///< stop after that many frames, connection open (-1: never)
};

/// The emulator's front desk, between the socket and the service: answers CORS preflights,
/// reads `x-emulator-fault` and `x-emulator-pace`, authenticates (RequestAuthenticator), turns
/// the request into an EmulatorRequest (decoded path, region), asks the handler, and applies
/// the faults that change the answer (status, access-denied, wrong-prefix, malformed-after).
///
/// It does no I/O and no waiting: the connection writes the Dispatch and keeps its timing.
class RequestDispatcher
{
public:
    static constexpr QByteArrayView kFaultHeader = "x-emulator-fault";
    static constexpr QByteArrayView kPaceHeader = "x-emulator-pace";
    static constexpr int kMaxPaceMs = 60 * 1000;

    /// `clock` must outlive the dispatcher.
    RequestDispatcher(EmulatorHandler handler, const Clock &clock, EmulatorServerOptions options);

    Dispatch dispatch(const ReceivedRequest &request) const;

    /// The answer to a request that could not be read (status 400, 413, 501 or 505), in the
    /// envelope of its route when its path is known.
    Dispatch unreadable(const ReceivedRequest &partial, int status,
                        const QByteArray &message) const;

    /// Who builds the `wrong-prefix` fault's answer (the MantleService knows each model's
    /// route); without one, FaultReplies::wrongPrefix does.
    void setWrongPrefixHandler(EmulatorHandler handler) { m_wrongPrefix = std::move(handler); }

    const EmulatorServerOptions &options() const { return m_options; }

    /// A new request id: "req_" and 32 lower-case letters and digits.
    static QByteArray newRequestId();

private:
    Dispatch finish(EmulatorReply reply) const;
    QByteArray regionOf(const ReceivedRequest &request, const Authentication &auth) const;

    EmulatorHandler m_handler;
    EmulatorHandler m_wrongPrefix;
    const Clock &m_clock;
    EmulatorServerOptions m_options;
    RequestAuthenticator m_authenticator;
};

} // namespace mantle::emulator

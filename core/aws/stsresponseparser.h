#pragma once

#include "common/result.h"
#include "credentials.h"

#include <QByteArray>
#include <QString>

namespace mantle::aws {

/// What a successful AssumeRole gave: the temporary credentials and who they are.
struct AssumedRole
{
    Credentials credentials; ///< always with a session token and an expiry
    QString arn; ///< arn:aws:sts::123456789012:assumed-role/Role/session
    QString assumedRoleId; ///< "AROA…:session"
    QString requestId;

    bool operator==(const AssumedRole &) const = default;
};

/// Reads the answers of the STS Query API (XML) into values: the AssumeRole result, or an
/// <ErrorResponse> turned into a mantle::Error that says what to do.
///
/// Pure: bytes and the facts of the exchange in, a value out; no network, no clock, no state, so
/// it can be fuzzed. It never puts the body (which may hold secrets, or a proxy's whole HTML page)
/// into a message.
class StsResponseParser
{
public:
    /// What was asked and how STS (or whatever answered) replied, for the messages and hints.
    struct Exchange
    {
        int httpStatus = 0;
        QByteArray contentType; ///< the Content-Type header, may be empty
        QString requestIdHeader; ///< x-amzn-RequestId, used when the body carries none
        QString endpoint; ///< the URL that was called, for messages
        QString region;
        QString roleArn;
        QString accessKeyId; ///< the source credentials' key id (not a secret)
        bool externalIdSent = false;
    };

    /// The answer to AssumeRole: the role's credentials on a 2xx answer carrying them, else an
    /// Error (an STS error with its hint, or a Parse error when the answer is not STS's).
    static Result<AssumedRole> parseAssumeRole(const QByteArray &body, const Exchange &exchange);

    /// An STS error answer (<ErrorResponse>) as an Error with code, message, request id, HTTP
    /// status and hint; a Parse error when the body is not one.
    static Error parseError(const QByteArray &body, const Exchange &exchange);
};

} // namespace mantle::aws

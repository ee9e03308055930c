#pragma once

#include <QString>

namespace mantle {

/// What went wrong, said for a person, with what to do about it.
///
/// One error type for the whole core: it carries what happened (kind, a machine-readable code such
/// as an AWS error code, the HTTP status and request id where there was one) and what to do (a
/// hint). Messages are already translated when they are made. It is not an exception and never
/// thrown.
struct Error
{
    enum class Kind {
        InvalidInput, ///< something the user typed or passed is malformed
        Config, ///< a configuration file or variable is wrong
        Network, ///< connection, DNS, TLS, timeout
        Http, ///< the server answered with an error status
        Auth, ///< credentials missing, expired, refused
        Parse, ///< an answer could not be understood
        Io, ///< a file could not be read or written
        Cancelled, ///< the user or the program stopped the operation
        Internal, ///< a bug: this should not happen
    };

    Kind kind = Kind::Internal;
    QString message; ///< what happened, one sentence
    QString hint; ///< what to do about it; may be empty
    QString code; ///< machine-readable code (e.g. "AccessDenied"); may be empty
    int httpStatus = 0;
    QString requestId; ///< the server's request id, which AWS support asks for

    /// The message and, when there is one, the hint on a second line.
    QString toDisplayString() const
    {
        return hint.isEmpty() ? message : message + QLatin1Char('\n') + hint;
    }

    bool operator==(const Error &) const = default;
};

inline Error makeError(Error::Kind kind, QString message, QString hint = {})
{
    Error e;
    e.kind = kind;
    e.message = std::move(message);
    e.hint = std::move(hint);
    return e;
}

} // namespace mantle

#pragma once

#include "emulatorexchange.h"
#include "receivedrequest.h"

#include "aws/sigv4signer.h"

#include <QByteArray>

namespace mantle {
class Clock;
}

namespace mantle::emulator {

/// How a request fared at the emulator's door: accepted (how, and in which region the signature
/// was scoped) or refused with the answer Mantle gives.
struct Authentication
{
    bool accepted = false;
    EmulatorAuth method = EmulatorAuth::SigV4;
    /// The SigV4 credential scope's region, or a short-term API key's; empty for the long-term
    /// test key
    QByteArray region;
    EmulatorReply refusal; ///< the error answer, when not accepted
};

/// Checks a request's credentials the way Mantle does, against the emulator's test credentials
/// (ARCHITECTURE.md, "Stable interfaces"): SigV4 with access key id `AKIDMANTLEEMULATOR` and
/// secret `mantle-emulator-secret` (any session token, service `bedrock-mantle` or `bedrock`,
/// any of the 13 Mantle regions), or the API key `mantle-emulator-key` as `Authorization:
/// Bearer`, or as `x-api-key` under `/anthropic`.
///
/// Short-term Bedrock API keys ("bedrock-api-key-…", aws::BedrockToken) are accepted in the same
/// two places when their presigned URL verifies against the test credentials (re-signed at the
/// key's X-Amz-Date), is for `bedrock.amazonaws.com` and `CallWithBearerToken`, Version 1, a
/// Mantle region, lives at most 12 hours, was not issued later than the allowed skew and has not
/// expired by the Clock; the request is then served in the key's region.
///
/// A signature is verified by signing the request again with the project's SigV4Signer (the
/// signed headers the client listed, the path exactly as sent, the body it received) and
/// comparing in constant time; the request time must be within 5 minutes of the Clock. Refusals
/// carry AWS's and Mantle's wording in the envelope of the request's route. It holds no state
/// between requests and knows nothing of sockets or of what the request asks for.
class RequestAuthenticator
{
public:
    static constexpr QByteArrayView kAccessKeyId = "AKIDMANTLEEMULATOR";
    static constexpr QByteArrayView kSecretAccessKey = "mantle-emulator-secret";
    static constexpr QByteArrayView kApiKey = "mantle-emulator-key";
    /// How far the signature's time may be from the clock, either way.
    static constexpr int kAllowedSkewSeconds = 5 * 60;

    /// `clock` must outlive the authenticator.
    explicit RequestAuthenticator(const Clock &clock);

    Authentication authenticate(const ReceivedRequest &request) const;

private:
    Authentication verifySigV4(const ReceivedRequest &request, const QByteArray &path,
                               QByteArrayView authorization) const;
    Authentication verifyShortTermKey(const QByteArray &path, QByteArrayView key,
                                      EmulatorAuth method) const;

    const Clock &m_clock;
    aws::SigV4Signer m_signer;
};

} // namespace mantle::emulator

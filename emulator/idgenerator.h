#pragma once

#include <QRandomGenerator>
#include <QString>

namespace mantle::emulator {

/// Makes the emulator's ids (`resp_…`, `chatcmpl-…`, `msg_…`, `call_…`, signatures) from a seed,
/// so that a test that starts the service with the same seed sees the same ids every run.
///
/// Not for secrets: it is a seeded Mersenne Twister, predictable by design.
class IdGenerator
{
public:
    enum class Alphabet {
        LowerAlphanumeric, ///< [a-z0-9], e.g. Responses ids (`resp_` + 52 of these)
        Alphanumeric, ///< [A-Za-z0-9]
    };

    explicit IdGenerator(quint32 seed);

    /// `prefix` followed by `length` characters of `alphabet`.
    QString next(QStringView prefix, int length, Alphabet alphabet = Alphabet::LowerAlphanumeric);

private:
    QRandomGenerator m_random;
};

} // namespace mantle::emulator

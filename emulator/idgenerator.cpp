#include "idgenerator.h"

namespace mantle::emulator {

namespace {

constexpr char kLower[] = "abcdefghijklmnopqrstuvwxyz0123456789";
constexpr char kMixed[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

} // namespace

IdGenerator::IdGenerator(quint32 seed)
    : m_random(seed)
{ }

QString IdGenerator::next(QStringView prefix, int length, Alphabet alphabet)
{
    const char *characters = alphabet == Alphabet::LowerAlphanumeric ? kLower : kMixed;
    const int count = alphabet == Alphabet::LowerAlphanumeric ? int(sizeof(kLower) - 1)
                                                              : int(sizeof(kMixed) - 1);
    QString id = prefix.toString();
    id.reserve(prefix.size() + length);
    for (int i = 0; i < length; ++i)
        id.append(QLatin1Char(characters[m_random.bounded(count)]));
    return id;
}

} // namespace mantle::emulator

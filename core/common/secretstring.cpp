#include "secretstring.h"

#include <openssl/crypto.h>

namespace mantle {

void SecretString::wipe() noexcept
{
    // OPENSSL_cleanse cannot be optimised away; the capacity is wiped too, since a shorter value
    // may have replaced a longer one in the same buffer.
    m_bytes.resize(m_bytes.capacity());
    OPENSSL_cleanse(m_bytes.data(), m_bytes.size());
    m_bytes.clear();
}

} // namespace mantle

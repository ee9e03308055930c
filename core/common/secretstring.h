#pragma once

#include <QByteArray>

#include <string>
#include <string_view>

namespace mantle {

/// Bytes of a secret (a secret access key, a session token, an API key) that are wiped from memory
/// when they go away. Copies are deep, so each copy wipes its own buffer; there is deliberately no
/// implicit conversion to QString or QByteArray, and no way to print it.
class SecretString
{
public:
    SecretString() = default;
    explicit SecretString(std::string_view bytes)
        : m_bytes(bytes)
    { }
    explicit SecretString(const QByteArray &bytes)
        : m_bytes(bytes.constData(), size_t(bytes.size()))
    { }
    SecretString(const SecretString &other) = default;
    // Copies, then wipes the source: a moved-from std::string may keep its bytes (short strings
    // live inside the object), and a secret must not linger there.
    // NOLINTNEXTLINE(performance-move-constructor-init)
    SecretString(SecretString &&other) noexcept
        : m_bytes(other.m_bytes)
    {
        other.wipe();
    }
    SecretString &operator=(const SecretString &other)
    {
        if (this != &other) {
            wipe();
            m_bytes = other.m_bytes;
        }
        return *this;
    }
    SecretString &operator=(SecretString &&other) noexcept
    {
        if (this != &other) {
            wipe();
            m_bytes = other.m_bytes;
            other.wipe();
        }
        return *this;
    }
    ~SecretString() { wipe(); }

    bool isEmpty() const { return m_bytes.empty(); }
    std::string_view view() const { return m_bytes; }
    size_t size() const { return m_bytes.size(); }

    bool operator==(const SecretString &other) const { return m_bytes == other.m_bytes; }

    /// Overwrites the bytes with zeros and empties the string.
    void wipe() noexcept;

private:
    std::string m_bytes;
};

} // namespace mantle

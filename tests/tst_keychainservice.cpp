// The keychain the app will keep secrets in (QtKeychain) against the real Secret Service that
// tests/with-keyring.sh starts: a secret written is read back, lives in the keyring encrypted
// rather than in a plain file, and is gone after deletion; no plain-text fallback is allowed.

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QSignalSpy>
#include <QTest>

#include <qt6keychain/keychain.h>

namespace {

const QString kService = QStringLiteral("mantle-playground-test");

/// Runs a keychain job to completion; returns its error (QKeychain::NoError on success).
QKeychain::Error runJob(QKeychain::Job &job)
{
    job.setAutoDelete(false);
    job.setInsecureFallback(false);
    QSignalSpy finished(&job, &QKeychain::Job::finished);
    job.start();
    if (!finished.wait(20000))
        return QKeychain::OtherError;
    return job.error();
}

/// True when `needle` appears in any file under `dir`.
bool anyFileContains(const QString &dir, const QByteArray &needle)
{
    QDirIterator it(dir, QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        QFile f(it.next());
        if (f.open(QIODevice::ReadOnly) && f.readAll().contains(needle))
            return true;
    }
    return false;
}

} // namespace

class TestKeychainService : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void storesReadsAndDeletesASecret();
    void keepsSecretsOutOfPlainFiles();
    void reportsAMissingEntry();
};

void TestKeychainService::initTestCase()
{
    // Only ever run inside the private keyring: never write test secrets into a user's keychain.
    QVERIFY2(qEnvironmentVariable("HOME").contains(QLatin1String("mantle-keyring")),
             "run this test through tests/with-keyring.sh (ctest does)");
}

void TestKeychainService::storesReadsAndDeletesASecret()
{
    const QString key = QStringLiteral("account/Demo/secret-access-key");
    const QByteArray secret = "mantle-keychain-secret-\xe2\x9c\x93-0123456789";

    QKeychain::WritePasswordJob write(kService);
    write.setKey(key);
    write.setBinaryData(secret);
    QCOMPARE(runJob(write), QKeychain::NoError);

    QKeychain::ReadPasswordJob read(kService);
    read.setKey(key);
    QCOMPARE(runJob(read), QKeychain::NoError);
    QCOMPARE(read.binaryData(), secret);

    QKeychain::DeletePasswordJob remove(kService);
    remove.setKey(key);
    QCOMPARE(runJob(remove), QKeychain::NoError);

    QKeychain::ReadPasswordJob readAgain(kService);
    readAgain.setKey(key);
    QCOMPARE(runJob(readAgain), QKeychain::EntryNotFound);
}

void TestKeychainService::keepsSecretsOutOfPlainFiles()
{
    const QByteArray secret = "plain-text-canary-7f3a9c2e5b";
    QKeychain::WritePasswordJob write(kService);
    write.setKey(QStringLiteral("canary"));
    write.setBinaryData(secret);
    QCOMPARE(runJob(write), QKeychain::NoError);

    // gnome-keyring keeps its keyrings under XDG_DATA_HOME, encrypted; nothing in the private
    // HOME or data folders may hold the secret in the clear.
    QVERIFY(!anyFileContains(qEnvironmentVariable("HOME"), secret));
    QVERIFY(!anyFileContains(qEnvironmentVariable("XDG_DATA_HOME"), secret));
    QVERIFY(!anyFileContains(qEnvironmentVariable("XDG_CONFIG_HOME"), secret));
}

void TestKeychainService::reportsAMissingEntry()
{
    QKeychain::ReadPasswordJob read(kService);
    read.setKey(QStringLiteral("never-written"));
    QCOMPARE(runJob(read), QKeychain::EntryNotFound);
    QVERIFY(!read.errorString().isEmpty());
}

QTEST_GUILESS_MAIN(TestKeychainService)
#include "tst_keychainservice.moc"

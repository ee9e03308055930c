// The SecretStore and AccountManager against a real Secret Service (gnome-keyring in a private
// D-Bus session, tests/with-keyring.sh): secrets are stored, read, overwritten and deleted; another
// Secret Service client (secret-tool) sees them under "Mantle Playground" and "<account>/<kind>";
// the settings file never holds them; rename moves them and remove deletes them. Secrets longer
// than a store's entry limit (2560 bytes on Windows; a small one here) are split into chunks
// "<key>#1", "#2", ... that secret-tool sees, each within the limit, and read back whole.

#include "accounts/account.h"
#include "accounts/accountmanager.h"
#include "accounts/accountstore.h"
#include "accounts/secretstore.h"

#include <QDirIterator>
#include <QFile>
#include <QProcess>
#include <QSettings>
#include <QStandardPaths>
#include <QStringDecoder>
#include <QTemporaryDir>
#include <QTest>

#include <optional>

using namespace mantle;
using namespace mantle::accounts;

namespace {

const QByteArray kSecretKey = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYSECRETCANARY";
const QByteArray kSessionToken = "session-token-canary-0b7e";
const QByteArray kOverwritten = "overwritten-secret-canary-93d1";

struct Lookup
{
    int exitCode = -1;
    QByteArray output;
};

/// What another Secret Service client reads under QtKeychain's attributes for `key`.
Lookup secretToolLookup(const QString &service, const QString &key)
{
    QProcess process;
    process.start(
        QStringLiteral("secret-tool"),
        {QStringLiteral("lookup"), QStringLiteral("server"), service, QStringLiteral("user"), key});
    Lookup lookup;
    if (!process.waitForFinished(20000))
        return lookup;
    lookup.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    lookup.output = process.readAllStandardOutput();
    return lookup;
}

/// Deletes what QtKeychain keeps under `key`, as another Secret Service client would.
bool secretToolClear(const QString &service, const QString &key)
{
    QProcess process;
    process.start(
        QStringLiteral("secret-tool"),
        {QStringLiteral("clear"), QStringLiteral("server"), service, QStringLiteral("user"), key});
    return process.waitForFinished(20000) && process.exitStatus() == QProcess::NormalExit
        && process.exitCode() == 0;
}

/// Stores `value` under `key` with QtKeychain's attributes, as another client would.
bool secretToolStore(const QString &service, const QString &key, const QByteArray &value)
{
    QProcess process;
    process.start(QStringLiteral("secret-tool"),
                  {QStringLiteral("store"), QStringLiteral("--label=replaced"),
                   QStringLiteral("xdg:schema"), QStringLiteral("org.qt.keychain"),
                   QStringLiteral("server"), service, QStringLiteral("user"), key,
                   QStringLiteral("type"), QStringLiteral("plaintext")});
    if (!process.waitForStarted(20000))
        return false;
    process.write(value);
    process.closeWriteChannel();
    return process.waitForFinished(20000) && process.exitStatus() == QProcess::NormalExit
        && process.exitCode() == 0;
}

/// The key of chunk `index`, as the SecretStore class comment defines it.
QString chunkKey(const QString &key, int index)
{
    return key + QLatin1Char('#') + QString::number(index);
}

const QByteArray kHeaderPrefix = "\x01mantle-chunks:";
const QString kChunkService = QStringLiteral("mantle-test-chunks");
constexpr qsizetype kSmallLimit = 64;

QByteArray repeated(const QByteArray &piece, qsizetype times)
{
    QByteArray out;
    for (qsizetype i = 0; i < times; ++i)
        out += piece;
    return out;
}

/// The chunk entries under `key` as another client sees them, from #1 up to the first missing
/// one (at most one past SecretStore::kMaxChunks).
QList<QByteArray> chunksOf(const QString &key)
{
    QList<QByteArray> chunks;
    for (int index = 1; index <= SecretStore::kMaxChunks + 1; ++index) {
        const Lookup lookup = secretToolLookup(kChunkService, chunkKey(key, index));
        if (lookup.exitCode != 0)
            break;
        chunks.append(lookup.output);
    }
    return chunks;
}

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

Status waitStatus(const std::function<void(SecretStore::Done)> &start)
{
    std::optional<Status> answer;
    start([&answer](Status status) { answer.emplace(status); });
    if (!QTest::qWaitFor([&answer] { return answer.has_value(); }, 30000))
        return makeError(Error::Kind::Internal, QStringLiteral("timed out"));
    return *answer;
}

Result<std::optional<SecretString>> readSecret(SecretStore &store, const QString &account,
                                               SecretKind kind)
{
    std::optional<Result<std::optional<SecretString>>> answer;
    store.read(account, kind,
               [&answer](Result<std::optional<SecretString>> result) { answer.emplace(result); });
    if (!QTest::qWaitFor([&answer] { return answer.has_value(); }, 30000))
        return makeError(Error::Kind::Internal, QStringLiteral("timed out"));
    return *answer;
}

} // namespace

class TestSecretStore : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void storesReadsOverwritesAndDeletes();
    void otherSecretServiceClientsSeeTheSecret();
    void managerKeepsSecretsOutOfTheSettings();
    void renameMovesAndRemoveDeletesTheSecrets();
    void addRefusesAMissingSecret();

    void defaultEntryLimitIsNoneOffWindows();
    void longSecretRoundTripsInChunksWithinTheLimit_data();
    void longSecretRoundTripsInChunksWithinTheLimit();
    void secretThatLooksLikeAHeaderRoundTrips();
    void shorterSecretsLeaveNoStaleChunks();
    void removeDeletesEveryChunk();
    void damagedChunksReadAsAnErrorNotAPartialSecret_data();
    void damagedChunksReadAsAnErrorNotAPartialSecret();
    void tooLongForTheChunksFailsClearlyAndWritesNothing_data();
    void tooLongForTheChunksFailsClearlyAndWritesNothing();
    void chunkedCallbacksRunOnceFromTheEventLoop();
    void destroyingTheStoreDropsPendingChunkedCallbacks();
};

void TestSecretStore::initTestCase()
{
    QVERIFY2(qEnvironmentVariable("HOME").contains(QLatin1String("mantle-keyring")),
             "run this test through tests/with-keyring.sh (ctest does)");
    QVERIFY2(!QStandardPaths::findExecutable(QStringLiteral("secret-tool")).isEmpty(),
             "secret-tool is missing (Debian: libsecret-tools; scripts/bootstrap installs it)");
}

void TestSecretStore::storesReadsOverwritesAndDeletes()
{
    SecretStore store;
    QCOMPARE(store.service(), QStringLiteral("Mantle Playground"));
    const QString account = QStringLiteral("store-test");
    QVERIFY(waitStatus([&](auto done) {
        store.write(account, SecretKind::SecretAccessKey, SecretString(kSecretKey), done);
    }));
    auto read = readSecret(store, account, SecretKind::SecretAccessKey);
    QVERIFY(read);
    QVERIFY(read->has_value());
    QVERIFY(**read == SecretString(kSecretKey));

    QVERIFY(waitStatus([&](auto done) {
        store.write(account, SecretKind::SecretAccessKey, SecretString(kOverwritten), done);
    }));
    read = readSecret(store, account, SecretKind::SecretAccessKey);
    QVERIFY(read && read->has_value());
    QVERIFY(**read == SecretString(kOverwritten));

    QVERIFY(
        waitStatus([&](auto done) { store.remove(account, SecretKind::SecretAccessKey, done); }));
    read = readSecret(store, account, SecretKind::SecretAccessKey);
    QVERIFY(read);
    QVERIFY(!read->has_value());
    // Deleting what is not there is not an error.
    QVERIFY(
        waitStatus([&](auto done) { store.remove(account, SecretKind::SecretAccessKey, done); }));
}

void TestSecretStore::otherSecretServiceClientsSeeTheSecret()
{
    SecretStore store;
    QVERIFY(waitStatus([&](auto done) {
        store.write(QStringLiteral("shared"), SecretKind::ApiKey, SecretString(kSessionToken),
                    done);
    }));
    QCOMPARE(SecretStore::keyFor(QStringLiteral("shared"), SecretKind::ApiKey),
             QStringLiteral("shared/api-key"));
    const Lookup lookup
        = secretToolLookup(QStringLiteral("Mantle Playground"), QStringLiteral("shared/api-key"));
    QCOMPARE(lookup.exitCode, 0);
    QCOMPARE(lookup.output.trimmed(), kSessionToken);
    QVERIFY(waitStatus(
        [&](auto done) { store.remove(QStringLiteral("shared"), SecretKind::ApiKey, done); }));
    QVERIFY(secretToolLookup(QStringLiteral("Mantle Playground"), QStringLiteral("shared/api-key"))
                .output.isEmpty());
}

void TestSecretStore::managerKeepsSecretsOutOfTheSettings()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("settings.conf"));
    QSettings settings(path, QSettings::IniFormat);
    AccountStore store(settings);
    SecretStore secrets;
    AccountManager manager(store, secrets);
    Account account;
    account.name = QStringLiteral("keys");
    account.region = QStringLiteral("us-east-2");
    account.accessKeyId = QStringLiteral("AKIDKEYCHAINTEST");
    AccountSecrets given;
    given.secretAccessKey = SecretString(kSecretKey);
    given.sessionToken = SecretString(kSessionToken);
    QVERIFY(waitStatus([&](auto done) { manager.add(account, given, done); }));
    QCOMPARE(*store.load(QStringLiteral("keys")), account);
    // A second add under the same name is refused.
    QVERIFY(!waitStatus([&](auto done) { manager.add(account, given, done); }));

    std::optional<Result<AccountSecrets>> read;
    manager.readSecrets(account, [&read](Result<AccountSecrets> r) { read.emplace(r); });
    QTRY_VERIFY_WITH_TIMEOUT(read.has_value(), 30000);
    QVERIFY(*read);
    QVERIFY((*read)->secretAccessKey == SecretString(kSecretKey));
    QVERIFY((*read)->sessionToken == SecretString(kSessionToken));

    settings.sync();
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray text = file.readAll();
    QVERIFY(text.contains("AKIDKEYCHAINTEST")); // the settings are there...
    QVERIFY(!text.contains(kSecretKey)); // ...the secrets are not
    QVERIFY(!text.contains(kSessionToken));
    for (const QString &folder :
         {dir.path(), qEnvironmentVariable("HOME"), qEnvironmentVariable("XDG_CONFIG_HOME"),
          qEnvironmentVariable("XDG_DATA_HOME")}) {
        QVERIFY2(!anyFileContains(folder, kSecretKey), qPrintable(folder));
    }
    QVERIFY(waitStatus([&](auto done) { manager.remove(QStringLiteral("keys"), done); }));
}

void TestSecretStore::renameMovesAndRemoveDeletesTheSecrets()
{
    QTemporaryDir dir;
    QSettings settings(dir.filePath(QStringLiteral("settings.conf")), QSettings::IniFormat);
    AccountStore store(settings);
    SecretStore secrets;
    AccountManager manager(store, secrets);
    Account account;
    account.name = QStringLiteral("old");
    account.region = QStringLiteral("eu-central-1");
    account.auth = AuthMethod::ApiKey;
    AccountSecrets given;
    given.apiKey = SecretString(kOverwritten);
    QVERIFY(waitStatus([&](auto done) { manager.add(account, given, done); }));
    const QString service = QStringLiteral("Mantle Playground");
    QCOMPARE(secretToolLookup(service, QStringLiteral("old/api-key")).output.trimmed(),
             kOverwritten);

    QVERIFY(waitStatus(
        [&](auto done) { manager.rename(QStringLiteral("old"), QStringLiteral("new"), done); }));
    QCOMPARE(store.names(), QStringList{QStringLiteral("new")});
    QVERIFY(secretToolLookup(service, QStringLiteral("old/api-key")).output.isEmpty());
    QCOMPARE(secretToolLookup(service, QStringLiteral("new/api-key")).output.trimmed(),
             kOverwritten);

    QVERIFY(waitStatus([&](auto done) { manager.remove(QStringLiteral("new"), done); }));
    QVERIFY(store.names().isEmpty());
    QVERIFY(secretToolLookup(service, QStringLiteral("new/api-key")).output.isEmpty());
}

void TestSecretStore::addRefusesAMissingSecret()
{
    QTemporaryDir dir;
    QSettings settings(dir.filePath(QStringLiteral("settings.conf")), QSettings::IniFormat);
    AccountStore store(settings);
    SecretStore secrets;
    AccountManager manager(store, secrets);
    Account account;
    account.name = QStringLiteral("nokey");
    account.region = QStringLiteral("us-east-1");
    account.auth = AuthMethod::ApiKey;
    const Status status = waitStatus([&](auto done) { manager.add(account, {}, done); });
    QVERIFY(!status);
    QCOMPARE(status.error().kind, Error::Kind::InvalidInput);
    QVERIFY(store.names().isEmpty());
}

void TestSecretStore::defaultEntryLimitIsNoneOffWindows()
{
    SecretStore store;
#ifdef Q_OS_WIN
    QCOMPARE(store.maxEntrySize(), qsizetype(2560));
#else
    QCOMPARE(store.maxEntrySize(), 0);
#endif
    store.setMaxEntrySize(10); // a header and any character must fit
    QCOMPARE(store.maxEntrySize(), SecretStore::kMinMaxEntrySize);
    store.setMaxEntrySize(100);
    QCOMPARE(store.maxEntrySize(), 100);
    store.setMaxEntrySize(0);
    QCOMPARE(store.maxEntrySize(), 0);
}

void TestSecretStore::longSecretRoundTripsInChunksWithinTheLimit_data()
{
    QTest::addColumn<QByteArray>("secret");
    QTest::addColumn<int>("chunks"); // -1: not worked out by hand

    QTest::addRow("ascii, 300 bytes: 64+64+64+64+44") << repeated("0123456789", 30) << 5;
    QTest::addRow("ascii, exactly two entries") << repeated("x", 2 * kSmallLimit) << 2;
    // "€" is 3 bytes: 21 of them (63 bytes) fit in 64, so a cut at 64 would split one.
    QTest::addRow("euro signs, 150 bytes: 63+63+24") << repeated("\xE2\x82\xAC", 50) << 3;
    // 1, 2, 3 and 4 byte characters, so that cuts fall at every offset inside them.
    QTest::addRow("mixed widths") << repeated("a\xC3\xA9\xE2\x82\xAC\xF0\x9D\x84\x9E", 40) << -1;
}

void TestSecretStore::longSecretRoundTripsInChunksWithinTheLimit()
{
    QFETCH(QByteArray, secret);
    QFETCH(int, chunks);
    SecretStore store(kChunkService);
    store.setMaxEntrySize(kSmallLimit);
    const QString account = QStringLiteral("long");
    const QString key = SecretStore::keyFor(account, SecretKind::SessionToken);
    QVERIFY(waitStatus([&](auto done) {
        store.write(account, SecretKind::SessionToken, SecretString(secret), done);
    }));
    const auto read = readSecret(store, account, SecretKind::SessionToken);
    QVERIFY(read && read->has_value());
    QVERIFY(**read == SecretString(secret));

    // Another client sees a header under the key and the secret in chunks under "<key>#n".
    const Lookup header = secretToolLookup(kChunkService, key);
    QCOMPARE(header.exitCode, 0);
    QVERIFY(header.output.startsWith(kHeaderPrefix));
    QVERIFY(!header.output.contains(secret.left(8)));
    const QList<QByteArray> found = chunksOf(key);
    if (chunks >= 0)
        QCOMPARE(found.size(), chunks);
    QVERIFY(found.size() >= 2);
    QVERIFY(header.output.startsWith(kHeaderPrefix + QByteArray::number(found.size()) + ':'));
    QByteArray joined;
    for (const QByteArray &chunk : found) {
        QVERIFY2(!chunk.isEmpty() && chunk.size() <= kSmallLimit,
                 QByteArray::number(chunk.size()).constData());
        // Each chunk is whole characters on its own.
        QStringDecoder decoder(QStringDecoder::Utf8);
        const QString text = decoder(chunk);
        QVERIFY(!decoder.hasError());
        QCOMPARE(text.toUtf8(), chunk);
        joined += chunk;
    }
    QCOMPARE(joined, secret);

    QVERIFY(waitStatus([&](auto done) { store.remove(account, SecretKind::SessionToken, done); }));
}

void TestSecretStore::secretThatLooksLikeAHeaderRoundTrips()
{
    // Stored in chunks even without a limit, so that it is never read as a header.
    const QByteArray lookalike = kHeaderPrefix + "2:0123456789abcdef";
    for (const qsizetype limit : {qsizetype(0), kSmallLimit}) {
        SecretStore store(kChunkService);
        store.setMaxEntrySize(limit);
        QVERIFY(waitStatus([&](auto done) {
            store.write(QStringLiteral("odd"), SecretKind::ApiKey, SecretString(lookalike), done);
        }));
        const auto read = readSecret(store, QStringLiteral("odd"), SecretKind::ApiKey);
        QVERIFY(read && read->has_value());
        QVERIFY(**read == SecretString(lookalike));
        QCOMPARE(chunksOf(QStringLiteral("odd/api-key")), QList<QByteArray>{lookalike});
    }
}

void TestSecretStore::shorterSecretsLeaveNoStaleChunks()
{
    SecretStore store(kChunkService);
    store.setMaxEntrySize(kSmallLimit);
    const QString account = QStringLiteral("shrinking");
    const QString key = SecretStore::keyFor(account, SecretKind::SessionToken);
    const QByteArray five = repeated("5", 4 * kSmallLimit + 10);
    const QByteArray two = repeated("2", kSmallLimit + 10);
    const QByteArray plain = "short-token";

    QVERIFY(waitStatus([&](auto done) {
        store.write(account, SecretKind::SessionToken, SecretString(five), done);
    }));
    QCOMPARE(chunksOf(key).size(), 5);

    QVERIFY(waitStatus([&](auto done) {
        store.write(account, SecretKind::SessionToken, SecretString(two), done);
    }));
    QCOMPARE(chunksOf(key), (QList<QByteArray>{repeated("2", kSmallLimit), "2222222222"}));
    for (int index = 3; index <= 5; ++index)
        QCOMPARE(secretToolLookup(kChunkService, chunkKey(key, index)).exitCode, 1);
    auto read = readSecret(store, account, SecretKind::SessionToken);
    QVERIFY(read && read->has_value());
    QVERIFY(**read == SecretString(two));

    QVERIFY(waitStatus([&](auto done) {
        store.write(account, SecretKind::SessionToken, SecretString(plain), done);
    }));
    QCOMPARE(secretToolLookup(kChunkService, key).output, plain); // stored as before, plainly
    for (int index = 1; index <= 5; ++index)
        QCOMPARE(secretToolLookup(kChunkService, chunkKey(key, index)).exitCode, 1);
    read = readSecret(store, account, SecretKind::SessionToken);
    QVERIFY(read && read->has_value());
    QVERIFY(**read == SecretString(plain));
    QVERIFY(waitStatus([&](auto done) { store.remove(account, SecretKind::SessionToken, done); }));
}

void TestSecretStore::removeDeletesEveryChunk()
{
    SecretStore store(kChunkService);
    store.setMaxEntrySize(kSmallLimit);
    const QString account = QStringLiteral("removed");
    const QString key = SecretStore::keyFor(account, SecretKind::ApiKey);
    QVERIFY(waitStatus([&](auto done) {
        store.write(account, SecretKind::ApiKey, SecretString(repeated("r", 5 * kSmallLimit)),
                    done);
    }));
    QCOMPARE(chunksOf(key).size(), 5);
    QVERIFY(waitStatus([&](auto done) { store.remove(account, SecretKind::ApiKey, done); }));
    QCOMPARE(secretToolLookup(kChunkService, key).exitCode, 1);
    QVERIFY(chunksOf(key).isEmpty());
    for (int index = 2; index <= 6; ++index)
        QCOMPARE(secretToolLookup(kChunkService, chunkKey(key, index)).exitCode, 1);
    const auto read = readSecret(store, account, SecretKind::ApiKey);
    QVERIFY(read);
    QVERIFY(!read->has_value());
}

void TestSecretStore::damagedChunksReadAsAnErrorNotAPartialSecret_data()
{
    QTest::addColumn<bool>("replace"); // false: delete chunk #2
    QTest::addColumn<QString>("says");
    QTest::addRow("a chunk is missing") << false << QStringLiteral("part 2 of 3");
    // What a crash between two writes of different secrets could leave: the right number of
    // chunks, one of them from another secret.
    QTest::addRow("a chunk is from another secret")
        << true << QStringLiteral("do not belong to one secret");
}

void TestSecretStore::damagedChunksReadAsAnErrorNotAPartialSecret()
{
    QFETCH(bool, replace);
    QFETCH(QString, says);
    SecretStore store(kChunkService);
    store.setMaxEntrySize(kSmallLimit);
    const QString account = QStringLiteral("damaged");
    const QString key = SecretStore::keyFor(account, SecretKind::SecretAccessKey);
    const QByteArray secret = repeated("d", 3 * kSmallLimit);
    QVERIFY(waitStatus([&](auto done) {
        store.write(account, SecretKind::SecretAccessKey, SecretString(secret), done);
    }));
    QVERIFY(secretToolClear(kChunkService, chunkKey(key, 2)));
    if (replace)
        QVERIFY(secretToolStore(kChunkService, chunkKey(key, 2), repeated("e", kSmallLimit)));
    QCOMPARE(chunksOf(key).size(), replace ? 3 : 1);

    const auto read = readSecret(store, account, SecretKind::SecretAccessKey);
    QVERIFY(!read);
    QCOMPARE(read.error().code, QStringLiteral("KeychainEntryDamaged"));
    QVERIFY2(read.error().message.contains(key), qPrintable(read.error().message));
    QVERIFY2(read.error().message.contains(QLatin1String("damaged")),
             qPrintable(read.error().message));
    QVERIFY2(read.error().message.contains(says), qPrintable(read.error().message));
    QVERIFY(!read.error().hint.isEmpty());

    // Saving it again repairs it.
    QVERIFY(waitStatus([&](auto done) {
        store.write(account, SecretKind::SecretAccessKey, SecretString(secret), done);
    }));
    const auto repaired = readSecret(store, account, SecretKind::SecretAccessKey);
    QVERIFY(repaired && repaired->has_value());
    QVERIFY(**repaired == SecretString(secret));
    QVERIFY(
        waitStatus([&](auto done) { store.remove(account, SecretKind::SecretAccessKey, done); }));
}

void TestSecretStore::tooLongForTheChunksFailsClearlyAndWritesNothing_data()
{
    QTest::addColumn<QByteArray>("secret");
    QTest::addColumn<bool>("fits");
    const qsizetype most = SecretStore::kMaxChunks * kSmallLimit; // 16 x 64 = 1024 bytes
    QTest::addRow("ascii, 16 full chunks") << repeated("a", most) << true;
    QTest::addRow("ascii, one byte more") << repeated("a", most + 1) << false;
    // 341 "€" are 1023 bytes, but 21 fit in a chunk (63 bytes): 17 chunks.
    QTest::addRow("euro signs, 1023 bytes in 17 chunks") << repeated("\xE2\x82\xAC", 341) << false;
    QTest::addRow("euro signs, 16 chunks") << repeated("\xE2\x82\xAC", 336) << true;
}

void TestSecretStore::tooLongForTheChunksFailsClearlyAndWritesNothing()
{
    QFETCH(QByteArray, secret);
    QFETCH(bool, fits);
    SecretStore store(kChunkService);
    store.setMaxEntrySize(kSmallLimit);
    const QString account = QStringLiteral("toolong");
    const QString key = SecretStore::keyFor(account, SecretKind::SessionToken);
    const QByteArray before = "the-token-before";
    QVERIFY(waitStatus([&](auto done) {
        store.write(account, SecretKind::SessionToken, SecretString(before), done);
    }));

    const Status status = waitStatus([&](auto done) {
        store.write(account, SecretKind::SessionToken, SecretString(secret), done);
    });
    const auto read = readSecret(store, account, SecretKind::SessionToken);
    QVERIFY(read && read->has_value());
    if (fits) {
        QVERIFY(status);
        QVERIFY(**read == SecretString(secret));
        QCOMPARE(chunksOf(key).size(), SecretStore::kMaxChunks);
    } else {
        QVERIFY(!status);
        QCOMPARE(status.error().code, QStringLiteral("SecretTooLong"));
        QCOMPARE(status.error().kind, Error::Kind::InvalidInput);
        const QString message = status.error().message;
        QVERIFY2(message.contains(QLatin1String("too long")), qPrintable(message));
        QVERIFY2(message.contains(QString::number(secret.size()) + QLatin1String(" bytes")),
                 qPrintable(message));
        QVERIFY2(message.contains(QLatin1String("1024")), qPrintable(message));
        QVERIFY2(message.contains(QLatin1String("16 entries of 64 bytes")), qPrintable(message));
        QVERIFY(!message.contains(QString::fromUtf8(secret.left(8))));
        // Nothing was written: the old secret is still there, plainly, and no chunk.
        QVERIFY(**read == SecretString(before));
        QCOMPARE(secretToolLookup(kChunkService, key).output, before);
        QVERIFY(chunksOf(key).isEmpty());
    }
    QVERIFY(waitStatus([&](auto done) { store.remove(account, SecretKind::SessionToken, done); }));
}

void TestSecretStore::chunkedCallbacksRunOnceFromTheEventLoop()
{
    SecretStore store(kChunkService);
    store.setMaxEntrySize(kSmallLimit);
    const QString account = QStringLiteral("once");
    int writes = 0;
    int tooLong = 0;
    int reads = 0;
    int removes = 0;
    store.write(account, SecretKind::ApiKey, SecretString(repeated("o", 3 * kSmallLimit)),
                [&writes](const Status &status) { writes += status ? 1 : 100; });
    store.write(QStringLiteral("once-too-long"), SecretKind::ApiKey,
                SecretString(repeated("o", 17 * kSmallLimit)),
                [&tooLong](const Status &status) { tooLong += status ? 100 : 1; });
    // Running alongside the write and the remove, the read may find any state: only count it.
    store.read(account, SecretKind::ApiKey,
               [&reads](const Result<std::optional<SecretString>> &) { ++reads; });
    store.remove(account, SecretKind::ApiKey,
                 [&removes](const Status &status) { removes += status ? 1 : 100; });
    // None ran inside the calls, not even the error that needs no keychain.
    QCOMPARE(writes + tooLong + reads + removes, 0);
    QTRY_VERIFY_WITH_TIMEOUT(writes && tooLong && reads && removes, 30000);
    // A later round trip on the same store lets any second answer arrive first.
    QVERIFY(waitStatus([&](auto done) { store.remove(account, SecretKind::ApiKey, done); }));
    QCOMPARE(writes, 1);
    QCOMPARE(tooLong, 1);
    QCOMPARE(reads, 1);
    QCOMPARE(removes, 1);
}

void TestSecretStore::destroyingTheStoreDropsPendingChunkedCallbacks()
{
    int answers = 0;
    {
        SecretStore store(kChunkService);
        store.setMaxEntrySize(kSmallLimit);
        store.write(QStringLiteral("dropped"), SecretKind::ApiKey,
                    SecretString(repeated("p", 3 * kSmallLimit)),
                    [&answers](Status) { ++answers; });
        // One round of events puts the first chunk's job in the Secret Service's hands: the
        // store goes while it runs (deleting such a job with the store crashed QtKeychain).
        QCoreApplication::processEvents();
    }
    {
        SecretStore store(kChunkService);
        store.setMaxEntrySize(kSmallLimit);
        store.write(QStringLiteral("dropped-too-long"), SecretKind::ApiKey,
                    SecretString(repeated("p", 17 * kSmallLimit)),
                    [&answers](Status) { ++answers; }); // the error is queued when it goes
    }
    SecretStore other(kChunkService);
    other.setMaxEntrySize(kSmallLimit);
    QVERIFY(waitStatus([&](auto done) {
        other.write(QStringLiteral("after"), SecretKind::ApiKey,
                    SecretString(repeated("q", 3 * kSmallLimit)), done);
    }));
    QVERIFY(waitStatus(
        [&](auto done) { other.remove(QStringLiteral("dropped"), SecretKind::ApiKey, done); }));
    QVERIFY(waitStatus(
        [&](auto done) { other.remove(QStringLiteral("after"), SecretKind::ApiKey, done); }));
    QCOMPARE(answers, 0);
}

QTEST_GUILESS_MAIN(TestSecretStore)
#include "tst_secretstore.moc"

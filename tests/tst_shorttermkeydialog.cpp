// Accounts > Short-term API key…, offscreen, against an in-process emulator and the private
// gnome-keyring of tests/with-keyring.sh: the button only for accounts that sign with SigV4; a
// key generated from an account with the emulator's test keys (masked, Show, region, expiry, Copy);
// "Use for This Session" makes the account's requests go with the key as Bearer (the emulator
// answers as it does to API keys) in the key's region only, and Stop Using goes back to SigV4; the
// key is in no file the app wrote.

#include "accountsdialog.h"
#include "accounttestenvironment.h"
#include "playgroundservices.h"
#include "shorttermkeydialog.h"

#include "accounts/account.h"
#include "aws/bedrocktoken.h"
#include "aws/credentials.h"
#include "aws/sigv4signer.h"
#include "common/clock.h"
#include "localemulator.h"
#include "mainwindow.h"
#include "pipeline/livemodels.h"

#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QComboBox>
#include <QDirIterator>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QMimeData>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QTest>
#include <QTreeWidget>

#include <optional>

using namespace mantle;
using namespace ::mantle::accounts;
using ::mantle::ui::AccountsDialog;
using ::mantle::ui::MainWindow;
using ::mantle::ui::PlaygroundServices;
using ::mantle::ui::ShortTermKeyDialog;

namespace {

constexpr int kTimeoutMs = 30000;
const QString kAccount = QStringLiteral("emulator keys");
const QString kApiKeyAccount = QStringLiteral("emulator api key");

template<typename T> T *child(QObject *parent, const QString &name)
{
    return parent->findChild<T *>(name);
}

void selectAccount(AccountsDialog &dialog, const QString &name)
{
    auto *list = child<QTreeWidget>(&dialog, QStringLiteral("accountList"));
    const auto items = list->findItems(name, Qt::MatchExactly);
    QCOMPARE(items.size(), 1);
    list->setCurrentItem(items.first());
}

/// Every file under `directory` whose bytes contain `needle`.
QStringList filesContaining(const QString &directory, const QByteArray &needle)
{
    QStringList found;
    QDirIterator it(directory, QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        QFile file(it.next());
        if (file.open(QIODevice::ReadOnly) && file.readAll().contains(needle))
            found << file.fileName();
    }
    return found;
}

} // namespace

class TestShortTermKeyDialog : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();
    void offeredOnlyForAccountsThatSignWithSigV4();
    void generatedKeyIsUsedForTheSessionAndWrittenNowhere();
    void mainWindowShowsTheKeyInUseForItsAccountAndRegion();

private:
    void addThroughManager(const Account &account, const AccountSecrets &secrets);
    pipeline::CallTarget resolve(const QString &region = {});
    /// The live model list through `target`, with the emulator's access-denied fault: the
    /// refusal names the IAM action of the authentication the emulator saw.
    QString refusalFor(pipeline::CallTarget target);

    ::mantle::test::AccountTestEnvironment m_env;
    SystemClock m_clock;
    std::unique_ptr<emulator::LocalEmulator> m_emulator;
    std::unique_ptr<PlaygroundServices> m_services;
};

void TestShortTermKeyDialog::init()
{
    QVERIFY2(qEnvironmentVariable("HOME").contains(QLatin1String("mantle-keyring")),
             "run this test through tests/with-keyring.sh (ctest does)");
    QVERIFY(m_env.create(QStringLiteral("tst_shorttermkeydialog")));
    m_emulator = std::make_unique<emulator::LocalEmulator>(m_clock);
    QVERIFY2(m_emulator->start(0), qPrintable(m_emulator->errorString()));

    Account keys;
    keys.name = kAccount;
    keys.region = QStringLiteral("us-east-1");
    keys.auth = AuthMethod::AccessKey;
    keys.accessKeyId = QString::fromLatin1(emulator::LocalEmulator::kAccessKeyId);
    keys.endpoint = m_emulator->rootUrl().toString();
    AccountSecrets keySecrets;
    keySecrets.secretAccessKey
        = SecretString(std::string_view(emulator::LocalEmulator::kSecretAccessKey));
    addThroughManager(keys, keySecrets);

    Account apiKey;
    apiKey.name = kApiKeyAccount;
    apiKey.region = QStringLiteral("us-east-1");
    apiKey.auth = AuthMethod::ApiKey;
    apiKey.endpoint = m_emulator->rootUrl().toString();
    AccountSecrets apiKeySecrets;
    apiKeySecrets.apiKey = SecretString(std::string_view(emulator::LocalEmulator::kApiKey));
    addThroughManager(apiKey, apiKeySecrets);

    PlaygroundServices::Locations locations;
    locations.keychainService = m_env.service;
    locations.sessionsDirectory = m_env.dir->filePath(QStringLiteral("sessions"));
    locations.routesFile = m_env.dir->filePath(QStringLiteral("routes.json"));
    m_services = std::make_unique<PlaygroundServices>(*m_env.settings, locations);
}

void TestShortTermKeyDialog::cleanup()
{
    m_services.reset();
    m_emulator.reset();
    m_env.destroy();
}

void TestShortTermKeyDialog::addThroughManager(const Account &account,
                                               const AccountSecrets &secrets)
{
    std::optional<Status> answer;
    m_env.manager->add(account, secrets, [&answer](Status status) { answer.emplace(status); });
    QVERIFY(QTest::qWaitFor([&answer] { return answer.has_value(); }, kTimeoutMs));
    QVERIFY2(answer->ok(), qPrintable(answer->ok() ? QString() : answer->error().message));
}

pipeline::CallTarget TestShortTermKeyDialog::resolve(const QString &region)
{
    std::optional<Result<pipeline::CallTarget>> answer;
    QObject context;
    m_services->resolveTarget(
        kAccount, region, &context,
        [&answer](Result<pipeline::CallTarget> target) { answer.emplace(std::move(target)); });
    if (!QTest::qWaitFor([&answer] { return answer.has_value(); }, kTimeoutMs) || !*answer)
        return {};
    return std::move(*answer).value();
}

QString TestShortTermKeyDialog::refusalFor(pipeline::CallTarget target)
{
    target.extraHeaders.append({QByteArrayLiteral("x-emulator-fault"), "access-denied"});
    std::optional<Result<QList<::mantle::mantle::LiveModel>>> answer;
    QObject context;
    pipeline::fetchLiveModels(m_services->client(), std::move(target), &context,
                              [&answer](Result<QList<::mantle::mantle::LiveModel>> models) {
                                  answer.emplace(std::move(models));
                              });
    if (!QTest::qWaitFor([&answer] { return answer.has_value(); }, kTimeoutMs))
        return QStringLiteral("<timed out>");
    return answer->ok() ? QStringLiteral("<accepted>") : answer->error().message;
}

void TestShortTermKeyDialog::offeredOnlyForAccountsThatSignWithSigV4()
{
    AccountsDialog withoutServices(*m_env.settings, nullptr, m_env.service);
    withoutServices.show();
    QVERIFY(!child<QPushButton>(&withoutServices, QStringLiteral("shortTermKey"))->isVisible());

    AccountsDialog dialog(*m_env.settings, nullptr, m_env.service);
    dialog.setPlaygroundServices(m_services.get());
    dialog.show();
    auto *button = child<QPushButton>(&dialog, QStringLiteral("shortTermKey"));
    QVERIFY(button->isVisible());
    QVERIFY(!button->isEnabled());
    selectAccount(dialog, kApiKeyAccount);
    QVERIFY(!button->isEnabled());
    selectAccount(dialog, kAccount);
    QVERIFY(button->isEnabled());
    button->click();
    ShortTermKeyDialog *keyDialog = dialog.shortTermKeyDialog();
    QVERIFY(keyDialog && keyDialog->isVisible());
    QCOMPARE(keyDialog->windowModality(), Qt::WindowModal);
    auto *lifetime = child<QComboBox>(keyDialog, QStringLiteral("lifetime"));
    QCOMPARE(lifetime->count(), 4);
    QCOMPARE(lifetime->currentData().toInt(), 12 * 60 * 60);
    QList<int> offered;
    for (int i = 0; i < lifetime->count(); ++i)
        offered << lifetime->itemData(i).toInt();
    QCOMPARE(offered, (QList<int>{15 * 60, 60 * 60, 4 * 60 * 60, 12 * 60 * 60}));
    QVERIFY(!child<QPushButton>(keyDialog, QStringLiteral("useForSession"))->isEnabled());
    QVERIFY(!child<QPushButton>(keyDialog, QStringLiteral("copyKey"))->isEnabled());
}

void TestShortTermKeyDialog::generatedKeyIsUsedForTheSessionAndWrittenNowhere()
{
    AccountsDialog dialog(*m_env.settings, nullptr, m_env.service);
    dialog.setPlaygroundServices(m_services.get());
    dialog.show();
    selectAccount(dialog, kAccount);
    child<QPushButton>(&dialog, QStringLiteral("shortTermKey"))->click();
    ShortTermKeyDialog *keyDialog = dialog.shortTermKeyDialog();
    QVERIFY(keyDialog);

    // Before: the account signs with SigV4, and the emulator answers as it does to SigV4.
    const pipeline::CallTarget before = resolve();
    QCOMPARE(before.auth.kind, net::HttpAuth::Kind::SigV4);
    QVERIFY2(refusalFor(before).contains(QStringLiteral("bedrock-mantle:CreateInference")),
             qPrintable(refusalFor(before)));

    auto *lifetime = child<QComboBox>(keyDialog, QStringLiteral("lifetime"));
    lifetime->setCurrentIndex(lifetime->findData(60 * 60));
    QSignalSpy generated(keyDialog, &ShortTermKeyDialog::generated);
    child<QPushButton>(keyDialog, QStringLiteral("generate"))->click();
    QVERIFY(generated.wait(kTimeoutMs));
    QCOMPARE(generated.first().first().toString(), QString());

    auto *field = child<QLineEdit>(keyDialog, QStringLiteral("key"));
    const QString key = field->text();
    QVERIFY(key.startsWith(QStringLiteral("bedrock-api-key-")));
    QCOMPARE(field->echoMode(), QLineEdit::Password);
    child<QCheckBox>(keyDialog, QStringLiteral("showKey"))->setChecked(true);
    QCOMPARE(field->echoMode(), QLineEdit::Normal);
    const auto info = aws::BedrockToken::inspect(SecretString(key.toLatin1()));
    QVERIFY(info.ok());
    QCOMPARE(info->region, QStringLiteral("us-east-1"));
    QCOMPARE(info->lifetimeSeconds, 60 * 60);
    QCOMPARE(child<QLabel>(keyDialog, QStringLiteral("keyRegion"))->text(),
             QStringLiteral("us-east-1"));
    const QString expiry = child<QLabel>(keyDialog, QStringLiteral("keyExpiry"))->text();
    QVERIFY2(expiry.contains(QStringLiteral("expires at"))
                 && (expiry.contains(QStringLiteral("in 1 h 0 min"))
                     || expiry.contains(QStringLiteral("in 59 min"))),
             qPrintable(expiry));
    child<QPushButton>(keyDialog, QStringLiteral("copyKey"))->click();
    QCOMPARE(QApplication::clipboard()->text(), key);
    // Marked as a secret for clipboard managers, so that their history leaves it out.
    const QMimeData *copied = QApplication::clipboard()->mimeData();
    QVERIFY(copied);
    QCOMPARE(copied->data(QString::fromLatin1(ShortTermKeyDialog::kPasswordManagerHint)),
             QByteArrayLiteral("secret"));

    // Use for this session: the account's requests now go with the key as Bearer.
    QVERIFY(!m_services->shortTermKeyExpiry(kAccount).isValid());
    child<QPushButton>(keyDialog, QStringLiteral("useForSession"))->click();
    QCOMPARE(m_services->shortTermKeyExpiry(kAccount), info->expiresAt);
    QVERIFY(child<QPushButton>(keyDialog, QStringLiteral("stopUsing"))->isVisible());
    const pipeline::CallTarget with = resolve();
    QCOMPARE(with.auth.kind, net::HttpAuth::Kind::Bearer);
    QCOMPARE(
        QString::fromLatin1(with.auth.apiKey.view().data(), qsizetype(with.auth.apiKey.size())),
        key);
    QVERIFY2(refusalFor(with).contains(QStringLiteral("bedrock-mantle:CallWithBearerToken")),
             qPrintable(refusalFor(with)));
    {
        // And without the fault, the emulator accepts the key.
        std::optional<Result<QList<::mantle::mantle::LiveModel>>> answer;
        QObject context;
        pipeline::fetchLiveModels(m_services->client(), with, &context,
                                  [&answer](Result<QList<::mantle::mantle::LiveModel>> models) {
                                      answer.emplace(std::move(models));
                                  });
        QVERIFY(QTest::qWaitFor([&answer] { return answer.has_value(); }, kTimeoutMs));
        QVERIFY2(answer->ok(), qPrintable(answer->ok() ? QString() : answer->error().message));
        QVERIFY(!answer->value().isEmpty());
    }
    // The key works in its own region only: elsewhere the account signs again.
    QCOMPARE(resolve(QStringLiteral("eu-west-1")).auth.kind, net::HttpAuth::Kind::SigV4);

    // Nothing the app wrote holds the key (or its base64 body without the prefix).
    m_services->saveRoutes();
    m_env.settings->sync();
    const QByteArray body = key.toLatin1().mid(aws::BedrockToken::kPrefix.size(), 48);
    QCOMPARE(filesContaining(m_env.dir->path(), key.toLatin1()), QStringList());
    QCOMPARE(filesContaining(m_env.dir->path(), body), QStringList());
    QCOMPARE(filesContaining(qEnvironmentVariable("HOME"), body), QStringList());

    // Stop using: SigV4 again.
    child<QPushButton>(keyDialog, QStringLiteral("stopUsing"))->click();
    QVERIFY(!m_services->shortTermKeyExpiry(kAccount).isValid());
    QCOMPARE(resolve().auth.kind, net::HttpAuth::Kind::SigV4);
    keyDialog->close();

    // A key that has expired is not used any more: SigV4 again.
    aws::ShortTermKey expired;
    expired.key = SecretString(key.toLatin1());
    expired.region = QStringLiteral("us-east-1");
    expired.expiresAt = m_clock.nowUtc().addSecs(-1);
    m_services->useShortTermKey(kAccount, expired);
    QVERIFY(!m_services->shortTermKeyExpiry(kAccount).isValid());
    QCOMPARE(resolve().auth.kind, net::HttpAuth::Kind::SigV4);
}

void TestShortTermKeyDialog::mainWindowShowsTheKeyInUseForItsAccountAndRegion()
{
    PlaygroundServices::Locations locations;
    locations.keychainService = m_env.service;
    locations.sessionsDirectory = m_env.dir->filePath(QStringLiteral("window-sessions"));
    locations.routesFile = m_env.dir->filePath(QStringLiteral("window-routes.json"));
    MainWindow window(*m_env.settings, locations);
    window.show();
    auto *accounts = child<QComboBox>(&window, QStringLiteral("accountCombo"));
    auto *regions = child<QComboBox>(&window, QStringLiteral("regionCombo"));
    auto *badge = child<QLabel>(&window, QStringLiteral("shortTermKeyBadge"));
    accounts->setCurrentIndex(accounts->findData(kAccount));
    regions->setCurrentIndex(regions->findData(QStringLiteral("us-east-1")));
    QVERIFY(!badge->isVisible());

    aws::Credentials credentials;
    credentials.accessKeyId = QString::fromLatin1(emulator::LocalEmulator::kAccessKeyId);
    credentials.secretAccessKey
        = SecretString(std::string_view(emulator::LocalEmulator::kSecretAccessKey));
    const aws::SigV4Signer signer;
    const auto key = aws::BedrockToken::generate(signer, credentials, QStringLiteral("us-east-1"),
                                                 m_clock.nowUtc(), 60 * 60);
    QVERIFY(key.ok());
    window.services().useShortTermKey(kAccount, *key);
    QVERIFY(badge->isVisible());
    const QString until
        = QLocale().toString(key->expiresAt.toLocalTime().time(), QLocale::ShortFormat);
    QVERIFY2(badge->text().contains(until), qPrintable(badge->text()));
    QVERIFY(!badge->text().contains(QStringLiteral("bedrock-api-key-")));

    // Another region or another account signs with SigV4: no badge there.
    regions->setCurrentIndex(regions->findData(QStringLiteral("us-west-2")));
    QVERIFY(!badge->isVisible());
    regions->setCurrentIndex(regions->findData(QStringLiteral("us-east-1")));
    QVERIFY(badge->isVisible());
    accounts->setCurrentIndex(accounts->findData(kApiKeyAccount));
    QVERIFY(!badge->isVisible());
    accounts->setCurrentIndex(accounts->findData(kAccount));
    regions->setCurrentIndex(regions->findData(QStringLiteral("us-east-1")));
    QVERIFY(badge->isVisible());

    window.services().forgetShortTermKey(kAccount);
    QVERIFY(!badge->isVisible());
}

QTEST_MAIN(TestShortTermKeyDialog)
#include "tst_shorttermkeydialog.moc"

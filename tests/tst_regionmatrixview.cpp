// The Regions tab (RegionMatrixView), offscreen: an access-key account (the emulator's SigV4 test
// key in a private gnome-keyring, tests/with-keyring.sh) whose endpoint is an in-process
// LocalEmulator, so that each region's request is signed for that region and the emulator
// answers with that region's models. Rows filled with ✓ where the model is served, the note
// about the shared endpoint, sorting, "Use this region", the demo account's note, and Stop.
#include "accounttestenvironment.h"
#include "playgroundservices.h"
#include "regionmatrixview.h"

#include "accounts/account.h"
#include "accounts/accountsecrets.h"
#include "common/clock.h"
#include "localemulator.h"

#include <QComboBox>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QSignalSpy>
#include <QTableWidget>
#include <QTest>

#include <algorithm>
#include <memory>
#include <optional>

using ::mantle::SecretString;
using ::mantle::Status;
using ::mantle::SystemClock;
using ::mantle::ui::PlaygroundServices;
using ::mantle::ui::RegionMatrixView;
using namespace ::mantle::accounts;
namespace emulator = ::mantle::emulator;

namespace {

constexpr int kTimeoutMs = 30000;
const QString kAccount = QStringLiteral("emulator keys");
// The regions the emulator serves deepseek.v3.1 in (emulator/modelcatalogue.h).
const QStringList kDeepSeekRegions{QStringLiteral("us-east-1"),      QStringLiteral("us-east-2"),
                                   QStringLiteral("us-west-2"),      QStringLiteral("ap-south-1"),
                                   QStringLiteral("ap-northeast-1"), QStringLiteral("eu-central-1"),
                                   QStringLiteral("eu-west-1")};

template<typename T> T *child(QObject *parent, const QString &name)
{
    return parent->findChild<T *>(name);
}

QTableWidget *tableOf(RegionMatrixView &view)
{
    return child<QTableWidget>(&view, QStringLiteral("regionMatrixTable"));
}

/// The text of `region`'s row in `column`, or "<missing>".
QString cellText(RegionMatrixView &view, const QString &region, int column)
{
    QTableWidget *table = tableOf(view);
    for (int row = 0; row < table->rowCount(); ++row) {
        if (table->item(row, RegionMatrixView::RegionColumn)->text() == region)
            return table->item(row, column)->text();
    }
    return QStringLiteral("<missing>");
}

QStringList columnTexts(RegionMatrixView &view, int column)
{
    QTableWidget *table = tableOf(view);
    QStringList texts;
    for (int row = 0; row < table->rowCount(); ++row)
        texts << table->item(row, column)->text();
    return texts;
}

} // namespace

class TestRegionMatrixView : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void fillsEveryRegionWithATickWhereTheModelIsServed();
    void sortsByLatencyAsNumbers();
    void useThisRegionEmitsTheSelectedRegion();
    void theDemoAccountIsSaidToSendEveryRegionToOneEndpoint();
    void stopEndsTheCheckAndMarksThePendingRegions();

private:
    void addAccount();
    /// Clicks "Check regions" and waits for the end; false when it did not end in time.
    bool checkAndWait(RegionMatrixView &view);

    mantle::test::AccountTestEnvironment m_env;
    SystemClock m_clock;
    std::unique_ptr<emulator::LocalEmulator> m_emulator;
    std::unique_ptr<PlaygroundServices> m_services;
};

void TestRegionMatrixView::init()
{
    QVERIFY2(qEnvironmentVariable("HOME").contains(QLatin1String("mantle-keyring")),
             "run this test through tests/with-keyring.sh (ctest does)");
    QVERIFY(m_env.create(QStringLiteral("tst_regionmatrixview")));
    m_emulator = std::make_unique<emulator::LocalEmulator>(m_clock);
    QVERIFY2(m_emulator->start(0), qPrintable(m_emulator->errorString()));
    addAccount();
    PlaygroundServices::Locations locations;
    locations.keychainService = m_env.service;
    locations.sessionsDirectory = m_env.dir->filePath(QStringLiteral("sessions"));
    locations.routesFile = m_env.dir->filePath(QStringLiteral("routes.json"));
    m_services = std::make_unique<PlaygroundServices>(*m_env.settings, locations);
}

void TestRegionMatrixView::cleanup()
{
    m_services.reset();
    m_emulator.reset();
    m_env.destroy();
}

void TestRegionMatrixView::addAccount()
{
    Account account;
    account.name = kAccount;
    account.region = QStringLiteral("eu-west-2");
    account.auth = AuthMethod::AccessKey;
    account.accessKeyId = QString::fromLatin1(emulator::LocalEmulator::kAccessKeyId);
    account.endpoint = m_emulator->rootUrl().toString();
    AccountSecrets secrets;
    secrets.secretAccessKey
        = SecretString(std::string_view(emulator::LocalEmulator::kSecretAccessKey));
    std::optional<Status> answer;
    m_env.manager->add(account, secrets, [&answer](Status status) { answer.emplace(status); });
    QVERIFY(QTest::qWaitFor([&answer] { return answer.has_value(); }, kTimeoutMs));
    QVERIFY2(answer->ok(), qPrintable(answer->ok() ? QString() : answer->error().message));
}

bool TestRegionMatrixView::checkAndWait(RegionMatrixView &view)
{
    QSignalSpy finished(&view, &RegionMatrixView::checkFinished);
    auto *button = child<QPushButton>(&view, QStringLiteral("regionMatrixCheckButton"));
    if (!button || !button->isEnabled())
        return false;
    button->click();
    return finished.wait(kTimeoutMs) && !view.isChecking();
}

void TestRegionMatrixView::fillsEveryRegionWithATickWhereTheModelIsServed()
{
    RegionMatrixView view(*m_services);
    view.show();
    view.setAccount(kAccount);
    view.setModel(QStringLiteral("deepseek.v3.1"));
    QCOMPARE(view.currentAccount(), kAccount);
    QCOMPARE(view.currentModel(), QStringLiteral("deepseek.v3.1"));
    // The account has an endpoint override: said before the check already.
    QVERIFY2(view.noteText().contains(m_emulator->rootUrl().toString()),
             qPrintable(view.noteText()));
    QCOMPARE(tableOf(view)->rowCount(), 13);

    QVERIFY(checkAndWait(view));
    auto *progress = child<QProgressBar>(&view, QStringLiteral("regionMatrixProgress"));
    QCOMPARE(progress->value(), 13);
    QCOMPARE(progress->maximum(), 13);
    QStringList ticked;
    QTableWidget *table = tableOf(view);
    for (int row = 0; row < table->rowCount(); ++row) {
        const QString region = table->item(row, RegionMatrixView::RegionColumn)->text();
        const QString serves = table->item(row, RegionMatrixView::ServesColumn)->text();
        QVERIFY2(serves == QStringLiteral("✓") || serves == QStringLiteral("✗"),
                 qPrintable(region + QLatin1Char(' ') + serves));
        if (serves == QStringLiteral("✓"))
            ticked << region;
        QVERIFY(!table->item(row, RegionMatrixView::NameColumn)->text().isEmpty());
        QVERIFY(table->item(row, RegionMatrixView::ModelsColumn)->text().toInt() > 0);
        bool isNumber = false;
        table->item(row, RegionMatrixView::LatencyColumn)->text().toInt(&isNumber);
        QVERIFY(isNumber);
        QVERIFY(table->item(row, RegionMatrixView::ErrorColumn)->text().isEmpty());
    }
    ticked.sort();
    QStringList expected = kDeepSeekRegions;
    expected.sort();
    QCOMPARE(ticked, expected);
    QCOMPARE(cellText(view, QStringLiteral("sa-east-1"), RegionMatrixView::ServesColumn),
             QStringLiteral("✗"));
    QCOMPARE(child<QPushButton>(&view, QStringLiteral("regionMatrixCheckButton"))->text(),
             QStringLiteral("Check &regions"));
}

void TestRegionMatrixView::sortsByLatencyAsNumbers()
{
    RegionMatrixView view(*m_services);
    view.show();
    view.setAccount(kAccount);
    view.setModel(QStringLiteral("moonshotai.kimi-k2-thinking"));
    QVERIFY(checkAndWait(view));
    tableOf(view)->sortByColumn(RegionMatrixView::LatencyColumn, Qt::AscendingOrder);
    QList<int> latencies;
    for (const QString &text : columnTexts(view, RegionMatrixView::LatencyColumn))
        latencies << text.toInt();
    QVERIFY(std::is_sorted(latencies.cbegin(), latencies.cend()));
    // Sorting by the tick puts the serving regions first.
    tableOf(view)->sortByColumn(RegionMatrixView::ServesColumn, Qt::AscendingOrder);
    const QStringList ticks = columnTexts(view, RegionMatrixView::ServesColumn);
    QCOMPARE(ticks.count(QStringLiteral("✓")), 6);
    QCOMPARE(ticks.mid(0, 6), QStringList(6, QStringLiteral("✓")));
}

void TestRegionMatrixView::useThisRegionEmitsTheSelectedRegion()
{
    RegionMatrixView view(*m_services);
    view.show();
    view.setAccount(kAccount);
    view.setModel(QStringLiteral("deepseek.v3.1"));
    QVERIFY(checkAndWait(view));
    QTableWidget *table = tableOf(view);
    int row = -1;
    for (int i = 0; i < table->rowCount(); ++i) {
        if (table->item(i, RegionMatrixView::RegionColumn)->text() == u"eu-central-1")
            row = i;
    }
    QVERIFY(row >= 0);
    table->selectRow(row);
    QSignalSpy chosen(&view, &RegionMatrixView::regionChosen);
    auto *use = child<QPushButton>(&view, QStringLiteral("regionMatrixUseButton"));
    QVERIFY(use->isEnabled());
    use->click();
    QCOMPARE(chosen.size(), 1);
    QCOMPARE(chosen.first().at(0).toString(), kAccount);
    QCOMPARE(chosen.first().at(1).toString(), QStringLiteral("eu-central-1"));
    QCOMPARE(chosen.first().at(2).toString(), QStringLiteral("deepseek.v3.1"));
}

void TestRegionMatrixView::theDemoAccountIsSaidToSendEveryRegionToOneEndpoint()
{
    const Status started = m_services->startDemo();
    QVERIFY2(started.ok(), qPrintable(started.ok() ? QString() : started.error().message));
    RegionMatrixView view(*m_services);
    view.show();
    view.setAccount(PlaygroundServices::demoAccountName());
    QCOMPARE(view.currentAccount(), PlaygroundServices::demoAccountName());
    QVERIFY2(view.noteText().contains(m_services->demoEndpoint()), qPrintable(view.noteText()));
    view.setModel(QStringLiteral("openai.gpt-oss-120b"));
    QVERIFY(checkAndWait(view));
    // The demo's API key names no region: every row is the demo emulator's own list.
    QCOMPARE(columnTexts(view, RegionMatrixView::ServesColumn),
             QStringList(13, QStringLiteral("✓")));
}

void TestRegionMatrixView::stopEndsTheCheckAndMarksThePendingRegions()
{
    const Status started = m_services->startDemo();
    QVERIFY2(started.ok(), qPrintable(started.ok() ? QString() : started.error().message));
    // Every answer of the demo emulator waits a minute: the check is still running when stopped.
    m_services->setDemoFault(QStringLiteral("latency=60000"));
    RegionMatrixView view(*m_services);
    view.show();
    view.setAccount(PlaygroundServices::demoAccountName());
    view.setModel(QStringLiteral("openai.gpt-oss-120b"));
    auto *button = child<QPushButton>(&view, QStringLiteral("regionMatrixCheckButton"));
    QSignalSpy finished(&view, &RegionMatrixView::checkFinished);
    button->click();
    QVERIFY(view.isChecking());
    QCOMPARE(button->text(), QStringLiteral("&Stop"));
    QVERIFY(!child<QComboBox>(&view, QStringLiteral("regionMatrixAccountCombo"))->isEnabled());
    // Wait until the requests are out (the account is resolved, the status says so).
    auto *status = child<QLabel>(&view, QStringLiteral("regionMatrixStatus"));
    QTRY_VERIFY_WITH_TIMEOUT(status->text().startsWith(QStringLiteral("Checking")), kTimeoutMs);

    button->click();
    QCOMPARE(finished.size(), 1);
    QVERIFY(!view.isChecking());
    QCOMPARE(button->text(), QStringLiteral("Check &regions"));
    for (const QString &error : columnTexts(view, RegionMatrixView::ErrorColumn))
        QVERIFY2(!error.isEmpty(), "a stopped region says so");
    QCOMPARE(columnTexts(view, RegionMatrixView::ServesColumn), QStringList(13, QString()));
    QVERIFY(child<QComboBox>(&view, QStringLiteral("regionMatrixAccountCombo"))->isEnabled());
}

QTEST_MAIN(TestRegionMatrixView)
#include "tst_regionmatrixview.moc"

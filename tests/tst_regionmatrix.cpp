// The region matrix (issue #11 item 3) against the in-process emulator with its SigV4 test
// credentials and an endpoint override: each region's request is signed for that region, and
// the emulator serves deepseek.v3.1 and moonshotai.kimi-k2-thinking in some regions only.
// Also the emulator side of it: a model a region does not serve is unknown there.
#include "emulatorenginefixture.h"

#include "common/clock.h"
#include "compare/regionmatrix.h"
#include "emulatorexchange.h"
#include "mantle/regions.h"
#include "mantleservice.h"
#include "modelcatalogue.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTest>

#include <memory>

using mantle::compare::RegionCheck;
using mantle::compare::RegionMatrix;
using mantle::pipeline::CallTarget;
using namespace mantle::test;

namespace {

using State = RegionCheck::State;

// What the emulator's built-in catalogue promises (emulator/modelcatalogue.h), written out here
// so that a change there is a decision, not an accident.
const QStringList kDeepSeekRegions{QStringLiteral("us-east-1"),      QStringLiteral("us-east-2"),
                                   QStringLiteral("us-west-2"),      QStringLiteral("ap-south-1"),
                                   QStringLiteral("ap-northeast-1"), QStringLiteral("eu-central-1"),
                                   QStringLiteral("eu-west-1")};
const QStringList kKimiThinkingRegions{
    QStringLiteral("us-east-1"),      QStringLiteral("us-west-2"),
    QStringLiteral("ap-southeast-2"), QStringLiteral("ap-northeast-1"),
    QStringLiteral("eu-north-1"),     QStringLiteral("sa-east-1")};

QStringList allRegionCodes()
{
    QStringList codes;
    for (const mantle::mantle::Region &region : mantle::mantle::mantleRegions())
        codes << region.code;
    return codes;
}

/// How many models the emulator lists in `region`.
int emulatorModelCount(const QString &region)
{
    // Held here: builtIn() returns a temporary that a range-for would destroy before the loop.
    const mantle::emulator::ModelCatalogue catalogue = mantle::emulator::ModelCatalogue::builtIn();
    int count = 0;
    for (const mantle::emulator::EmulatedModel &model : catalogue.models())
        count += model.isServedIn(region.toLatin1()) ? 1 : 0;
    return count;
}

QString describe(const RegionCheck &row)
{
    return QStringLiteral("%1: %2 %3").arg(row.region, row.stateName(), row.error);
}

} // namespace

class TestRegionMatrix : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void listsTheModelInExactlyTheRegionsThatServeIt_data();
    void listsTheModelInExactlyTheRegionsThatServeIt();
    void aRegionWithoutATargetFailsOnItsRowWhileTheOthersFinish();
    void aRegionThatRefusesShowsTheRefusalInOneLine();
    void cancelEndsTheRegionsStillPending();
    void jsonFormHasOneEntryPerRegion();
    void retargetSignsForTheNewRegionOnlyWithSigV4();

    void emulatorListsOnlyTheModelsOfTheRequestsRegion_data();
    void emulatorListsOnlyTheModelsOfTheRequestsRegion();
    void emulatorAnswersAModelOutsideItsRegionsAsUnknown_data();
    void emulatorAnswersAModelOutsideItsRegionsAsUnknown();

private:
    /// A resolver giving the fixture's SigV4 target, except for the regions in `failing`.
    RegionMatrix::TargetResolver resolver(const QStringList &failing = {}) const;
    /// Runs a matrix to its end; false when it did not finish in time.
    bool runToEnd(RegionMatrix &matrix);

    std::unique_ptr<EmulatorEngineFixture> m_fixture;
};

void TestRegionMatrix::init()
{
    m_fixture = std::make_unique<EmulatorEngineFixture>();
    const std::optional<QString> problem = m_fixture->start();
    QVERIFY2(!problem, qPrintable(problem.value_or(QString())));
}

void TestRegionMatrix::cleanup()
{
    m_fixture.reset();
}

RegionMatrix::TargetResolver TestRegionMatrix::resolver(const QStringList &failing) const
{
    const CallTarget base = m_fixture->target(EngineAuth::SigV4);
    return [base, failing](const QString &region, QObject *, RegionMatrix::TargetDone done) {
        if (failing.contains(region)) {
            done(mantle::makeError(
                mantle::Error::Kind::Config,
                QStringLiteral("No credentials for %1\nsecond line").arg(region)));
            return;
        }
        done(RegionMatrix::retarget(base, region));
    };
}

bool TestRegionMatrix::runToEnd(RegionMatrix &matrix)
{
    QSignalSpy finished(&matrix, &RegionMatrix::finished);
    matrix.start();
    return finished.wait(kEngineWaitMs) && finished.size() == 1;
}

void TestRegionMatrix::listsTheModelInExactlyTheRegionsThatServeIt_data()
{
    QTest::addColumn<QString>("model");
    QTest::addColumn<QStringList>("serving");
    QTest::addRow("deepseek.v3.1") << QStringLiteral("deepseek.v3.1") << kDeepSeekRegions;
    QTest::addRow("kimi-k2-thinking")
        << QStringLiteral("moonshotai.kimi-k2-thinking") << kKimiThinkingRegions;
    QTest::addRow("gpt-oss-120b everywhere")
        << QStringLiteral("openai.gpt-oss-120b") << allRegionCodes();
    QTest::addRow("unknown model nowhere") << QStringLiteral("acme.no-such-model") << QStringList();
}

void TestRegionMatrix::listsTheModelInExactlyTheRegionsThatServeIt()
{
    QFETCH(QString, model);
    QFETCH(QStringList, serving);

    RegionMatrix matrix(m_fixture->client(), resolver(), model);
    QSignalSpy progressed(&matrix, &RegionMatrix::progressed);
    QSignalSpy rowChanged(&matrix, &RegionMatrix::rowChanged);
    QVERIFY(runToEnd(matrix));

    QCOMPARE(matrix.regionCount(), 13);
    QCOMPARE(matrix.answeredCount(), 13);
    QCOMPARE(matrix.servingRegions(), serving);
    QCOMPARE(rowChanged.size(), 13);
    QCOMPARE(progressed.size(), 13);
    QCOMPARE(progressed.last().at(0).toInt(), 13);
    QCOMPARE(progressed.last().at(1).toInt(), 13);
    for (const RegionCheck &row : matrix.rows()) {
        QVERIFY2(row.state == State::Answered, qPrintable(describe(row)));
        QCOMPARE(row.listsModel, serving.contains(row.region));
        QCOMPARE(row.modelCount, emulatorModelCount(row.region));
        QCOMPARE(row.models.contains(model), serving.contains(row.region));
        QVERIFY2(row.latency.has_value(), qPrintable(row.region));
        QVERIFY(row.error.isEmpty());
        QVERIFY(!row.regionName.isEmpty());
    }
    // Every region went to the emulator: the note the app shows has its address.
    QCOMPARE(matrix.sharedEndpoint(), m_fixture->target().endpoint->toString());
}

void TestRegionMatrix::aRegionWithoutATargetFailsOnItsRowWhileTheOthersFinish()
{
    const QString failing = QStringLiteral("eu-south-1");
    RegionMatrix matrix(m_fixture->client(), resolver({failing}), QStringLiteral("deepseek.v3.1"));
    QVERIFY(runToEnd(matrix));

    QCOMPARE(matrix.answeredCount(), 12);
    QCOMPARE(matrix.servingRegions(), kDeepSeekRegions);
    for (const RegionCheck &row : matrix.rows()) {
        if (row.region != failing) {
            QVERIFY2(row.state == State::Answered, qPrintable(describe(row)));
            continue;
        }
        QVERIFY(row.state == State::Failed);
        QCOMPARE(row.error, QStringLiteral("No credentials for eu-south-1 second line"));
        QVERIFY(!row.listsModel);
        QVERIFY(!row.latency);
        QVERIFY(!row.sent);
    }
}

void TestRegionMatrix::aRegionThatRefusesShowsTheRefusalInOneLine()
{
    const CallTarget base = m_fixture->target(EngineAuth::SigV4);
    const QString refusing = QStringLiteral("ap-south-1");
    RegionMatrix matrix(
        m_fixture->client(),
        [base, refusing](const QString &region, QObject *, RegionMatrix::TargetDone done) {
            CallTarget target = RegionMatrix::retarget(base, region);
            if (region == refusing)
                addFault(target, "access-denied");
            done(target);
        },
        QStringLiteral("deepseek.v3.1"));
    QVERIFY(runToEnd(matrix));

    QCOMPARE(matrix.answeredCount(), 12);
    QStringList serving = kDeepSeekRegions;
    serving.removeAll(refusing);
    QCOMPARE(matrix.servingRegions(), serving);
    const RegionCheck &row = matrix.rows().at(allRegionCodes().indexOf(refusing));
    QVERIFY2(row.state == State::Failed, qPrintable(describe(row)));
    QVERIFY2(row.error.contains(QStringLiteral("bedrock-mantle:")), qPrintable(row.error));
    QVERIFY(!row.error.contains(QLatin1Char('\n')));
    QVERIFY(row.sent);
}

void TestRegionMatrix::cancelEndsTheRegionsStillPending()
{
    const CallTarget base = m_fixture->target(EngineAuth::SigV4);
    const QString held = QStringLiteral("sa-east-1");
    // The held region's target never comes; its callback is kept until the test ends.
    auto heldDone = std::make_shared<RegionMatrix::TargetDone>();
    RegionMatrix matrix(
        m_fixture->client(),
        [base, held, heldDone](const QString &region, QObject *, RegionMatrix::TargetDone done) {
            if (region == held) {
                *heldDone = std::move(done);
                return;
            }
            done(RegionMatrix::retarget(base, region));
        },
        QString());
    QSignalSpy progressed(&matrix, &RegionMatrix::progressed);
    QSignalSpy finished(&matrix, &RegionMatrix::finished);
    matrix.start();
    QTRY_COMPARE_WITH_TIMEOUT(matrix.doneCount(), 12, kEngineWaitMs);
    QVERIFY(!matrix.isFinished());
    QCOMPARE(finished.size(), 0);

    matrix.cancel();
    QCOMPARE(finished.size(), 1);
    QVERIFY(matrix.isFinished());
    const RegionCheck &row = matrix.rows().at(allRegionCodes().indexOf(held));
    QVERIFY(row.state == State::Cancelled);
    QVERIFY(!row.error.isEmpty());
    // A late answer of the resolver changes nothing.
    QVERIFY(*heldDone);
    (*heldDone)(RegionMatrix::retarget(base, held));
    QTest::qWait(0);
    QVERIFY(matrix.rows().at(allRegionCodes().indexOf(held)).state == State::Cancelled);
    QCOMPARE(finished.size(), 1);
    QCOMPARE(progressed.size(), 13);
    // Without a model no row lists one.
    QVERIFY(matrix.servingRegions().isEmpty());
}

void TestRegionMatrix::jsonFormHasOneEntryPerRegion()
{
    RegionMatrix matrix(m_fixture->client(), resolver({QStringLiteral("eu-west-2")}),
                        QStringLiteral("moonshotai.kimi-k2-thinking"));
    QVERIFY(runToEnd(matrix));
    const QJsonObject json = matrix.toJson();

    QCOMPARE(json.value(u"model").toString(), QStringLiteral("moonshotai.kimi-k2-thinking"));
    QCOMPARE(json.value(u"answered").toInt(), 12);
    QCOMPARE(json.value(u"shared_endpoint").toString(), m_fixture->target().endpoint->toString());
    QStringList serving;
    for (const QJsonValue &region : json.value(u"serving").toArray())
        serving << region.toString();
    QCOMPARE(serving, kKimiThinkingRegions);
    const QJsonArray regions = json.value(u"regions").toArray();
    QCOMPARE(regions.size(), 13);
    QStringList codes;
    for (const QJsonValue &value : regions) {
        const QJsonObject entry = value.toObject();
        const QString code = entry.value(u"region").toString();
        codes << code;
        QVERIFY(!entry.value(u"name").toString().isEmpty());
        if (code == QLatin1String("eu-west-2")) {
            QCOMPARE(entry.value(u"status").toString(), QStringLiteral("failed"));
            QVERIFY(entry.value(u"serves_model").isNull());
            QVERIFY(entry.value(u"models_listed").isNull());
            QVERIFY(entry.value(u"latency_ms").isNull());
            QVERIFY(entry.value(u"error").toString().startsWith(u"No credentials"));
            continue;
        }
        QCOMPARE(entry.value(u"status").toString(), QStringLiteral("answered"));
        QCOMPARE(entry.value(u"serves_model").toBool(), kKimiThinkingRegions.contains(code));
        QCOMPARE(entry.value(u"models_listed").toInt(), emulatorModelCount(code));
        QVERIFY(entry.value(u"latency_ms").isDouble());
        QVERIFY(entry.value(u"error").isNull());
    }
    QCOMPARE(codes, allRegionCodes());
}

void TestRegionMatrix::retargetSignsForTheNewRegionOnlyWithSigV4()
{
    const CallTarget sigV4 = RegionMatrix::retarget(m_fixture->target(EngineAuth::SigV4),
                                                    QStringLiteral("eu-north-1"));
    QCOMPARE(sigV4.region, QStringLiteral("eu-north-1"));
    QCOMPARE(sigV4.auth.region, QByteArray("eu-north-1"));
    QVERIFY(sigV4.endpoint.has_value());

    const CallTarget key = RegionMatrix::retarget(m_fixture->target(EngineAuth::ApiKey),
                                                  QStringLiteral("eu-north-1"));
    QCOMPARE(key.region, QStringLiteral("eu-north-1"));
    QVERIFY(key.auth.region.isEmpty());
}

void TestRegionMatrix::emulatorListsOnlyTheModelsOfTheRequestsRegion_data()
{
    QTest::addColumn<QByteArray>("region");
    QTest::addColumn<bool>("deepSeek");
    QTest::addColumn<bool>("kimiThinking");
    QTest::addRow("us-east-1") << QByteArray("us-east-1") << true << true;
    QTest::addRow("us-west-2") << QByteArray("us-west-2") << true << true;
    QTest::addRow("eu-central-1") << QByteArray("eu-central-1") << true << false;
    QTest::addRow("sa-east-1") << QByteArray("sa-east-1") << false << true;
    QTest::addRow("eu-south-1") << QByteArray("eu-south-1") << false << false;
}

void TestRegionMatrix::emulatorListsOnlyTheModelsOfTheRequestsRegion()
{
    QFETCH(QByteArray, region);
    QFETCH(bool, deepSeek);
    QFETCH(bool, kimiThinking);
    mantle::SystemClock clock;
    mantle::emulator::MantleService service(clock);
    mantle::emulator::EmulatorRequest request;
    request.method = "GET";
    request.path = "/v1/models";
    request.region = region;
    const mantle::emulator::EmulatorReply reply = service.handle(request);
    QCOMPARE(reply.status, 200);
    QStringList ids;
    for (const QJsonValue &model :
         QJsonDocument::fromJson(reply.body).object().value(u"data").toArray())
        ids << model.toObject().value(u"id").toString();
    QCOMPARE(ids.contains(u"deepseek.v3.1"), deepSeek);
    QCOMPARE(ids.contains(u"moonshotai.kimi-k2-thinking"), kimiThinking);
    QVERIFY(ids.contains(u"openai.gpt-oss-120b"));
    QVERIFY(ids.contains(u"anthropic.claude-haiku-4-5"));
}

void TestRegionMatrix::emulatorAnswersAModelOutsideItsRegionsAsUnknown_data()
{
    QTest::addColumn<QString>("model");
    QTest::addColumn<QByteArray>("region");
    QTest::addColumn<int>("status");
    QTest::addRow("deepseek in its region")
        << QStringLiteral("deepseek.v3.1") << QByteArray("eu-west-1") << 200;
    QTest::addRow("deepseek outside")
        << QStringLiteral("deepseek.v3.1") << QByteArray("sa-east-1") << 404;
    QTest::addRow("kimi in its region")
        << QStringLiteral("moonshotai.kimi-k2-thinking") << QByteArray("sa-east-1") << 200;
    QTest::addRow("kimi outside") << QStringLiteral("moonshotai.kimi-k2-thinking")
                                  << QByteArray("eu-west-1") << 404;
    QTest::addRow("unknown model")
        << QStringLiteral("acme.no-such-model") << QByteArray("us-east-1") << 404;
}

void TestRegionMatrix::emulatorAnswersAModelOutsideItsRegionsAsUnknown()
{
    QFETCH(QString, model);
    QFETCH(QByteArray, region);
    QFETCH(int, status);
    mantle::SystemClock clock;
    mantle::emulator::MantleService service(clock);
    mantle::emulator::EmulatorRequest request;
    request.method = "POST";
    request.path = "/v1/chat/completions";
    request.region = region;
    request.body = QJsonDocument(QJsonObject{{QStringLiteral("model"), model},
                                             {QStringLiteral("messages"),
                                              QJsonArray{QJsonObject{
                                                  {QStringLiteral("role"), QStringLiteral("user")},
                                                  {QStringLiteral("content"), QStringLiteral("Hi")},
                                              }}}})
                       .toJson(QJsonDocument::Compact);
    const mantle::emulator::EmulatorReply reply = service.handle(request);
    QCOMPARE(reply.status, status);
    if (status == 404) {
        // The same words as for a model that exists nowhere.
        const QJsonObject error
            = QJsonDocument::fromJson(reply.body).object().value(u"error").toObject();
        QCOMPARE(error.value(u"message").toString(),
                 QStringLiteral("The model '%1' does not exist").arg(model));
    }
}

QTEST_GUILESS_MAIN(TestRegionMatrix)
#include "tst_regionmatrix.moc"

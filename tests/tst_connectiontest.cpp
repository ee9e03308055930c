// ConnectionTest ("Test connection") against the in-process emulator: every step passing with
// an API key and with SigV4, and each failure reported with its fix: the emulator's
// access-denied fault (CreateInference for SigV4, CallWithBearerToken for API keys, the
// Marketplace for third-party models, ListModels on the model list), its wrong-prefix fault, a
// prefix learned as a note, an unknown API key, a region without Mantle and a refused
// AssumeRole.

#include "accounts/connectiontest.h"
#include "aws/credentialprovider.h"
#include "emulatorenginefixture.h"
#include "localemulator.h"
#include "mantle/routeresolver.h"

#include <QSignalSpy>
#include <QTest>
#include <QTimer>

using mantle::accounts::ConnectionStep;
using mantle::accounts::ConnectionTest;
using mantle::pipeline::CallTarget;
using namespace mantle::test;

Q_DECLARE_METATYPE(mantle::accounts::ConnectionStep)

namespace {

/// A QStringList from Latin-1 literals.
QStringList latin1List(std::initializer_list<const char *> items)
{
    QStringList list;
    for (const char *item : items)
        list.append(QString::fromLatin1(item));
    return list;
}

const QString kRoleArn = QStringLiteral("arn:aws:iam::210987654321:role/MantleUser");
const QString kSource = QStringLiteral("arn:aws:iam::123456789012:user/alice");

/// Refuses like STS refuses an AssumeRole the trust policy does not allow.
class RefusingProvider final : public mantle::aws::CredentialProvider
{
public:
    using CredentialProvider::CredentialProvider;
    void credentials(Callback done) override
    {
        QTimer::singleShot(0, this, [done = std::move(done)] {
            mantle::Error error = mantle::makeError(
                mantle::Error::Kind::Auth,
                QStringLiteral("STS refused AssumeRole: User: %1 is not authorized to perform: "
                               "sts:AssumeRole on resource: %2")
                    .arg(kSource, kRoleArn));
            error.code = QStringLiteral("AccessDenied");
            error.httpStatus = 403;
            done(error);
        });
    }
};

QString stepsText(const QList<ConnectionStep> &steps)
{
    QStringList lines;
    for (const ConnectionStep &step : steps)
        lines.append(QStringLiteral("%1 [%2] %3 | fix: %4 | note: %5")
                         .arg(step.name)
                         .arg(int(step.status))
                         .arg(step.detail, step.fix, step.note));
    return lines.join(u'\n');
}

} // namespace

class TestConnectionTest : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();
    void passesEveryStepAgainstTheEmulator_data();
    void passesEveryStepAgainstTheEmulator();
    void accessDeniedOnTheRequestNamesTheActionForTheAuthMethod_data();
    void accessDeniedOnTheRequestNamesTheActionForTheAuthMethod();
    void accessDeniedOnAThirdPartyModelNamesTheMarketplace();
    void accessDeniedOnTheModelListStopsAtStepThree();
    void learnedPrefixIsANoteNotAFailure();
    void wrongPrefixOnBothRoutesFailsWithTheRouteAdvice();
    void unknownApiKeyFailsWithTheKeyAdvice();
    void regionWithoutMantleFailsStepTwo();
    void refusedAssumeRoleNamesTheTrustPolicy_data();
    void refusedAssumeRoleNamesTheTrustPolicy();

private:
    /// Runs a test over `target` to its end; the steps it reported.
    QList<ConnectionStep> run(const CallTarget &target, const QString &model = {},
                              const QByteArray &requestFault = {});

    EmulatorEngineFixture m_engine;
};

void TestConnectionTest::init()
{
    const auto error = m_engine.start();
    QVERIFY2(!error, qPrintable(error.value_or(QString())));
}

void TestConnectionTest::cleanup()
{
    m_engine.stop();
}

QList<ConnectionStep> TestConnectionTest::run(const CallTarget &target, const QString &model,
                                              const QByteArray &requestFault)
{
    ConnectionTest test(
        m_engine.client(), [target](ConnectionTest::TargetDone done) { done(target); },
        &m_engine.memory());
    test.setModel(model);
    if (!requestFault.isEmpty())
        test.setRequestHeaders({{QByteArrayLiteral("x-emulator-fault"), requestFault}});
    QSignalSpy finished(&test, &ConnectionTest::finished);
    QSignalSpy steps(&test, &ConnectionTest::stepFinished);
    test.start();
    if (!finished.wait(kEngineWaitMs))
        qWarning("the connection test did not finish");
    if (steps.size() != 4)
        qWarning("%d steps reported", int(steps.size()));
    if (finished.size() == 1 && finished.at(0).at(0).toBool() != test.passed())
        qWarning("finished() disagrees with passed()");
    return test.steps();
}

void TestConnectionTest::passesEveryStepAgainstTheEmulator_data()
{
    QTest::addColumn<EngineAuth>("auth");
    QTest::addColumn<QString>("credentials");
    QTest::addRow("API key") << EngineAuth::ApiKey << "API key";
    QTest::addRow("SigV4") << EngineAuth::SigV4 << "AKIDMANTLEEMULATOR";
}

void TestConnectionTest::passesEveryStepAgainstTheEmulator()
{
    QFETCH(EngineAuth, auth);
    QFETCH(QString, credentials);
    const QList<ConnectionStep> steps = run(m_engine.target(auth));
    QCOMPARE(steps.size(), 4);
    for (const ConnectionStep &step : steps)
        QVERIFY2(step.status == ConnectionStep::Status::Ok, qPrintable(stepsText(steps)));
    QCOMPARE(steps.at(0).name, QStringLiteral("credentials"));
    QVERIFY2(steps.at(0).detail.contains(credentials), qPrintable(steps.at(0).detail));
    QVERIFY(steps.at(1).detail.startsWith(kEngineRegion));
    QVERIFY2(steps.at(2).detail.contains(QLatin1String("models listed")),
             qPrintable(steps.at(2).detail));
    // Anthropic models serve no Chat Completions: the default model is never one of them.
    QVERIFY2(!steps.at(3).detail.startsWith(QLatin1String("anthropic.")),
             qPrintable(steps.at(3).detail));
    QVERIFY(steps.at(3).note.isEmpty());
}

void TestConnectionTest::accessDeniedOnTheRequestNamesTheActionForTheAuthMethod_data()
{
    QTest::addColumn<EngineAuth>("auth");
    QTest::addColumn<QStringList>("fixSays");
    QTest::addColumn<QString>("fixNeverSays");
    QTest::addRow("SigV4") << EngineAuth::SigV4
                           << latin1List({"bedrock-mantle:CreateInference",
                                          "arn:aws:bedrock-mantle:us-east-1:", ":project/*",
                                          "AmazonBedrockMantleInferenceAccess"})
                           << "CallWithBearerToken";
    QTest::addRow("API key") << EngineAuth::ApiKey
                             << latin1List({"bedrock-mantle:CallWithBearerToken", "\"*\""})
                             << "CreateInference";
}

void TestConnectionTest::accessDeniedOnTheRequestNamesTheActionForTheAuthMethod()
{
    QFETCH(EngineAuth, auth);
    QFETCH(QStringList, fixSays);
    QFETCH(QString, fixNeverSays);
    const QList<ConnectionStep> steps
        = run(m_engine.target(auth), kOpenAiModel, QByteArrayLiteral("access-denied"));
    QCOMPARE(steps.size(), 4);
    for (int i = 0; i < 3; ++i)
        QVERIFY2(steps.at(i).status == ConnectionStep::Status::Ok, qPrintable(stepsText(steps)));
    QCOMPARE(steps.at(3).status, ConnectionStep::Status::Failed);
    for (const QString &part : fixSays)
        QVERIFY2(steps.at(3).fix.contains(part), qPrintable(steps.at(3).fix));
    QVERIFY2(!steps.at(3).fix.contains(fixNeverSays), qPrintable(steps.at(3).fix));
    QVERIFY2(!steps.at(3).fix.contains(QLatin1String("aws-marketplace")),
             qPrintable(steps.at(3).fix));
}

void TestConnectionTest::accessDeniedOnAThirdPartyModelNamesTheMarketplace()
{
    const QList<ConnectionStep> steps = run(m_engine.target(EngineAuth::SigV4), kChatOnlyModel,
                                            QByteArrayLiteral("access-denied"));
    QCOMPARE(steps.size(), 4);
    QCOMPARE(steps.at(3).status, ConnectionStep::Status::Failed);
    QVERIFY2(steps.at(3).fix.contains(QLatin1String("bedrock-mantle:CreateInference")),
             qPrintable(steps.at(3).fix));
    QVERIFY2(steps.at(3).fix.contains(QLatin1String("aws-marketplace:Subscribe")),
             qPrintable(steps.at(3).fix));
    QVERIFY2(steps.at(3).fix.contains(QLatin1String("aws:CalledViaLast")),
             qPrintable(steps.at(3).fix));
}

void TestConnectionTest::accessDeniedOnTheModelListStopsAtStepThree()
{
    CallTarget target = m_engine.target(EngineAuth::SigV4);
    addFault(target, "access-denied");
    const QList<ConnectionStep> steps = run(target);
    QCOMPARE(steps.size(), 4);
    QCOMPARE(steps.at(2).status, ConnectionStep::Status::Failed);
    QVERIFY2(steps.at(2).fix.contains(QLatin1String("bedrock-mantle:ListModels")),
             qPrintable(steps.at(2).fix));
    QCOMPARE(steps.at(3).status, ConnectionStep::Status::Skipped);
}

void TestConnectionTest::learnedPrefixIsANoteNotAFailure()
{
    CallTarget forced = m_engine.target(EngineAuth::SigV4);
    forced.routes = mantle::mantle::RouteResolver(
        mantle::mantle::RouteResolver::builtInOpenAiPrefixModels(), {kPrefixModel});
    const QList<ConnectionStep> steps = run(forced, kPrefixModel);
    QCOMPARE(steps.size(), 4);
    QVERIFY2(steps.at(3).status == ConnectionStep::Status::Ok, qPrintable(stepsText(steps)));
    QVERIFY2(steps.at(3).note.contains(QLatin1String("/openai/v1")), qPrintable(steps.at(3).note));
    QCOMPARE(m_engine.memory().lookup(kEngineAccount, kEngineRegion, kPrefixModel),
             std::optional(mantle::mantle::RoutePrefix::OpenAiV1));
}

void TestConnectionTest::wrongPrefixOnBothRoutesFailsWithTheRouteAdvice()
{
    const QList<ConnectionStep> steps
        = run(m_engine.target(EngineAuth::ApiKey), kOpenAiModel, QByteArrayLiteral("wrong-prefix"));
    QCOMPARE(steps.size(), 4);
    QCOMPARE(steps.at(3).status, ConnectionStep::Status::Failed);
    QVERIFY2(steps.at(3).detail.contains(QLatin1String("not served under this route")),
             qPrintable(steps.at(3).detail));
    QVERIFY(!steps.at(3).fix.isEmpty());
    QVERIFY2(!steps.at(3).fix.contains(QLatin1String("CallWithBearerToken")),
             qPrintable(steps.at(3).fix));
    QVERIFY(m_engine.memory().isEmpty());
}

void TestConnectionTest::unknownApiKeyFailsWithTheKeyAdvice()
{
    CallTarget target = m_engine.target(EngineAuth::ApiKey);
    target.auth.apiKey = mantle::SecretString(std::string_view("not-a-key-the-emulator-knows"));
    const QList<ConnectionStep> steps = run(target);
    QCOMPARE(steps.size(), 4);
    QCOMPARE(steps.at(0).status, ConnectionStep::Status::Ok);
    QCOMPARE(steps.at(2).status, ConnectionStep::Status::Failed);
    QVERIFY2(steps.at(2).fix.contains(QLatin1String("API key")), qPrintable(steps.at(2).fix));
    QCOMPARE(steps.at(3).status, ConnectionStep::Status::Skipped);
}

void TestConnectionTest::regionWithoutMantleFailsStepTwo()
{
    CallTarget target = m_engine.target(EngineAuth::ApiKey);
    target.region = QStringLiteral("eu-west-3");
    const QList<ConnectionStep> steps = run(target);
    QCOMPARE(steps.size(), 4);
    QCOMPARE(steps.at(1).status, ConnectionStep::Status::Failed);
    QVERIFY2(steps.at(1).detail.contains(QLatin1String("eu-west-3")),
             qPrintable(steps.at(1).detail));
    QVERIFY2(steps.at(1).fix.contains(QLatin1String("us-east-1")), qPrintable(steps.at(1).fix));
    QCOMPARE(steps.at(2).status, ConnectionStep::Status::Skipped);
    QCOMPARE(steps.at(3).status, ConnectionStep::Status::Skipped);
}

void TestConnectionTest::refusedAssumeRoleNamesTheTrustPolicy_data()
{
    QTest::addColumn<bool>("hasExternalId");
    QTest::addColumn<QString>("externalIdAdvice");
    QTest::addRow("without external ID") << false << "If the trust policy has an sts:ExternalId";
    QTest::addRow("with external ID") << true << "Check that the account's external ID";
}

void TestConnectionTest::refusedAssumeRoleNamesTheTrustPolicy()
{
    QFETCH(bool, hasExternalId);
    QFETCH(QString, externalIdAdvice);
    RefusingProvider provider;
    CallTarget target = m_engine.target(EngineAuth::SigV4);
    target.auth.credentials = &provider;
    ConnectionTest test(
        m_engine.client(), [target](ConnectionTest::TargetDone done) { done(target); },
        &m_engine.memory());
    test.setRole(kRoleArn, kSource, hasExternalId);
    QSignalSpy finished(&test, &ConnectionTest::finished);
    test.start();
    QVERIFY(finished.wait(kEngineWaitMs));
    QCOMPARE(finished.at(0).at(0).toBool(), false);
    const QList<ConnectionStep> steps = test.steps();
    QCOMPARE(steps.size(), 4);
    QCOMPARE(steps.at(0).status, ConnectionStep::Status::Failed);
    QVERIFY2(steps.at(0).fix.contains(QLatin1String("trust policy of ") + kRoleArn),
             qPrintable(steps.at(0).fix));
    QVERIFY2(steps.at(0).fix.contains(kSource), qPrintable(steps.at(0).fix));
    QVERIFY2(steps.at(0).fix.contains(externalIdAdvice), qPrintable(steps.at(0).fix));
    for (int i = 1; i < 4; ++i)
        QCOMPARE(steps.at(i).status, ConnectionStep::Status::Skipped);
}

QTEST_GUILESS_MAIN(TestConnectionTest)
#include "tst_connectiontest.moc"

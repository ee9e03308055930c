#include "mantle/costcalculator.h"

#include "api/turn.h"
#include "mantle/costledger.h"

#include <QFile>
#include <QJsonDocument>
#include <QTest>

using namespace Qt::StringLiterals;

using mantle::api::Turn;
using mantle::api::Usage;
using mantle::mantle::ApiSurface;
using mantle::mantle::CostCalculator;
using mantle::mantle::CostLedger;
using mantle::mantle::CostTotal;
using mantle::mantle::ModelPrices;
using mantle::mantle::RequestCost;

Q_DECLARE_METATYPE(mantle::mantle::ApiSurface)
Q_DECLARE_METATYPE(mantle::mantle::ModelPrices)
Q_DECLARE_METATYPE(mantle::api::Usage)

namespace {

// Test prices (not any model's real ones), chosen so the arithmetic is easy to follow.
// Per token, in pico-dollars: price per million × 10^6.
ModelPrices smallPrices(bool withCachedPrice)
{
    ModelPrices prices;
    prices.inputPerMillion = 0.15; // 150 000 pico per token
    prices.outputPerMillion = 0.60; // 600 000 pico per token
    if (withCachedPrice)
        prices.cachedInputPerMillion = 0.075; // 75 000 pico per token
    return prices;
}

ModelPrices claudeLikePrices(bool withCacheWritePrice)
{
    ModelPrices prices;
    prices.inputPerMillion = 5; // 5 000 000 pico per token
    prices.outputPerMillion = 25; // 25 000 000 pico per token
    prices.cachedInputPerMillion = 0.5; // 500 000 pico per token
    if (withCacheWritePrice)
        prices.cacheWritePerMillion = 6.25; // 6 250 000 pico per token
    return prices;
}

Usage usageFromFile(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        qWarning("cannot read %s", qPrintable(path));
    const Turn turn = Turn::fromReplayJson(QJsonDocument::fromJson(file.readAll()).object());
    if (!turn.usage)
        qWarning("%s has no usage", qPrintable(path));
    return turn.usage.value_or(Usage{});
}

QString shared(const char *name)
{
    return QStringLiteral(MANTLE_SHARED_TESTDATA "/sse/") + QLatin1String(name);
}

QString local(const char *name)
{
    return QStringLiteral(MANTLE_TEST_DATA "/sse/") + QLatin1String(name);
}

Usage usage(qint64 input, qint64 output, std::optional<qint64> cached = {},
            std::optional<qint64> cacheWrite = {})
{
    Usage result;
    result.inputTokens = input;
    result.outputTokens = output;
    result.cachedInputTokens = cached;
    result.cacheCreationInputTokens = cacheWrite;
    return result;
}

} // namespace

class TestCostCalculator : public QObject
{
    Q_OBJECT

private slots:
    void costsRealUsageObjects_data();
    void costsRealUsageObjects();
    void takesPricesToTheNearestPicoDollarPerToken_data();
    void takesPricesToTheNearestPicoDollarPerToken();
    void formatsAmountsRoundingHalfAwayFromZero_data();
    void formatsAmountsRoundingHalfAwayFromZero();
    void keepsTheCurrencyOfThePrices();
    void totalsPerConversationAccountAndDay();
    void countsRequestsWithoutPricesApart();
    void roundTripsTheLedgerThroughJson();
    void rejectsALedgerInAnotherCurrency();
};

void TestCostCalculator::costsRealUsageObjects_data()
{
    QTest::addColumn<Usage>("usage");
    QTest::addColumn<ApiSurface>("surface");
    QTest::addColumn<ModelPrices>("prices");
    QTest::addColumn<qint64>("uncachedInputPico");
    QTest::addColumn<qint64>("cachedInputPico");
    QTest::addColumn<qint64>("cacheWritePico");
    QTest::addColumn<qint64>("outputPico");
    QTest::addColumn<qint64>("totalPico");

    // Chat, prompt_tokens 82 of which cached_tokens 64, completion_tokens 24 (reasoning 9 are
    // part of the 24, not added). Uncached 82 - 64 = 18 × 150 000 = 2 700 000; cached
    // 64 × 75 000 = 4 800 000; output 24 × 600 000 = 14 400 000; total 21 900 000.
    QTest::newRow("chat, cached and reasoning tokens")
        << usageFromFile(local("chat-body-tools.expected.json")) << ApiSurface::ChatCompletions
        << smallPrices(true) << qint64(2'700'000) << qint64(4'800'000) << qint64(0)
        << qint64(14'400'000) << qint64(21'900'000);
    // The same without a cached price: 64 × 150 000 = 9 600 000;
    // total 2 700 000 + 9 600 000 + 14 400 000 = 26 700 000.
    QTest::newRow("chat, no cached price")
        << usageFromFile(local("chat-body-tools.expected.json")) << ApiSurface::ChatCompletions
        << smallPrices(false) << qint64(2'700'000) << qint64(9'600'000) << qint64(0)
        << qint64(14'400'000) << qint64(26'700'000);
    // Chat, 42 in, 17 out: 42 × 150 000 = 6 300 000; 17 × 600 000 = 10 200 000; 16 500 000.
    QTest::newRow("chat, shared transcript")
        << usageFromFile(shared("chat-parallel-tools-usage.expected.json"))
        << ApiSurface::ChatCompletions << smallPrices(true) << qint64(6'300'000) << qint64(0)
        << qint64(0) << qint64(10'200'000) << qint64(16'500'000);
    // Responses, 18 in, 120 out of which 96 reasoning: 18 × 150 000 = 2 700 000;
    // 120 × 600 000 = 72 000 000; total 74 700 000.
    QTest::newRow("responses, reasoning inside output")
        << usageFromFile(local("responses-reasoning-summary.expected.json"))
        << ApiSurface::Responses << smallPrices(true) << qint64(2'700'000) << qint64(0) << qint64(0)
        << qint64(72'000'000) << qint64(74'700'000);
    // Responses, 40 in (0 cached), 33 out: 6 000 000 + 19 800 000 = 25 800 000.
    QTest::newRow("responses, zero cached")
        << usageFromFile(local("responses-body-mixed.expected.json")) << ApiSurface::Responses
        << smallPrices(true) << qint64(6'000'000) << qint64(0) << qint64(0) << qint64(19'800'000)
        << qint64(25'800'000);
    // Messages: input_tokens 2050 excludes the 1800 cache reads, which come on top.
    // 2050 × 5 000 000 = 10 250 000 000; 1800 × 500 000 = 900 000 000;
    // 64 × 25 000 000 = 1 600 000 000; total 12 750 000 000 (= $0.01275).
    QTest::newRow("messages, cache reads on top of input")
        << usageFromFile(local("anthropic-redacted-thinking.expected.json")) << ApiSurface::Messages
        << claudeLikePrices(true) << qint64(10'250'000'000) << qint64(900'000'000) << qint64(0)
        << qint64(1'600'000'000) << qint64(12'750'000'000);
    // Messages, 50 in, 45 out: 250 000 000 + 1 125 000 000 = 1 375 000 000.
    QTest::newRow("messages, shared transcript")
        << usageFromFile(shared("anthropic-thinking-text-tool.expected.json"))
        << ApiSurface::Messages << claudeLikePrices(true) << qint64(250'000'000) << qint64(0)
        << qint64(0) << qint64(1'125'000'000) << qint64(1'375'000'000);
    // No transcript writes the cache, so this usage is made up: 100 in, 1000 written, 10 out.
    // 100 × 5 000 000 = 500 000 000; 1000 × 6 250 000 = 6 250 000 000;
    // 10 × 25 000 000 = 250 000 000; total 7 000 000 000.
    QTest::newRow("messages, cache writes (made-up usage)")
        << usage(100, 10, 0, 1000) << ApiSurface::Messages << claudeLikePrices(true)
        << qint64(500'000'000) << qint64(0) << qint64(6'250'000'000) << qint64(250'000'000)
        << qint64(7'000'000'000);
    // Without a cache-write price the writes cost the input price: 1000 × 5 000 000.
    QTest::newRow("messages, cache writes without their price")
        << usage(100, 10, 0, 1000) << ApiSurface::Messages << claudeLikePrices(false)
        << qint64(500'000'000) << qint64(0) << qint64(5'000'000'000) << qint64(250'000'000)
        << qint64(5'750'000'000);
    // More cached than input on Chat (a broken answer): all 10 input tokens count as cached,
    // 10 × 75 000 = 750 000; negative output counts as 0.
    QTest::newRow("chat, inconsistent counts")
        << usage(10, -3, 25) << ApiSurface::ChatCompletions << smallPrices(true) << qint64(0)
        << qint64(750'000) << qint64(0) << qint64(0) << qint64(750'000);
}

void TestCostCalculator::costsRealUsageObjects()
{
    QFETCH(Usage, usage);
    QFETCH(ApiSurface, surface);
    QFETCH(ModelPrices, prices);
    QFETCH(qint64, uncachedInputPico);
    QFETCH(qint64, cachedInputPico);
    QFETCH(qint64, cacheWritePico);
    QFETCH(qint64, outputPico);
    QFETCH(qint64, totalPico);
    QVERIFY(usage.inputTokens > 0);
    const RequestCost cost = CostCalculator::cost(usage, prices, surface);
    QCOMPARE(cost.uncachedInputPico, uncachedInputPico);
    QCOMPARE(cost.cachedInputPico, cachedInputPico);
    QCOMPARE(cost.cacheWritePico, cacheWritePico);
    QCOMPARE(cost.outputPico, outputPico);
    QCOMPARE(cost.totalPico(), totalPico);
}

void TestCostCalculator::takesPricesToTheNearestPicoDollarPerToken_data()
{
    QTest::addColumn<double>("pricePerMillion");
    QTest::addColumn<qint64>("pico");
    QTest::newRow("whole dollars") << 3.0 << qint64(3'000'000);
    QTest::newRow("cents") << 0.15 << qint64(150'000);
    QTest::newRow("a seventh digit rounds up") << 0.1234567 << qint64(123'457);
    QTest::newRow("a seventh digit rounds down") << 0.1234564 << qint64(123'456);
    QTest::newRow("below a pico per token") << 0.0000001 << qint64(0);
    QTest::newRow("free") << 0.0 << qint64(0);
}

void TestCostCalculator::takesPricesToTheNearestPicoDollarPerToken()
{
    QFETCH(double, pricePerMillion);
    QFETCH(qint64, pico);
    QCOMPARE(CostCalculator::picoPerToken(pricePerMillion), pico);
}

void TestCostCalculator::formatsAmountsRoundingHalfAwayFromZero_data()
{
    QTest::addColumn<qint64>("pico");
    QTest::addColumn<int>("decimals");
    QTest::addColumn<QString>("text");
    QTest::newRow("0.0000219 to 6") << qint64(21'900'000) << 6 << QStringLiteral("0.000022");
    QTest::newRow("0.01275 to 4, half up")
        << qint64(12'750'000'000) << 4 << QStringLiteral("0.0128");
    QTest::newRow("0.01275 to 2") << qint64(12'750'000'000) << 2 << QStringLiteral("0.01");
    QTest::newRow("1.5 to 0") << qint64(1'500'000'000'000) << 0 << QStringLiteral("2");
    QTest::newRow("12.34 to 2") << qint64(12'340'000'000'000) << 2 << QStringLiteral("12.34");
    QTest::newRow("negative half away") << qint64(-500'000) << 6 << QStringLiteral("-0.000001");
    QTest::newRow("zero") << qint64(0) << 6 << QStringLiteral("0.000000");
    QTest::newRow("all 12 digits") << qint64(1) << 12 << QStringLiteral("0.000000000001");
}

void TestCostCalculator::formatsAmountsRoundingHalfAwayFromZero()
{
    QFETCH(qint64, pico);
    QFETCH(int, decimals);
    QFETCH(QString, text);
    QCOMPARE(CostCalculator::formatAmount(pico, decimals), text);
}

void TestCostCalculator::keepsTheCurrencyOfThePrices()
{
    ModelPrices euros = smallPrices(true);
    euros.currency = QStringLiteral("EUR");
    const RequestCost cost = CostCalculator::cost(usage(1, 1), euros, ApiSurface::Responses);
    QCOMPARE(cost.currency, QStringLiteral("EUR"));
    CostLedger ledger;
    ledger.record(u"a"_s, u"c"_s, QDate(2026, 11, 29), ApiSurface::Responses, usage(1, 1), cost);
    QCOMPARE(ledger.total().pico, qint64(0));
    QCOMPARE(ledger.total().unpricedRequests, qint64(1));
}

void TestCostCalculator::totalsPerConversationAccountAndDay()
{
    const QDate monday(2026, 11, 23);
    const QDate tuesday(2026, 11, 24);
    const Usage chat = usageFromFile(local("chat-body-tools.expected.json"));
    const Usage claude = usageFromFile(local("anthropic-redacted-thinking.expected.json"));
    const RequestCost chatCost
        = CostCalculator::cost(chat, smallPrices(true), ApiSurface::ChatCompletions);
    const RequestCost claudeCost
        = CostCalculator::cost(claude, claudeLikePrices(true), ApiSurface::Messages);
    CostLedger ledger;
    // work/c1 on Monday: chat twice; work/c2 on Tuesday: Claude; home/c3 on Tuesday: chat.
    ledger.record(u"work"_s, u"c1"_s, monday, ApiSurface::ChatCompletions, chat, chatCost);
    ledger.record(u"work"_s, u"c1"_s, monday, ApiSurface::ChatCompletions, chat, chatCost);
    ledger.record(u"work"_s, u"c2"_s, tuesday, ApiSurface::Messages, claude, claudeCost);
    ledger.record(u"home"_s, u"c3"_s, tuesday, ApiSurface::ChatCompletions, chat, chatCost);

    // Chat costs 21 900 000 pico (see costsRealUsageObjects), Claude 12 750 000 000.
    QCOMPARE(ledger.conversationTotal(u"c1"_s).pico, qint64(43'800'000)); // 2 × 21 900 000
    QCOMPARE(ledger.conversationTotal(u"c1"_s).requests, qint64(2));
    QCOMPARE(ledger.conversationTotal(u"c1"_s).inputTokens, qint64(164)); // 2 × 82
    QCOMPARE(ledger.conversationTotal(u"c1"_s).outputTokens, qint64(48)); // 2 × 24
    // Messages' input: 2050 + 1800 cache reads + 0 cache writes = 3850.
    QCOMPARE(ledger.conversationTotal(u"c2"_s).inputTokens, qint64(3850));
    QCOMPARE(ledger.accountTotal(u"work"_s).pico,
             qint64(12'793'800'000)); // 43 800 000 + 12 750 000 000
    QCOMPARE(ledger.accountTotal(u"home"_s).pico, qint64(21'900'000));
    QCOMPARE(ledger.dayTotal(monday).pico, qint64(43'800'000));
    QCOMPARE(ledger.dayTotal(tuesday).pico, qint64(12'771'900'000)); // 12 750 000 000 + 21 900 000
    QCOMPARE(ledger.total().pico, qint64(12'815'700'000));
    QCOMPARE(ledger.total().requests, qint64(4));
    QCOMPARE(ledger.dayTotal(QDate(2026, 11, 25)), CostTotal{});
    QCOMPARE(ledger.accounts(), (QStringList{u"home"_s, u"work"_s}));
    QCOMPARE(ledger.conversations(), (QStringList{u"c1"_s, u"c2"_s, u"c3"_s}));
    QCOMPARE(ledger.days(), (QList<QDate>{monday, tuesday}));
}

void TestCostCalculator::countsRequestsWithoutPricesApart()
{
    CostLedger ledger;
    const QDate day(2026, 11, 29);
    ledger.record(u"a"_s, u"c"_s, day, ApiSurface::ChatCompletions, usage(10, 5), std::nullopt);
    ledger.record(
        u"a"_s, u"c"_s, day, ApiSurface::ChatCompletions, usage(10, 5),
        CostCalculator::cost(usage(10, 5), smallPrices(true), ApiSurface::ChatCompletions));
    // Only the second is priced: 10 × 150 000 + 5 × 600 000 = 4 500 000.
    const CostTotal total = ledger.conversationTotal(u"c"_s);
    QCOMPARE(total.pico, qint64(4'500'000));
    QCOMPARE(total.requests, qint64(2));
    QCOMPARE(total.unpricedRequests, qint64(1));
    QCOMPARE(total.inputTokens, qint64(20));
}

void TestCostCalculator::roundTripsTheLedgerThroughJson()
{
    CostLedger ledger;
    const RequestCost big = CostCalculator::cost(usage(1'000'000'000, 1'000'000'000),
                                                 claudeLikePrices(true), ApiSurface::Messages);
    // 10^9 × 5 000 000 + 10^9 × 25 000 000 = 3 × 10^16 pico: more than a double holds exactly
    // once a few are added.
    ledger.record(u"work"_s, u"c1"_s, QDate(2026, 1, 2), ApiSurface::Messages,
                  usage(1'000'000'000, 1'000'000'000), big);
    ledger.record(
        u"work"_s, u"c1"_s, QDate(2026, 1, 2), ApiSurface::ChatCompletions, usage(1, 1),
        CostCalculator::cost(usage(1, 1), smallPrices(true), ApiSurface::ChatCompletions));
    ledger.record(u"home"_s, u"c2"_s, QDate(2026, 1, 3), ApiSurface::ChatCompletions, usage(3, 4),
                  std::nullopt);
    QCOMPARE(ledger.total().pico, qint64(30'000'000'000'750'000));
    const QByteArray text = QJsonDocument(ledger.toJson()).toJson();
    const auto back = CostLedger::fromJson(QJsonDocument::fromJson(text).object());
    QVERIFY(back.ok());
    QCOMPARE(*back, ledger);
    QCOMPARE(CostLedger::fromJson(CostLedger().toJson()).ok(), true);
}

void TestCostCalculator::rejectsALedgerInAnotherCurrency()
{
    QJsonObject json = CostLedger().toJson();
    json.insert(QStringLiteral("currency"), QStringLiteral("EUR"));
    QVERIFY(!CostLedger::fromJson(json).ok());
    json = CostLedger().toJson();
    json.insert(QStringLiteral("days"),
                QJsonObject{{QStringLiteral("yesterday"), CostLedger().toJson().value(u"total")}});
    QVERIFY(!CostLedger::fromJson(json).ok());
}

QTEST_GUILESS_MAIN(TestCostCalculator)
#include "tst_costcalculator.moc"

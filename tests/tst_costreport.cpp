// The cost ledger over sessions (issue #7): one row per answer with its breakdown and price
// source, totals per session, account and day that equal the sums of the rows, older entries,
// unpriced answers, and the CSV export.

#include "sessions/costreport.h"
#include "sessions/session.h"

#include <QJsonDocument>
#include <QSet>
#include <QTest>
#include <QTimeZone>

using mantle::api::MessageRole;
using mantle::api::Usage;
using mantle::mantle::ApiSurface;
using mantle::mantle::CostCalculator;
using mantle::mantle::CostTotal;
using mantle::mantle::ModelPrices;
using mantle::mantle::RequestCost;
using mantle::sessions::CostReport;
using mantle::sessions::CostRow;
using mantle::sessions::PriceSource;
using mantle::sessions::Session;
using mantle::sessions::SessionEntry;

namespace {

const QTimeZone kZone = QTimeZone::utc();

QDateTime at(int day, int hour)
{
    return QDateTime(QDate(2026, 3, day), QTime(hour, 0), QTimeZone::utc());
}

ModelPrices cataloguePrices()
{
    ModelPrices prices;
    prices.inputPerMillion = 1.0;
    prices.cachedInputPerMillion = 0.1;
    prices.outputPerMillion = 2.0;
    prices.source = QStringLiteral("https://aws.amazon.com/bedrock/pricing/");
    prices.date = QStringLiteral("2026-01-15");
    return prices;
}

ModelPrices privatePrices()
{
    ModelPrices prices;
    prices.inputPerMillion = 0.5;
    prices.outputPerMillion = 1.5;
    prices.cacheWritePerMillion = 0.75;
    prices.source = QStringLiteral("our contract");
    prices.date = QStringLiteral("2026-02-01");
    prices.isPrivate = true;
    return prices;
}

Usage usage(qint64 input, qint64 output, qint64 cached = 0, qint64 cacheWrite = 0)
{
    Usage result;
    result.inputTokens = input;
    result.outputTokens = output;
    if (cached)
        result.cachedInputTokens = cached;
    if (cacheWrite)
        result.cacheCreationInputTokens = cacheWrite;
    return result;
}

SessionEntry userEntry(const QDateTime &time)
{
    SessionEntry entry;
    entry.id = Session::newId();
    entry.role = MessageRole::User;
    entry.text = QStringLiteral("question");
    entry.createdAt = time;
    return entry;
}

/// An answer as SessionRunner leaves it: priced when prices are given.
SessionEntry answer(const QDateTime &time, const QString &account, const Usage &used,
                    const std::optional<ModelPrices> &prices, ApiSurface surface)
{
    SessionEntry entry;
    entry.id = Session::newId();
    entry.role = MessageRole::Assistant;
    entry.text = QStringLiteral("answer");
    entry.createdAt = time;
    entry.model = QStringLiteral("openai.gpt-oss-120b");
    entry.account = account;
    entry.region = QStringLiteral("us-east-1");
    entry.usage = used;
    if (prices) {
        entry.cost = CostCalculator::cost(used, *prices, surface);
        entry.costPico = entry.cost->totalPico();
        entry.prices = prices;
    }
    return entry;
}

Session session(const QString &title, ApiSurface surface, const QString &account)
{
    Session result = Session::create(surface);
    result.title = title;
    result.account = account;
    result.region = QStringLiteral("us-east-1");
    result.model = QStringLiteral("openai.gpt-oss-120b");
    result.createdAt = at(1, 8);
    return result;
}

/// Three sessions over two accounts and three days, on Chat and Messages, with catalogue,
/// private, older-format and unpriced answers.
QList<Session> sampleSessions()
{
    Session chat = session(QStringLiteral("Chat, with \"quotes\""), ApiSurface::ChatCompletions,
                           QStringLiteral("work"));
    chat.entries = {
        userEntry(at(1, 9)),
        answer(at(1, 9), QStringLiteral("work"), usage(1000, 500, 200), cataloguePrices(),
               ApiSurface::ChatCompletions),
        userEntry(at(1, 10)),
        answer(at(1, 10), QStringLiteral("work"), usage(3000, 40), std::nullopt,
               ApiSurface::ChatCompletions),
        userEntry(at(2, 10)),
        answer(at(2, 10), QStringLiteral("work"), usage(7000, 1234, 5000), cataloguePrices(),
               ApiSurface::ChatCompletions),
    };
    Session messages
        = session(QStringLiteral("Messages"), ApiSurface::Messages, QStringLiteral("personal"));
    messages.entries = {
        userEntry(at(2, 11)),
        answer(at(2, 11), QStringLiteral("personal"), usage(100, 900, 2000, 300), privatePrices(),
               ApiSurface::Messages),
        userEntry(at(3, 11)),
        answer(at(3, 11), QStringLiteral("personal"), usage(10, 20, 0, 4000), privatePrices(),
               ApiSurface::Messages),
    };
    // An answer of an older version: a total, no breakdown, no prices.
    SessionEntry older = answer(at(3, 12), QStringLiteral("work"), usage(400, 600, 100),
                                std::nullopt, ApiSurface::Responses);
    older.costPico = 123'456'789;
    Session responses
        = session(QStringLiteral("Responses"), ApiSurface::Responses, QStringLiteral("work"));
    responses.entries = {userEntry(at(3, 12)), older};
    return {chat, messages, responses};
}

/// Sums rows as the ledger should: priced USD amounts, requests, unpriced requests, tokens.
template<typename Key> CostTotal sumOf(const QList<CostRow> &rows, Key key, const QVariant &value)
{
    CostTotal total;
    for (const CostRow &row : rows) {
        if (!value.isNull() && key(row) != value)
            continue;
        ++total.requests;
        if (row.totalPico && row.currency == QLatin1String("USD"))
            total.pico += *row.totalPico;
        else
            ++total.unpricedRequests;
        total.inputTokens += row.inputTokens + row.cachedInputTokens + row.cacheWriteTokens;
        total.outputTokens += row.outputTokens;
    }
    return total;
}

/// A small RFC 4180 reader for the test: records of fields.
QList<QStringList> parseCsv(const QString &text)
{
    QList<QStringList> records;
    QStringList record;
    QString field;
    bool quoted = false;
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text.at(i);
        if (quoted) {
            if (c == QLatin1Char('"') && i + 1 < text.size()
                && text.at(i + 1) == QLatin1Char('"')) {
                field += c;
                ++i;
            } else if (c == QLatin1Char('"'))
                quoted = false;
            else
                field += c;
        } else if (c == QLatin1Char('"')) {
            quoted = true;
        } else if (c == QLatin1Char(',')) {
            record.append(field);
            field.clear();
        } else if (c == QLatin1Char('\r') && i + 1 < text.size()
                   && text.at(i + 1) == QLatin1Char('\n')) {
            record.append(field);
            records.append(record);
            record.clear();
            field.clear();
            ++i;
        } else {
            field += c;
        }
    }
    return records;
}

} // namespace

class TestCostReport : public QObject
{
    Q_OBJECT

private slots:
    void totalsEqualTheSumOfTurns();
    void keepsEachAnswersBreakdownAndPriceSource();
    void daysAreLocalDates();
    void countsUnpricedAnswersSeparately();
    void readsOlderEntriesAsTotalsOnly();
    void leavesOutEntriesThatAreNotBilledAnswers();
    void dropsABreakdownThatDisagreesWithTheTotal();
    void entriesKeepCostAndPricesThroughJson();
    void quotesCsvFields_data();
    void quotesCsvFields();
    void neutralisesFormulasInText_data();
    void neutralisesFormulasInText();
    void writesCsvWithHeaderAndExactAmounts();
};

void TestCostReport::totalsEqualTheSumOfTurns()
{
    CostReport report(kZone);
    for (const Session &s : sampleSessions())
        report.addSession(s);
    const QList<CostRow> rows = report.rows();
    QCOMPARE(rows.size(), 6);

    const auto bySession = [](const CostRow &row) {
        return QVariant(row.sessionId);
    };
    const auto byAccount = [](const CostRow &row) {
        return QVariant(row.account);
    };
    const auto byDay = [](const CostRow &row) {
        return QVariant(row.day);
    };
    const auto all = [](const CostRow &) {
        return QVariant();
    };

    QSet<QString> sessionIds;
    QSet<QString> accounts;
    QSet<QDate> days;
    for (const CostRow &row : rows) {
        sessionIds.insert(row.sessionId);
        accounts.insert(row.account);
        days.insert(row.day);
    }
    QCOMPARE(sessionIds.size(), 3);
    QCOMPARE(accounts.size(), 2);
    QCOMPARE(days.size(), 3);
    for (const QString &id : sessionIds)
        QCOMPARE(report.ledger().conversationTotal(id), sumOf(rows, bySession, id));
    for (const QString &account : accounts)
        QCOMPARE(report.ledger().accountTotal(account), sumOf(rows, byAccount, account));
    for (const QDate &day : days)
        QCOMPARE(report.ledger().dayTotal(day), sumOf(rows, byDay, day));
    QCOMPARE(report.ledger().total(), sumOf(rows, all, QVariant()));

    // And the rows are the turns: each priced row's total is its entry's charge.
    qint64 charged = 0;
    for (const Session &s : sampleSessions()) {
        for (const SessionEntry &entry : s.entries)
            charged += entry.costPico.value_or(0);
    }
    QCOMPARE(report.ledger().total().pico, charged);
    QCOMPARE(report.ledger().total().unpricedRequests, 1);
}

void TestCostReport::keepsEachAnswersBreakdownAndPriceSource()
{
    const QList<Session> sessions = sampleSessions();
    const QList<CostRow> chat = CostReport::rowsOf(sessions.at(0), kZone);
    QCOMPARE(chat.size(), 3);
    const CostRow &first = chat.first();
    // Chat: 1000 prompt tokens of which 200 cached; $1/M, cached $0.10/M, output $2/M.
    QCOMPARE(first.inputTokens, 800);
    QCOMPARE(first.cachedInputTokens, 200);
    QCOMPARE(first.outputTokens, 500);
    QVERIFY(first.breakdown);
    QCOMPARE(first.breakdown->uncachedInputPico, 800 * 1'000'000LL);
    QCOMPARE(first.breakdown->cachedInputPico, 200 * 100'000LL);
    QCOMPARE(first.breakdown->outputPico, 500 * 2'000'000LL);
    QCOMPARE(first.totalPico, std::optional<qint64>(1'820'000'000LL));
    QCOMPARE(first.priceSource, PriceSource::Catalogue);
    QCOMPARE(first.pricesFrom, cataloguePrices().source);
    QCOMPARE(first.pricesDate, QStringLiteral("2026-01-15"));
    QCOMPARE(first.entryIndex, 1);
    QCOMPARE(first.sessionTitle, QStringLiteral("Chat, with \"quotes\""));

    const QList<CostRow> messages = CostReport::rowsOf(sessions.at(1), kZone);
    QCOMPARE(messages.size(), 2);
    // Messages: cache reads and writes on top of input_tokens.
    QCOMPARE(messages.first().inputTokens, 100);
    QCOMPARE(messages.first().cachedInputTokens, 2000);
    QCOMPARE(messages.first().cacheWriteTokens, 300);
    QCOMPARE(messages.first().priceSource, PriceSource::Private);
    QCOMPARE(messages.first().breakdown->cacheWritePico, 300 * 750'000LL);
    QCOMPARE(messages.first().surface, ApiSurface::Messages);
}

void TestCostReport::daysAreLocalDates()
{
    Session s = session(QStringLiteral("late"), ApiSurface::ChatCompletions, QStringLiteral("a"));
    // 20:00 UTC on 4 March is already 5 March at UTC+10 and still 4 March at UTC-5.
    s.entries = {answer(at(4, 20), QStringLiteral("a"), usage(10, 10), cataloguePrices(),
                        ApiSurface::ChatCompletions)};
    CostReport east(QTimeZone(10 * 3600));
    east.addSession(s);
    QCOMPARE(east.rows().first().day, QDate(2026, 3, 5));
    QCOMPARE(east.ledger().days(), QList<QDate>{QDate(2026, 3, 5)});
    CostReport west(QTimeZone(-5 * 3600));
    west.addSession(s);
    QCOMPARE(west.rows().first().day, QDate(2026, 3, 4));
    QCOMPARE(west.rows().first().time, at(4, 20));
}

void TestCostReport::countsUnpricedAnswersSeparately()
{
    Session s = session(QStringLiteral("mixed"), ApiSurface::ChatCompletions, QStringLiteral("a"));
    s.entries = {
        answer(at(1, 9), QStringLiteral("a"), usage(1000, 1000), cataloguePrices(),
               ApiSurface::ChatCompletions),
        answer(at(1, 9), QStringLiteral("a"), usage(5000, 5000), std::nullopt,
               ApiSurface::ChatCompletions),
        answer(at(1, 9), QStringLiteral("a"), usage(7, 7), std::nullopt,
               ApiSurface::ChatCompletions),
    };
    CostReport report(kZone);
    report.addSession(s);
    QCOMPARE(report.rows().size(), 3);
    QVERIFY(report.rows().at(0).isPriced());
    QVERIFY(!report.rows().at(1).isPriced());
    QCOMPARE(report.rows().at(1).priceSource, PriceSource::None);
    QVERIFY(!report.rows().at(1).breakdown);
    const CostTotal total = report.ledger().total();
    QCOMPARE(total.requests, 3);
    QCOMPARE(total.unpricedRequests, 2);
    QCOMPARE(total.pico, 1000 * 1'000'000LL + 1000 * 2'000'000LL); // the priced one only
    QCOMPARE(total.inputTokens, 6007); // the tokens of all three
}

void TestCostReport::readsOlderEntriesAsTotalsOnly()
{
    // An answer as the previous version wrote it: usage and cost_pico, nothing else.
    const QByteArray json = R"({
        "id": "e1", "role": "assistant", "text": "hi", "created_at": "2026-03-02T10:00:00Z",
        "model": "anthropic.claude-haiku-4-5", "account": "old",
        "usage": {"input_tokens": 50, "output_tokens": 70, "cached_input_tokens": 1000,
                  "cache_creation_input_tokens": 200, "reasoning_tokens": 30},
        "cost_pico": 987654321
    })";
    auto entry = SessionEntry::fromJson(QJsonDocument::fromJson(json).object());
    QVERIFY2(entry, entry ? "" : qPrintable(entry.error().toDisplayString()));
    QVERIFY(!entry->cost);
    QVERIFY(!entry->prices);

    Session s = session(QStringLiteral("old"), ApiSurface::Messages, QStringLiteral("old"));
    s.entries = {*entry};
    CostReport report(kZone);
    report.addSession(s);
    QCOMPARE(report.rows().size(), 1);
    const CostRow row = report.rows().first();
    QCOMPARE(row.totalPico, std::optional<qint64>(987'654'321));
    QVERIFY(!row.breakdown);
    QCOMPARE(row.priceSource, PriceSource::Unrecorded);
    // The tokens are split again by the Messages rules.
    QCOMPARE(row.inputTokens, 50);
    QCOMPARE(row.cachedInputTokens, 1000);
    QCOMPARE(row.cacheWriteTokens, 200);
    QCOMPARE(row.outputTokens, 70);
    QCOMPARE(row.reasoningTokens, std::optional<qint64>(30));
    QCOMPARE(report.ledger().total().pico, 987'654'321);
    QCOMPARE(report.ledger().total().inputTokens, 1250);
    QCOMPARE(report.ledger().accountTotal(QStringLiteral("old")).pico, 987'654'321);
}

void TestCostReport::leavesOutEntriesThatAreNotBilledAnswers()
{
    Session s = session(QStringLiteral("s"), ApiSurface::ChatCompletions, QStringLiteral("a"));
    SessionEntry refused = answer(at(1, 9), QStringLiteral("a"), usage(1, 1), std::nullopt,
                                  ApiSurface::ChatCompletions);
    refused.usage.reset(); // a request that never got an answer
    SessionEntry tool;
    tool.role = MessageRole::Tool;
    tool.text = QStringLiteral("42");
    s.entries = {userEntry(at(1, 9)), refused, tool};
    QVERIFY(CostReport::rowsOf(s, kZone).isEmpty());
}

void TestCostReport::dropsABreakdownThatDisagreesWithTheTotal()
{
    Session s = session(QStringLiteral("s"), ApiSurface::ChatCompletions, QStringLiteral("a"));
    SessionEntry edited = answer(at(1, 9), QStringLiteral("a"), usage(1000, 1000),
                                 cataloguePrices(), ApiSurface::ChatCompletions);
    edited.costPico = 5; // edited by hand: the charge wins, the parts are not shown
    s.entries = {edited};
    const QList<CostRow> rows = CostReport::rowsOf(s, kZone);
    QCOMPARE(rows.size(), 1);
    QCOMPARE(rows.first().totalPico, std::optional<qint64>(5));
    QVERIFY(!rows.first().breakdown);
}

void TestCostReport::entriesKeepCostAndPricesThroughJson()
{
    const SessionEntry entry = answer(at(1, 9), QStringLiteral("a"), usage(100, 900, 2000, 300),
                                      privatePrices(), ApiSurface::Messages);
    const auto back = SessionEntry::fromJson(entry.toJson());
    QVERIFY(back);
    QCOMPARE(back->cost, entry.cost);
    QCOMPARE(back->prices, entry.prices);
    QVERIFY(back->prices->isPrivate);
    QCOMPARE(*back, entry);
}

void TestCostReport::quotesCsvFields_data()
{
    QTest::addColumn<QString>("title");
    QTest::addColumn<QString>("field");
    QTest::addRow("plain") << QStringLiteral("Plain title") << QStringLiteral("Plain title");
    QTest::addRow("comma") << QStringLiteral("a, b") << QStringLiteral("\"a, b\"");
    QTest::addRow("quotes") << QStringLiteral("say \"hi\"") << QStringLiteral("\"say \"\"hi\"\"\"");
    QTest::addRow("newline") << QStringLiteral("two\nlines") << QStringLiteral("\"two\nlines\"");
    QTest::addRow("carriage return") << QStringLiteral("a\r\nb") << QStringLiteral("\"a\r\nb\"");
    QTest::addRow("unicode") << QStringLiteral("Kosten – Übersicht")
                             << QStringLiteral("Kosten – Übersicht");
    QTest::addRow("empty") << QString() << QString();
}

void TestCostReport::quotesCsvFields()
{
    QFETCH(QString, title);
    QFETCH(QString, field);
    QCOMPARE(CostReport::csvField(title), field);

    Session s = session(title, ApiSurface::ChatCompletions, QStringLiteral("a"));
    s.entries = {answer(at(1, 9), QStringLiteral("a"), usage(10, 10), cataloguePrices(),
                        ApiSurface::ChatCompletions)};
    CostReport report(kZone);
    report.addSession(s);
    const QList<QStringList> records = parseCsv(QString::fromUtf8(report.toCsv()));
    QCOMPARE(records.size(), 2);
    const qsizetype titleColumn = CostReport::csvColumns().indexOf(QStringLiteral("session_title"));
    QCOMPARE(records.at(1).size(), CostReport::csvColumns().size());
    QCOMPARE(records.at(1).at(titleColumn), title);
}

void TestCostReport::neutralisesFormulasInText_data()
{
    QTest::addColumn<QString>("title");
    QTest::addColumn<QString>("cell"); // what a CSV reader gets back
    QTest::addRow("formula") << QStringLiteral("=HYPERLINK(\"http://x\")")
                             << QStringLiteral("'=HYPERLINK(\"http://x\")");
    QTest::addRow("plus") << QStringLiteral("+1+1") << QStringLiteral("'+1+1");
    QTest::addRow("minus") << QStringLiteral("-2") << QStringLiteral("'-2");
    QTest::addRow("at") << QStringLiteral("@SUM(A1)") << QStringLiteral("'@SUM(A1)");
    QTest::addRow("inside is fine") << QStringLiteral("a=b") << QStringLiteral("a=b");
}

void TestCostReport::neutralisesFormulasInText()
{
    QFETCH(QString, title);
    QFETCH(QString, cell);
    Session s = session(title, ApiSurface::ChatCompletions, QStringLiteral("=acct"));
    s.entries = {answer(at(1, 9), QStringLiteral("=acct"), usage(10, 10), cataloguePrices(),
                        ApiSurface::ChatCompletions)};
    CostReport report(kZone);
    report.addSession(s);
    const QList<QStringList> records = parseCsv(QString::fromUtf8(report.toCsv()));
    QCOMPARE(records.size(), 2);
    const QStringList columns = CostReport::csvColumns();
    QCOMPARE(records.at(1).at(columns.indexOf(QStringLiteral("session_title"))), cell);
    QCOMPARE(records.at(1).at(columns.indexOf(QStringLiteral("account"))),
             QStringLiteral("'=acct"));
    // Numbers stay numbers.
    QVERIFY(!records.at(1).at(columns.indexOf(QStringLiteral("input_tokens"))).startsWith(u'\''));
}

void TestCostReport::writesCsvWithHeaderAndExactAmounts()
{
    CostReport report(kZone);
    for (const Session &s : sampleSessions())
        report.addSession(s);
    const QByteArray csv = report.toCsv();
    QVERIFY(csv.endsWith("\r\n"));
    const QList<QStringList> records = parseCsv(QString::fromUtf8(csv));
    QCOMPARE(records.size(), 1 + report.rows().size());
    QCOMPARE(records.first(), CostReport::csvColumns());
    QCOMPARE(records.first().first(), QStringLiteral("time"));

    const QStringList columns = CostReport::csvColumns();
    const auto value = [&](int record, const char *column) {
        return records.at(record).at(columns.indexOf(QLatin1String(column)));
    };
    // The first answer: 1.82e9 pico-dollars = $0.00182, all twelve decimals kept.
    QCOMPARE(value(1, "time"), QStringLiteral("2026-03-01T09:00:00Z"));
    QCOMPARE(value(1, "day"), QStringLiteral("2026-03-01"));
    QCOMPARE(value(1, "surface"), QStringLiteral("chat"));
    QCOMPARE(value(1, "input_tokens"), QStringLiteral("800"));
    QCOMPARE(value(1, "cached_input_tokens"), QStringLiteral("200"));
    QCOMPARE(value(1, "input_cost"), QStringLiteral("0.000800000000"));
    QCOMPARE(value(1, "cached_input_cost"), QStringLiteral("0.000020000000"));
    QCOMPARE(value(1, "output_cost"), QStringLiteral("0.001000000000"));
    QCOMPARE(value(1, "total_cost"), QStringLiteral("0.001820000000"));
    QCOMPARE(value(1, "currency"), QStringLiteral("USD"));
    QCOMPARE(value(1, "price_source"), QStringLiteral("catalogue"));
    QCOMPARE(value(1, "prices_date"), QStringLiteral("2026-01-15"));
    QCOMPARE(value(1, "reasoning_tokens"), QString());
    // The unpriced answer: no amounts at all.
    QCOMPARE(value(2, "total_cost"), QString());
    QCOMPARE(value(2, "input_cost"), QString());
    QCOMPARE(value(2, "price_source"), QStringLiteral("none"));
    // The older answer: a total, no parts.
    QCOMPARE(value(6, "total_cost"), QStringLiteral("0.000123456789"));
    QCOMPARE(value(6, "output_cost"), QString());
    QCOMPARE(value(6, "price_source"), QStringLiteral("unrecorded"));
    QCOMPARE(value(4, "price_source"), QStringLiteral("private"));
}

QTEST_GUILESS_MAIN(TestCostReport)
#include "tst_costreport.moc"

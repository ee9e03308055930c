#include "sessions/session.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>
#include <QTimeZone>

using mantle::Error;
using mantle::api::MessageRole;
using mantle::api::ReasoningEffort;
using mantle::api::RequestSpec;
using mantle::mantle::ApiSurface;
using mantle::pipeline::RecordedEvent;
using mantle::pipeline::RequestRecord;
using mantle::sessions::Session;
using mantle::sessions::SessionEntry;

namespace {

QDateTime utc(int hour, int minute, int second, int ms)
{
    return QDateTime(QDate(2026, 3, 4), QTime(hour, minute, second, ms), QTimeZone::utc());
}

SessionEntry userEntry(const QString &text)
{
    SessionEntry entry;
    entry.id = Session::newId();
    entry.role = MessageRole::User;
    entry.text = text;
    entry.createdAt = utc(10, 0, 0, 1);
    return entry;
}

SessionEntry assistantEntry(const QString &text)
{
    SessionEntry entry;
    entry.id = Session::newId();
    entry.role = MessageRole::Assistant;
    entry.text = text;
    entry.createdAt = utc(10, 0, 1, 2);
    entry.model = QStringLiteral("openai.gpt-oss-120b");
    return entry;
}

SessionEntry toolEntry(const QString &callId, const QString &text, bool isError)
{
    SessionEntry entry;
    entry.id = Session::newId();
    entry.role = MessageRole::Tool;
    entry.text = text;
    entry.toolCallId = callId;
    entry.isError = isError;
    entry.createdAt = utc(10, 0, 2, 3);
    return entry;
}

RequestRecord richRecord()
{
    RequestRecord record;
    record.method = "POST";
    record.url = QStringLiteral("https://bedrock-mantle.us-east-1.api.aws/v1/chat/completions");
    record.requestHeaders = {{"content-type", "application/json"},
                             {"authorization", "<redacted>"},
                             {"x-odd", QByteArray("\xff\x01", 2)}};
    record.requestBody = QByteArray("\xff\xfe\x00\x80", 4); // not UTF-8
    record.httpStatus = 200;
    record.responseHeaders = {{"content-type", "text/event-stream"}, {"x-amzn-requestid", "r-1"}};
    record.streamed = true;
    record.events = {{5, {}, "{\"choices\":[]}"},
                     {17, QStringLiteral("message_delta"), QByteArray("\xc3\x28", 2)},
                     {30, {}, "[DONE]"}};
    record.responseBody = "{\"ok\":true}";
    record.truncated = true;
    record.attempts = 2;
    record.routePrefix = QStringLiteral("/openai/v1");
    record.switchedPrefix = true;
    record.timeToFirstByteMs = 4;
    record.timeToFirstTokenMs = 6;
    record.totalMs = 31;
    record.tokensPerSecond = 42.5;
    record.error = QStringLiteral("The stream ended early.");
    return record;
}

/// A session with every field of the session and of its entries set.
Session richSession()
{
    Session session;
    session.id = QStringLiteral("0b4a3c8e-7a59-4c47-9a0c-2f4e0bfa1b11");
    session.title = QStringLiteral("Weather in Paris");
    session.createdAt = utc(9, 59, 58, 7);
    session.updatedAt = utc(10, 5, 0, 999);
    session.surface = ApiSurface::Responses;
    session.account = QStringLiteral("work");
    session.region = QStringLiteral("eu-west-1");
    session.model = QStringLiteral("openai.gpt-oss-120b");
    session.instructions = QStringLiteral("Answer in one line.");
    session.parameters.temperature = 0.25;
    session.parameters.topP = 0.5;
    session.parameters.maxOutputTokens = 500;
    session.parameters.stopSequences = {QStringLiteral("END")};
    session.parameters.seed = 7;
    session.parameters.reasoningEffort = ReasoningEffort::High;
    session.parameters.adaptiveThinking = true;
    session.stream = false;
    session.store = false;
    session.draft = QStringLiteral("And tomorrow?");

    session.entries.append(userEntry(QStringLiteral("What is the weather in Paris? ü")));
    SessionEntry call = assistantEntry({});
    call.reasoning = QStringLiteral("I should call the tool.");
    call.toolCalls = {{QStringLiteral("call_1"), QStringLiteral("get_weather"),
                       QStringLiteral("{\"city\":\"Paris\"}")}};
    call.account = QStringLiteral("work");
    call.region = QStringLiteral("eu-west-1");
    mantle::api::Usage usage;
    usage.inputTokens = 120;
    usage.outputTokens = 30;
    usage.cachedInputTokens = 100;
    usage.cacheCreationInputTokens = 5;
    usage.reasoningTokens = 12;
    usage.raw = QJsonObject{{QStringLiteral("input_tokens"), 120}};
    call.usage = usage;
    call.stopReason = QStringLiteral("completed");
    call.responseId = QStringLiteral("resp_1");
    call.costPico = 123456789;
    call.request = richRecord();
    session.entries.append(call);
    session.entries.append(
        toolEntry(QStringLiteral("call_1"), QStringLiteral("18 °C, sunny"), true));
    SessionEntry answer = assistantEntry(QStringLiteral("It is 18 °C and sunny."));
    answer.error
        = mantle::api::TurnError{QStringLiteral("server_error"),
                                 QStringLiteral("The server broke off."), QStringLiteral("E42")};
    answer.stopped = true;
    session.entries.append(answer);
    return session;
}

QJsonObject throughText(const QJsonObject &json)
{
    return QJsonDocument::fromJson(QJsonDocument(json).toJson(QJsonDocument::Indented)).object();
}

QJsonObject minimalJson()
{
    return QJsonObject{{QStringLiteral("format"), QStringLiteral("mantle-playground-session")},
                       {QStringLiteral("version"), 1},
                       {QStringLiteral("id"), QStringLiteral("abc-123")}};
}

} // namespace

class TestSession : public QObject
{
    Q_OBJECT

private slots:
    void createGivesAFreshNamedSession();
    void jsonRoundTripKeepsEveryField();
    void jsonHasFormatVersionSurfaceNameAndUtcTimes();
    void nonUtf8BytesAreStoredAsBase64();
    void requestRecordRoundTrip();
    void requestRecordRejectsBrokenBase64();
    void missingOptionalKeysKeepDefaults();
    void rejectsUnreadableFiles_data();
    void rejectsUnreadableFiles();
    void refusesAFutureVersion();
    void markdownHasTheConversation();
    void markdownReadsBackWhatItWrote();
    void markdownReadsAHandWrittenConversation();
    void markdownWithoutTurnsIsRefused();
    void requestSpecIsValidOnEachSurface_data();
    void requestSpecIsValidOnEachSurface();
    void requestSpecCarriesAToolRoundTrip();
    void requestSpecStopsAtCount();
    void costAddsKnownPricesAndCountsUnpricedAnswers();
    void toolsSchemaAndChainSettingsRoundTrip();
    void forcedToolChoiceIsAutoOnceResultsGoBack();
    void responsesChainFromTheLastStoredAnswer_data();
    void responsesChainFromTheLastStoredAnswer();
    void sentRequestSpecIsWhatWasSent();
    void forkKeepsEntriesUpToTheRowAndNamesItsOrigin();
};

void TestSession::markdownReadsBackWhatItWrote()
{
    Session original = richSession();
    // Text with Markdown of its own, a blank line and a trailing quote-like line.
    original.entries[0].text = QStringLiteral("Line one\n\n> not a quote of ours\n```\ncode\n```");
    const auto read = Session::fromMarkdown(original.toMarkdown(), ApiSurface::ChatCompletions);
    QVERIFY2(read.ok(), read.ok() ? "" : qPrintable(read.error().message));
    QCOMPARE(read->title, original.title);
    QCOMPARE(read->surface, original.surface); // from the marker, not the fallback
    QCOMPARE(read->model, original.model);
    QCOMPARE(read->region, original.region);
    QCOMPARE(read->instructions, original.instructions);
    QVERIFY(read->id != original.id);
    QCOMPARE(read->entries.size(), original.entries.size());
    for (qsizetype i = 0; i < original.entries.size(); ++i) {
        const SessionEntry &want = original.entries.at(i);
        const SessionEntry &got = read->entries.at(i);
        QCOMPARE(got.role, want.role);
        QCOMPARE(got.text, want.text);
        QCOMPARE(got.reasoning, want.reasoning);
        QCOMPARE(got.toolCallId, want.toolCallId);
        QCOMPARE(got.isError, want.isError);
    }
}

void TestSession::markdownReadsAHandWrittenConversation()
{
    const QString markdown = QStringLiteral("# Haiku practice\n\n"
                                            "## System prompt\n\nAnswer in haiku.\n\n"
                                            "## User\n\nWrite about rain.\n\n"
                                            "## Assistant\n\nSoft rain on the roof\n\n"
                                            "## You\n\nNow about snow.\n");
    const auto read = Session::fromMarkdown(markdown, ApiSurface::Messages);
    QVERIFY(read.ok());
    QCOMPARE(read->title, QStringLiteral("Haiku practice"));
    QCOMPARE(read->surface, ApiSurface::Messages);
    QCOMPARE(read->instructions, QStringLiteral("Answer in haiku."));
    QCOMPARE(read->entries.size(), 3);
    QCOMPARE(read->entries.at(0).role, MessageRole::User);
    QCOMPARE(read->entries.at(0).text, QStringLiteral("Write about rain."));
    QCOMPARE(read->entries.at(1).role, MessageRole::Assistant);
    QCOMPARE(read->entries.at(1).text, QStringLiteral("Soft rain on the roof"));
    QCOMPARE(read->entries.at(2).text, QStringLiteral("Now about snow."));
    // The conversation can be sent as it is.
    Session session = *read;
    session.model = QStringLiteral("anthropic.claude-haiku-4-5");
    session.parameters.maxOutputTokens = 100;
    QVERIFY(session.requestSpec().validate().ok());
}

void TestSession::markdownWithoutTurnsIsRefused()
{
    const auto read
        = Session::fromMarkdown(QStringLiteral("# Notes\n\nJust text.\n"), ApiSurface::Messages);
    QVERIFY(!read.ok());
    QCOMPARE(read.error().kind, mantle::Error::Kind::Parse);
    QVERIFY(read.error().hint.contains(QLatin1String("## User")));
}

void TestSession::createGivesAFreshNamedSession()
{
    const Session a = Session::create(ApiSurface::Messages);
    const Session b = Session::create(ApiSurface::Messages);
    QVERIFY(Session::isValidId(a.id));
    QVERIFY(a.id != b.id);
    QCOMPARE(a.id.size(), 36);
    QCOMPARE(a.title, QStringLiteral("New session"));
    QCOMPARE(a.surface, ApiSurface::Messages);
    QVERIFY(a.createdAt.isValid());
    QCOMPARE(a.createdAt, a.updatedAt);
    QVERIFY(qAbs(a.createdAt.secsTo(QDateTime::currentDateTimeUtc())) < 60);
    QVERIFY(a.entries.isEmpty());
}

void TestSession::jsonRoundTripKeepsEveryField()
{
    const Session original = richSession();
    const mantle::Result<Session> loaded = Session::fromJson(throughText(original.toJson()));
    QVERIFY2(loaded.ok(), qPrintable(loaded ? QString() : loaded.error().message));
    QCOMPARE(loaded->entries.size(), original.entries.size());
    for (qsizetype i = 0; i < original.entries.size(); ++i)
        QVERIFY2(loaded->entries.at(i) == original.entries.at(i), qPrintable(QString::number(i)));
    QVERIFY(loaded->parameters == original.parameters);
    QVERIFY(*loaded == original);
    // Times keep their milliseconds.
    QCOMPARE(loaded->updatedAt.time().msec(), 999);
}

void TestSession::jsonHasFormatVersionSurfaceNameAndUtcTimes()
{
    const QJsonObject json = richSession().toJson();
    QCOMPARE(json.value(QLatin1String("format")).toString(),
             QStringLiteral("mantle-playground-session"));
    QCOMPARE(json.value(QLatin1String("version")).toInt(), 1);
    QCOMPARE(json.value(QLatin1String("id")).toString(),
             QStringLiteral("0b4a3c8e-7a59-4c47-9a0c-2f4e0bfa1b11"));
    QCOMPARE(json.value(QLatin1String("api")).toString(), QStringLiteral("responses"));
    QCOMPARE(json.value(QLatin1String("created_at")).toString(),
             QStringLiteral("2026-03-04T09:59:58.007Z"));
    QCOMPARE(json.value(QLatin1String("parameters")).toObject().value(QLatin1String("top_p")),
             QJsonValue(0.5));
    const QJsonObject call = json.value(QLatin1String("entries")).toArray().at(1).toObject();
    QCOMPARE(call.value(QLatin1String("role")).toString(), QStringLiteral("assistant"));
    QCOMPARE(
        call.value(QLatin1String("usage")).toObject().value(QLatin1String("input_tokens")).toInt(),
        120);

    // A time given in another zone is written in UTC.
    Session session = Session::create(ApiSurface::ChatCompletions);
    session.createdAt = QDateTime(QDate(2026, 3, 4), QTime(12, 0, 0, 5), QTimeZone(2 * 3600));
    QCOMPARE(session.toJson().value(QLatin1String("created_at")).toString(),
             QStringLiteral("2026-03-04T10:00:00.005Z"));
}

void TestSession::nonUtf8BytesAreStoredAsBase64()
{
    const QJsonObject json = richRecord().toJson();
    QVERIFY(!json.contains(QLatin1String("request_body")));
    // 0xff 0xfe 0x00 0x80 in base64.
    QCOMPARE(json.value(QLatin1String("request_body_base64")).toString(),
             QStringLiteral("//4AgA=="));
    QCOMPARE(json.value(QLatin1String("response_body")).toString(),
             QStringLiteral("{\"ok\":true}"));
    const QJsonArray events = json.value(QLatin1String("events")).toArray();
    QCOMPARE(events.size(), 3);
    QCOMPARE(events.at(2).toObject().value(QLatin1String("data")).toString(),
             QStringLiteral("[DONE]"));
    // 0xc3 0x28 is not UTF-8.
    QCOMPARE(events.at(1).toObject().value(QLatin1String("data_base64")).toString(),
             QStringLiteral("wyg="));
    const QJsonArray headers = json.value(QLatin1String("request_headers")).toArray();
    QCOMPARE(headers.at(0).toArray(),
             (QJsonArray{QStringLiteral("content-type"), QStringLiteral("application/json")}));
    QCOMPARE(headers.at(2).toArray().at(1).toObject().value(QLatin1String("base64")).toString(),
             QStringLiteral("/wE="));
}

void TestSession::requestRecordRoundTrip()
{
    const RequestRecord original = richRecord();
    const mantle::Result<RequestRecord> loaded
        = RequestRecord::fromJson(throughText(original.toJson()));
    QVERIFY(loaded.ok());
    QCOMPARE(loaded->requestBody, original.requestBody);
    QCOMPARE(loaded->events.at(1).data, original.events.at(1).data);
    QVERIFY(*loaded == original);

    // A byte-order mark and a NUL are valid UTF-8 and come back exactly.
    RequestRecord odd;
    odd.requestBody = QByteArray("\xef\xbb\xbf{\"a\":\"\0\"}", 12);
    const mantle::Result<RequestRecord> oddLoaded
        = RequestRecord::fromJson(throughText(odd.toJson()));
    QVERIFY(oddLoaded.ok());
    QCOMPARE(oddLoaded->requestBody, odd.requestBody);

    QVERIFY(*RequestRecord::fromJson({}) == RequestRecord());
}

void TestSession::requestRecordRejectsBrokenBase64()
{
    const mantle::Result<RequestRecord> record = RequestRecord::fromJson(
        QJsonObject{{QStringLiteral("request_body_base64"), QStringLiteral("not base64!")}});
    QVERIFY(!record.ok());
    QCOMPARE(record.error().kind, Error::Kind::Parse);
    QVERIFY(record.error().message.contains(QLatin1String("request_body_base64")));

    const mantle::Result<RequestRecord> headers = RequestRecord::fromJson(QJsonObject{
        {QStringLiteral("response_headers"), QJsonArray{QJsonArray{QStringLiteral("only")}}}});
    QVERIFY(!headers.ok());
    QVERIFY(headers.error().message.contains(QLatin1String("response_headers[0]")));
}

void TestSession::missingOptionalKeysKeepDefaults()
{
    const mantle::Result<Session> session = Session::fromJson(minimalJson());
    QVERIFY(session.ok());
    QCOMPARE(session->id, QStringLiteral("abc-123"));
    QCOMPARE(session->surface, ApiSurface::ChatCompletions);
    QCOMPARE(session->stream, true);
    QVERIFY(!session->store);
    QVERIFY(!session->createdAt.isValid());
    QVERIFY(session->entries.isEmpty());

    // An entry with only a role.
    QJsonObject json = minimalJson();
    json.insert(QStringLiteral("entries"),
                QJsonArray{QJsonObject{{QStringLiteral("role"), QStringLiteral("assistant")}}});
    const mantle::Result<Session> withEntry = Session::fromJson(json);
    QVERIFY(withEntry.ok());
    QCOMPARE(withEntry->entries.size(), 1);
    QCOMPARE(withEntry->entries.at(0).role, MessageRole::Assistant);
    QVERIFY(!withEntry->entries.at(0).id.isEmpty());
    QVERIFY(!withEntry->entries.at(0).usage);
}

void TestSession::rejectsUnreadableFiles_data()
{
    QTest::addColumn<QJsonObject>("json");
    QTest::addColumn<QString>("field");

    QJsonObject wrongFormat = minimalJson();
    wrongFormat.insert(QStringLiteral("format"), QStringLiteral("something-else"));
    QTest::addRow("wrong format") << wrongFormat << QStringLiteral("format");
    QJsonObject noFormat = minimalJson();
    noFormat.remove(QStringLiteral("format"));
    QTest::addRow("no format") << noFormat << QStringLiteral("format");
    QJsonObject noId = minimalJson();
    noId.remove(QStringLiteral("id"));
    QTest::addRow("no id") << noId << QStringLiteral("id");
    for (const char *id : {"../etc/passwd", "a/b", "..", "", "a.b", "a b"}) {
        QJsonObject badId = minimalJson();
        badId.insert(QStringLiteral("id"), QString::fromLatin1(id));
        QTest::addRow("id \"%s\"", id) << badId << QStringLiteral("id");
    }
    QJsonObject badVersion = minimalJson();
    badVersion.insert(QStringLiteral("version"), QStringLiteral("one"));
    QTest::addRow("version not a number") << badVersion << QStringLiteral("version");

    QJsonObject notAnObject = minimalJson();
    notAnObject.insert(QStringLiteral("entries"), QJsonArray{QStringLiteral("hello")});
    QTest::addRow("entry not an object") << notAnObject << QStringLiteral("entries[0]");
    QJsonObject badRole = minimalJson();
    badRole.insert(QStringLiteral("entries"),
                   QJsonArray{QJsonObject{{QStringLiteral("role"), QStringLiteral("user")}},
                              QJsonObject{{QStringLiteral("role"), QStringLiteral("robot")}}});
    QTest::addRow("unknown role") << badRole << QStringLiteral("entries[1].role");
    QJsonObject badTime = minimalJson();
    badTime.insert(
        QStringLiteral("entries"),
        QJsonArray{QJsonObject{{QStringLiteral("role"), QStringLiteral("user")},
                               {QStringLiteral("created_at"), QStringLiteral("today")}}});
    QTest::addRow("bad time") << badTime << QStringLiteral("entries[0].created_at");
    QJsonObject badText = minimalJson();
    badText.insert(QStringLiteral("entries"),
                   QJsonArray{QJsonObject{{QStringLiteral("role"), QStringLiteral("user")},
                                          {QStringLiteral("text"), 5}}});
    QTest::addRow("text not a string") << badText << QStringLiteral("entries[0].text");
    QJsonObject badRecord = minimalJson();
    badRecord.insert(
        QStringLiteral("entries"),
        QJsonArray{QJsonObject{
            {QStringLiteral("role"), QStringLiteral("assistant")},
            {QStringLiteral("request"),
             QJsonObject{{QStringLiteral("events"),
                          QJsonArray{QJsonObject{{QStringLiteral("data_base64"), 3}}}}}}}});
    QTest::addRow("bad event") << badRecord
                               << QStringLiteral("entries[0].request.events[0].data_base64");
    QJsonObject badSurface = minimalJson();
    badSurface.insert(QStringLiteral("api"), QStringLiteral("telepathy"));
    QTest::addRow("unknown api") << badSurface << QStringLiteral("api");
    QJsonObject badParameters = minimalJson();
    badParameters.insert(QStringLiteral("parameters"),
                         QJsonObject{{QStringLiteral("temperature"), QStringLiteral("hot")}});
    QTest::addRow("bad parameter") << badParameters << QStringLiteral("parameters.temperature");
}

void TestSession::rejectsUnreadableFiles()
{
    QFETCH(QJsonObject, json);
    QFETCH(QString, field);
    const mantle::Result<Session> session = Session::fromJson(json);
    QVERIFY(!session.ok());
    QCOMPARE(session.error().kind, Error::Kind::Parse);
    QVERIFY2(session.error().message.contains(QLatin1Char('"') + field + QLatin1Char('"')),
             qPrintable(session.error().message));
}

void TestSession::refusesAFutureVersion()
{
    QJsonObject json = richSession().toJson();
    json.insert(QStringLiteral("version"), Session::kFormatVersion + 1);
    json.insert(QStringLiteral("entries"), QStringLiteral("a shape we do not know"));
    const mantle::Result<Session> session = Session::fromJson(json);
    QVERIFY(!session.ok());
    QCOMPARE(session.error().kind, Error::Kind::Config);
    QCOMPARE(session.error().code, QString::fromLatin1(Session::kFutureVersionCode));
    QVERIFY(session.error().message.contains(QLatin1String("newer version")));
    QVERIFY(session.error().message.contains(QLatin1String("untouched")));
    QCOMPARE(Session::checkHeader(json).error().code,
             QString::fromLatin1(Session::kFutureVersionCode));
}

void TestSession::markdownHasTheConversation()
{
    const QString markdown = richSession().toMarkdown();
    QVERIFY(markdown.startsWith(QLatin1String("# Weather in Paris\n")));
    QVERIFY(markdown.contains(QLatin1String("openai.gpt-oss-120b")));
    QVERIFY(markdown.contains(QLatin1String("eu-west-1")));
    QVERIFY(markdown.contains(QLatin1String("Responses")));
    QVERIFY(markdown.contains(QLatin1String("Answer in one line.")));

    const qsizetype user = markdown.indexOf(QLatin1String("\n## User\n"));
    const qsizetype question = markdown.indexOf(QStringLiteral("What is the weather in Paris? ü"));
    const qsizetype assistant = markdown.indexOf(QLatin1String("\n## Assistant\n"));
    const qsizetype reasoning = markdown.indexOf(QLatin1String("\n> I should call the tool.\n"));
    const qsizetype json = markdown.indexOf(QLatin1String("```json\n"));
    const qsizetype city = markdown.indexOf(QLatin1String("\"city\": \"Paris\""));
    const qsizetype tool = markdown.indexOf(QLatin1String("\n## Tool result\n"));
    const qsizetype result = markdown.indexOf(QStringLiteral("18 °C, sunny"));
    const qsizetype answer = markdown.indexOf(QStringLiteral("It is 18 °C and sunny."));
    QVERIFY(user > 0);
    QVERIFY(question > user);
    QVERIFY(assistant > question);
    QVERIFY(reasoning > assistant);
    QVERIFY(json > reasoning);
    QVERIFY(city > json);
    QVERIFY(markdown.contains(QLatin1String("get_weather")));
    QVERIFY(markdown.contains(QLatin1String("call_1")));
    QVERIFY(tool > city);
    QVERIFY(result > tool);
    QVERIFY(answer > result);
    QCOMPARE(markdown.count(QLatin1String("## Assistant")), 2);
    // The failed and stopped answer says so, in italics.
    QVERIFY(markdown.contains(QLatin1String("*The answer failed: The server broke off.*")));
    QVERIFY(markdown.contains(QLatin1String("*Stopped")));
    // The draft is not part of the conversation.
    QVERIFY(!markdown.contains(QLatin1String("And tomorrow?")));
}

void TestSession::requestSpecIsValidOnEachSurface_data()
{
    QTest::addColumn<ApiSurface>("surface");
    QTest::addRow("chat") << ApiSurface::ChatCompletions;
    QTest::addRow("responses") << ApiSurface::Responses;
    QTest::addRow("messages") << ApiSurface::Messages;
}

void TestSession::requestSpecIsValidOnEachSurface()
{
    QFETCH(ApiSurface, surface);
    Session session = Session::create(surface);
    session.account = QStringLiteral("work");
    session.region = QStringLiteral("us-west-2");
    session.model = QStringLiteral("some.model");
    session.instructions = QStringLiteral("Be brief.");
    session.parameters.temperature = 0.5;
    session.parameters.maxOutputTokens = 100;
    session.store = true;
    session.entries.append(userEntry(QStringLiteral("First")));
    SessionEntry failed = assistantEntry({});
    failed.error = mantle::api::TurnError{
        QStringLiteral("overloaded_error"), QStringLiteral("Overloaded"), {}};
    session.entries.append(failed);
    SessionEntry stopped = assistantEntry({});
    stopped.stopped = true;
    session.entries.append(stopped);
    session.entries.append(userEntry(QStringLiteral("Second")));
    SessionEntry partial = assistantEntry(QStringLiteral("Half an ans"));
    partial.stopped = true;
    session.entries.append(partial);
    session.entries.append(userEntry(QStringLiteral("Third")));

    const RequestSpec spec = session.requestSpec();
    const mantle::Status valid = spec.validate();
    QVERIFY2(valid.ok(), qPrintable(valid ? QString() : valid.error().message));
    QCOMPARE(spec.surface, surface);
    QCOMPARE(spec.account, QStringLiteral("work"));
    QCOMPARE(spec.region, QStringLiteral("us-west-2"));
    QCOMPARE(spec.model, QStringLiteral("some.model"));
    QCOMPARE(spec.instructions, QStringLiteral("Be brief."));
    QCOMPARE(spec.parameters.temperature, std::optional<double>(0.5));
    QCOMPARE(spec.stream, true);
    QCOMPARE(spec.store,
             surface == ApiSurface::Responses ? std::optional<bool>(true) : std::optional<bool>());
    // The two empty answers are left out; the partial one is kept.
    QCOMPARE(spec.messages.size(), 4);
    QCOMPARE(spec.messages.at(0).text, QStringLiteral("First"));
    QCOMPARE(spec.messages.at(1).role, MessageRole::User);
    QCOMPARE(spec.messages.at(1).text, QStringLiteral("Second"));
    QCOMPARE(spec.messages.at(2).role, MessageRole::Assistant);
    QCOMPARE(spec.messages.at(2).text, QStringLiteral("Half an ans"));
    QCOMPARE(spec.messages.at(3).text, QStringLiteral("Third"));
}

void TestSession::requestSpecCarriesAToolRoundTrip()
{
    Session session = Session::create(ApiSurface::Messages);
    session.model = QStringLiteral("anthropic.claude");
    session.entries.append(userEntry(QStringLiteral("Weather?")));
    SessionEntry call = assistantEntry(QStringLiteral("Let me look."));
    call.toolCalls = {{QStringLiteral("toolu_1"), QStringLiteral("get_weather"),
                       QStringLiteral("{\"city\":\"Oslo\"}")}};
    session.entries.append(call);
    session.entries.append(toolEntry(QStringLiteral("toolu_1"), QStringLiteral("no data"), true));

    const RequestSpec spec = session.requestSpec();
    QVERIFY(spec.validate().ok());
    QCOMPARE(spec.messages.size(), 3);
    const mantle::api::ConversationMessage &assistant = spec.messages.at(1);
    QCOMPARE(assistant.role, MessageRole::Assistant);
    QCOMPARE(assistant.text, QStringLiteral("Let me look."));
    QCOMPARE(assistant.toolCalls.size(), 1);
    QCOMPARE(assistant.toolCalls.at(0).id, QStringLiteral("toolu_1"));
    QCOMPARE(assistant.toolCalls.at(0).name, QStringLiteral("get_weather"));
    QCOMPARE(assistant.toolCalls.at(0).arguments, QStringLiteral("{\"city\":\"Oslo\"}"));
    QVERIFY(assistant.toolCallId.isEmpty());
    const mantle::api::ConversationMessage &result = spec.messages.at(2);
    QCOMPARE(result.role, MessageRole::Tool);
    QCOMPARE(result.toolCallId, QStringLiteral("toolu_1"));
    QCOMPARE(result.text, QStringLiteral("no data"));
    QCOMPARE(result.isError, true);
    QVERIFY(result.toolCalls.isEmpty());
    QVERIFY(!spec.store);
}

void TestSession::requestSpecStopsAtCount()
{
    Session session = Session::create(ApiSurface::ChatCompletions);
    session.model = QStringLiteral("m");
    session.entries.append(userEntry(QStringLiteral("one")));
    session.entries.append(assistantEntry(QStringLiteral("two")));
    session.entries.append(userEntry(QStringLiteral("three")));
    QCOMPARE(session.requestSpec(1).messages.size(), 1);
    QCOMPARE(session.requestSpec(2).messages.size(), 2);
    QCOMPARE(session.requestSpec(-1).messages.size(), 3);
    QCOMPARE(session.requestSpec(99).messages.size(), 3);
    QCOMPARE(session.requestSpec(0).messages.size(), 0);
}

void TestSession::costAddsKnownPricesAndCountsUnpricedAnswers()
{
    Session session = Session::create(ApiSurface::ChatCompletions);
    session.entries.append(userEntry(QStringLiteral("q")));
    SessionEntry priced = assistantEntry(QStringLiteral("a"));
    priced.costPico = 1500;
    session.entries.append(priced);
    SessionEntry priced2 = assistantEntry(QStringLiteral("b"));
    priced2.costPico = 2500;
    session.entries.append(priced2);
    SessionEntry unpriced = assistantEntry(QStringLiteral("c"));
    unpriced.usage = mantle::api::Usage{};
    session.entries.append(unpriced);
    SessionEntry failed = assistantEntry({});
    failed.error = mantle::api::TurnError{QStringLiteral("server_error"), {}, {}};
    session.entries.append(failed);
    QCOMPARE(session.totalCostPico(), qint64(4000));
    QCOMPARE(session.unpricedAnswers(), 1);
}

void TestSession::toolsSchemaAndChainSettingsRoundTrip()
{
    Session session = Session::create(ApiSurface::Responses);
    session.model = QStringLiteral("openai.gpt-oss-120b");
    mantle::api::ToolDefinition weather;
    weather.name = QStringLiteral("get_weather");
    weather.description = QStringLiteral("Weather in a city");
    weather.parameters = QJsonObject{{QStringLiteral("type"), QStringLiteral("object")}};
    weather.strict = true;
    session.tools = {weather};
    session.toolChoice = mantle::api::ToolChoice{mantle::api::ToolChoice::Mode::Function,
                                                 QStringLiteral("get_weather")};
    session.cannedResults.insert(QStringLiteral("get_weather"), QStringLiteral("{\"c\":21}"));
    session.outputSchema = mantle::api::OutputSchema{
        QStringLiteral("answer"), QJsonObject{{QStringLiteral("type"), QStringLiteral("object")}},
        true};
    session.chainResponses = false;
    session.forkedFromSession = QStringLiteral("parent-id");
    session.forkedFromEntry = QStringLiteral("entry-id");
    SessionEntry answer = assistantEntry(QStringLiteral("ok"));
    answer.responseId = QStringLiteral("resp_9");
    answer.responseDeleted = true;
    RequestSpec sent = session.requestSpec();
    sent.previousResponseId = QStringLiteral("resp_1");
    answer.sentSpec = sent;
    session.entries.append(answer);

    const auto back = Session::fromJson(session.toJson());
    QVERIFY2(back.ok(), qPrintable(back.ok() ? QString() : back.error().toDisplayString()));
    QCOMPARE(back->tools, session.tools);
    QCOMPARE(back->toolChoice, session.toolChoice);
    QCOMPARE(back->cannedResults, session.cannedResults);
    QCOMPARE(back->outputSchema, session.outputSchema);
    QCOMPARE(back->chainResponses, false);
    QCOMPARE(back->forkedFromSession, QStringLiteral("parent-id"));
    QCOMPARE(back->forkedFromEntry, QStringLiteral("entry-id"));
    QVERIFY(back->entries.at(0).sentSpec.has_value());
    QCOMPARE(back->entries.at(0).sentSpec->previousResponseId, QStringLiteral("resp_1"));
    QCOMPARE(back->entries.at(0).sentSpec->tools, session.tools);
    QVERIFY(back->entries.at(0).responseDeleted);
    // The request is kept without its messages: they are the entries before the answer.
    QVERIFY(!session.toJson()
                 .value(QStringLiteral("entries"))
                 .toArray()
                 .at(0)
                 .toObject()
                 .value(QStringLiteral("sent"))
                 .toObject()
                 .contains(QStringLiteral("messages")));
    QCOMPARE(back->requestSpec().tools, session.tools);
}

void TestSession::responsesChainFromTheLastStoredAnswer_data()
{
    QTest::addColumn<bool>("chain");
    QTest::addColumn<std::optional<bool>>("store");
    QTest::addColumn<bool>("failed");
    QTest::addColumn<QString>("answerRegion");
    QTest::addColumn<bool>("deleted");
    QTest::addColumn<QString>("previous");
    QTest::addColumn<int>("messages");

    const QString here = QStringLiteral("us-east-1");
    QTest::newRow("stored answer: chained")
        << true << std::optional<bool>() << false << here << false << QStringLiteral("resp_2") << 1;
    QTest::newRow("store on: chained") << true << std::optional<bool>(true) << false << here
                                       << false << QStringLiteral("resp_2") << 1;
    QTest::newRow("store off: whole conversation")
        << true << std::optional<bool>(false) << false << here << false << QString() << 3;
    QTest::newRow("chaining off: whole conversation")
        << false << std::optional<bool>() << false << here << false << QString() << 3;
    QTest::newRow("failed answer: whole conversation")
        << true << std::optional<bool>() << true << here << false << QString() << 3;
    QTest::newRow("answer from another region: whole conversation")
        << true << std::optional<bool>() << false << QStringLiteral("eu-west-1") << false
        << QString() << 3;
    QTest::newRow("stored response deleted: whole conversation")
        << true << std::optional<bool>() << false << here << true << QString() << 3;
}

void TestSession::responsesChainFromTheLastStoredAnswer()
{
    QFETCH(bool, chain);
    QFETCH(std::optional<bool>, store);
    QFETCH(bool, failed);
    QFETCH(QString, answerRegion);
    QFETCH(bool, deleted);
    QFETCH(QString, previous);
    QFETCH(int, messages);

    Session session = Session::create(ApiSurface::Responses);
    session.model = QStringLiteral("openai.gpt-oss-120b");
    session.account = QStringLiteral("work");
    session.region = QStringLiteral("us-east-1");
    session.store = store;
    session.chainResponses = chain;
    session.entries.append(userEntry(QStringLiteral("My name is Ada.")));
    SessionEntry answer = assistantEntry(QStringLiteral("Hello Ada."));
    answer.account = QStringLiteral("work");
    answer.region = answerRegion;
    answer.responseId = QStringLiteral("resp_2");
    answer.responseDeleted = deleted;
    if (failed)
        answer.error
            = mantle::api::TurnError{QStringLiteral("server_error"), QStringLiteral("x"), {}};
    session.entries.append(answer);
    session.entries.append(userEntry(QStringLiteral("What is my name?")));

    const RequestSpec spec = session.requestSpec();
    QCOMPARE(spec.previousResponseId, previous);
    QCOMPARE(spec.messages.size(), messages);
    QCOMPARE(spec.messages.constLast().text, QStringLiteral("What is my name?"));
    QVERIFY2(
        spec.validate().ok(),
        qPrintable(spec.validate().ok() ? QString() : spec.validate().error().toDisplayString()));
}

void TestSession::sentRequestSpecIsWhatWasSent()
{
    Session session = Session::create(ApiSurface::Responses);
    session.model = QStringLiteral("openai.gpt-oss-120b");
    session.account = QStringLiteral("work");
    session.region = QStringLiteral("us-east-1");
    session.entries.append(userEntry(QStringLiteral("My name is Ada.")));
    // What SessionRunner does: keep the request, without messages, with the answer.
    auto answerTo = [&session](const QString &text, const QString &responseId) {
        RequestSpec sent = session.requestSpec();
        sent.messages.clear();
        SessionEntry answer = assistantEntry(text);
        answer.account = session.account;
        answer.region = session.region;
        answer.responseId = responseId;
        answer.sentSpec = sent;
        session.entries.append(answer);
    };
    answerTo(QStringLiteral("Hello Ada."), QStringLiteral("resp_1"));
    session.entries.append(userEntry(QStringLiteral("What is my name?")));
    const RequestSpec next = session.requestSpec();
    answerTo(QStringLiteral("Ada."), QStringLiteral("resp_2"));
    session.parameters.temperature = 0.2; // changed after the answer: not part of what was sent

    const std::optional<RequestSpec> first = session.sentRequestSpec(1);
    QVERIFY(first.has_value());
    QVERIFY(first->previousResponseId.isEmpty());
    QCOMPARE(first->messages.size(), 1);
    const std::optional<RequestSpec> second = session.sentRequestSpec(3);
    QVERIFY(second.has_value());
    QCOMPARE(*second, next);
    QCOMPARE(second->previousResponseId, QStringLiteral("resp_1"));
    QCOMPARE(second->messages.size(), 1);
    QVERIFY(!second->parameters.temperature.has_value());
    QVERIFY(!session.sentRequestSpec(0).has_value()); // a question, not an answer
    QVERIFY(!session.sentRequestSpec(9).has_value());

    // An answer from an older file, without its request: rebuilt from the entries.
    session.entries[1].sentSpec.reset();
    const std::optional<RequestSpec> rebuilt = session.sentRequestSpec(1);
    QVERIFY(rebuilt.has_value());
    QCOMPARE(rebuilt->messages.size(), 1);
    QCOMPARE(rebuilt->model, QStringLiteral("openai.gpt-oss-120b"));
}

void TestSession::forkKeepsEntriesUpToTheRowAndNamesItsOrigin()
{
    Session session = Session::create(ApiSurface::Responses);
    session.title = QStringLiteral("Names");
    session.model = QStringLiteral("openai.gpt-oss-120b");
    session.entries.append(userEntry(QStringLiteral("My name is Ada.")));
    SessionEntry answer = assistantEntry(QStringLiteral("Hello Ada."));
    answer.responseId = QStringLiteral("resp_1");
    session.entries.append(answer);
    session.entries.append(userEntry(QStringLiteral("And yours?")));
    session.draft = QStringLiteral("typing");

    const Session fork = session.forkAt(1);
    QVERIFY(fork.id != session.id);
    QVERIFY(Session::isValidId(fork.id));
    QCOMPARE(fork.entries.size(), 2);
    QCOMPARE(fork.entries.at(1).responseId, QStringLiteral("resp_1"));
    QCOMPARE(fork.forkedFromSession, session.id);
    QCOMPARE(fork.forkedFromEntry, answer.id);
    QCOMPARE(fork.model, session.model);
    QVERIFY(fork.draft.isEmpty());
    QVERIFY(fork.title.contains(QStringLiteral("Names")));
    QVERIFY(fork.title != session.title);
}

void TestSession::forcedToolChoiceIsAutoOnceResultsGoBack()
{
    using Mode = mantle::api::ToolChoice::Mode;
    Session session = Session::create(ApiSurface::ChatCompletions);
    session.model = QStringLiteral("m");
    mantle::api::ToolDefinition weather;
    weather.name = QStringLiteral("get_weather");
    session.tools = {weather};
    session.toolChoice = mantle::api::ToolChoice{Mode::Function, QStringLiteral("get_weather")};
    session.entries.append(userEntry(QStringLiteral("Weather in Oslo?")));
    QCOMPARE(session.requestSpec().toolChoice, session.toolChoice);

    SessionEntry call = assistantEntry(QString());
    call.toolCalls
        = {{QStringLiteral("call_1"), QStringLiteral("get_weather"), QStringLiteral("{}")}};
    session.entries.append(call);
    session.entries.append(toolEntry(QStringLiteral("call_1"), QStringLiteral("21 C"), false));
    QCOMPARE(session.requestSpec().toolChoice->mode, Mode::Auto);
    QCOMPARE(session.requestSpec(1).toolChoice, session.toolChoice); // a rerun of the question

    session.toolChoice = mantle::api::ToolChoice{Mode::None, {}};
    QCOMPARE(session.requestSpec().toolChoice->mode, Mode::None); // only forced choices change
    session.tools.clear();
    QVERIFY(!session.requestSpec().toolChoice.has_value()); // no tools, no choice
}

QTEST_GUILESS_MAIN(TestSession)
#include "tst_session.moc"

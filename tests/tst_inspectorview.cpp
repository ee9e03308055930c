#include "inspectorview.h"

#include "pipeline/requestrecord.h"

#include <QAbstractItemModel>
#include <QCheckBox>
#include <QFontDatabase>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QSignalSpy>
#include <QStackedWidget>
#include <QTabWidget>
#include <QTableView>
#include <QTableWidget>
#include <QTest>

using mantle::pipeline::RecordedEvent;
using mantle::pipeline::RequestRecord;
using mantle::ui::InspectorView;

namespace {

const QByteArray kRequestBody = R"({"input":"hi","model":"openai.gpt-oss-120b","stream":true})";
// The same body as a person reads it: four-space indents, one member per line.
const QString kRequestBodyPretty = QStringLiteral("{\n"
                                                  "    \"input\": \"hi\",\n"
                                                  "    \"model\": \"openai.gpt-oss-120b\",\n"
                                                  "    \"stream\": true\n"
                                                  "}");

RequestRecord streamedRecord()
{
    RequestRecord record;
    record.method = "POST";
    record.url = QStringLiteral("https://bedrock-mantle.us-east-1.api.aws/v1/responses");
    record.requestHeaders = {{"content-type", "application/json"}, {"authorization", "<redacted>"}};
    record.requestBody = kRequestBody;
    record.httpStatus = 200;
    record.responseHeaders
        = {{"content-type", "text/event-stream"}, {"x-amzn-requestid", "req_abc123"}};
    record.streamed = true;
    record.events = {
        {12, QStringLiteral("response.created"), R"({"type":"response.created"})"},
        {40, QStringLiteral("response.output_text.delta"),
         R"({"type":"response.output_text.delta","delta":"Hel"})"},
        {55, QStringLiteral("response.completed"), R"({"type":"response.completed"})"},
    };
    record.attempts = 1;
    record.routePrefix = QStringLiteral("/v1");
    record.timeToFirstByteMs = 10;
    record.timeToFirstTokenMs = 40;
    record.totalMs = 60;
    record.tokensPerSecond = 33.3;
    return record;
}

QList<RecordedEvent> manyEvents(int count)
{
    QList<RecordedEvent> events;
    events.reserve(count);
    for (int i = 0; i < count; ++i) {
        events.append({i, QString(),
                       QByteArray(R"({"choices":[{"delta":{"content":"x"}}],"n":)")
                           + QByteArray::number(i) + '}'});
    }
    return events;
}

template<typename T> T *child(const InspectorView &view, const char *name)
{
    T *widget = view.findChild<T *>(QLatin1String(name));
    if (!widget)
        qWarning("no child %s", name);
    return widget;
}

QAbstractItemModel *eventModel(const InspectorView &view)
{
    return child<QTableView>(view, "inspectorEventsView")->model();
}

QString text(const InspectorView &view, const char *labelName)
{
    return child<QLabel>(view, labelName)->text();
}

} // namespace

class TestInspectorView : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void startsWithNothing();
    void showsTheRequestAsSent();
    void rawShowsTheExactBytes();
    void showsStreamedEventsInATable();
    void selectingAnEventShowsItsData();
    void showsAJsonAnswerPrettyPrinted();
    void showsAttemptsRouteAndTimings_data();
    void showsAttemptsRouteAndTimings();
    void loadsTwentyThousandEventsWithoutWidgets();
    void pendingUpdatesAreThrottledAndIncremental();
    void showNothingHidesTheRecord();
    void everyControlHasAnAccessibleName();
};

void TestInspectorView::initTestCase()
{
    QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates));
}

void TestInspectorView::startsWithNothing()
{
    InspectorView view;
    auto *pages = child<QStackedWidget>(view, "inspectorPages");
    QVERIFY(pages);
    QCOMPARE(pages->currentWidget(), child<QLabel>(view, "inspectorNothing"));
    QVERIFY(!text(view, "inspectorNothing").isEmpty());
}

void TestInspectorView::showsTheRequestAsSent()
{
    InspectorView view;
    view.showRecord(streamedRecord());
    QCOMPARE(child<QLineEdit>(view, "inspectorRequestLine")->text(),
             QStringLiteral("POST https://bedrock-mantle.us-east-1.api.aws/v1/responses"));
    auto *headers = child<QTableWidget>(view, "inspectorRequestHeaders");
    QCOMPARE(headers->rowCount(), 2);
    QCOMPARE(headers->item(1, 0)->text(), QStringLiteral("authorization"));
    QCOMPARE(headers->item(1, 1)->text(), QStringLiteral("<redacted>"));
    QCOMPARE(child<QPlainTextEdit>(view, "inspectorRequestBody")->toPlainText(),
             kRequestBodyPretty);
    QVERIFY(!child<QCheckBox>(view, "inspectorRequestRaw")->isChecked());
    // Bodies in the system's fixed-pitch font.
    QCOMPARE(child<QPlainTextEdit>(view, "inspectorRequestBody")->font().family(),
             QFontDatabase::systemFont(QFontDatabase::FixedFont).family());
}

void TestInspectorView::rawShowsTheExactBytes()
{
    InspectorView view;
    view.showRecord(streamedRecord());
    child<QCheckBox>(view, "inspectorRequestRaw")->click();
    QCOMPARE(child<QPlainTextEdit>(view, "inspectorRequestBody")->toPlainText().toUtf8(),
             kRequestBody);
    child<QCheckBox>(view, "inspectorRequestRaw")->click();
    QCOMPARE(child<QPlainTextEdit>(view, "inspectorRequestBody")->toPlainText(),
             kRequestBodyPretty);
}

void TestInspectorView::showsStreamedEventsInATable()
{
    InspectorView view;
    view.showRecord(streamedRecord());
    QAbstractItemModel *model = eventModel(view);
    QCOMPARE(model->rowCount(), 3);
    QCOMPARE(model->columnCount(), 3);
    QCOMPARE(model->index(1, 0).data().toLongLong(), 40);
    QCOMPARE(model->index(1, 1).data().toString(), QStringLiteral("response.output_text.delta"));
    QCOMPARE(model->index(1, 2).data().toString(),
             QStringLiteral(R"({"type":"response.output_text.delta","delta":"Hel"})"));
    auto *responsePages = child<QStackedWidget>(view, "inspectorResponsePages");
    QVERIFY(responsePages->currentWidget()->isAncestorOf(
        child<QTableView>(view, "inspectorEventsView")));
    const QString status = text(view, "inspectorResponseStatus");
    QVERIFY2(status.contains(QLatin1String("200")), qPrintable(status));
    QVERIFY2(status.contains(QLatin1String("req_abc123")), qPrintable(status));
    auto *headers = child<QTableWidget>(view, "inspectorResponseHeaders");
    QCOMPARE(headers->rowCount(), 2);
    QCOMPARE(headers->item(0, 1)->text(), QStringLiteral("text/event-stream"));
}

void TestInspectorView::selectingAnEventShowsItsData()
{
    InspectorView view;
    RequestRecord record = streamedRecord();
    const QByteArray longData = R"({"delta":")" + QByteArray(1000, 'a') + R"("})";
    record.events.append({70, QStringLiteral("response.output_text.delta"), longData});
    view.showRecord(record);
    auto *table = child<QTableView>(view, "inspectorEventsView");
    // A long event is cut in the table, complete in the detail pane.
    const QString preview = table->model()->index(3, 2).data().toString();
    QVERIFY(preview.size() < longData.size());
    QVERIFY(!table->model()->index(3, 2).data(Qt::ToolTipRole).toString().isEmpty());
    table->setCurrentIndex(table->model()->index(3, 0));
    const QString detail = child<QPlainTextEdit>(view, "inspectorEventDetail")->toPlainText();
    QVERIFY2(detail.contains(QString(1000, QLatin1Char('a'))), qPrintable(detail.left(100)));
    QVERIFY(detail.startsWith(QLatin1String("{\n"))); // pretty-printed JSON
}

void TestInspectorView::showsAJsonAnswerPrettyPrinted()
{
    InspectorView view;
    RequestRecord record = streamedRecord();
    record.streamed = false;
    record.events.clear();
    record.responseBody = R"({"id":"chatcmpl-1","object":"chat.completion"})";
    view.showRecord(record);
    auto *body = child<QPlainTextEdit>(view, "inspectorResponseBody");
    QCOMPARE(body->toPlainText(),
             QStringLiteral("{\n"
                            "    \"id\": \"chatcmpl-1\",\n"
                            "    \"object\": \"chat.completion\"\n"
                            "}"));
    auto *pages = child<QStackedWidget>(view, "inspectorResponsePages");
    QVERIFY(pages->currentWidget()->isAncestorOf(body));
    QCOMPARE(eventModel(view)->rowCount(), 0);
    child<QCheckBox>(view, "inspectorResponseRaw")->click();
    QCOMPARE(body->toPlainText().toUtf8(), record.responseBody);
}

void TestInspectorView::showsAttemptsRouteAndTimings_data()
{
    QTest::addColumn<int>("attempts");
    QTest::addColumn<bool>("switched");
    QTest::addColumn<QString>("error");
    QTest::addColumn<bool>("truncated");
    QTest::addColumn<QString>("expectedAttempts");
    QTest::newRow("first try") << 1 << false << QString() << false
                               << QStringLiteral("1 (retries: 0)");
    QTest::newRow("retried, switched, failed, truncated")
        << 3 << true << QStringLiteral("Too many requests") << true
        << QStringLiteral("3 (retries: 2)");
}

void TestInspectorView::showsAttemptsRouteAndTimings()
{
    QFETCH(int, attempts);
    QFETCH(bool, switched);
    QFETCH(QString, error);
    QFETCH(bool, truncated);
    QFETCH(QString, expectedAttempts);
    RequestRecord record = streamedRecord();
    record.attempts = attempts;
    record.switchedPrefix = switched;
    if (switched)
        record.routePrefix = QStringLiteral("/openai/v1");
    record.error = error;
    record.truncated = truncated;
    record.timeToFirstTokenMs = 1234;
    record.totalMs = 5678;
    InspectorView view;
    view.showRecord(record);
    QCOMPARE(text(view, "inspectorAttempts"), expectedAttempts);
    const QString route = text(view, "inspectorRoute");
    QVERIFY(route.startsWith(record.routePrefix));
    QCOMPARE(route.size() > record.routePrefix.size(), switched); // "(switched …)"
    QVERIFY(text(view, "inspectorTimeToFirstByte").contains(QLatin1String("10")));
    QVERIFY(text(view, "inspectorTimeToFirstToken").contains(QLatin1String("1,234")));
    QVERIFY(text(view, "inspectorTotalTime").contains(QLatin1String("5,678")));
    QCOMPARE(text(view, "inspectorTokensPerSecond"), QStringLiteral("33.3"));
    if (!error.isEmpty())
        QCOMPARE(text(view, "inspectorError"), error);
    const QString summary = text(view, "inspectorSummary");
    if (!error.isEmpty())
        QVERIFY(summary.contains(error));
    QCOMPARE(summary.contains(QLatin1String("truncated")), truncated);
    QCOMPARE(summary.contains(QLatin1String("switched")), switched);
    QCOMPARE(text(view, "inspectorTruncated").startsWith(QLatin1String("Yes")), truncated);
}

void TestInspectorView::loadsTwentyThousandEventsWithoutWidgets()
{
    InspectorView view;
    view.resize(800, 600);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    RequestRecord record = streamedRecord();
    record.events = manyEvents(10);
    view.showRecord(record);
    const qsizetype widgetsForTen = view.findChildren<QWidget *>().size();

    record.events = manyEvents(RequestRecord::kMaxEvents);
    record.url += QStringLiteral("?another");
    view.showRecord(record);
    QCOMPARE(eventModel(view)->rowCount(), 20000);
    QCOMPARE(eventModel(view)->index(19999, 0).data().toLongLong(), 19999);
    QCOMPARE(view.findChildren<QWidget *>().size(), widgetsForTen);
}

void TestInspectorView::pendingUpdatesAreThrottledAndIncremental()
{
    InspectorView view;
    RequestRecord record = streamedRecord();
    record.httpStatus = 200;
    record.events = manyEvents(1);
    view.showPending(record); // the first update shows at once
    QAbstractItemModel *model = eventModel(view);
    QCOMPARE(model->rowCount(), 1);
    QVERIFY(text(view, "inspectorTotalTime") != QLatin1String("60 ms"));

    QSignalSpy inserted(model, &QAbstractItemModel::rowsInserted);
    QSignalSpy reset(model, &QAbstractItemModel::modelReset);
    for (int count = 2; count <= 50; ++count) {
        record.events = manyEvents(count);
        view.showPending(record);
    }
    // Within the interval nothing more is shown; the latest state follows once it is over.
    QCOMPARE(model->rowCount(), 1);
    QTRY_COMPARE(model->rowCount(), 50);
    QCOMPARE(inserted.size(), 1); // 49 updates, one refresh
    QCOMPARE(reset.size(), 0); // only the new rows were added

    record.events = manyEvents(60);
    view.showRecord(record); // the finished record shows at once
    QCOMPARE(model->rowCount(), 60);
    QVERIFY(text(view, "inspectorTotalTime").contains(QLatin1String("60")));
}

void TestInspectorView::showNothingHidesTheRecord()
{
    InspectorView view;
    view.showRecord(streamedRecord());
    const QString reason = QStringLiteral("Select an answer to see its request.");
    view.showNothing(reason);
    auto *pages = child<QStackedWidget>(view, "inspectorPages");
    QCOMPARE(pages->currentWidget(), child<QLabel>(view, "inspectorNothing"));
    QCOMPARE(text(view, "inspectorNothing"), reason);
    QCOMPARE(eventModel(view)->rowCount(), 0);
}

void TestInspectorView::everyControlHasAnAccessibleName()
{
    InspectorView view;
    view.showRecord(streamedRecord());
    int controls = 0;
    for (QWidget *widget : view.findChildren<QWidget *>()) {
        const bool control = qobject_cast<QAbstractItemView *>(widget)
            || qobject_cast<QPlainTextEdit *>(widget) || qobject_cast<QCheckBox *>(widget)
            || qobject_cast<QLineEdit *>(widget) || qobject_cast<QTabWidget *>(widget);
        // Table headers and Qt's own inner widgets are parts of the controls that carry names.
        if (!control || qobject_cast<QHeaderView *>(widget)
            || widget->objectName().startsWith(QLatin1String("qt_")))
            continue;
        ++controls;
        QVERIFY2(!widget->accessibleName().isEmpty(),
                 qPrintable(widget->objectName() + QLatin1Char(' ')
                            + QLatin1String(widget->metaObject()->className())));
    }
    QVERIFY(controls >= 9);
}

QTEST_MAIN(TestInspectorView)
#include "tst_inspectorview.moc"

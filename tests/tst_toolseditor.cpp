#include "jsonhighlighter.h"
#include "toolcallspanel.h"
#include "toolseditor.h"

#include "api/requestspec.h"
#include "api/turn.h"

#include <QCheckBox>
#include <QComboBox>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSet>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTextBlock>
#include <QTextDocument>
#include <QTextLayout>

using mantle::api::ConversationMessage;
using mantle::api::MessageRole;
using mantle::api::ToolCall;
using mantle::api::ToolChoice;
using mantle::api::ToolDefinition;
using mantle::mantle::ApiSurface;
using mantle::ui::JsonHighlighter;
using mantle::ui::ToolCallsPanel;
using mantle::ui::ToolsEditor;

Q_DECLARE_METATYPE(ApiSurface)

namespace {

QJsonObject object(const char *json)
{
    return QJsonDocument::fromJson(QByteArray(json)).object();
}

const char kCitySchema[] = R"({"type":"object","properties":{"city":{"type":"string"}},)"
                           R"("required":["city"],"additionalProperties":false})";

ToolDefinition cityTool(const QString &name)
{
    ToolDefinition tool;
    tool.name = name;
    tool.description = QStringLiteral("Weather for a city.");
    tool.parameters = object(kCitySchema);
    return tool;
}

/// The texts of the tool-choice combo's entries.
QStringList choiceEntries(const ToolsEditor &editor)
{
    const auto *combo = editor.findChild<QComboBox *>(QStringLiteral("toolChoice"));
    QStringList entries;
    for (int i = 0; i < combo->count(); ++i)
        entries.append(combo->itemText(i));
    return entries;
}

/// Chooses the entry `text` of the tool-choice combo as a user would.
bool chooseToolChoice(ToolsEditor &editor, const QString &text)
{
    auto *combo = editor.findChild<QComboBox *>(QStringLiteral("toolChoice"));
    const int index = combo->findText(text);
    if (index < 0)
        return false;
    combo->setCurrentIndex(index);
    emit combo->activated(index);
    return true;
}

/// The format the highlighter gave the character at `position` of the one-line `document`.
QTextCharFormat formatAt(QTextDocument &document, int position)
{
    const QTextBlock block = document.findBlock(position);
    const int at = position - block.position();
    const auto formats = block.layout()->formats();
    for (const QTextLayout::FormatRange &range : formats) {
        if (at >= range.start && at < range.start + range.length)
            return range.format;
    }
    return {};
}

} // namespace

class TestToolsEditor : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void highlighterColoursKeysStringsNumbersAndKeywords();
    void highlighterUnderlinesTheErrorPosition();
    void examplesAddValidTools_data();
    void examplesAddValidTools();
    void invalidToolsAreReportedAndLeftOut_data();
    void invalidToolsAreReportedAndLeftOut();
    void parseErrorIsUnderlinedInTheEditor();
    void emptyParametersMeanNoArguments();
    void parametersColoursFollowADarkPalette();
    void toolChoiceOffersTheNamedFunctions();
    void setToolsShowsThemWithoutChangedSignal();
    void importsEachSurfaceShape_data();
    void importsEachSurfaceShape();
    void importReportsTheBadItem();
    void exportWritesTheChosenSurfaceShape_data();
    void exportWritesTheChosenSurfaceShape();
    void cannedResultsFollowToolsByName();
    void parallelCallsNeedEveryResultBeforeSending();
    void cannedResultsFillIn();
    void argumentsAreCheckedAgainstTheSchema_data();
    void argumentsAreCheckedAgainstTheSchema();
};

void TestToolsEditor::highlighterColoursKeysStringsNumbersAndKeywords()
{
    QPlainTextEdit edit;
    QTextDocument &document = *edit.document();
    JsonHighlighter highlighter(&document);
    document.setPlainText(
        QStringLiteral(R"({"city": "Paris", "n": -1.5e3, "ok": true, "x": null})"));
    const auto key = highlighter.format(JsonHighlighter::Token::Key).foreground().color();
    const auto string = highlighter.format(JsonHighlighter::Token::String).foreground().color();
    const auto number = highlighter.format(JsonHighlighter::Token::Number).foreground().color();
    const auto keyword = highlighter.format(JsonHighlighter::Token::Keyword).foreground().color();
    const auto punctuation
        = highlighter.format(JsonHighlighter::Token::Punctuation).foreground().color();
    QCOMPARE(QSet<QRgb>({key.rgb(), string.rgb(), number.rgb(), keyword.rgb(), punctuation.rgb()})
                 .size(),
             5);
    QCOMPARE(formatAt(document, 2).foreground().color(), key); // c of "city"
    QCOMPARE(formatAt(document, 10).foreground().color(), string); // P of "Paris"
    QCOMPARE(formatAt(document, 23).foreground().color(), number); // - of -1.5e3
    QCOMPARE(formatAt(document, 28).foreground().color(), number); // 3 of -1.5e3
    QCOMPARE(formatAt(document, 37).foreground().color(), keyword); // t of true
    QCOMPARE(formatAt(document, 48).foreground().color(), keyword); // n of null
    QCOMPARE(formatAt(document, 0).foreground().color(), punctuation); // {
    QCOMPARE(formatAt(document, 7).foreground().color(), punctuation); // :
}

void TestToolsEditor::highlighterUnderlinesTheErrorPosition()
{
    QPlainTextEdit edit;
    QTextDocument &document = *edit.document();
    JsonHighlighter highlighter(&document);
    edit.setPlainText(QStringLiteral("{\"a\": 1,\n \"b\": x}"));
    const int xPosition = int(document.toPlainText().indexOf(QLatin1Char('x')));
    QCOMPARE(formatAt(document, xPosition).underlineStyle(), QTextCharFormat::NoUnderline);
    highlighter.setErrorPosition(xPosition);
    QCOMPARE(formatAt(document, xPosition).underlineStyle(), QTextCharFormat::WaveUnderline);
    highlighter.setErrorPosition(-1);
    QCOMPARE(formatAt(document, xPosition).underlineStyle(), QTextCharFormat::NoUnderline);
    // An error at a line's end marks that line's last character.
    const int lineEnd = int(document.toPlainText().indexOf(QLatin1Char('\n')));
    highlighter.setErrorPosition(lineEnd);
    QCOMPARE(formatAt(document, lineEnd - 1).underlineStyle(), QTextCharFormat::WaveUnderline);

    // Dark palettes get lighter colours than light ones.
    QPalette dark;
    dark.setColor(QPalette::Base, Qt::black);
    dark.setColor(QPalette::Text, Qt::white);
    QPalette light;
    light.setColor(QPalette::Base, Qt::white);
    light.setColor(QPalette::Text, Qt::black);
    highlighter.setPalette(dark);
    const qreal darkKey
        = highlighter.format(JsonHighlighter::Token::Key).foreground().color().lightnessF();
    highlighter.setPalette(light);
    const qreal lightKey
        = highlighter.format(JsonHighlighter::Token::Key).foreground().color().lightnessF();
    QVERIFY(darkKey > 0.5);
    QVERIFY(lightKey < 0.5);
}

void TestToolsEditor::examplesAddValidTools_data()
{
    QTest::addColumn<QString>("name");
    for (const QString &name : ToolsEditor::exampleNames())
        QTest::addRow("%s", qPrintable(name)) << name;
}

void TestToolsEditor::examplesAddValidTools()
{
    QFETCH(QString, name);
    ToolsEditor editor;
    QSignalSpy changed(&editor, &ToolsEditor::changed);
    editor.addExample(name);
    QCOMPARE(changed.count(), 1);
    QCOMPARE(editor.toolCount(), 1);
    QCOMPARE(editor.problem(0), QString());
    const QList<ToolDefinition> tools = editor.tools();
    QCOMPARE(tools.size(), 1);
    QCOMPARE(tools.first().name, name);
    QVERIFY(!tools.first().description.isEmpty());
    QCOMPARE(tools.first().parameters.value(QStringLiteral("type")).toString(),
             QStringLiteral("object"));
    // Every example comes with a canned result that is JSON.
    QVERIFY(QJsonDocument::fromJson(editor.cannedResult(name).toUtf8()).isObject());

    // A second copy gets a name of its own.
    editor.addExample(name);
    QCOMPARE(editor.tools().size(), 2);
    QCOMPARE(editor.tools().at(1).name, name + QStringLiteral("_2"));
}

void TestToolsEditor::invalidToolsAreReportedAndLeftOut_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("parameters");
    QTest::addColumn<QString>("problem");

    const QString schema = QString::fromLatin1(kCitySchema);
    QTest::addRow("JSON error with its line")
        << QStringLiteral("f") << QStringLiteral("{\"type\": \"object\"\n \"properties\": {}\n}")
        << QStringLiteral("at line 2, column");
    QTest::addRow("unterminated") << QStringLiteral("f")
                                  << QStringLiteral("{\"type\": \"object\", \"properties\": {")
                                  << QStringLiteral("Not valid JSON");
    QTest::addRow("array") << QStringLiteral("f") << QStringLiteral("[]")
                           << QStringLiteral("must be a JSON object");
    QTest::addRow("not an object schema")
        << QStringLiteral("f") << QStringLiteral("{\"type\": \"string\"}")
        << QStringLiteral("must be an object schema");
    QTest::addRow("name with a space")
        << QStringLiteral("get weather") << schema << QStringLiteral("1 to 64");
    QTest::addRow("name too long")
        << QString(65, QLatin1Char('a')) << schema << QStringLiteral("1 to 64");
    QTest::addRow("no name") << QString() << schema << QStringLiteral("name");
    QTest::addRow("same name as the tool above")
        << QStringLiteral("get_weather") << schema << QStringLiteral("Another tool");
}

void TestToolsEditor::invalidToolsAreReportedAndLeftOut()
{
    QFETCH(QString, name);
    QFETCH(QString, parameters);
    QFETCH(QString, problem);

    ToolsEditor editor;
    editor.addExample(QStringLiteral("get_weather"));
    editor.addTool();
    QCOMPARE(editor.toolCount(), 2);
    QCOMPARE(editor.currentTool(), 1);

    auto *nameEdit = editor.findChild<QLineEdit *>(QStringLiteral("name"));
    auto *parametersEdit = editor.findChild<QPlainTextEdit *>(QStringLiteral("parameters"));
    nameEdit->selectAll();
    QTest::keyClick(nameEdit, Qt::Key_Delete);
    QTest::keyClicks(nameEdit, name);
    parametersEdit->setPlainText(parameters);

    QVERIFY2(editor.problem(1).contains(problem), qPrintable(editor.problem(1)));
    const QList<ToolDefinition> tools = editor.tools();
    QCOMPARE(tools.size(), 1);
    QCOMPARE(tools.first().name, QStringLiteral("get_weather"));
    // The problem is on screen next to the field it is about.
    const auto *nameStatus = editor.findChild<QLabel *>(QStringLiteral("nameStatus"));
    const auto *parametersStatus = editor.findChild<QLabel *>(QStringLiteral("parametersStatus"));
    QVERIFY(nameStatus->text().contains(problem) || parametersStatus->text().contains(problem));
    // Fixing it brings the tool back.
    nameEdit->selectAll();
    QTest::keyClick(nameEdit, Qt::Key_Delete);
    QTest::keyClicks(nameEdit, QStringLiteral("lookup"));
    parametersEdit->setPlainText(QString::fromLatin1(kCitySchema));
    QCOMPARE(editor.problem(1), QString());
    QCOMPARE(editor.tools().size(), 2);
    QCOMPARE(editor.tools().at(1).name, QStringLiteral("lookup"));
    QCOMPARE(editor.tools().at(1).parameters, object(kCitySchema));
}

void TestToolsEditor::parseErrorIsUnderlinedInTheEditor()
{
    ToolsEditor editor;
    editor.addTool();
    auto *parameters = editor.findChild<QPlainTextEdit *>(QStringLiteral("parameters"));
    const QString text = QStringLiteral("{\"type\": \"object\"\n \"properties\": {}}");
    parameters->setPlainText(text);
    // Somewhere on the second line, where the comma is missing; nothing on the first.
    const int secondLine = int(text.indexOf(QLatin1Char('\n'))) + 1;
    int underlined = -1;
    for (int i = 0; i < int(text.size()); ++i) {
        if (formatAt(*parameters->document(), i).underlineStyle()
            == QTextCharFormat::WaveUnderline) {
            QCOMPARE(underlined, -1);
            underlined = i;
        }
    }
    QVERIFY2(underlined >= secondLine, qPrintable(QString::number(underlined)));
    // Fixed: no underline left.
    parameters->setPlainText(QStringLiteral("{\"type\": \"object\"}"));
    for (int i = 0; i < 16; ++i)
        QCOMPARE(formatAt(*parameters->document(), i).underlineStyle(),
                 QTextCharFormat::NoUnderline);
}

void TestToolsEditor::emptyParametersMeanNoArguments()
{
    ToolsEditor editor;
    editor.addTool();
    editor.findChild<QPlainTextEdit *>(QStringLiteral("parameters"))->clear();
    QCOMPARE(editor.problem(0), QString());
    QCOMPARE(editor.tools().size(), 1);
    QVERIFY(editor.tools().first().parameters.isEmpty());
}

void TestToolsEditor::parametersColoursFollowADarkPalette()
{
    ToolsEditor editor;
    editor.addExample(QStringLiteral("get_weather"));
    auto *parameters = editor.findChild<QPlainTextEdit *>(QStringLiteral("parameters"));
    const int key = int(parameters->toPlainText().indexOf(QStringLiteral("type"))); // a key
    QPalette light = editor.palette();
    light.setColor(QPalette::Base, Qt::white);
    light.setColor(QPalette::Text, Qt::black);
    editor.setPalette(light);
    QVERIFY(formatAt(*parameters->document(), key).foreground().color().lightnessF() < 0.5);
    QPalette dark = editor.palette();
    dark.setColor(QPalette::Base, QColor(20, 20, 20));
    dark.setColor(QPalette::Text, QColor(235, 235, 235));
    editor.setPalette(dark);
    QVERIFY(formatAt(*parameters->document(), key).foreground().color().lightnessF() > 0.5);
}

void TestToolsEditor::toolChoiceOffersTheNamedFunctions()
{
    ToolsEditor editor;
    // Without a tool there is nothing to choose.
    QVERIFY(!editor.findChild<QComboBox *>(QStringLiteral("toolChoice"))->isEnabled());
    editor.addExample(QStringLiteral("get_weather"));
    editor.addExample(QStringLiteral("calculator"));
    const QStringList entries = choiceEntries(editor);
    QCOMPARE(entries.size(), 6);
    QVERIFY(entries.contains(QStringLiteral("Call get_weather")));
    QVERIFY(entries.contains(QStringLiteral("Call calculator")));
    QVERIFY(!editor.toolChoice());

    QSignalSpy changed(&editor, &ToolsEditor::changed);
    QVERIFY(chooseToolChoice(editor, QStringLiteral("Call calculator")));
    QCOMPARE(changed.count(), 1);
    QCOMPARE(editor.toolChoice(),
             std::optional<ToolChoice>(
                 ToolChoice{ToolChoice::Mode::Function, QStringLiteral("calculator")}));

    // The choice follows a rename.
    editor.setCurrentTool(1);
    auto *nameEdit = editor.findChild<QLineEdit *>(QStringLiteral("name"));
    nameEdit->selectAll();
    QTest::keyClick(nameEdit, Qt::Key_Delete);
    QTest::keyClicks(nameEdit, QStringLiteral("calc"));
    QCOMPARE(
        editor.toolChoice(),
        std::optional<ToolChoice>(ToolChoice{ToolChoice::Mode::Function, QStringLiteral("calc")}));
    QVERIFY(choiceEntries(editor).contains(QStringLiteral("Call calc")));

    QVERIFY(chooseToolChoice(editor, QStringLiteral("Required: at least one call")));
    QCOMPARE(editor.toolChoice(),
             std::optional<ToolChoice>(ToolChoice{ToolChoice::Mode::Required, {}}));
    QVERIFY(chooseToolChoice(editor, QStringLiteral("None: no tool calls")));
    QCOMPARE(editor.toolChoice(),
             std::optional<ToolChoice>(ToolChoice{ToolChoice::Mode::None, {}}));

    // A named function that is removed is no longer chosen.
    QVERIFY(chooseToolChoice(editor, QStringLiteral("Call get_weather")));
    editor.setCurrentTool(0);
    editor.removeTool();
    QVERIFY(!editor.toolChoice());
    QVERIFY(!choiceEntries(editor).contains(QStringLiteral("Call get_weather")));
}

void TestToolsEditor::setToolsShowsThemWithoutChangedSignal()
{
    ToolsEditor editor;
    QSignalSpy changed(&editor, &ToolsEditor::changed);
    ToolDefinition strictTool = cityTool(QStringLiteral("a"));
    strictTool.strict = true;
    ToolDefinition lax = cityTool(QStringLiteral("b"));
    lax.strict = false;
    const QList<ToolDefinition> tools{strictTool, lax, cityTool(QStringLiteral("c"))};
    const ToolChoice choice{ToolChoice::Mode::Function, QStringLiteral("b")};
    editor.setTools(tools, choice);
    QCOMPARE(changed.count(), 0);
    QVERIFY(editor.tools() == tools);
    QCOMPARE(editor.toolChoice(), std::optional<ToolChoice>(choice));
    QCOMPARE(editor.findChild<QComboBox *>(QStringLiteral("toolChoice"))->currentText(),
             QStringLiteral("Call b"));
    // The strict box shows the three states.
    auto *strict = editor.findChild<QCheckBox *>(QStringLiteral("strict"));
    QCOMPARE(strict->checkState(), Qt::Checked);
    editor.setCurrentTool(1);
    QCOMPARE(strict->checkState(), Qt::Unchecked);
    editor.setCurrentTool(2);
    QCOMPARE(strict->checkState(), Qt::PartiallyChecked);
    strict->click();
    QCOMPARE(editor.tools().at(2).strict, std::optional<bool>(true));
    QCOMPARE(changed.count(), 1);
}

void TestToolsEditor::importsEachSurfaceShape_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<std::optional<bool>>("strict");

    const QByteArray schema(kCitySchema);
    QTest::addRow("chat") << QByteArray(R"([{"type":"function","function":{"name":"weather",)"
                                        R"("description":"Weather for a city.","strict":true,)"
                                        R"("parameters":)"
                                        + schema + "}}]")
                          << std::optional<bool>(true);
    QTest::addRow("responses") << QByteArray(R"([{"type":"function","name":"weather",)"
                                             R"("description":"Weather for a city.",)"
                                             R"("strict":false,"parameters":)"
                                             + schema + "}]")
                               << std::optional<bool>(false);
    QTest::addRow("messages") << QByteArray(R"([{"name":"weather",)"
                                            R"("description":"Weather for a city.",)"
                                            R"("input_schema":)"
                                            + schema + "}]")
                              << std::optional<bool>();
    QTest::addRow("request body") << QByteArray(R"({"model":"m","tools":[{"name":"weather",)"
                                                R"("description":"Weather for a city.",)"
                                                R"("input_schema":)"
                                                + schema + "}]}")
                                  << std::optional<bool>();
}

void TestToolsEditor::importsEachSurfaceShape()
{
    QFETCH(QByteArray, json);
    QFETCH(std::optional<bool>, strict);

    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("tools.json"));
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(json);
    file.close();

    ToolsEditor editor;
    editor.addExample(QStringLiteral("calculator"));
    QSignalSpy changed(&editor, &ToolsEditor::changed);
    const auto imported = editor.importFile(path);
    QVERIFY2(imported.ok(), qPrintable(imported.ok() ? QString() : imported.error().message));
    QCOMPARE(changed.count(), 1);
    ToolDefinition expected = cityTool(QStringLiteral("weather"));
    expected.strict = strict;
    const QList<ToolDefinition> tools = editor.tools();
    QCOMPARE(tools.size(), 2);
    QCOMPARE(tools.first().name, QStringLiteral("calculator"));
    QVERIFY(tools.at(1) == expected);

    // Importing the same again replaces the tool of that name, keeping its canned result.
    editor.setCurrentTool(1);
    editor.findChild<QPlainTextEdit *>(QStringLiteral("cannedResult"))
        ->setPlainText(QStringLiteral("sunny"));
    QVERIFY(editor.importFile(path).ok());
    QCOMPARE(editor.tools().size(), 2);
    QCOMPARE(editor.cannedResult(QStringLiteral("weather")), QStringLiteral("sunny"));
}

void TestToolsEditor::importReportsTheBadItem()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("bad.json"));
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(R"([{"name":"a"},{"name":"b","parameters":"object"}])");
    file.close();

    ToolsEditor editor;
    const auto imported = editor.importFile(path);
    QVERIFY(!imported.ok());
    QCOMPARE(imported.error().message,
             QStringLiteral("bad.json: the parameters of item 2 is not a JSON object."));
    QCOMPARE(editor.toolCount(), 0);
    QVERIFY(!editor.importFile(dir.filePath(QStringLiteral("missing.json"))).ok());
}

void TestToolsEditor::exportWritesTheChosenSurfaceShape_data()
{
    QTest::addColumn<ApiSurface>("surface");
    QTest::addColumn<QString>("schemaPath");

    QTest::addRow("chat") << ApiSurface::ChatCompletions << QStringLiteral("function/parameters");
    QTest::addRow("responses") << ApiSurface::Responses << QStringLiteral("parameters");
    QTest::addRow("messages") << ApiSurface::Messages << QStringLiteral("input_schema");
}

void TestToolsEditor::exportWritesTheChosenSurfaceShape()
{
    QFETCH(ApiSurface, surface);
    QFETCH(QString, schemaPath);

    ToolsEditor editor;
    editor.addExample(QStringLiteral("get_weather"));
    editor.addTool();
    editor.findChild<QPlainTextEdit *>(QStringLiteral("parameters"))
        ->setPlainText(QStringLiteral("{broken"));
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("out.json"));
    QVERIFY(editor.exportFile(path, surface).ok());

    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QJsonArray array = QJsonDocument::fromJson(file.readAll()).array();
    QCOMPARE(array.size(), 1); // the invalid tool is left out
    QJsonObject item = array.first().toObject();
    const QStringList parts = schemaPath.split(QLatin1Char('/'));
    for (qsizetype i = 0; i + 1 < parts.size(); ++i)
        item = item.value(parts.at(i)).toObject();
    QCOMPARE(item.value(QStringLiteral("name")).toString(), QStringLiteral("get_weather"));
    QCOMPARE(item.value(parts.last()).toObject(), editor.tools().first().parameters);
}

void TestToolsEditor::cannedResultsFollowToolsByName()
{
    ToolsEditor editor;
    editor.setCannedResults({{QStringLiteral("b"), QStringLiteral("result b")}});
    editor.setTools({cityTool(QStringLiteral("a")), cityTool(QStringLiteral("b"))}, std::nullopt);
    QCOMPARE(editor.cannedResult(QStringLiteral("b")), QStringLiteral("result b"));
    QCOMPARE(editor.cannedResult(QStringLiteral("a")), QString());
    editor.setCannedResults({{QStringLiteral("a"), QStringLiteral("result a")}});
    const QHash<QString, QString> expected{{QStringLiteral("a"), QStringLiteral("result a")},
                                           {QStringLiteral("b"), QStringLiteral("result b")}};
    QCOMPARE(editor.cannedResults(), expected);
    editor.setCurrentTool(0);
    QCOMPARE(editor.findChild<QPlainTextEdit *>(QStringLiteral("cannedResult"))->toPlainText(),
             QStringLiteral("result a"));
}

void TestToolsEditor::parallelCallsNeedEveryResultBeforeSending()
{
    ToolCallsPanel panel;
    auto *send = panel.findChild<QPushButton *>(QStringLiteral("sendResults"));
    QVERIFY(!send->isEnabled());
    panel.setCalls({{QStringLiteral("call_1"), QStringLiteral("weather"),
                     QStringLiteral(R"({"city":"Paris"})")},
                    {QStringLiteral("call_2"), QStringLiteral("weather"),
                     QStringLiteral(R"({"city":"Oslo"})")}},
                   {cityTool(QStringLiteral("weather"))}, {});
    QCOMPARE(panel.callCount(), 2);
    QCOMPARE(panel.findChildren<QWidget *>(QStringLiteral("toolCallCard")).size(), 2);
    QVERIFY(!send->isEnabled());

    auto results = panel.findChildren<QPlainTextEdit *>(QStringLiteral("result"));
    QCOMPARE(results.size(), 2);
    QTest::keyClicks(results.at(0), QStringLiteral("18 C"));
    QVERIFY(!send->isEnabled());
    QVERIFY(!panel.canSend());
    panel.setResult(1, QStringLiteral("no such city"), true);
    QVERIFY(send->isEnabled());

    QSignalSpy submitted(&panel, &ToolCallsPanel::resultsSubmitted);
    QTest::mouseClick(send, Qt::LeftButton);
    QCOMPARE(submitted.count(), 1);
    const auto messages = submitted.first().first().value<QList<ConversationMessage>>();
    QCOMPARE(messages.size(), 2);
    QCOMPARE(messages.at(0),
             (ConversationMessage{
                 MessageRole::Tool, QStringLiteral("18 C"), {}, QStringLiteral("call_1"), false}));
    QCOMPARE(messages.at(1),
             (ConversationMessage{MessageRole::Tool,
                                  QStringLiteral("no such city"),
                                  {},
                                  QStringLiteral("call_2"),
                                  true}));
    // Sent once: the cards are gone.
    QCOMPARE(panel.callCount(), 0);
    QVERIFY(!send->isEnabled());
}

void TestToolsEditor::cannedResultsFillIn()
{
    ToolCallsPanel panel;
    const QHash<QString, QString> canned{{QStringLiteral("weather"), QStringLiteral("sunny")}};
    panel.setCalls({{QStringLiteral("c1"), QStringLiteral("weather"), QStringLiteral("{}")},
                    {QStringLiteral("c2"), QStringLiteral("clock"), QStringLiteral("{}")}},
                   {cityTool(QStringLiteral("weather"))}, canned);
    // Prefilled where there is a canned result.
    QCOMPARE(panel.result(0), QStringLiteral("sunny"));
    QCOMPARE(panel.result(1), QString());
    QVERIFY(!panel.canSend());

    panel.setResult(0, QString());
    panel.setResult(1, QStringLiteral("12:00"));
    QTest::mouseClick(panel.findChild<QPushButton *>(QStringLiteral("fillCanned")), Qt::LeftButton);
    QCOMPARE(panel.result(0), QStringLiteral("sunny"));
    QCOMPARE(panel.result(1), QStringLiteral("12:00")); // typed results stay
    QVERIFY(panel.canSend());
}

void TestToolsEditor::argumentsAreCheckedAgainstTheSchema_data()
{
    QTest::addColumn<QString>("toolName");
    QTest::addColumn<QString>("arguments");
    QTest::addColumn<bool>("valid");
    QTest::addColumn<QString>("message");

    QTest::addRow("matches") << QStringLiteral("weather") << QStringLiteral(R"({"city":"Paris"})")
                             << true << QStringLiteral("match the tool's schema");
    QTest::addRow("missing required") << QStringLiteral("weather") << QStringLiteral("{}") << false
                                      << QStringLiteral("do not match");
    QTest::addRow("wrong type") << QStringLiteral("weather") << QStringLiteral(R"({"city":3})")
                                << false << QStringLiteral("/city");
    QTest::addRow("extra property")
        << QStringLiteral("weather") << QStringLiteral(R"({"city":"Paris","x":1})") << false
        << QStringLiteral("do not match");
    QTest::addRow("not JSON") << QStringLiteral("weather") << QStringLiteral(R"({"city":)") << false
                              << QStringLiteral("not valid JSON");
    QTest::addRow("not an object") << QStringLiteral("weather") << QStringLiteral("[1]") << false
                                   << QStringLiteral("not a JSON object");
    QTest::addRow("unknown tool") << QStringLiteral("nope") << QStringLiteral("{}") << false
                                  << QStringLiteral("no tool of this name");
    QTest::addRow("no arguments to a tool without schema")
        << QStringLiteral("ping") << QString() << true << QStringLiteral("valid JSON");
}

void TestToolsEditor::argumentsAreCheckedAgainstTheSchema()
{
    QFETCH(QString, toolName);
    QFETCH(QString, arguments);
    QFETCH(bool, valid);
    QFETCH(QString, message);

    ToolDefinition ping;
    ping.name = QStringLiteral("ping");
    ToolCallsPanel panel;
    panel.setCalls({{QStringLiteral("c1"), toolName, arguments}},
                   {cityTool(QStringLiteral("weather")), ping}, {});
    QCOMPARE(panel.argumentsValid(0), valid);
    QVERIFY2(panel.argumentsCheck(0).contains(message), qPrintable(panel.argumentsCheck(0)));
    // The arguments are shown pretty-printed when they are JSON.
    const auto *shown = panel.findChild<QPlainTextEdit *>(QStringLiteral("arguments"));
    if (arguments == QLatin1String(R"({"city":"Paris"})"))
        QCOMPARE(shown->toPlainText(), QStringLiteral("{\n    \"city\": \"Paris\"\n}"));
}

QTEST_MAIN(TestToolsEditor)
#include "tst_toolseditor.moc"

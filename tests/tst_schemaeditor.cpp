// SchemaEditor (offscreen): live checks as the user types, strict-mode findings and their fix
// buttons, examples, outputSchema(), and the "Last output" pane's violations with their paths.

#include "schemaeditor.h"

#include <QCheckBox>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMenu>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTest>
#include <QToolButton>

using mantle::api::OutputSchema;
using mantle::ui::SchemaEditor;

namespace {

QJsonObject object(const char *json)
{
    return QJsonDocument::fromJson(QByteArray(json)).object();
}

/// Buttons still in the editor's tree (finding rows being replaced are taken out at once).
QList<QPushButton *> fixButtons(const SchemaEditor &editor)
{
    return editor.findChildren<QPushButton *>(QStringLiteral("fixFindingButton"));
}

QStringList violationTexts(const SchemaEditor &editor)
{
    const auto *list = editor.findChild<QListWidget *>(QStringLiteral("outputViolations"));
    QStringList texts;
    for (int i = 0; i < list->count(); ++i)
        texts.append(list->item(i)->text());
    return texts;
}

} // namespace

class TestSchemaEditor : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void typingInvalidJsonShowsWhere();
    void typingAValidSchemaMakesItTheOutputSchema();
    void reportsSchemaErrors();
    void fixButtonsMakeTheSchemaStrict();
    void fixAllLeavesOnlyWhatNeedsAHand();
    void nonStrictModeListsNoFindings();
    void examplesAreStrictSchemas();
    void setOutputSchemaShowsItWithoutChanged();
    void showOutputListsViolationsWithTheirPointer();
    void showOutputSaysWhenValidOrNotJson();
};

void TestSchemaEditor::typingInvalidJsonShowsWhere()
{
    SchemaEditor editor;
    editor.show();
    auto *enabled = editor.findChild<QCheckBox *>(QStringLiteral("structuredOutputCheck"));
    enabled->setChecked(true);
    auto *text = editor.findChild<QPlainTextEdit *>(QStringLiteral("schemaText"));
    QSignalSpy changed(&editor, &SchemaEditor::changed);
    text->setFocus();
    QTest::keyClicks(text, QStringLiteral("{\"type\": \"object\","));
    QTest::keyClick(text, Qt::Key_Return);
    QTest::keyClicks(text, QStringLiteral("  \"properties\": x"));
    QVERIFY(changed.count() > 0);
    const auto *status = editor.findChild<QLabel *>(QStringLiteral("schemaStatus"));
    QVERIFY2(status->text().contains(QLatin1String("line 2")), qPrintable(status->text()));
    QVERIFY2(status->text().contains(QLatin1String("column 17")), qPrintable(status->text()));
    QVERIFY(!editor.outputSchema());
}

void TestSchemaEditor::typingAValidSchemaMakesItTheOutputSchema()
{
    SchemaEditor editor;
    editor.findChild<QCheckBox *>(QStringLiteral("structuredOutputCheck"))->setChecked(true);
    auto *text = editor.findChild<QPlainTextEdit *>(QStringLiteral("schemaText"));
    QTest::keyClicks(text,
                     QStringLiteral(R"({"type":"object","properties":{},)"
                                    R"("additionalProperties":false})"));
    QTest::keyClicks(editor.findChild<QLineEdit *>(QStringLiteral("schemaName")),
                     QStringLiteral("empty"));
    const std::optional<OutputSchema> schema = editor.outputSchema();
    QVERIFY(schema);
    QCOMPARE(schema->name, QStringLiteral("empty"));
    QVERIFY(schema->strict);
    QCOMPARE(schema->schema,
             object(R"({"type":"object","properties":{},"additionalProperties":false})"));
    QVERIFY(fixButtons(editor).isEmpty());

    editor.findChild<QCheckBox *>(QStringLiteral("structuredOutputCheck"))->setChecked(false);
    QVERIFY(!editor.outputSchema());
}

void TestSchemaEditor::reportsSchemaErrors()
{
    SchemaEditor editor;
    editor.findChild<QCheckBox *>(QStringLiteral("structuredOutputCheck"))->setChecked(true);
    auto *text = editor.findChild<QPlainTextEdit *>(QStringLiteral("schemaText"));
    text->setPlainText(QStringLiteral(R"({"type":"object","minimum":"zero"})"));
    const auto *status = editor.findChild<QLabel *>(QStringLiteral("schemaStatus"));
    QVERIFY2(status->text().contains(QLatin1String("not valid")), qPrintable(status->text()));
    QVERIFY(!editor.outputSchema());
    text->setPlainText(QStringLiteral("[1, 2]"));
    QVERIFY2(status->text().contains(QLatin1String("object")), qPrintable(status->text()));
    QVERIFY(!editor.outputSchema());
}

void TestSchemaEditor::fixButtonsMakeTheSchemaStrict()
{
    SchemaEditor editor;
    editor.setOutputSchema(OutputSchema{
        QStringLiteral("person"),
        object(R"({"type":"object","properties":{"name":{"type":"string","minLength":1},
                   "age":{"type":"integer"}},"required":["name"]})"),
        true});
    // additionalProperties, "age" not required, minLength.
    QCOMPARE(fixButtons(editor).size(), 3);

    QSignalSpy changed(&editor, &SchemaEditor::changed);
    QTest::mouseClick(fixButtons(editor).at(0), Qt::LeftButton);
    QCOMPARE(fixButtons(editor).size(), 2);
    QVERIFY(changed.count() > 0);
    QCOMPARE(editor.outputSchema()->schema.value(QLatin1String("additionalProperties")),
             QJsonValue(false));

    QTest::mouseClick(fixButtons(editor).at(0), Qt::LeftButton);
    QTest::mouseClick(fixButtons(editor).at(0), Qt::LeftButton);
    QVERIFY(fixButtons(editor).isEmpty());
    QCOMPARE(editor.outputSchema()->schema,
             object(R"({"type":"object","properties":{"name":{"type":"string"},
                        "age":{"type":["integer","null"]}},"required":["name","age"],
                        "additionalProperties":false})"));
    const auto *status = editor.findChild<QLabel *>(QStringLiteral("schemaStatus"));
    QVERIFY2(status->text().contains(QLatin1String("follows the strict-mode rules")),
             qPrintable(status->text()));

    // Undo brings the text before the last fix back.
    editor.findChild<QPlainTextEdit *>(QStringLiteral("schemaText"))->undo();
    QCOMPARE(fixButtons(editor).size(), 1);
}

void TestSchemaEditor::fixAllLeavesOnlyWhatNeedsAHand()
{
    SchemaEditor editor;
    editor.setOutputSchema(
        OutputSchema{QStringLiteral("x"),
                     object(R"({"properties":{"a":{"type":"object","properties":{"b":{"oneOf":[
                   {"type":"string"},{"type":"number"}]}}},"c":{"allOf":[{"type":"string"}]}}})"),
                     true});
    QVERIFY(fixButtons(editor).size() >= 4);
    auto *fixAll = editor.findChild<QPushButton *>(QStringLiteral("fixAllButton"));
    QVERIFY(fixAll->isVisibleTo(&editor));
    QTest::mouseClick(fixAll, Qt::LeftButton);
    QVERIFY(fixButtons(editor).isEmpty());
    // allOf has no automatic fix: its finding stays, without a button.
    const QList<QLabel *> rows = editor.findChildren<QLabel *>(QStringLiteral("strictFindingText"));
    QCOMPARE(rows.size(), 1);
    QVERIFY(rows.front()->text().contains(QLatin1String("/properties/c")));
    QVERIFY(!fixAll->isVisibleTo(&editor));
    QCOMPARE(editor.outputSchema()->schema,
             object(R"({"type":"object","properties":{"a":{"type":["object","null"],"properties":
                        {"b":{"anyOf":[{"type":"string"},{"type":"number"},{"type":"null"}]}},
                        "required":["b"],"additionalProperties":false},"c":{"anyOf":[{"allOf":
                        [{"type":"string"}]},{"type":"null"}]}},"required":["a","c"],
                        "additionalProperties":false})"));
}

void TestSchemaEditor::nonStrictModeListsNoFindings()
{
    SchemaEditor editor;
    editor.setOutputSchema(
        OutputSchema{QStringLiteral("loose"), object(R"({"type":"object"})"), false});
    QVERIFY(fixButtons(editor).isEmpty());
    QVERIFY(editor.outputSchema());
    QVERIFY(!editor.outputSchema()->strict);
    editor.findChild<QCheckBox *>(QStringLiteral("strictCheck"))->setChecked(true);
    QCOMPARE(fixButtons(editor).size(), 1);
    QVERIFY(editor.outputSchema()->strict);
}

void TestSchemaEditor::examplesAreStrictSchemas()
{
    SchemaEditor editor;
    const QList<QAction *> examples
        = editor.findChild<QToolButton *>(QStringLiteral("examplesButton"))->menu()->actions();
    QVERIFY(examples.size() >= 3);
    QSignalSpy changed(&editor, &SchemaEditor::changed);
    QStringList names;
    for (QAction *example : examples) {
        example->trigger();
        const std::optional<OutputSchema> schema = editor.outputSchema();
        QVERIFY2(schema, qPrintable(example->text()));
        QVERIFY(schema->strict);
        QVERIFY2(editor.findChildren<QLabel *>(QStringLiteral("strictFindingText")).isEmpty(),
                 qPrintable(example->text()));
        names.append(schema->name);
    }
    QVERIFY(changed.count() >= examples.size());
    names.removeDuplicates();
    QCOMPARE(names.size(), examples.size());
}

void TestSchemaEditor::setOutputSchemaShowsItWithoutChanged()
{
    SchemaEditor editor;
    QSignalSpy changed(&editor, &SchemaEditor::changed);
    const OutputSchema schema{
        QStringLiteral("n"),
        object(R"({"type":"object","properties":{"a":{"type":"string"}},"required":["a"],
                   "additionalProperties":false})"),
        true};
    editor.setOutputSchema(schema);
    QCOMPARE(editor.outputSchema(), std::optional<OutputSchema>(schema));
    editor.setOutputSchema(std::nullopt);
    QVERIFY(!editor.outputSchema());
    QCOMPARE(changed.count(), 0);
}

void TestSchemaEditor::showOutputListsViolationsWithTheirPointer()
{
    SchemaEditor editor;
    editor.setOutputSchema(OutputSchema{
        QStringLiteral("list"),
        object(R"({"type":"object","properties":{"items":{"type":"array","items":{"type":
                   "object","properties":{"name":{"type":"string"},"qty":{"type":"integer"}},
                   "required":["name","qty"],"additionalProperties":false}}},
                   "required":["items"],"additionalProperties":false})"),
        true});
    editor.showOutput(QStringLiteral(R"({"items":[{"name":"a","qty":1},{"name":2,"qty":1},)"
                                     R"({"name":"c"}]})"));
    QCOMPARE(violationTexts(editor),
             (QStringList{QStringLiteral("/items/1/name: expected a string, got an integer"),
                          QStringLiteral("/items/2: the required property \"qty\" is missing")}));
    const auto *list = editor.findChild<QListWidget *>(QStringLiteral("outputViolations"));
    QCOMPARE(list->item(0)->data(Qt::UserRole).toString(), QStringLiteral("/items/1/name"));
    const auto *output = editor.findChild<QPlainTextEdit *>(QStringLiteral("outputText"));
    QVERIFY(output->toPlainText().contains(QLatin1String("\n")));
    QVERIFY(output->isReadOnly());
}

void TestSchemaEditor::showOutputSaysWhenValidOrNotJson()
{
    SchemaEditor editor;
    editor.setOutputSchema(OutputSchema{
        QStringLiteral("n"),
        object(R"({"type":"object","properties":{"a":{"type":"string"}},"required":["a"],
                   "additionalProperties":false})"),
        true});
    const auto *status = editor.findChild<QLabel *>(QStringLiteral("outputStatus"));
    editor.showOutput(QStringLiteral(R"({"a":"x"})"));
    QVERIFY2(status->text().contains(QLatin1String("matches")), qPrintable(status->text()));
    QVERIFY(violationTexts(editor).isEmpty());

    editor.showOutput(QStringLiteral("Sure! Here is the JSON: {"));
    QVERIFY2(status->text().contains(QLatin1String("not JSON")), qPrintable(status->text()));
    const auto *output = editor.findChild<QPlainTextEdit *>(QStringLiteral("outputText"));
    QCOMPARE(output->toPlainText(), QStringLiteral("Sure! Here is the JSON: {"));

    editor.clearOutput();
    QVERIFY(output->toPlainText().isEmpty());
    QVERIFY(violationTexts(editor).isEmpty());
}

QTEST_MAIN(TestSchemaEditor)
#include "tst_schemaeditor.moc"

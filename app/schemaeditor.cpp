#include "schemaeditor.h"

#include "jsonhighlighter.h"
#include "schema/schemavalidator.h"
#include "schema/strictmodecheck.h"

#include <QCheckBox>
#include <QEvent>
#include <QFontDatabase>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMenu>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScrollArea>
#include <QSplitter>
#include <QTextCursor>
#include <QToolButton>
#include <QVBoxLayout>

namespace mantle::ui {

namespace {

using schema::SchemaValidator;
using schema::SchemaViolation;
using schema::StrictModeCheck;
using schema::StrictModeFinding;

const char kDefaultName[] = "response";

struct Example
{
    const char *name;
    const char *json;
};

// Every example follows the strict rules, so it can be sent as it is.
const Example kExamples[] = {
    {"person", R"({
  "type": "object",
  "properties": {
    "name": {"type": "string"},
    "age": {"type": "integer", "minimum": 0},
    "email": {"type": ["string", "null"], "description": "null when unknown"}
  },
  "required": ["name", "age", "email"],
  "additionalProperties": false
})"},
    {"shopping_list", R"({
  "type": "object",
  "properties": {
    "items": {
      "type": "array",
      "items": {
        "type": "object",
        "properties": {
          "name": {"type": "string"},
          "quantity": {"type": "integer", "minimum": 1},
          "unit_price": {"type": "number"}
        },
        "required": ["name", "quantity", "unit_price"],
        "additionalProperties": false
      }
    }
  },
  "required": ["items"],
  "additionalProperties": false
})"},
    {"classification", R"({
  "type": "object",
  "properties": {
    "category": {"type": "string", "enum": ["bug", "feature", "question", "other"]},
    "confidence": {"type": "number", "minimum": 0, "maximum": 1},
    "reason": {"type": "string"}
  },
  "required": ["category", "confidence", "reason"],
  "additionalProperties": false
})"},
    {"contact", R"({
  "type": "object",
  "properties": {
    "name": {"type": "string"},
    "address": {
      "type": "object",
      "properties": {
        "street": {"type": "string"},
        "city": {"type": "string"},
        "postal_code": {"type": ["string", "null"]},
        "country": {"type": "string"}
      },
      "required": ["street", "city", "postal_code", "country"],
      "additionalProperties": false
    }
  },
  "required": ["name", "address"],
  "additionalProperties": false
})"},
};

QString exampleTitle(int index)
{
    switch (index) {
    case 0:
        return SchemaEditor::tr("Person");
    case 1:
        return SchemaEditor::tr("List of items");
    case 2:
        return SchemaEditor::tr("Classification (enum)");
    case 3:
        return SchemaEditor::tr("Nested address");
    }
    return {};
}

QString indented(const QJsonObject &object)
{
    return QString::fromUtf8(QJsonDocument(object).toJson(QJsonDocument::Indented)).trimmed();
}

/// Line and column (both from 1) and character offset of a QJsonParseError byte offset.
struct TextPosition
{
    int line = 1;
    int column = 1;
    int offset = 0;
};

TextPosition positionOf(const QByteArray &utf8, int byteOffset)
{
    const QString before = QString::fromUtf8(utf8.left(qBound(0, byteOffset, int(utf8.size()))));
    TextPosition p;
    p.offset = int(before.size());
    const qsizetype lastBreak = before.lastIndexOf(QLatin1Char('\n'));
    p.line = int(before.count(QLatin1Char('\n'))) + 1;
    p.column = int(before.size() - lastBreak);
    return p;
}

/// A red that reads on the palette's base, light or dark.
QColor problemColour(const QPalette &palette)
{
    const bool dark = palette.color(QPalette::Base).lightnessF() < 0.5;
    return dark ? QColor::fromHslF(0.0f, 0.75f, 0.70f) : QColor::fromHslF(0.0f, 0.80f, 0.38f);
}

} // namespace

SchemaEditor::SchemaEditor(QWidget *parent)
    : QWidget(parent)
{
    build();
    updateEnabled();
    revalidate();
}

SchemaEditor::~SchemaEditor() = default;

void SchemaEditor::build()
{
    setAccessibleName(tr("Structured output"));
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);

    m_enabled = new QCheckBox(tr("Use structured output"), this);
    m_enabled->setObjectName(QStringLiteral("structuredOutputCheck"));
    m_enabled->setAccessibleName(tr("Use structured output"));
    m_enabled->setToolTip(tr("Ask for JSON that follows the schema below"));
    layout->addWidget(m_enabled);

    auto *row = new QHBoxLayout;
    auto *nameLabel = new QLabel(tr("&Name:"), this);
    m_name = new QLineEdit(this);
    m_name->setObjectName(QStringLiteral("schemaName"));
    m_name->setPlaceholderText(QString::fromLatin1(kDefaultName));
    m_name->setAccessibleName(tr("Schema name"));
    m_name->setToolTip(tr("Letters, digits, _ and -, at most 64 characters"));
    nameLabel->setBuddy(m_name);
    m_strict = new QCheckBox(tr("&Strict"), this);
    m_strict->setObjectName(QStringLiteral("strictCheck"));
    m_strict->setChecked(true);
    m_strict->setAccessibleName(tr("Strict schema adherence"));
    m_strict->setToolTip(tr("Strict structured output: the model is held to the schema, which "
                            "must then follow the strict-mode rules listed below"));
    m_examples = new QToolButton(this);
    m_examples->setObjectName(QStringLiteral("examplesButton"));
    m_examples->setText(tr("Examples"));
    m_examples->setAccessibleName(tr("Example schemas"));
    m_examples->setPopupMode(QToolButton::InstantPopup);
    auto *menu = new QMenu(m_examples);
    for (int i = 0; i < int(std::size(kExamples)); ++i) {
        QAction *action = menu->addAction(exampleTitle(i));
        connect(action, &QAction::triggered, this, [this, i] {
            loadExample(QJsonDocument::fromJson(QByteArray(kExamples[i].json)).object(),
                        QString::fromLatin1(kExamples[i].name));
        });
    }
    m_examples->setMenu(menu);
    row->addWidget(nameLabel);
    row->addWidget(m_name, 1);
    row->addWidget(m_strict);
    row->addWidget(m_examples);
    layout->addLayout(row);

    auto *splitter = new QSplitter(Qt::Vertical, this);
    auto *schemaPane = new QWidget(splitter);
    auto *schemaLayout = new QVBoxLayout(schemaPane);
    schemaLayout->setContentsMargins(0, 0, 0, 0);
    m_editor = new QPlainTextEdit(schemaPane);
    m_editor->setObjectName(QStringLiteral("schemaText"));
    m_editor->setAccessibleName(tr("JSON schema"));
    m_editor->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_editor->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_editor->setTabChangesFocus(true);
    m_editor->setPlaceholderText(tr("A JSON Schema, e.g. from the Examples menu"));
    m_highlighter = new JsonHighlighter(m_editor->document());
    schemaLayout->addWidget(m_editor, 1);

    m_status = new QLabel(schemaPane);
    m_status->setObjectName(QStringLiteral("schemaStatus"));
    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_status->setAccessibleName(tr("Schema status"));
    schemaLayout->addWidget(m_status);

    m_findingsPane = new QWidget(schemaPane);
    m_findingsPane->setObjectName(QStringLiteral("strictFindings"));
    auto *findingsOuter = new QVBoxLayout(m_findingsPane);
    findingsOuter->setContentsMargins(0, 0, 0, 0);
    auto *titleRow = new QHBoxLayout;
    m_findingsTitle = new QLabel(m_findingsPane);
    m_findingsTitle->setWordWrap(true);
    m_fixAll = new QPushButton(tr("Fix &all"), m_findingsPane);
    m_fixAll->setObjectName(QStringLiteral("fixAllButton"));
    m_fixAll->setAccessibleName(tr("Fix all strict-mode findings"));
    m_fixAll->setToolTip(tr("Make every change listed that has a fix"));
    titleRow->addWidget(m_findingsTitle, 1);
    titleRow->addWidget(m_fixAll);
    findingsOuter->addLayout(titleRow);
    // Many findings scroll rather than push the editor away.
    auto *scroll = new QScrollArea(m_findingsPane);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setMaximumHeight(fontMetrics().lineSpacing() * 10);
    auto *rows = new QWidget(scroll);
    m_findingsLayout = new QVBoxLayout(rows);
    m_findingsLayout->setContentsMargins(0, 0, 0, 0);
    m_findingsLayout->addStretch(1);
    scroll->setWidget(rows);
    findingsOuter->addWidget(scroll);
    schemaLayout->addWidget(m_findingsPane);

    splitter->addWidget(schemaPane);
    splitter->addWidget(buildOutputPane());
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 2);
    layout->addWidget(splitter, 1);

    connect(m_enabled, &QCheckBox::toggled, this, [this] {
        updateEnabled();
        if (!m_programmatic)
            Q_EMIT changed();
    });
    connect(m_name, &QLineEdit::textEdited, this, [this] { Q_EMIT changed(); });
    connect(m_strict, &QCheckBox::toggled, this, [this] {
        revalidate();
        if (!m_programmatic)
            Q_EMIT changed();
    });
    connect(m_editor, &QPlainTextEdit::textChanged, this, &SchemaEditor::onTextEdited);
    connect(m_fixAll, &QPushButton::clicked, this, &SchemaEditor::applyAllFindings);
    updateColours();
}

QWidget *SchemaEditor::buildOutputPane()
{
    auto *box = new QGroupBox(tr("Last output"));
    box->setObjectName(QStringLiteral("lastOutput"));
    auto *layout = new QVBoxLayout(box);
    m_outputStatus = new QLabel(box);
    m_outputStatus->setObjectName(QStringLiteral("outputStatus"));
    m_outputStatus->setWordWrap(true);
    m_outputStatus->setAccessibleName(tr("Output check"));
    layout->addWidget(m_outputStatus);
    m_violations = new QListWidget(box);
    m_violations->setObjectName(QStringLiteral("outputViolations"));
    m_violations->setAccessibleName(tr("Schema violations in the output"));
    m_violations->setWordWrap(true);
    m_violations->setMaximumHeight(fontMetrics().lineSpacing() * 7);
    layout->addWidget(m_violations);
    m_output = new QPlainTextEdit(box);
    m_output->setObjectName(QStringLiteral("outputText"));
    m_output->setReadOnly(true);
    m_output->setAccessibleName(tr("Last output, pretty-printed"));
    m_output->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_output->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_outputHighlighter = new JsonHighlighter(m_output->document());
    layout->addWidget(m_output, 1);
    clearOutput();
    return box;
}

std::optional<api::OutputSchema> SchemaEditor::outputSchema() const
{
    if (!m_enabled->isChecked() || !m_schema)
        return std::nullopt;
    api::OutputSchema schema;
    schema.name = m_name->text().trimmed();
    if (schema.name.isEmpty())
        schema.name = QString::fromLatin1(kDefaultName);
    schema.schema = *m_schema;
    schema.strict = m_strict->isChecked();
    return schema;
}

void SchemaEditor::setOutputSchema(const std::optional<api::OutputSchema> &schema)
{
    m_programmatic = true;
    m_enabled->setChecked(schema.has_value());
    if (schema) {
        m_name->setText(schema->name);
        m_strict->setChecked(schema->strict);
        m_editor->setPlainText(indented(schema->schema));
    }
    m_programmatic = false;
    updateEnabled();
    revalidate();
}

void SchemaEditor::loadExample(const QJsonObject &schema, const QString &name)
{
    m_programmatic = true;
    m_enabled->setChecked(true);
    m_name->setText(name);
    m_programmatic = false;
    updateEnabled();
    replaceSchemaText(schema);
    Q_EMIT changed();
}

void SchemaEditor::onTextEdited()
{
    // The highlighter's re-colouring also says "text changed": only real edits count.
    const QString text = m_editor->toPlainText();
    if (text == m_lastText)
        return;
    m_lastText = text;
    revalidate();
    if (!m_programmatic)
        Q_EMIT changed();
}

void SchemaEditor::revalidate()
{
    m_schema.reset();
    const QString text = m_editor->toPlainText();
    if (text.trimmed().isEmpty()) {
        m_highlighter->setErrorPosition(-1);
        setStatus(tr("Write a JSON Schema or pick one from Examples."), false);
        showFindings({});
        return;
    }
    const QByteArray utf8 = text.toUtf8();
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(utf8, &error);
    if (error.error != QJsonParseError::NoError) {
        const TextPosition at = positionOf(utf8, error.offset);
        m_highlighter->setErrorPosition(at.offset);
        setStatus(tr("Not valid JSON at line %1, column %2: %3")
                      .arg(at.line)
                      .arg(at.column)
                      .arg(error.errorString()),
                  true);
        showFindings({});
        return;
    }
    m_highlighter->setErrorPosition(-1);
    if (!document.isObject()) {
        setStatus(tr("A schema is a JSON object ({ ... })."), true);
        showFindings({});
        return;
    }
    SchemaValidator validator;
    const Status compiled = validator.compile(document.object());
    if (!compiled) {
        setStatus(compiled.error().message, true);
        showFindings({});
        return;
    }
    m_schema = document.object();
    if (!m_strict->isChecked()) {
        setStatus(tr("Valid schema."), false);
        showFindings({});
        return;
    }
    const QList<StrictModeFinding> findings = StrictModeCheck::check(*m_schema);
    setStatus(findings.isEmpty() ? tr("Valid schema; it follows the strict-mode rules.")
                                 : tr("Valid schema, but strict mode will refuse it:"),
              !findings.isEmpty());
    showFindings(findings);
}

void SchemaEditor::showFindings(const QList<StrictModeFinding> &findings)
{
    for (QWidget *row : std::as_const(m_findingRows)) {
        // Out of the tree at once (a row's own button may be the sender), deleted later.
        row->hide();
        row->setParent(nullptr);
        row->deleteLater();
    }
    m_findingRows.clear();
    m_findingsPane->setVisible(!findings.isEmpty());
    if (findings.isEmpty())
        return;

    int fixable = 0;
    for (const StrictModeFinding &finding : findings) {
        auto *row = new QWidget;
        row->setObjectName(QStringLiteral("strictFinding"));
        auto *rowLayout = new QHBoxLayout(row);
        rowLayout->setContentsMargins(0, 0, 0, 0);
        const QString where = finding.pointer.isEmpty() ? tr("(root)") : finding.pointer;
        auto *label = new QLabel(
            tr("<b>%1</b>: %2").arg(where.toHtmlEscaped(), finding.message.toHtmlEscaped()), row);
        label->setObjectName(QStringLiteral("strictFindingText"));
        label->setWordWrap(true);
        label->setTextFormat(Qt::RichText);
        label->setTextInteractionFlags(Qt::TextSelectableByMouse);
        rowLayout->addWidget(label, 1);
        if (finding.fixable()) {
            ++fixable;
            auto *fix = new QPushButton(tr("Fix"), row);
            fix->setObjectName(QStringLiteral("fixFindingButton"));
            fix->setToolTip(finding.fixDescription());
            fix->setAccessibleName(tr("Fix: %1").arg(finding.fixDescription()));
            connect(fix, &QPushButton::clicked, this, [this, finding] { applyFinding(finding); });
            rowLayout->addWidget(fix, 0, Qt::AlignTop);
        }
        m_findingsLayout->insertWidget(m_findingsLayout->count() - 1, row);
        m_findingRows.append(row);
    }
    m_findingsTitle->setText(tr("%n strict-mode finding(s):", nullptr, int(findings.size())));
    m_fixAll->setVisible(fixable > 0);
}

void SchemaEditor::applyFinding(const StrictModeFinding &finding)
{
    if (!m_schema)
        return;
    replaceSchemaText(StrictModeCheck::applyFix(*m_schema, finding));
}

void SchemaEditor::applyAllFindings()
{
    if (!m_schema)
        return;
    replaceSchemaText(StrictModeCheck::applyAllFixes(*m_schema));
}

void SchemaEditor::replaceSchemaText(const QJsonObject &schema)
{
    // Through the cursor, so that Undo brings the user's text back.
    QTextCursor cursor(m_editor->document());
    cursor.beginEditBlock();
    cursor.select(QTextCursor::Document);
    cursor.insertText(indented(schema));
    cursor.endEditBlock();
}

void SchemaEditor::showOutput(const QString &answerText)
{
    m_violations->clear();
    const QByteArray utf8 = answerText.toUtf8();
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(utf8, &error);
    if (error.error != QJsonParseError::NoError) {
        const TextPosition at = positionOf(utf8, error.offset);
        m_output->setPlainText(answerText);
        m_outputHighlighter->setErrorPosition(at.offset);
        m_outputStatus->setText(tr("The answer is not JSON (line %1, column %2: %3).")
                                    .arg(at.line)
                                    .arg(at.column)
                                    .arg(error.errorString()));
        m_violations->hide();
        return;
    }
    m_outputHighlighter->setErrorPosition(-1);
    m_output->setPlainText(QString::fromUtf8(document.toJson(QJsonDocument::Indented)).trimmed());
    const QJsonValue value
        = document.isArray() ? QJsonValue(document.array()) : QJsonValue(document.object());
    SchemaValidator validator;
    if (!m_schema || !validator.compile(*m_schema)) {
        m_outputStatus->setText(tr("The answer is JSON; there is no valid schema to check it "
                                   "against."));
        m_violations->hide();
        return;
    }
    const QList<SchemaViolation> violations = validator.validate(value);
    if (violations.isEmpty()) {
        m_outputStatus->setText(tr("The answer matches the schema."));
        m_violations->hide();
        return;
    }
    m_outputStatus->setText(
        tr("The answer breaks the schema in %n place(s):", nullptr, int(violations.size())));
    for (const SchemaViolation &violation : violations) {
        auto *item = new QListWidgetItem(violation.toDisplayString(), m_violations);
        item->setData(Qt::UserRole, violation.pointer);
        item->setForeground(problemColour(palette()));
    }
    m_violations->show();
}

void SchemaEditor::clearOutput()
{
    m_output->clear();
    m_outputHighlighter->setErrorPosition(-1);
    m_violations->clear();
    m_violations->hide();
    m_outputStatus->setText(tr("The next answer is shown here and checked against the schema."));
}

void SchemaEditor::updateEnabled()
{
    const bool on = m_enabled->isChecked();
    m_name->setEnabled(on);
    m_strict->setEnabled(on);
}

void SchemaEditor::setStatus(const QString &text, bool problem)
{
    m_status->setText(text);
    m_statusIsProblem = problem;
    updateStatusColour();
}

void SchemaEditor::updateStatusColour()
{
    QPalette statusPalette = palette();
    if (m_statusIsProblem)
        statusPalette.setColor(QPalette::WindowText, problemColour(palette()));
    m_status->setPalette(statusPalette);
}

void SchemaEditor::updateColours()
{
    updateStatusColour();
    m_highlighter->setPalette(m_editor->palette());
    m_outputHighlighter->setPalette(m_output->palette());
    for (int i = 0; i < m_violations->count(); ++i)
        m_violations->item(i)->setForeground(problemColour(palette()));
}

void SchemaEditor::changeEvent(QEvent *event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange && m_status)
        updateColours();
}

} // namespace mantle::ui

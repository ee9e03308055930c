#include "toolcallspanel.h"

#include "jsonhighlighter.h"
#include "schema/schemavalidator.h"

#include <QCheckBox>
#include <QEvent>
#include <QFontDatabase>
#include <QFrame>
#include <QHBoxLayout>
#include <QJsonDocument>
#include <QJsonParseError>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScrollArea>
#include <QVBoxLayout>

#include <algorithm>

namespace mantle::ui {

namespace {

/// What the arguments of one call are worth, for the card.
struct ArgumentsCheck
{
    QString display; ///< pretty-printed when they are JSON, else as the model wrote them
    QString message;
    bool valid = false;
};

ArgumentsCheck checkArguments(const api::ToolCall &call, const api::ToolDefinition *tool)
{
    ArgumentsCheck result;
    result.display = call.arguments;
    const QString text = call.arguments.trimmed();
    QJsonObject arguments;
    if (!text.isEmpty()) {
        QJsonParseError parseError;
        const QJsonDocument document = QJsonDocument::fromJson(text.toUtf8(), &parseError);
        if (parseError.error != QJsonParseError::NoError) {
            result.message
                = ToolCallsPanel::tr("The arguments are not valid JSON: %1 (at byte %2).")
                      .arg(parseError.errorString(), QString::number(parseError.offset));
            return result;
        }
        if (!document.isObject()) {
            result.message = ToolCallsPanel::tr("The arguments are JSON but not a JSON object.");
            return result;
        }
        arguments = document.object();
        result.display
            = QString::fromUtf8(QJsonDocument(arguments).toJson(QJsonDocument::Indented)).trimmed();
    }
    if (!tool) {
        result.message = ToolCallsPanel::tr(
            "The arguments are valid JSON, but no tool of this name is defined.");
        return result;
    }
    if (tool->parameters.isEmpty()) {
        result.valid = true;
        result.message = ToolCallsPanel::tr(
            "The arguments are valid JSON (the tool has no parameter schema).");
        return result;
    }
    schema::SchemaValidator validator;
    const Status compiled = validator.compile(tool->parameters);
    if (!compiled) {
        result.message = ToolCallsPanel::tr("The arguments are valid JSON; the tool's schema "
                                            "cannot be checked: %1")
                             .arg(compiled.error().message);
        return result;
    }
    const QList<schema::SchemaViolation> violations = validator.validate(arguments);
    if (violations.isEmpty()) {
        result.valid = true;
        result.message = ToolCallsPanel::tr("The arguments are valid JSON and match the tool's "
                                            "schema.");
        return result;
    }
    QStringList lines;
    for (const schema::SchemaViolation &violation : violations)
        lines.append(QStringLiteral("• ") + violation.toDisplayString());
    result.message = ToolCallsPanel::tr("The arguments are valid JSON but do not match the "
                                        "tool's schema:\n%1")
                         .arg(lines.join(QLatin1Char('\n')));
    return result;
}

} // namespace

ToolCallsPanel::ToolCallsPanel(QWidget *parent)
    : QWidget(parent)
{
    m_summary = new QLabel(this);
    m_summary->setWordWrap(true);
    m_summary->setAccessibleName(tr("Tool calls summary"));

    m_cardsHost = new QWidget;
    m_cardsLayout = new QVBoxLayout(m_cardsHost);
    m_cardsLayout->addStretch();
    m_scroll = new QScrollArea(this);
    m_scroll->setWidgetResizable(true);
    m_scroll->setWidget(m_cardsHost);
    m_scroll->setAccessibleName(tr("Tool calls"));

    m_fillCanned = new QPushButton(tr("&Fill Canned Results"), this);
    m_fillCanned->setObjectName(QStringLiteral("fillCanned"));
    m_fillCanned->setAccessibleName(tr("Fill canned results"));
    m_fillCanned->setToolTip(tr("Fill every empty result with its tool's canned result."));
    m_send = new QPushButton(tr("&Send Results"), this);
    m_send->setObjectName(QStringLiteral("sendResults"));
    m_send->setAccessibleName(tr("Send results"));
    m_send->setDefault(true);
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_fillCanned);
    buttons->addStretch();
    buttons->addWidget(m_send);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_summary);
    layout->addWidget(m_scroll, 1);
    layout->addLayout(buttons);

    connect(m_fillCanned, &QPushButton::clicked, this, &ToolCallsPanel::fillCannedResults);
    connect(m_send, &QPushButton::clicked, this, &ToolCallsPanel::sendResults);
    updateButtons();
}

ToolCallsPanel::~ToolCallsPanel() = default;

void ToolCallsPanel::changeEvent(QEvent *event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange) {
        for (const Card &card : std::as_const(m_cards))
            card.highlighter->setPalette(palette());
    }
}

void ToolCallsPanel::setCalls(const QList<api::ToolCall> &calls,
                              const QList<api::ToolDefinition> &tools,
                              const QHash<QString, QString> &canned)
{
    clear();
    for (const api::ToolCall &call : calls) {
        const auto tool = std::find_if(tools.cbegin(), tools.cend(),
                                       [&call](const auto &t) { return t.name == call.name; });
        addCard(call, tool == tools.cend() ? nullptr : &*tool, canned.value(call.name));
    }
    updateButtons();
}

void ToolCallsPanel::clear()
{
    for (const Card &card : std::as_const(m_cards))
        delete card.frame;
    m_cards.clear();
    updateButtons();
}

void ToolCallsPanel::addCard(const api::ToolCall &call, const api::ToolDefinition *tool,
                             const QString &canned)
{
    const ArgumentsCheck check = checkArguments(call, tool);
    Card card;
    card.call = call;
    card.canned = canned;
    card.argumentsValid = check.valid;

    auto *frame = new QFrame(m_cardsHost);
    frame->setObjectName(QStringLiteral("toolCallCard"));
    frame->setFrameShape(QFrame::StyledPanel);
    frame->setAccessibleName(tr("Call of %1").arg(call.name));
    card.frame = frame;

    auto *name = new QLabel(call.name, frame);
    name->setTextFormat(Qt::PlainText);
    QFont bold = name->font();
    bold.setBold(true);
    name->setFont(bold);
    name->setAccessibleName(tr("Tool name"));
    auto *id = new QLabel(tr("call id: %1").arg(call.id), frame);
    id->setTextFormat(Qt::PlainText);
    id->setTextInteractionFlags(Qt::TextSelectableByMouse);
    id->setAccessibleName(tr("Call id"));
    auto *header = new QHBoxLayout;
    header->addWidget(name);
    header->addStretch();
    header->addWidget(id);

    auto *arguments = new QPlainTextEdit(frame);
    arguments->setObjectName(QStringLiteral("arguments"));
    arguments->setAccessibleName(tr("Arguments"));
    arguments->setReadOnly(true);
    arguments->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    arguments->setLineWrapMode(QPlainTextEdit::NoWrap);
    arguments->setPlainText(check.display);
    const int lines = std::clamp(int(check.display.count(QLatin1Char('\n'))) + 1, 2, 10);
    arguments->setFixedHeight(arguments->fontMetrics().lineSpacing() * (lines + 1));
    card.highlighter = new JsonHighlighter(arguments->document());
    card.highlighter->setPalette(palette());

    card.check = new QLabel(check.message, frame);
    card.check->setObjectName(QStringLiteral("argumentsCheck"));
    card.check->setTextFormat(Qt::PlainText);
    card.check->setWordWrap(true);
    card.check->setAccessibleName(tr("Arguments check"));
    if (!check.valid) {
        // No palette role holds an error colour: a red that contrasts with the window.
        const bool dark = palette().color(QPalette::Window).lightnessF() < 0.5;
        card.check->setStyleSheet(
            QStringLiteral("color: %1")
                .arg(dark ? QStringLiteral("#ff8080") : QStringLiteral("#b00020")));
    }

    card.result = new QPlainTextEdit(frame);
    card.result->setObjectName(QStringLiteral("result"));
    card.result->setAccessibleName(tr("Result of %1").arg(call.name));
    card.result->setPlaceholderText(tr("The tool's result (text or JSON)"));
    card.result->setTabChangesFocus(true);
    card.result->setPlainText(canned);
    card.result->setFixedHeight(card.result->fontMetrics().lineSpacing() * 5);
    card.isError = new QCheckBox(tr("The tool failed (send the result as an error)"), frame);
    card.isError->setObjectName(QStringLiteral("isError"));
    card.isError->setAccessibleName(tr("Tool failed"));
    card.isError->setToolTip(tr("Messages sends is_error; Chat and Responses have no error flag, "
                                "so say in the result that it failed."));

    auto *layout = new QVBoxLayout(frame);
    layout->addLayout(header);
    layout->addWidget(arguments);
    layout->addWidget(card.check);
    layout->addWidget(new QLabel(tr("Result:"), frame));
    layout->addWidget(card.result);
    layout->addWidget(card.isError);

    connect(card.result, &QPlainTextEdit::textChanged, this, &ToolCallsPanel::updateButtons);
    // Before the stretch that keeps the cards at the top.
    m_cardsLayout->insertWidget(m_cardsLayout->count() - 1, frame);
    m_cards.append(card);
}

void ToolCallsPanel::setResult(int index, const QString &text, bool isError)
{
    if (index < 0 || index >= int(m_cards.size()))
        return;
    m_cards.at(index).result->setPlainText(text);
    m_cards.at(index).isError->setChecked(isError);
}

QString ToolCallsPanel::result(int index) const
{
    if (index < 0 || index >= int(m_cards.size()))
        return {};
    return m_cards.at(index).result->toPlainText();
}

QString ToolCallsPanel::argumentsCheck(int index) const
{
    if (index < 0 || index >= int(m_cards.size()))
        return {};
    return m_cards.at(index).check->text();
}

bool ToolCallsPanel::argumentsValid(int index) const
{
    return index >= 0 && index < int(m_cards.size()) && m_cards.at(index).argumentsValid;
}

bool ToolCallsPanel::canSend() const
{
    return !m_cards.isEmpty()
        && std::all_of(m_cards.cbegin(), m_cards.cend(), [](const Card &card) {
               return !card.result->toPlainText().trimmed().isEmpty();
           });
}

void ToolCallsPanel::fillCannedResults()
{
    for (const Card &card : std::as_const(m_cards)) {
        if (card.result->toPlainText().trimmed().isEmpty() && !card.canned.isEmpty())
            card.result->setPlainText(card.canned);
    }
}

void ToolCallsPanel::sendResults()
{
    if (!canSend())
        return;
    QList<api::ConversationMessage> messages;
    for (const Card &card : std::as_const(m_cards)) {
        api::ConversationMessage message;
        message.role = api::MessageRole::Tool;
        message.toolCallId = card.call.id;
        message.text = card.result->toPlainText();
        message.isError = card.isError->isChecked();
        messages.append(message);
    }
    clear();
    emit resultsSubmitted(messages);
}

void ToolCallsPanel::updateButtons()
{
    const qsizetype answered
        = std::count_if(m_cards.cbegin(), m_cards.cend(), [](const Card &card) {
              return !card.result->toPlainText().trimmed().isEmpty();
          });
    m_send->setEnabled(canSend());
    m_fillCanned->setEnabled(std::any_of(m_cards.cbegin(), m_cards.cend(),
                                         [](const Card &card) { return !card.canned.isEmpty(); }));
    if (m_cards.isEmpty())
        m_summary->setText(tr("No tool calls to answer."));
    else
        m_summary->setText(
            tr("The model called %n tool(s); %1 answered.", nullptr, int(m_cards.size()))
                .arg(answered));
}

} // namespace mantle::ui

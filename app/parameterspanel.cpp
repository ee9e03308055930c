#include "parameterspanel.h"

#include "api/messages/messagesrequestbuilder.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRegularExpressionValidator>
#include <QSpinBox>
#include <QVBoxLayout>

#include <algorithm>
#include <array>
#include <limits>
#include <utility>

namespace mantle::ui {

namespace {

constexpr double kDisplayTemperature = 1.0;
constexpr double kDisplayTopP = 1.0;
constexpr int kDisplayMaxTokens = int(api::messages::MessagesRequestBuilder::kDefaultMaxTokens);

constexpr std::array kEfforts{api::ReasoningEffort::Low, api::ReasoningEffort::Medium,
                              api::ReasoningEffort::High};

/// A stop sequence as one line of the editor: line breaks, tabs and backslashes escaped.
QString escapeStopSequence(const QString &sequence)
{
    QString out;
    out.reserve(sequence.size());
    for (const QChar c : sequence) {
        if (c == QLatin1Char('\\'))
            out += QLatin1String("\\\\");
        else if (c == QLatin1Char('\n'))
            out += QLatin1String("\\n");
        else if (c == QLatin1Char('\r'))
            out += QLatin1String("\\r");
        else if (c == QLatin1Char('\t'))
            out += QLatin1String("\\t");
        else
            out += c;
    }
    return out;
}

/// The inverse of escapeStopSequence(); an unknown escape keeps its backslash.
QString unescapeStopSequence(const QString &line)
{
    QString out;
    out.reserve(line.size());
    for (qsizetype i = 0; i < line.size(); ++i) {
        const QChar c = line.at(i);
        if (c != QLatin1Char('\\') || i + 1 == line.size()) {
            out += c;
            continue;
        }
        const QChar next = line.at(i + 1);
        if (next == QLatin1Char('n'))
            out += QLatin1Char('\n');
        else if (next == QLatin1Char('r'))
            out += QLatin1Char('\r');
        else if (next == QLatin1Char('t'))
            out += QLatin1Char('\t');
        else if (next == QLatin1Char('\\'))
            out += QLatin1Char('\\');
        else {
            out += c;
            out += next;
        }
        ++i;
    }
    return out;
}

/// Greys an unset value's editor (the number shown is not sent) and restores it once set.
void showAsUnset(QWidget *editor, bool unset)
{
    if (!unset) {
        editor->setPalette(QPalette());
        return;
    }
    QPalette palette = editor->palette();
    palette.setColor(QPalette::Text, palette.color(QPalette::PlaceholderText));
    editor->setPalette(palette);
}

} // namespace

ParametersPanel::ParametersPanel(mantle::ApiSurface surface, QWidget *parent)
    : QWidget(parent)
    , m_surface(surface)
{
    build();
    applyDefaults();
}

ParametersPanel::~ParametersPanel() = default;

bool ParametersPanel::isMessages() const
{
    return m_surface == mantle::ApiSurface::Messages;
}

bool ParametersPanel::isCountTokens() const
{
    return m_surface == mantle::ApiSurface::CountTokens;
}

bool ParametersPanel::isResponses() const
{
    return m_surface == mantle::ApiSurface::Responses;
}

bool ParametersPanel::hasSampling() const
{
    return m_surface == mantle::ApiSurface::ChatCompletions || isResponses() || isMessages();
}

bool ParametersPanel::sendsStopSequences() const
{
    // Responses has no stop sequences (RequestSpec::validate refuses them there).
    return m_surface == mantle::ApiSurface::ChatCompletions || isMessages();
}

bool ParametersPanel::sendsSeed() const
{
    return m_surface == mantle::ApiSurface::ChatCompletions;
}

QWidget *ParametersPanel::optionalRow(QWidget *editor, QLabel *hint)
{
    auto *row = new QWidget(this);
    auto *layout = new QHBoxLayout(row);
    layout->setContentsMargins(0, 0, 0, 0);
    editor->setParent(row);
    hint->setParent(row);
    hint->setWordWrap(true);
    hint->setEnabled(false); // drawn greyed: it describes, it is not a value
    layout->addWidget(editor);
    layout->addWidget(hint, 1);
    return row;
}

void ParametersPanel::build()
{
    setObjectName(QStringLiteral("parametersPanel"));
    setAccessibleName(tr("Parameters"));
    auto *outer = new QVBoxLayout(this);
    m_form = new QFormLayout;
    // German labels are long: let rows wrap rather than push the fields out of the panel.
    m_form->setRowWrapPolicy(QFormLayout::WrapLongRows);
    m_form->setFieldGrowthPolicy(QFormLayout::ExpandingFieldsGrow);
    outer->addLayout(m_form);

    const auto makeCheck = [this](const QString &text, const QString &name,
                                  const QString &accessible, const QString &tip) {
        auto *check = new QCheckBox(text, this);
        check->setObjectName(name);
        check->setAccessibleName(accessible);
        check->setToolTip(tip);
        return check;
    };
    const auto makeHint = [this](const QString &name) {
        auto *hint = new QLabel(this);
        hint->setObjectName(name);
        return hint;
    };
    const auto makeDoubleSpin = [this](const QString &name, const QString &accessible,
                                       const QString &tip, double maximum, double step) {
        auto *spin = new QDoubleSpinBox(this);
        spin->setObjectName(name);
        spin->setAccessibleName(accessible);
        spin->setToolTip(tip);
        spin->setDecimals(2);
        spin->setRange(0.0, maximum);
        spin->setSingleStep(step);
        // A wheel turned over an unfocused box must not set a value by accident.
        spin->setFocusPolicy(Qt::StrongFocus);
        return spin;
    };

    const double maxTemperature = isMessages() ? 1.0 : 2.0;
    const QString temperatureTip
        = tr("How random the answer is: lower is more focused and repeatable, higher more "
             "varied. From 0 to %1. Unset, the server's default applies.")
              .arg(maxTemperature);
    m_temperatureCheck = makeCheck(tr("&Temperature:"), QStringLiteral("paramTemperatureCheck"),
                                   tr("Set the temperature"), temperatureTip);
    m_temperature = makeDoubleSpin(QStringLiteral("paramTemperatureSpin"), tr("Temperature"),
                                   temperatureTip, maxTemperature, 0.1);
    m_temperatureHint = makeHint(QStringLiteral("paramTemperatureHint"));
    m_temperatureRow = optionalRow(m_temperature, m_temperatureHint);
    m_form->addRow(m_temperatureCheck, m_temperatureRow);

    const QString topPTip
        = tr("Nucleus sampling: the model only picks from the most likely tokens whose "
             "probabilities add up to this value, from 0 to 1. Change this or the temperature, "
             "not both.");
    m_topPCheck
        = makeCheck(tr("Top &p:"), QStringLiteral("paramTopPCheck"), tr("Set top p"), topPTip);
    m_topP = makeDoubleSpin(QStringLiteral("paramTopPSpin"), tr("Top p"), topPTip, 1.0, 0.05);
    m_topPHint = makeHint(QStringLiteral("paramTopPHint"));
    m_topPRow = optionalRow(m_topP, m_topPHint);
    m_form->addRow(m_topPCheck, m_topPRow);

    QString maxTokensField = QStringLiteral("max_completion_tokens");
    if (isResponses())
        maxTokensField = QStringLiteral("max_output_tokens");
    else if (isMessages())
        maxTokensField = QStringLiteral("max_tokens");
    const QString maxTokensTip
        = tr("The longest answer the model may write, in tokens (on reasoning models the "
             "reasoning counts too). Sent as %1.")
              .arg(maxTokensField);
    m_maxTokensCheck = makeCheck(tr("&Max output tokens:"), QStringLiteral("paramMaxTokensCheck"),
                                 tr("Set the maximum output tokens"), maxTokensTip);
    m_maxTokens = new QSpinBox(this);
    m_maxTokens->setObjectName(QStringLiteral("paramMaxTokensSpin"));
    m_maxTokens->setAccessibleName(tr("Maximum output tokens"));
    m_maxTokens->setToolTip(maxTokensTip);
    m_maxTokens->setRange(1, std::numeric_limits<int>::max());
    m_maxTokens->setSingleStep(256);
    m_maxTokens->setFocusPolicy(Qt::StrongFocus);
    m_maxTokensHint = makeHint(QStringLiteral("paramMaxTokensHint"));
    m_maxTokensRow = optionalRow(m_maxTokens, m_maxTokensHint);
    m_form->addRow(m_maxTokensCheck, m_maxTokensRow);

    m_stopSequences = new QPlainTextEdit(this);
    m_stopSequences->setObjectName(QStringLiteral("paramStopSequencesEdit"));
    m_stopSequences->setAccessibleName(tr("Stop sequences, one per line"));
    m_stopSequences->setToolTip(
        tr("Text at which the model stops writing (the text itself is not returned). One "
           "sequence per line; commas are part of the sequence. Write \\n for a line break, \\t "
           "for a tab and \\\\ for a backslash. Chat Completions accepts up to %1.")
            .arg(kChatMaxStopSequences));
    m_stopSequences->setPlaceholderText(tr("None (one per line)"));
    m_stopSequences->setTabChangesFocus(true);
    m_stopSequences->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_stopSequences->setMaximumHeight(m_stopSequences->fontMetrics().lineSpacing() * 5);
    auto *stopLabel = new QLabel(tr("&Stop sequences:"), this);
    stopLabel->setBuddy(m_stopSequences);
    m_form->addRow(stopLabel, m_stopSequences);

    const QString seedTip = tr("Ask for repeatable sampling: the same seed and parameters should "
                               "give the same answer (best effort, not guaranteed).");
    m_seedCheck
        = makeCheck(tr("S&eed:"), QStringLiteral("paramSeedCheck"), tr("Set the seed"), seedTip);
    m_seed = new QLineEdit(this);
    m_seed->setObjectName(QStringLiteral("paramSeedEdit"));
    m_seed->setAccessibleName(tr("Seed"));
    m_seed->setToolTip(seedTip);
    m_seed->setValidator(new QRegularExpressionValidator(
        QRegularExpression(QStringLiteral("-?[0-9]{0,19}")), m_seed));
    m_seedHint = makeHint(QStringLiteral("paramSeedHint"));
    m_seedRow = optionalRow(m_seed, m_seedHint);
    m_form->addRow(m_seedCheck, m_seedRow);

    m_reasoningEffort = new QComboBox(this);
    m_reasoningEffort->setObjectName(QStringLiteral("paramReasoningEffortCombo"));
    m_reasoningEffort->setAccessibleName(tr("Reasoning effort"));
    m_reasoningEffort->setToolTip(
        tr("How long a reasoning model thinks before it answers: more effort helps with hard "
           "questions and costs more tokens and time."));
    m_reasoningEffort->addItem(tr("Server default"), -1);
    m_reasoningEffort->addItem(tr("Low"), int(api::ReasoningEffort::Low));
    m_reasoningEffort->addItem(tr("Medium"), int(api::ReasoningEffort::Medium));
    m_reasoningEffort->addItem(tr("High"), int(api::ReasoningEffort::High));
    m_form->addRow(tr("&Reasoning effort:"), m_reasoningEffort);

    m_adaptiveThinking = makeCheck(
        tr("&Adaptive thinking"), QStringLiteral("paramAdaptiveThinkingCheck"),
        tr("Adaptive thinking"),
        tr("Let Claude think before it answers; how much follows the reasoning effort."));
    m_form->addRow(m_adaptiveThinking);

    m_stream = makeCheck(tr("Strea&m the answer"), QStringLiteral("paramStreamCheck"),
                         tr("Stream the answer"),
                         tr("Show the answer while it is written (server-sent events). Off, the "
                            "answer appears when it is complete."));
    m_form->addRow(m_stream);

    m_store = makeCheck(tr("St&ore the response"), QStringLiteral("paramStoreCheck"),
                        tr("Store the response"),
                        tr("Keep the response on the server, so that a later request can "
                           "continue from it (previous_response_id)."));
    m_form->addRow(m_store);
    // FACTS.md, "Endpoint and routes": store defaults to true; kept 30 days in the region.
    m_storeNote = new QLabel(
        tr("Stored responses are kept for 30 days in the region the request went to."), this);
    m_storeNote->setObjectName(QStringLiteral("paramStoreNote"));
    m_storeNote->setWordWrap(true);
    m_form->addRow(m_storeNote);
    m_background = makeCheck(tr("Run in the &background"), QStringLiteral("paramBackgroundCheck"),
                             tr("Run in the background"),
                             tr("The server answers later: the app polls the stored response "
                                "until it is done (Stop cancels it). Needs the response stored."));
    m_form->addRow(m_background);

    m_reset = new QPushButton(tr("Reset to &defaults"), this);
    m_reset->setObjectName(QStringLiteral("paramResetButton"));
    m_reset->setAccessibleName(tr("Reset the parameters to their defaults"));
    m_reset->setToolTip(tr("Unset every value so that the server's defaults apply."));
    auto *buttons = new QHBoxLayout;
    buttons->addStretch(1);
    buttons->addWidget(m_reset);
    outer->addLayout(buttons);
    outer->addStretch(1);

    const bool sampling = hasSampling();
    m_form->setRowVisible(m_temperatureRow, sampling);
    m_form->setRowVisible(m_topPRow, sampling);
    m_form->setRowVisible(m_maxTokensRow, sampling);
    m_form->setRowVisible(m_stopSequences, sendsStopSequences());
    m_form->setRowVisible(m_seedRow, sendsSeed());
    m_form->setRowVisible(m_stream, sampling);
    m_form->setRowVisible(m_store, isResponses());
    m_form->setRowVisible(m_storeNote, isResponses());
    m_form->setRowVisible(m_background, isResponses());
    setReasoningSupported(false);

    // Editing a value's field sets it; the check box unsets it again.
    const auto checkOnEdit = [this](QCheckBox *check) {
        return [this, check] {
            if (m_updating)
                return;
            if (!check->isChecked()) {
                check->setChecked(true); // emits changed() through toggled
                return;
            }
            onUserEdit();
        };
    };
    connect(m_temperature, &QDoubleSpinBox::valueChanged, this, checkOnEdit(m_temperatureCheck));
    connect(m_topP, &QDoubleSpinBox::valueChanged, this, checkOnEdit(m_topPCheck));
    connect(m_maxTokens, &QSpinBox::valueChanged, this, checkOnEdit(m_maxTokensCheck));
    connect(m_seed, &QLineEdit::textEdited, this, [this](const QString &text) {
        if (m_updating)
            return;
        if (text.isEmpty() != !m_seedCheck->isChecked()) {
            m_seedCheck->setChecked(!text.isEmpty());
            return;
        }
        onUserEdit();
    });
    for (QCheckBox *check : {m_temperatureCheck, m_topPCheck, m_maxTokensCheck, m_seedCheck,
                             m_adaptiveThinking, m_stream}) {
        connect(check, &QCheckBox::toggled, this, [this] {
            if (!m_updating)
                onUserEdit();
        });
    }
    connect(m_store, &QCheckBox::toggled, this, [this] {
        if (m_updating)
            return;
        m_storeExplicit = true;
        onUserEdit();
    });
    connect(m_background, &QCheckBox::toggled, this, [this] {
        if (!m_updating)
            onUserEdit();
    });
    connect(m_stopSequences, &QPlainTextEdit::textChanged, this, [this] {
        if (!m_updating)
            onUserEdit();
    });
    connect(m_reasoningEffort, &QComboBox::currentIndexChanged, this, [this] {
        if (!m_updating)
            onUserEdit();
    });
    connect(m_reset, &QPushButton::clicked, this, &ParametersPanel::resetToDefaults);
}

void ParametersPanel::onUserEdit()
{
    updateAppearance();
    Q_EMIT changed();
}

void ParametersPanel::updateAppearance()
{
    const QString serverDefault = tr("Server default");
    const auto show = [](QCheckBox *check, QWidget *editor, QLabel *hint, const QString &unset) {
        const bool isSet = check->isChecked();
        showAsUnset(editor, !isSet);
        // The hint stays in the layout (empty once set) so that the field keeps its width.
        hint->setText(isSet ? QString() : unset);
    };
    show(m_temperatureCheck, m_temperature, m_temperatureHint, serverDefault);
    show(m_topPCheck, m_topP, m_topPHint, serverDefault);
    // MessagesRequestBuilder sends kDefaultMaxTokens when the spec has none: say so.
    show(m_maxTokensCheck, m_maxTokens, m_maxTokensHint,
         isMessages() ? tr("Default: %1, always sent (Messages requires max_tokens)")
                            .arg(api::messages::MessagesRequestBuilder::kDefaultMaxTokens)
                      : serverDefault);
    show(m_seedCheck, m_seed, m_seedHint, serverDefault);
}

void ParametersPanel::applyDefaults()
{
    m_updating = true;
    m_temperatureCheck->setChecked(false);
    m_temperature->setValue(kDisplayTemperature);
    m_topPCheck->setChecked(false);
    m_topP->setValue(kDisplayTopP);
    m_maxTokensCheck->setChecked(false);
    m_maxTokens->setValue(kDisplayMaxTokens);
    m_stopSequences->setPlainText(QString());
    m_seedCheck->setChecked(false);
    m_seed->clear();
    m_reasoningEffort->setCurrentIndex(0);
    m_adaptiveThinking->setChecked(false);
    m_stream->setChecked(true);
    m_store->setChecked(true);
    m_storeExplicit = false;
    m_background->setChecked(false);
    m_updating = false;
    updateAppearance();
}

void ParametersPanel::resetToDefaults()
{
    applyDefaults();
    Q_EMIT changed();
}

void ParametersPanel::setParameters(const api::GenerationParameters &parameters, bool stream,
                                    std::optional<bool> store)
{
    applyDefaults();
    m_updating = true;
    if (hasSampling()) {
        if (parameters.temperature) {
            m_temperatureCheck->setChecked(true);
            m_temperature->setValue(*parameters.temperature);
        }
        if (parameters.topP) {
            m_topPCheck->setChecked(true);
            m_topP->setValue(*parameters.topP);
        }
        if (parameters.maxOutputTokens) {
            m_maxTokensCheck->setChecked(true);
            const qint64 maxTokens = std::clamp<qint64>(*parameters.maxOutputTokens, 1,
                                                        std::numeric_limits<int>::max());
            m_maxTokens->setValue(int(maxTokens));
        }
    }
    if (sendsStopSequences()) {
        QStringList lines;
        for (const QString &sequence : parameters.stopSequences)
            lines.append(escapeStopSequence(sequence));
        m_stopSequences->setPlainText(lines.join(QLatin1Char('\n')));
    }
    if (sendsSeed() && parameters.seed) {
        m_seedCheck->setChecked(true);
        m_seed->setText(QString::number(*parameters.seed));
    }
    if (parameters.reasoningEffort)
        m_reasoningEffort->setCurrentIndex(
            m_reasoningEffort->findData(int(*parameters.reasoningEffort)));
    m_adaptiveThinking->setChecked(parameters.adaptiveThinking);
    m_stream->setChecked(stream);
    if (isResponses()) {
        m_store->setChecked(store.value_or(true));
        m_storeExplicit = store.has_value();
    }
    m_updating = false;
    updateAppearance();
}

QStringList ParametersPanel::stopSequenceList() const
{
    QStringList sequences;
    const QStringList lines = m_stopSequences->toPlainText().split(QLatin1Char('\n'));
    for (const QString &line : lines) {
        // An empty line is no sequence (the API refuses empty ones); spaces are kept.
        if (!line.isEmpty())
            sequences.append(unescapeStopSequence(line));
    }
    return sequences;
}

api::GenerationParameters ParametersPanel::parameters() const
{
    api::GenerationParameters p;
    if (hasSampling()) {
        if (m_temperatureCheck->isChecked())
            p.temperature = m_temperature->value();
        if (m_topPCheck->isChecked())
            p.topP = m_topP->value();
        if (m_maxTokensCheck->isChecked())
            p.maxOutputTokens = m_maxTokens->value();
    }
    if (sendsStopSequences())
        p.stopSequences = stopSequenceList();
    if (sendsSeed() && m_seedCheck->isChecked()) {
        bool ok = false;
        const qint64 seed = m_seed->text().toLongLong(&ok);
        if (ok)
            p.seed = seed;
    }
    if (m_reasoningSupported) {
        const int effort = m_reasoningEffort->currentData().toInt();
        // Count tokens sends no output_config (MessagesRequestBuilder): no effort there.
        if (effort >= 0 && hasSampling())
            p.reasoningEffort = kEfforts.at(size_t(effort));
        if (isMessages() || isCountTokens())
            p.adaptiveThinking = m_adaptiveThinking->isChecked();
    }
    return p;
}

bool ParametersPanel::stream() const
{
    return hasSampling() && m_stream->isChecked();
}

void ParametersPanel::setBackground(bool background)
{
    const bool updating = std::exchange(m_updating, true);
    m_background->setChecked(background && isResponses());
    m_updating = updating;
}

bool ParametersPanel::background() const
{
    return isResponses() && m_background->isChecked();
}

std::optional<bool> ParametersPanel::store() const
{
    if (!isResponses())
        return std::nullopt;
    if (!m_store->isChecked())
        return false;
    return m_storeExplicit ? std::optional<bool>(true) : std::nullopt;
}

void ParametersPanel::setReasoningSupported(bool supported)
{
    m_reasoningSupported = supported;
    m_form->setRowVisible(m_reasoningEffort, supported && hasSampling());
    m_form->setRowVisible(m_adaptiveThinking, supported && (isMessages() || isCountTokens()));
}

Status ParametersPanel::validate() const
{
    const auto fieldError = [](const QString &field, const QString &problem) {
        Error error = makeError(Error::Kind::InvalidInput, tr("%1: %2").arg(field, problem));
        error.code = QStringLiteral("InvalidParameter");
        return error;
    };
    if (m_surface == mantle::ApiSurface::ChatCompletions) {
        const qsizetype count = stopSequenceList().size();
        if (count > kChatMaxStopSequences) {
            return fieldError(tr("Stop sequences"),
                              tr("Chat Completions accepts at most %1 stop sequences; there are "
                                 "%2.")
                                  .arg(kChatMaxStopSequences)
                                  .arg(count));
        }
    }
    if (sendsSeed() && m_seedCheck->isChecked()) {
        bool ok = false;
        m_seed->text().toLongLong(&ok);
        if (!ok)
            return fieldError(tr("Seed"), tr("enter a whole number, or untick it."));
    }
    return {};
}

} // namespace mantle::ui

#include "demopanel.h"

#include "api/requestspec.h"
#include "api/streamaccumulator.h"
#include "aws/sigv4signer.h"
#include "common/clock.h"
#include "emulatorserveroptions.h"
#include "localemulator.h"
#include "mantle/apisurface.h"
#include "mantle/endpoint.h"
#include "mantle/routeresolver.h"
#include "net/httpclient.h"
#include "pipeline/calltarget.h"
#include "pipeline/mantlecall.h"
#include "pipeline/turncall.h"

#include <QComboBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QNetworkAccessManager>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QShortcut>
#include <QVBoxLayout>

namespace mantle::ui {

namespace {

/// Milliseconds between two streamed events: slow enough to watch the answer arrive.
constexpr int kDemoPaceMs = 15;

} // namespace

DemoPanel::DemoPanel(QWidget *parent)
    : QWidget(parent)
    , m_clock(std::make_unique<SystemClock>())
    , m_signer(std::make_unique<aws::SigV4Signer>())
    , m_network(new QNetworkAccessManager(this))
    , m_client(std::make_unique<net::HttpClient>(m_network, *m_signer, *m_clock))
{
    setObjectName(QStringLiteral("demoPanel"));
    m_banner = new QLabel(this);
    m_banner->setObjectName(QStringLiteral("demoBanner"));
    m_banner->setWordWrap(true);
    m_banner->setTextInteractionFlags(Qt::TextSelectableByMouse);

    m_surface = new QComboBox(this);
    m_surface->setObjectName(QStringLiteral("demoSurface"));
    for (const auto surface : {mantle::ApiSurface::ChatCompletions, mantle::ApiSurface::Responses,
                               mantle::ApiSurface::Messages})
        m_surface->addItem(mantle::apiSurfaceDisplayName(surface), int(surface));
    m_surface->setAccessibleName(tr("API"));
    m_model = new QComboBox(this);
    m_model->setObjectName(QStringLiteral("demoModel"));
    m_model->setAccessibleName(tr("Model"));
    connect(m_surface, &QComboBox::currentIndexChanged, this, &DemoPanel::fillModels);

    m_prompt = new QPlainTextEdit(this);
    m_prompt->setObjectName(QStringLiteral("demoPrompt"));
    m_prompt->setAccessibleName(tr("Prompt"));
    m_prompt->setPlaceholderText(tr("Type a prompt, then press Ctrl+Enter"));
    m_prompt->setPlainText(tr("Hello! What can you do?"));
    m_prompt->setMaximumHeight(m_prompt->fontMetrics().lineSpacing() * 5);

    m_send = new QPushButton(tr("&Send"), this);
    m_send->setObjectName(QStringLiteral("demoSend"));
    m_stop = new QPushButton(tr("S&top"), this);
    m_stop->setObjectName(QStringLiteral("demoStop"));
    m_stop->setEnabled(false);
    connect(m_send, &QPushButton::clicked, this, &DemoPanel::send);
    connect(m_stop, &QPushButton::clicked, this, &DemoPanel::stop);
    auto *sendShortcut = new QShortcut(QKeySequence(Qt::CTRL | Qt::Key_Return), this);
    connect(sendShortcut, &QShortcut::activated, this, &DemoPanel::send);
    auto *stopShortcut = new QShortcut(QKeySequence(Qt::Key_Escape), this);
    connect(stopShortcut, &QShortcut::activated, this, &DemoPanel::stop);

    m_answer = new QPlainTextEdit(this);
    m_answer->setObjectName(QStringLiteral("demoAnswer"));
    m_answer->setAccessibleName(tr("Answer"));
    m_answer->setReadOnly(true);
    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("demoStatus"));
    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);

    auto *form = new QFormLayout;
    form->addRow(tr("API:"), m_surface);
    form->addRow(tr("Model:"), m_model);
    auto *buttons = new QHBoxLayout;
    buttons->addStretch();
    buttons->addWidget(m_stop);
    buttons->addWidget(m_send);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_banner);
    layout->addLayout(form);
    layout->addWidget(m_prompt);
    layout->addLayout(buttons);
    layout->addWidget(m_answer, 1);
    layout->addWidget(m_status);
}

DemoPanel::~DemoPanel()
{
    delete m_turn.data(); // before the client it runs on
}

QString DemoPanel::accountName()
{
    return tr("Demo (local emulator)");
}

bool DemoPanel::start()
{
    if (!m_emulator) {
        emulator::EmulatorServerOptions options;
        options.paceMs = kDemoPaceMs;
        m_emulator = new emulator::LocalEmulator(*m_clock, options, this);
    }
    if (!m_emulator->start()) {
        m_banner->setText(
            tr("<b>%1</b>: the built-in emulator could not start: %2")
                .arg(accountName().toHtmlEscaped(), m_emulator->errorString().toHtmlEscaped()));
        return false;
    }
    m_banner->setText(tr("<b>%1</b>. Answers come from the emulator built into this app, on %2, "
                         "not from AWS: no account, no network and no cost. The requests are "
                         "the real ones, through the same code as a real account.")
                          .arg(accountName().toHtmlEscaped(), endpoint().toHtmlEscaped()));
    loadModels();
    return true;
}

bool DemoPanel::isRunning() const
{
    return m_emulator && m_emulator->isRunning();
}

QString DemoPanel::endpoint() const
{
    return isRunning() ? m_emulator->rootUrl().toString() : QString();
}

pipeline::CallTarget DemoPanel::target() const
{
    pipeline::CallTarget target;
    target.account = accountName();
    target.region = QStringLiteral("us-east-1");
    target.endpoint = *mantle::Endpoint::parse(endpoint());
    target.auth.kind = net::HttpAuth::Kind::Bearer;
    target.auth.apiKey = SecretString(std::string_view(emulator::LocalEmulator::kApiKey));
    return target;
}

void DemoPanel::loadModels()
{
    api::WireRequest wire;
    wire.method = QByteArrayLiteral("GET");
    wire.surface = mantle::ApiSurface::Models;
    wire.path = mantle::RouteResolver::defaultResourcePath(mantle::ApiSurface::Models);
    auto *call = new pipeline::MantleCall(*m_client, wire, {}, target(), nullptr, this);
    auto body = std::make_shared<QByteArray>();
    connect(call, &pipeline::MantleCall::bytesReceived, this,
            [body](QByteArrayView chunk) { body->append(chunk); });
    connect(call, &pipeline::MantleCall::finished, this,
            [this, call, body](const net::HttpOutcome &outcome) {
                call->deleteLater();
                m_models.clear();
                if (!outcome.ok()) {
                    m_status->setText(outcome.error->toDisplayString());
                } else {
                    const QJsonArray data = QJsonDocument::fromJson(*body)
                                                .object()
                                                .value(QStringLiteral("data"))
                                                .toArray();
                    for (const QJsonValue &model : data)
                        m_models.append(model.toObject().value(QStringLiteral("id")).toString());
                    m_status->setText(tr("%n model(s) available.", nullptr, int(m_models.size())));
                }
                fillModels();
                Q_EMIT modelsLoaded();
            });
    call->start();
}

void DemoPanel::fillModels()
{
    // The model list says nothing of surfaces (FACTS.md): Anthropic models take Messages only.
    const auto surface = mantle::ApiSurface(m_surface->currentData().toInt());
    const bool anthropic = surface == mantle::ApiSurface::Messages;
    const QString previous = m_model->currentText();
    m_model->clear();
    for (const QString &model : std::as_const(m_models)) {
        if (model.startsWith(QLatin1String("anthropic.")) == anthropic)
            m_model->addItem(model);
    }
    const int keep = m_model->findText(previous);
    const int preferred = m_model->findText(QStringLiteral("openai.gpt-oss-120b"));
    m_model->setCurrentIndex(keep >= 0 ? keep : qMax(0, preferred));
}

void DemoPanel::send()
{
    if (m_turn || !isRunning() || m_model->currentText().isEmpty())
        return;
    const QString prompt = m_prompt->toPlainText().trimmed();
    if (prompt.isEmpty()) {
        m_status->setText(tr("Type a prompt first."));
        return;
    }
    api::RequestSpec spec;
    spec.surface = mantle::ApiSurface(m_surface->currentData().toInt());
    spec.model = m_model->currentText();
    spec.stream = true;
    spec.parameters.maxOutputTokens = 1024;
    api::ConversationMessage message;
    message.text = prompt;
    spec.messages.append(message);

    m_answer->clear();
    m_turn = new pipeline::TurnCall(*m_client, spec, target(), nullptr, this);
    connect(m_turn, &pipeline::TurnCall::turnChanged, this,
            [this](api::StreamAccumulator::Changes changes) {
                if (!changes.testFlag(api::StreamAccumulator::Change::Text) || !m_turn
                    || m_turn->isFinished())
                    return;
                // Appended at the end: no re-layout of what is already shown.
                QTextCursor cursor(m_answer->document());
                cursor.movePosition(QTextCursor::End);
                cursor.insertText(m_turn->takeText());
            });
    connect(m_turn, &pipeline::TurnCall::finished, this, &DemoPanel::onTurnFinished);
    setBusy(true);
    m_status->setText(tr("Sending to %1…").arg(spec.model));
    m_turn->start();
}

void DemoPanel::stop()
{
    if (m_turn)
        m_turn->cancel();
}

void DemoPanel::onTurnFinished()
{
    pipeline::TurnCall *turn = m_turn;
    m_turn = nullptr;
    turn->deleteLater();
    setBusy(false);
    QTextCursor cursor(m_answer->document());
    cursor.movePosition(QTextCursor::End);
    cursor.insertText(turn->takeText());
    for (const api::ToolCall &call : turn->turn().toolCalls)
        cursor.insertText(tr("\nTool call %1: %2(%3)").arg(call.id, call.name, call.arguments));

    if (turn->error()) {
        m_status->setText(turn->error()->toDisplayString());
    } else if (turn->turn().error) {
        const api::TurnError &error = *turn->turn().error;
        m_status->setText(error.type == QLatin1String(api::kCancelledError)
                              ? tr("Stopped: the text above is what arrived.")
                              : tr("The answer ended with an error: %1").arg(error.message));
    } else {
        const pipeline::TurnTimings &timings = turn->timings();
        const QString unknown = QStringLiteral("–");
        const auto &usage = turn->turn().usage;
        m_status->setText(tr("Done in %1 s; first token after %2 ms; %3 tokens in, %4 out.")
                              .arg(QString::number(double(timings.total.count()) / 1000.0, 'f', 2),
                                   timings.timeToFirstToken
                                       ? QString::number(timings.timeToFirstToken->count())
                                       : unknown,
                                   usage ? QString::number(usage->inputTokens) : unknown,
                                   usage ? QString::number(usage->outputTokens) : unknown));
    }
    Q_EMIT answerFinished();
}

void DemoPanel::setBusy(bool busy)
{
    m_send->setEnabled(!busy);
    m_stop->setEnabled(busy);
    m_surface->setEnabled(!busy);
    m_model->setEnabled(!busy);
}

} // namespace mantle::ui

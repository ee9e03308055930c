#include "crossapiview.h"

#include "comparetargetrow.h"
#include "jsonhighlighter.h"
#include "playgroundservices.h"

#include "pipeline/turncall.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QJsonDocument>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSplitter>
#include <QUrl>
#include <QVBoxLayout>

namespace mantle::ui {

namespace {

QPlainTextEdit *readOnlyView(const QString &objectName, const QString &accessibleName,
                             QWidget *parent)
{
    auto *view = new QPlainTextEdit(parent);
    view->setObjectName(objectName);
    view->setAccessibleName(accessibleName);
    view->setReadOnly(true);
    view->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    return view;
}

QString prettyJson(const QByteArray &body)
{
    const QJsonDocument document = QJsonDocument::fromJson(body);
    return document.isNull() ? QString::fromUtf8(body)
                             : QString::fromUtf8(document.toJson(QJsonDocument::Indented));
}

} // namespace

CrossApiView::CrossApiView(PlaygroundServices &services, QWidget *parent)
    : QWidget(parent)
    , m_services(services)
{
    setObjectName(QStringLiteral("crossApiView"));
    auto *layout = new QVBoxLayout(this);

    auto *top = new QHBoxLayout;
    auto *label = new QLabel(tr("&Model:"), this);
    m_picker = new CompareTargetRow(services, false, this);
    m_picker->setObjectName(QStringLiteral("crossApiPicker"));
    label->setBuddy(m_picker->modelCombo());
    m_runButton = new QPushButton(tr("&Run All APIs"), this);
    m_runButton->setObjectName(QStringLiteral("crossApiRunButton"));
    m_runButton->setToolTip(tr("Send the request through every API the model serves"));
    top->addWidget(label);
    top->addWidget(m_picker, 1);
    top->addWidget(m_runButton);
    layout->addLayout(top);

    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("crossApiStatus"));
    m_status->setWordWrap(true);
    layout->addWidget(m_status);

    m_splitter = new QSplitter(Qt::Horizontal, this);
    m_splitter->setObjectName(QStringLiteral("crossApiSplitter"));
    m_splitter->setChildrenCollapsible(false);
    layout->addWidget(m_splitter, 1);

    connect(m_picker, &CompareTargetRow::changed, this, &CrossApiView::rebuildColumns);
    connect(m_runButton, &QPushButton::clicked, this, [this] {
        if (isRunning())
            stop();
        else
            run();
    });
}

CrossApiView::~CrossApiView() = default;

void CrossApiView::setBase(const api::RequestSpec &base)
{
    m_base = base;
    rebuildColumns();
}

void CrossApiView::setTarget(const compare::CompareTarget &target)
{
    m_picker->setTarget(target);
}

QList<compare::CompareTarget> CrossApiView::targets() const
{
    const compare::CompareTarget picked = m_picker->target();
    return compare::crossApiTargets(picked.account, picked.region, picked.model, m_surfaces);
}

QString CrossApiView::payloadText(int column) const
{
    return column >= 0 && column < m_columns.size() ? m_columns.at(column).payload->toPlainText()
                                                    : QString();
}

bool CrossApiView::isRunning() const
{
    return m_run && !m_run->isFinished();
}

void CrossApiView::rebuildColumns()
{
    if (isRunning())
        return; // the columns show the run; they are rebuilt after it
    const std::optional<mantle::ModelListEntry> entry = m_picker->entry();
    const QList<mantle::ApiSurface> surfaces
        = entry ? compare::answerSurfaces(entry->model.surfaces) : QList<mantle::ApiSurface>{};
    if (!m_columns.isEmpty() && surfaces == m_surfaces) {
        // The same columns: only what they would send changed (the prompt, the model).
        fillPayloads();
        return;
    }
    m_surfaces = surfaces;
    for (const Column &column : std::as_const(m_columns))
        delete column.widget;
    m_columns.clear();
    if (m_picker->target().model.isEmpty())
        m_status->setText(tr("Choose a model."));
    else if (!entry)
        m_status->setText(m_picker->isLoading()
                              ? tr("Loading the models…")
                              : tr("The model list does not say which APIs this model serves."));
    else
        m_status->setText(tr("%n API(s) serve this model. The payloads below are what each "
                             "would send.",
                             nullptr, int(m_surfaces.size())));

    const QList<compare::CompareTarget> columns = targets();
    for (const compare::CompareTarget &target : columns) {
        Column column;
        column.widget = new QWidget(m_splitter);
        column.widget->setObjectName(
            QStringLiteral("crossApiColumn_%1").arg(mantle::apiSurfaceName(target.surface)));
        auto *box = new QVBoxLayout(column.widget);
        box->setContentsMargins(4, 4, 4, 4);
        auto *title = new QLabel(mantle::apiSurfaceDisplayName(target.surface), column.widget);
        QFont bold = title->font();
        bold.setBold(true);
        title->setFont(bold);
        box->addWidget(title);
        column.requestLine = new QLabel(column.widget);
        column.requestLine->setObjectName(QStringLiteral("requestLine"));
        column.requestLine->setTextInteractionFlags(Qt::TextSelectableByMouse);
        box->addWidget(column.requestLine);
        column.headers = new QLabel(column.widget);
        column.headers->setObjectName(QStringLiteral("headersLabel"));
        column.headers->setTextInteractionFlags(Qt::TextSelectableByMouse);
        column.headers->setWordWrap(true);
        box->addWidget(column.headers);
        column.payload = readOnlyView(
            QStringLiteral("payloadView"),
            tr("Payload for %1").arg(mantle::apiSurfaceDisplayName(target.surface)), column.widget);
        column.payload->setLineWrapMode(QPlainTextEdit::NoWrap);
        new JsonHighlighter(column.payload->document());
        box->addWidget(column.payload, 3);
        column.usage = new QLabel(column.widget);
        column.usage->setObjectName(QStringLiteral("usageLabel"));
        column.usage->setWordWrap(true);
        column.usage->setTextInteractionFlags(Qt::TextSelectableByMouse);
        box->addWidget(column.usage);
        column.rawUsage
            = readOnlyView(QStringLiteral("rawUsageView"), tr("Raw usage"), column.widget);
        column.rawUsage->setMaximumHeight(fontMetrics().lineSpacing() * 6);
        new JsonHighlighter(column.rawUsage->document());
        box->addWidget(column.rawUsage, 1);
        column.answer
            = readOnlyView(QStringLiteral("crossAnswerView"), tr("Answer"), column.widget);
        box->addWidget(column.answer, 2);

        column.usage->setText(tr("Not sent yet."));
        m_splitter->addWidget(column.widget);
        m_columns.append(column);
    }
    fillPayloads();
}

void CrossApiView::fillPayloads()
{
    const QList<compare::CompareTarget> list = targets();
    for (int i = 0; i < m_columns.size() && i < list.size(); ++i) {
        const compare::CompareTarget &target = list.at(i);
        const Column &column = m_columns.at(i);
        const api::RequestSpec spec = compare::CompareRun::specFor(m_base, target);
        const Result<api::WireRequest> wire = pipeline::TurnCall::buildWireRequest(spec);
        if (!wire) {
            column.requestLine->setText(
                tr("This request cannot be sent: %1").arg(wire.error().toDisplayString()));
        } else {
            QString path = QLatin1Char('/') + wire->path;
            if (const auto where = m_services.exportTarget(spec))
                path = QUrl(where->urlOf(wire->path)).path();
            column.requestLine->setText(tr("%1 %2").arg(QString::fromLatin1(wire->method), path));
            QStringList headers;
            // A builder's headers never hold a credential (auth is added when sending).
            for (const auto &[name, value] : wire->headers)
                headers << tr("%1: %2").arg(QString::fromLatin1(name), QString::fromUtf8(value));
            column.headers->setText(headers.join(QLatin1Char('\n')));
            column.payload->setPlainText(prettyJson(wire->body));
        }
    }
    updateRunButton();
    Q_EMIT payloadsChanged();
}

void CrossApiView::run()
{
    if (isRunning())
        return;
    rebuildColumns();
    const QList<compare::CompareTarget> list = targets();
    if (list.isEmpty()) {
        m_status->setText(tr("No API to send to: choose a model the list knows."));
        return;
    }
    if (m_run)
        m_run->deleteLater();
    PlaygroundServices *services = &m_services;
    const std::optional<mantle::ModelListEntry> entry = m_picker->entry();
    const std::optional<mantle::ModelPrices> prices
        = entry ? entry->model.prices : std::optional<mantle::ModelPrices>();
    m_run = new compare::CompareRun(
        m_services.client(), m_base, list,
        [services](const compare::CompareTarget &target, QObject *context,
                   compare::CompareRun::TargetDone done) {
            services->resolveTarget(target.account, target.region, context, std::move(done));
        },
        [prices](const compare::CompareTarget &) { return prices; }, &m_services.routes(), this);
    connect(m_run, &compare::CompareRun::columnChanged, this, &CrossApiView::showResult);
    connect(m_run, &compare::CompareRun::columnFinished, this, &CrossApiView::showResult);
    connect(m_run, &compare::CompareRun::finished, this, [this] {
        m_services.saveRoutes();
        m_status->setText(tr("Every API answered or failed; usage is shown as each reported it."));
        updateRunButton();
        Q_EMIT runFinished();
    });
    for (const Column &column : std::as_const(m_columns)) {
        column.usage->setText(tr("Waiting…"));
        column.rawUsage->clear();
        column.answer->clear();
    }
    m_status->setText(tr("Sending through %n API(s)…", nullptr, int(list.size())));
    m_run->start();
    updateRunButton();
}

void CrossApiView::stop()
{
    if (m_run)
        m_run->cancel();
}

void CrossApiView::showResult(int index)
{
    if (!m_run || index < 0 || index >= m_columns.size() || index >= m_run->results().size())
        return;
    const compare::CompareResult &result = m_run->results().at(index);
    const Column &column = m_columns.at(index);
    if (column.answer->toPlainText() != result.turn.text)
        column.answer->setPlainText(result.turn.text);
    const QString error = result.finished ? result.errorText() : QString();
    if (const auto &usage = result.turn.usage) {
        auto optional = [](const std::optional<qint64> &value) {
            return value ? QString::number(*value) : tr("not reported");
        };
        column.usage->setText(
            tr("Input %1 · output %2 · cached %3 · reasoning %4")
                .arg(QString::number(usage->inputTokens), QString::number(usage->outputTokens),
                     optional(usage->cachedInputTokens), optional(usage->reasoningTokens)));
        column.rawUsage->setPlainText(
            QString::fromUtf8(QJsonDocument(usage->raw).toJson(QJsonDocument::Indented)));
    } else if (!error.isEmpty()) {
        column.usage->setText(tr("Error: %1").arg(error));
    } else {
        column.usage->setText(result.finished ? tr("No usage reported.") : tr("Streaming…"));
    }
    if (!error.isEmpty() && result.turn.usage)
        column.usage->setText(column.usage->text() + QLatin1Char('\n')
                              + tr("Error: %1").arg(error));
}

void CrossApiView::updateRunButton()
{
    m_runButton->setText(isRunning() ? tr("S&top") : tr("&Run All APIs"));
    m_runButton->setEnabled(isRunning() || !m_surfaces.isEmpty());
}

} // namespace mantle::ui

#include "chainview.h"

#include "playgroundservices.h"

#include "mantle/costcalculator.h"
#include "pipeline/backgroundpoller.h"
#include "pipeline/storedresponsecall.h"

#include <QFont>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSplitter>
#include <QStandardItemModel>
#include <QTreeView>
#include <QVBoxLayout>

#include <utility>

namespace mantle::ui {

namespace {

constexpr int kNodeRole = Qt::UserRole + 1;
using StoredCall = pipeline::StoredResponseCall;

QString prettyJson(const QByteArray &body)
{
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(body, &error);
    if (error.error != QJsonParseError::NoError)
        return QString::fromUtf8(body);
    return QString::fromUtf8(document.toJson(QJsonDocument::Indented));
}

} // namespace

ChainView::ChainView(QWidget *parent)
    : QWidget(parent)
{
    setObjectName(QStringLiteral("chainView"));
}

ChainView::~ChainView() = default;

void ChainView::setServices(PlaygroundServices &services)
{
    m_services = &services;
    m_stale = true;
    if (isVisible())
        rebuild();
}

void ChainView::setSessions(QList<sessions::Session> sessions)
{
    m_sessions = std::move(sessions);
    m_fromStore = false;
    m_stale = false;
    if (isVisible())
        rebuild();
    else
        m_needsRebuild = true;
}

void ChainView::refresh()
{
    m_fromStore = true;
    m_stale = true;
    if (isVisible())
        rebuild();
}

void ChainView::setCurrentSession(const sessions::Session &session)
{
    m_current = session;
    m_selectCurrent = true;
    if (isVisible())
        rebuild();
    else
        m_needsRebuild = true;
}

void ChainView::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    if (!m_built || m_stale || m_needsRebuild)
        rebuild();
}

void ChainView::ensureBuilt()
{
    if (m_built)
        return;
    m_built = true;

    m_model = new QStandardItemModel(0, ColumnCount, this);
    m_model->setHorizontalHeaderLabels({tr("Answer"), tr("Session"), tr("Model"), tr("Time"),
                                        tr("Tokens"), tr("Cost"), tr("Stored"), tr("Sent"),
                                        tr("Status")});
    m_view = new QTreeView;
    m_view->setObjectName(QStringLiteral("chainTree"));
    m_view->setModel(m_model);
    m_view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setUniformRowHeights(true);
    m_view->header()->setStretchLastSection(true);
    m_view->setToolTip(tr("Each answer follows the one it continues; a branch (a fork, or an "
                          "answer continued twice) is indented under the answer it starts "
                          "from."));
    connect(m_view->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &ChainView::updateButtons);
    connect(m_view, &QTreeView::doubleClicked, this, [this] { retrieveSelected(); });

    // FACTS.md: stored responses are kept 30 days in the request's region.
    auto *note = new QLabel(tr("Stored responses are kept for 30 days in the region of the "
                               "request."));
    note->setObjectName(QStringLiteral("storageNote"));
    note->setWordWrap(true);

    m_continue = new QPushButton(tr("Continue from here"));
    m_continue->setObjectName(QStringLiteral("continueButton"));
    m_fork = new QPushButton(tr("Fork here"));
    m_fork->setObjectName(QStringLiteral("forkButton"));
    m_retrieve = new QPushButton(tr("Retrieve"));
    m_retrieve->setObjectName(QStringLiteral("retrieveButton"));
    m_delete = new QPushButton(tr("Delete stored response"));
    m_delete->setObjectName(QStringLiteral("deleteButton"));
    m_follow = new QPushButton(tr("Poll status"));
    m_follow->setObjectName(QStringLiteral("followButton"));
    m_cancel = new QPushButton(tr("Cancel background response"));
    m_cancel->setObjectName(QStringLiteral("cancelButton"));
    const auto onSelected = [this](auto act) {
        return [this, act] {
            const int node = selectedNode();
            if (node >= 0)
                act(m_tree.nodes().at(node));
        };
    };
    connect(m_continue, &QPushButton::clicked, this,
            onSelected([this](const sessions::ChainNode &node) {
                Q_EMIT continueFrom(node.sessionId, node.entryId);
            }));
    connect(m_fork, &QPushButton::clicked, this,
            onSelected([this](const sessions::ChainNode &node) {
                Q_EMIT forkRequested(node.sessionId, node.entryId);
            }));
    connect(m_retrieve, &QPushButton::clicked, this, &ChainView::retrieveSelected);
    connect(m_delete, &QPushButton::clicked, this, &ChainView::deleteSelected);
    connect(
        m_follow, &QPushButton::clicked, this,
        onSelected([this](const sessions::ChainNode &node) { followBackground(node.responseId); }));
    connect(
        m_cancel, &QPushButton::clicked, this,
        onSelected([this](const sessions::ChainNode &node) { cancelBackground(node.responseId); }));
    auto *buttons = new QHBoxLayout;
    for (QPushButton *button : {m_continue, m_fork, m_retrieve, m_delete, m_follow, m_cancel})
        buttons->addWidget(button);
    buttons->addStretch();

    m_idField = new QLineEdit;
    m_idField->setObjectName(QStringLiteral("responseIdField"));
    m_idField->setPlaceholderText(tr("resp_…"));
    m_idField->setClearButtonEnabled(true);
    auto *idLabel = new QLabel(tr("Response ID:"));
    idLabel->setBuddy(m_idField);
    auto *idRetrieve = new QPushButton(tr("Retrieve"));
    idRetrieve->setObjectName(QStringLiteral("idRetrieveButton"));
    auto *idDelete = new QPushButton(tr("Delete"));
    idDelete->setObjectName(QStringLiteral("idDeleteButton"));
    connect(idRetrieve, &QPushButton::clicked, this,
            [this] { retrieveResponse(m_idField->text().trimmed()); });
    connect(m_idField, &QLineEdit::returnPressed, idRetrieve, &QPushButton::click);
    connect(idDelete, &QPushButton::clicked, this,
            [this] { deleteResponse(m_idField->text().trimmed()); });
    auto *idRow = new QHBoxLayout;
    idRow->addWidget(idLabel);
    idRow->addWidget(m_idField, 1);
    idRow->addWidget(idRetrieve);
    idRow->addWidget(idDelete);

    m_message = new QLabel;
    m_message->setObjectName(QStringLiteral("chainMessage"));
    m_message->setWordWrap(true);
    m_message->setTextInteractionFlags(Qt::TextSelectableByMouse);

    m_json = new QPlainTextEdit;
    m_json->setObjectName(QStringLiteral("responseJson"));
    m_json->setReadOnly(true);
    m_json->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_json->setPlaceholderText(tr("A retrieved response is shown here."));

    auto *top = new QWidget;
    auto *topLayout = new QVBoxLayout(top);
    topLayout->setContentsMargins(0, 0, 0, 0);
    topLayout->addWidget(m_view, 1);
    topLayout->addLayout(buttons);
    topLayout->addWidget(note);
    auto *bottom = new QWidget;
    auto *bottomLayout = new QVBoxLayout(bottom);
    bottomLayout->setContentsMargins(0, 0, 0, 0);
    bottomLayout->addLayout(idRow);
    bottomLayout->addWidget(m_message);
    bottomLayout->addWidget(m_json, 1);
    auto *splitter = new QSplitter(Qt::Vertical);
    splitter->addWidget(top);
    splitter->addWidget(bottom);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 2);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(splitter);
    updateButtons();
}

void ChainView::rebuild()
{
    ensureBuilt();
    if (m_stale && m_fromStore && m_services) {
        m_sessions.clear();
        const sessions::SessionStore &store = m_services->sessions();
        for (const sessions::SessionSummary &summary : store.list()) {
            if (summary.problem)
                continue;
            if (auto session = store.load(summary.id))
                m_sessions.append(std::move(session).value());
        }
    }
    m_stale = false;
    m_needsRebuild = false;

    // The shown session may be newer than its file.
    QList<sessions::Session> sessions = m_sessions;
    bool currentListed = false;
    for (sessions::Session &session : sessions) {
        if (!m_current.id.isEmpty() && session.id == m_current.id) {
            session = m_current;
            currentListed = true;
        }
    }
    if (!currentListed && !m_current.id.isEmpty())
        sessions.append(m_current);

    const int selected = selectedNode();
    const QString selectedEntry = selected >= 0 ? m_tree.nodes().at(selected).entryId : QString();
    m_tree = sessions::ChainTree::build(sessions, m_deleted);
    for (auto status = m_statuses.cbegin(); status != m_statuses.cend(); ++status)
        m_tree.setBackgroundStatus(status.key(), status.value());

    m_model->removeRows(0, m_model->rowCount());
    m_rows = QList<QStandardItem *>(m_tree.nodes().size(), nullptr);
    // A run of answers that continue one another is shown flat, one after the other; only a
    // second continuation of an answer (a branch) is indented under it. A long conversation
    // stays one readable column instead of a staircase.
    const std::function<void(QStandardItem *, int)> appendRun
        = [&](QStandardItem *parent, int node) {
              while (node >= 0) {
                  QList<QStandardItem *> row;
                  for (int column = 0; column < ColumnCount; ++column) {
                      auto *item = new QStandardItem;
                      item->setData(node, kNodeRole);
                      row.append(item);
                  }
                  m_rows[node] = row.first();
                  fillItems(node, row);
                  parent->appendRow(row);
                  const QList<int> &children = m_tree.nodes().at(node).children;
                  for (qsizetype i = 1; i < children.size(); ++i)
                      appendRun(row.first(), children.at(i));
                  node = children.isEmpty() ? -1 : children.first();
              }
          };
    for (int root : m_tree.roots())
        appendRun(m_model->invisibleRootItem(), root);

    const QList<int> path = m_current.id.isEmpty() ? QList<int>() : m_tree.currentPath(m_current);
    for (int node : path) {
        for (int column = 0; column < ColumnCount; ++column) {
            QStandardItem *item
                = m_model->itemFromIndex(m_rows.at(node)->index().siblingAtColumn(column));
            QFont font = item->font();
            font.setBold(true);
            item->setFont(font);
        }
        for (QModelIndex up = m_rows.at(node)->index().parent(); up.isValid(); up = up.parent())
            m_view->expand(up);
    }
    for (int column = 0; column < ColumnCount - 1; ++column)
        m_view->resizeColumnToContents(column);
    // A newly shown session selects its last answer; otherwise the selection stays.
    const bool selectCurrent = std::exchange(m_selectCurrent, false);
    if ((selectCurrent || selectedEntry.isEmpty() || !selectEntry(selectedEntry))
        && !path.isEmpty())
        m_view->setCurrentIndex(m_rows.at(path.last())->index());
    if (m_view->currentIndex().isValid())
        m_view->scrollTo(m_view->currentIndex());
    if (m_tree.isEmpty())
        showMessage(tr("No answers yet: the answers of saved sessions appear here."));
    updateButtons();
}

void ChainView::fillRow(int node)
{
    QStandardItem *first = m_rows.value(node);
    if (!first)
        return;
    QStandardItem *parent = first->parent() ? first->parent() : m_model->invisibleRootItem();
    QList<QStandardItem *> row;
    for (int column = 0; column < ColumnCount; ++column)
        row.append(parent->child(first->row(), column));
    fillItems(node, row);
}

void ChainView::fillItems(int node, const QList<QStandardItem *> &row)
{
    const sessions::ChainNode &answer = m_tree.nodes().at(node);
    const auto cell = [&row](int column) {
        return row.at(column);
    };
    const QLocale locale;
    QString name = answer.responseId;
    if (name.isEmpty())
        name = tr("Answer %1").arg(answer.row + 1);
    cell(AnswerColumn)->setText(name);
    cell(AnswerColumn)->setToolTip(answer.preview);
    cell(SessionColumn)->setText(answer.sessionTitle);
    cell(ModelColumn)->setText(answer.model);
    cell(TimeColumn)
        ->setText(locale.toString(answer.createdAt.toLocalTime(), QLocale::ShortFormat));
    cell(TokensColumn)
        ->setText(answer.usage ? tr("%1 in · %2 out")
                                     .arg(locale.toString(answer.usage->inputTokens),
                                          locale.toString(answer.usage->outputTokens))
                               : QString());
    cell(CostColumn)
        ->setText(answer.costPico
                      ? tr("$%1").arg(mantle::CostCalculator::formatAmount(*answer.costPico))
                      : QString());
    QString stored;
    if (answer.deleted)
        stored = tr("deleted");
    else if (answer.storedServerSide)
        stored = tr("stored");
    else
        stored = tr("local only");
    cell(StoredColumn)->setText(stored);
    cell(StoredColumn)
        ->setToolTip(
            answer.storedServerSide
                ? tr("Kept by Mantle in %1 under its response id.").arg(answer.region)
                : tr("Kept only in this app's history: continuing re-sends the conversation."));
    if (!answer.previousResponseId.isEmpty()) {
        cell(SentColumn)
            ->setText(tr("%n new message(s) + previous response", nullptr, answer.messagesSent));
        cell(SentColumn)
            ->setToolTip(
                tr("Sent with previous_response_id %1; the earlier turns stayed on the server.")
                    .arg(answer.previousResponseId));
    } else {
        cell(SentColumn)->setText(tr("%n message(s) re-sent", nullptr, answer.messagesSent));
        cell(SentColumn)->setToolTip(tr("The whole conversation was sent with the request."));
    }
    QString status = answer.backgroundStatus;
    if (status.isEmpty() && answer.failed)
        status = tr("failed");
    cell(StatusColumn)->setText(status);
}

int ChainView::selectedNode() const
{
    if (!m_view)
        return -1;
    const QModelIndex index = m_view->currentIndex();
    if (!index.isValid())
        return -1;
    bool ok = false;
    const int node = index.siblingAtColumn(0).data(kNodeRole).toInt(&ok);
    return ok && node >= 0 && node < m_tree.nodes().size() ? node : -1;
}

bool ChainView::selectEntry(const QString &entryId)
{
    ensureBuilt();
    const int node = m_tree.find(QString(), entryId);
    if (node < 0 || !m_rows.value(node))
        return false;
    m_view->setCurrentIndex(m_rows.at(node)->index());
    return true;
}

bool ChainView::selectResponse(const QString &responseId)
{
    ensureBuilt();
    const int node = m_tree.findResponse(responseId);
    if (node < 0 || !m_rows.value(node))
        return false;
    m_view->setCurrentIndex(m_rows.at(node)->index());
    return true;
}

QString ChainView::nodeText(int node, int column) const
{
    QStandardItem *first = m_rows.value(node);
    if (!first)
        return {};
    return first->index().siblingAtColumn(column).data().toString();
}

QString ChainView::responseText() const
{
    return m_json ? m_json->toPlainText() : QString();
}

void ChainView::updateButtons()
{
    if (!m_built)
        return;
    const int node = selectedNode();
    const sessions::ChainNode *answer = node >= 0 ? &m_tree.nodes().at(node) : nullptr;
    const bool stored = answer && answer->storedServerSide && !answer->deleted;
    const bool running = answer && answer->background
        && !pipeline::BackgroundPoller::isFinalStatus(answer->backgroundStatus);
    m_continue->setEnabled(answer);
    m_fork->setEnabled(answer);
    m_retrieve->setEnabled(stored);
    m_delete->setEnabled(stored);
    m_follow->setEnabled(running && !m_pollers.value(answer->responseId));
    m_cancel->setEnabled(running);
}

void ChainView::showMessage(const QString &text)
{
    ensureBuilt();
    m_message->setText(text);
}

ChainView::Where ChainView::whereFor(const QString &responseId) const
{
    if (const int node = m_tree.findResponse(responseId); node >= 0) {
        const sessions::ChainNode &answer = m_tree.nodes().at(node);
        if (!answer.account.isEmpty())
            return {answer.account, answer.region, answer.model};
    }
    if (!m_current.account.isEmpty())
        return {m_current.account, m_current.region, m_current.model};
    if (m_services && !m_services->accountNames().isEmpty())
        return {m_services->accountNames().first(), QString(), QString()};
    return {};
}

void ChainView::retrieveSelected()
{
    const int node = selectedNode();
    if (node >= 0 && !m_tree.nodes().at(node).responseId.isEmpty())
        retrieveResponse(m_tree.nodes().at(node).responseId);
}

void ChainView::deleteSelected()
{
    const int node = selectedNode();
    if (node >= 0 && !m_tree.nodes().at(node).responseId.isEmpty())
        deleteResponse(m_tree.nodes().at(node).responseId);
}

void ChainView::retrieveResponse(const QString &responseId)
{
    if (responseId.isEmpty()) {
        showMessage(tr("Enter a response id (resp_…)."));
        return;
    }
    startStoredCall(int(StoredCall::Action::Retrieve), responseId);
}

void ChainView::deleteResponse(const QString &responseId)
{
    if (responseId.isEmpty()) {
        showMessage(tr("Enter a response id (resp_…)."));
        return;
    }
    const bool confirmed = m_confirmDelete
        ? m_confirmDelete(responseId)
        : QMessageBox::question(this, tr("Delete stored response"),
                                tr("Delete the stored response %1 from Mantle? Answers that "
                                   "continue from it can no longer be continued by its id.")
                                    .arg(responseId),
                                QMessageBox::Yes | QMessageBox::Cancel, QMessageBox::Cancel)
            == QMessageBox::Yes;
    if (!confirmed)
        return;
    startStoredCall(int(StoredCall::Action::Delete), responseId);
}

void ChainView::startStoredCall(int action, const QString &responseId)
{
    if (!m_services) {
        showMessage(tr("Not connected to any account."));
        return;
    }
    delete m_call.data(); // one call at a time: the newest wins
    const Where where = whereFor(responseId);
    showMessage(action == int(StoredCall::Action::Delete) ? tr("Deleting %1…").arg(responseId)
                                                          : tr("Retrieving %1…").arg(responseId));
    m_services->resolveTarget(
        where.account, where.region, this,
        [this, action, responseId, where](Result<pipeline::CallTarget> target) {
            if (!target) {
                showMessage(target.error().toDisplayString());
                if (action == int(StoredCall::Action::Delete))
                    Q_EMIT deleteFinished(responseId, false);
                else
                    Q_EMIT responseShown(responseId, false);
                return;
            }
            delete m_call.data();
            m_call = new StoredCall(m_services->client(), StoredCall::Action(action), responseId,
                                    where.model, std::move(target).value(), &m_services->routes(),
                                    this);
            StoredCall *call = m_call;
            connect(call, &StoredCall::finished, this,
                    [this, call] { onStoredCallFinished(call); });
            call->start();
        });
}

void ChainView::onStoredCallFinished(pipeline::StoredResponseCall *call)
{
    call->deleteLater();
    if (m_call == call)
        m_call = nullptr;
    if (call->switchedPrefix())
        m_services->saveRoutes();
    const QString id = call->responseId();
    const bool notFound = call->httpStatus() == 404;
    if (call->action() == StoredCall::Action::Delete) {
        if (call->error()) {
            showMessage(call->error()->toDisplayString());
            if (notFound)
                setDeleted(id);
        } else {
            showMessage(tr("Deleted %1.").arg(id));
            setDeleted(id);
        }
        Q_EMIT deleteFinished(id, call->deleted());
        return;
    }
    if (call->error()) {
        m_json->setPlainText(call->error()->toDisplayString());
        if (notFound) {
            showMessage(tr("%1 is not stored: it was deleted, has expired (after 30 days) or "
                           "was made in another region or account.")
                            .arg(id));
            if (m_tree.findResponse(id) >= 0)
                setDeleted(id);
        } else {
            showMessage(call->error()->toDisplayString());
        }
        Q_EMIT responseShown(id, false);
        return;
    }
    m_json->setPlainText(prettyJson(call->body()));
    const QString status = call->turn() ? call->turn()->stopReason : QString();
    showMessage(tr("Response %1: %2").arg(id, status));
    if (const int node = m_tree.findResponse(id); node >= 0 && m_tree.nodes().at(node).background)
        setStatus(id, status);
    Q_EMIT responseShown(id, true);
}

void ChainView::setDeleted(const QString &responseId)
{
    m_deleted.insert(responseId);
    QList<std::pair<QString, QString>> answers;
    if (m_tree.markDeleted(responseId)) {
        for (int node = 0; node < m_tree.nodes().size(); ++node) {
            const sessions::ChainNode &answer = m_tree.nodes().at(node);
            if (answer.responseId == responseId) {
                fillRow(node);
                answers.append({answer.sessionId, answer.entryId});
            }
        }
    }
    updateButtons();
    for (const auto &[session, entry] : std::as_const(answers))
        Q_EMIT storedResponseGone(session, entry);
}

void ChainView::setStatus(const QString &responseId, const QString &status)
{
    m_statuses.insert(responseId, status);
    m_tree.setBackgroundStatus(responseId, status);
    for (int node = 0; node < m_tree.nodes().size(); ++node) {
        if (m_tree.nodes().at(node).responseId == responseId)
            fillRow(node);
    }
    updateButtons();
}

void ChainView::followBackground(const QString &responseId)
{
    if (responseId.isEmpty() || m_pollers.value(responseId) || !m_services)
        return;
    const Where where = whereFor(responseId);
    showMessage(tr("Following the background response %1…").arg(responseId));
    m_services->resolveTarget(
        where.account, where.region, this,
        [this, responseId, where](Result<pipeline::CallTarget> target) {
            if (!target) {
                showMessage(target.error().toDisplayString());
                Q_EMIT backgroundFinished(responseId, QString());
                return;
            }
            if (m_pollers.value(responseId))
                return;
            pipeline::BackgroundPoller::Options options;
            options.firstInterval = m_pollInterval;
            auto *poller = new pipeline::BackgroundPoller(m_services->client(), responseId,
                                                          where.model, std::move(target).value(),
                                                          &m_services->routes(), options, this);
            m_pollers.insert(responseId, poller);
            connect(poller, &pipeline::BackgroundPoller::statusChanged, this,
                    [this, responseId](const QString &status) {
                        setStatus(responseId, status);
                        showMessage(tr("Background response %1: %2").arg(responseId, status));
                        Q_EMIT backgroundStatusChanged(responseId, status);
                    });
            connect(poller, &pipeline::BackgroundPoller::finished, this,
                    [this, responseId, poller] {
                        poller->deleteLater();
                        m_pollers.remove(responseId);
                        m_cancelWanted.remove(responseId);
                        QString status;
                        if (poller->error()) {
                            showMessage(poller->error()->toDisplayString());
                        } else {
                            status = poller->status();
                            setStatus(responseId, status);
                            showMessage(tr("Background response %1: %2").arg(responseId, status));
                        }
                        updateButtons();
                        Q_EMIT backgroundFinished(responseId, status);
                    });
            if (m_cancelWanted.value(responseId))
                poller->requestCancel();
            poller->start();
            updateButtons();
        });
}

void ChainView::cancelBackground(const QString &responseId)
{
    if (responseId.isEmpty())
        return;
    if (pipeline::BackgroundPoller *poller = m_pollers.value(responseId)) {
        poller->requestCancel();
        return;
    }
    m_cancelWanted.insert(responseId, true);
    followBackground(responseId);
}

} // namespace mantle::ui

#include "sessionssidebar.h"

#include "appicons.h"

#include "sessionitemdelegate.h"
#include "sessionlistmodel.h"

#include <QAction>
#include <QEvent>
#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QMenu>
#include <QMessageBox>
#include <QPushButton>
#include <QStyle>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>

namespace mantle::ui {

namespace {

/// A window-modal message that deletes itself when closed (open(), never exec()).
QMessageBox *windowModalBox(QWidget *parent, QMessageBox::Icon icon, const QString &title,
                            const QString &text)
{
    auto *box = new QMessageBox(icon, title, text, QMessageBox::NoButton, parent);
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->setWindowModality(Qt::WindowModal);
    return box;
}

} // namespace

SessionsSidebar::SessionsSidebar(QWidget *parent)
    : QWidget(parent)
    , m_model(new SessionListModel(this))
    , m_view(new QListView(this))
    , m_search(new QLineEdit(this))
    , m_searchTimer(new QTimer(this))
    , m_newButton(new QToolButton(this))
    , m_importButton(new QToolButton(this))
    , m_placeholder(new QLabel(this))
{
    setObjectName(QStringLiteral("sessionsSidebar"));
    setAccessibleName(tr("Sessions"));

    m_newSessionAction = new QAction(appIcon(AppIcon::NewSession), tr("New session"), this);
    m_newSessionAction->setObjectName(QStringLiteral("newSessionAction"));
    m_newSessionAction->setToolTip(tr("Start a new session"));
    connect(m_newSessionAction, &QAction::triggered, this, &SessionsSidebar::newSessionRequested);
    m_importAction = new QAction(appIcon(AppIcon::Import), tr("Import…"), this);
    m_importAction->setObjectName(QStringLiteral("importSessionAction"));
    m_importAction->setToolTip(tr("Import a session file"));
    connect(m_importAction, &QAction::triggered, this, &SessionsSidebar::importRequested);

    m_newButton->setObjectName(QStringLiteral("newSessionButton"));
    m_newButton->setDefaultAction(m_newSessionAction);
    m_newButton->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    m_newButton->setAccessibleName(tr("New session"));
    m_importButton->setObjectName(QStringLiteral("importSessionButton"));
    m_importButton->setDefaultAction(m_importAction);
    m_importButton->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    m_importButton->setAccessibleName(tr("Import a session"));

    m_search->setObjectName(QStringLiteral("sessionSearch"));
    m_search->setPlaceholderText(tr("Search sessions"));
    // The clear button shows only over text; it is added with the first text because building
    // it loads the style's icon images, a twentieth of the app's start-up.
    m_search->setAccessibleName(tr("Search sessions"));
    m_search->installEventFilter(this);
    m_searchTimer->setSingleShot(true);
    m_searchTimer->setInterval(kSearchDelayMs);
    connect(m_searchTimer, &QTimer::timeout, this,
            [this] { Q_EMIT searchChanged(m_search->text()); });
    connect(m_search, &QLineEdit::textChanged, this, [this](const QString &text) {
        if (!text.isEmpty()) {
            if (!m_search->isClearButtonEnabled())
                m_search->setClearButtonEnabled(true);
            m_searchTimer->start();
            return;
        }
        // Nothing to search for: every session at once, no need to wait for the window.
        m_searchTimer->stop();
        setSearchResults(std::nullopt);
        Q_EMIT searchChanged(text);
    });

    m_view->setObjectName(QStringLiteral("sessionsList"));
    m_view->setAccessibleName(tr("Sessions"));
    m_view->setModel(m_model);
    m_view->setItemDelegate(new SessionItemDelegate(m_view));
    m_view->setUniformItemSizes(true);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->setEditTriggers(QAbstractItemView::DoubleClicked | QAbstractItemView::EditKeyPressed);
    m_view->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_view->setTextElideMode(Qt::ElideRight);
    m_view->setContextMenuPolicy(Qt::CustomContextMenu);
    m_view->installEventFilter(this);
    connect(m_view, &QListView::clicked, this, &SessionsSidebar::activateIndex);
    connect(m_view, &QListView::customContextMenuRequested, this,
            &SessionsSidebar::showContextMenu);
    // Queued, so that the window may replace the list while the editor is still closing.
    connect(m_model, &SessionListModel::titleEdited, this, &SessionsSidebar::renameRequested,
            Qt::QueuedConnection);

    m_placeholder->setObjectName(QStringLiteral("sessionsPlaceholder"));
    m_placeholder->setAlignment(Qt::AlignCenter);
    m_placeholder->setWordWrap(true);
    m_placeholder->setEnabled(false);

    m_renameAction = new QAction(tr("Rename"), this);
    m_renameAction->setObjectName(QStringLiteral("renameSessionAction"));
    m_renameAction->setShortcut(QKeySequence(Qt::Key_F2));
    m_duplicateAction = new QAction(tr("Duplicate"), this);
    m_duplicateAction->setObjectName(QStringLiteral("duplicateSessionAction"));
    m_exportJsonAction = new QAction(tr("Export as JSON…"), this);
    m_exportJsonAction->setObjectName(QStringLiteral("exportSessionJsonAction"));
    m_exportMarkdownAction = new QAction(tr("Export as Markdown…"), this);
    m_exportMarkdownAction->setObjectName(QStringLiteral("exportSessionMarkdownAction"));
    m_deleteAction = new QAction(appIcon(AppIcon::Delete), tr("Delete"), this);
    m_deleteAction->setObjectName(QStringLiteral("deleteSessionAction"));
    m_deleteAction->setShortcut(QKeySequence::Delete);
    for (QAction *action : {m_renameAction, m_duplicateAction, m_exportJsonAction,
                            m_exportMarkdownAction, m_deleteAction}) {
        // The keys act while the list has the focus, never in the search field or the editor.
        action->setShortcutContext(Qt::WidgetShortcut);
        m_view->addAction(action);
    }

    connect(m_renameAction, &QAction::triggered, this, &SessionsSidebar::renameTarget);
    connect(m_duplicateAction, &QAction::triggered, this, [this] {
        const QString id = actionTarget();
        const int row = m_model->rowOf(id);
        const sessions::SessionSummary *session = m_model->sessionAt(row);
        if (session && !session->problem)
            Q_EMIT duplicateRequested(id);
    });
    const auto exportAs = [this](const QString &format) {
        const QString id = actionTarget();
        const sessions::SessionSummary *session = m_model->sessionAt(m_model->rowOf(id));
        if (session && !session->problem)
            Q_EMIT exportRequested(id, format);
    };
    connect(m_exportJsonAction, &QAction::triggered, this,
            [exportAs] { exportAs(QStringLiteral("json")); });
    connect(m_exportMarkdownAction, &QAction::triggered, this,
            [exportAs] { exportAs(QStringLiteral("markdown")); });
    connect(m_deleteAction, &QAction::triggered, this, &SessionsSidebar::deleteTarget);
    connect(m_view->selectionModel(), &QItemSelectionModel::currentChanged, this,
            &SessionsSidebar::updateActions);
    connect(m_model, &QAbstractItemModel::modelReset, this, &SessionsSidebar::updateActions);
    connect(m_model, &QAbstractItemModel::dataChanged, this, &SessionsSidebar::updateActions);

    auto *buttons = new QHBoxLayout;
    buttons->setContentsMargins(0, 0, 0, 0);
    buttons->addWidget(m_newButton);
    buttons->addStretch(1);
    buttons->addWidget(m_importButton);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(buttons);
    layout->addWidget(m_search);
    layout->addWidget(m_placeholder);
    layout->addWidget(m_view, 1);
    setFocusProxy(m_view);

    updateActions();
    updatePlaceholder();
}

SessionsSidebar::~SessionsSidebar() = default;

void SessionsSidebar::setSessions(const QList<sessions::SessionSummary> &sessions)
{
    m_model->setSessions(sessions);
    selectCurrent();
    updatePlaceholder();
}

void SessionsSidebar::setCurrentSession(const QString &id)
{
    m_currentId = id;
    selectCurrent();
}

void SessionsSidebar::setSearchResults(const std::optional<QStringList> &ids)
{
    m_model->setFilter(ids);
    selectCurrent();
    updatePlaceholder();
}

void SessionsSidebar::focusSearch()
{
    m_search->setFocus(Qt::ShortcutFocusReason);
    m_search->selectAll();
}

QString SessionsSidebar::searchText() const
{
    return m_search->text();
}

QString SessionsSidebar::actionTarget() const
{
    if (!m_menuTargetId.isEmpty())
        return m_menuTargetId;
    return m_view->currentIndex().data(SessionListModel::IdRole).toString();
}

void SessionsSidebar::updateActions()
{
    const sessions::SessionSummary *session = m_model->sessionAt(m_model->rowOf(actionTarget()));
    const bool readable = session && !session->problem;
    m_renameAction->setEnabled(readable);
    m_duplicateAction->setEnabled(readable);
    m_exportJsonAction->setEnabled(readable);
    m_exportMarkdownAction->setEnabled(readable);
    // Enabled for unreadable files too, to say why they stay.
    m_deleteAction->setEnabled(session != nullptr);
}

void SessionsSidebar::updatePlaceholder()
{
    if (m_model->rowCount() > 0) {
        m_placeholder->hide();
        return;
    }
    if (m_model->sessionCount() == 0)
        m_placeholder->setText(tr("No sessions yet."));
    else
        m_placeholder->setText(tr("No session matches “%1”.").arg(m_search->text()));
    m_placeholder->show();
}

void SessionsSidebar::activateIndex(const QModelIndex &index)
{
    const sessions::SessionSummary *session = m_model->sessionAt(index.row());
    if (!index.isValid() || !session || session->problem || session->id == m_currentId)
        return;
    m_currentId = session->id;
    Q_EMIT sessionActivated(session->id);
}

void SessionsSidebar::selectCurrent()
{
    const int row = m_model->rowOf(m_currentId);
    QItemSelectionModel *selection = m_view->selectionModel();
    if (row < 0) {
        selection->clear();
        return;
    }
    const QModelIndex index = m_model->index(row);
    selection->setCurrentIndex(index, QItemSelectionModel::ClearAndSelect);
    m_view->scrollTo(index);
}

void SessionsSidebar::showContextMenu(const QPoint &position)
{
    const QModelIndex index = m_view->indexAt(position);
    if (!index.isValid())
        return;
    m_menuTargetId = index.data(SessionListModel::IdRole).toString();
    updateActions();
    if (!m_menu)
        buildMenu();
    m_menu->popup(m_view->viewport()->mapToGlobal(position));
}

void SessionsSidebar::buildMenu()
{
    // Built on first use: a menu is a window of its own, costly to make at start-up.
    m_menu = new QMenu(this);
    m_menu->addAction(m_renameAction);
    m_menu->addAction(m_duplicateAction);
    m_menu->addSeparator();
    m_menu->addAction(m_exportJsonAction);
    m_menu->addAction(m_exportMarkdownAction);
    m_menu->addSeparator();
    m_menu->addAction(m_deleteAction);
    connect(m_menu, &QMenu::aboutToHide, this, [this] {
        // After the chosen action has run (QMenu hides before it triggers the action).
        QMetaObject::invokeMethod(
            this,
            [this] {
                m_menuTargetId.clear();
                updateActions();
            },
            Qt::QueuedConnection);
    });
}

void SessionsSidebar::renameTarget()
{
    const int row = m_model->rowOf(actionTarget());
    const sessions::SessionSummary *session = m_model->sessionAt(row);
    if (!session || session->problem)
        return;
    const QModelIndex index = m_model->index(row);
    m_view->setFocus(Qt::OtherFocusReason);
    m_view->scrollTo(index);
    m_view->edit(index);
}

void SessionsSidebar::deleteTarget()
{
    const sessions::SessionSummary *session = m_model->sessionAt(m_model->rowOf(actionTarget()));
    if (!session)
        return;
    const QString title = SessionListModel::displayTitle(*session);
    if (session->problem) {
        QMessageBox *box = windowModalBox(
            this, QMessageBox::Information, tr("Session not deleted"),
            tr("“%1” could not be read, so it is not deleted here: the file is left untouched.")
                .arg(title));
        box->setObjectName(QStringLiteral("sessionNotDeletedMessage"));
        box->setInformativeText(
            tr("The file is %1\n%2").arg(session->filePath, session->problem->toDisplayString()));
        box->setStandardButtons(QMessageBox::Ok);
        box->open();
        return;
    }
    const QString id = session->id;
    if (!m_confirmDeletes) {
        Q_EMIT deleteRequested(id);
        return;
    }
    QMessageBox *box = windowModalBox(this, QMessageBox::Question, tr("Delete session"),
                                      tr("Delete “%1”?").arg(title));
    box->setObjectName(QStringLiteral("deleteSessionConfirmation"));
    box->setInformativeText(tr("Its file is removed from disk. This cannot be undone."));
    QPushButton *remove = box->addButton(tr("Delete"), QMessageBox::DestructiveRole);
    remove->setObjectName(QStringLiteral("confirmDeleteButton"));
    box->addButton(QMessageBox::Cancel);
    box->setDefaultButton(QMessageBox::Cancel);
    connect(box, &QMessageBox::finished, this, [this, box, remove, id] {
        if (box->clickedButton() == remove)
            Q_EMIT deleteRequested(id);
    });
    box->open();
}

bool SessionsSidebar::eventFilter(QObject *watched, QEvent *event)
{
    if (event->type() != QEvent::KeyPress)
        return QWidget::eventFilter(watched, event);
    const auto *key = static_cast<QKeyEvent *>(event);
    if (watched == m_view && (key->key() == Qt::Key_Return || key->key() == Qt::Key_Enter)
        && !m_view->indexWidget(m_view->currentIndex())) { // not while the title editor is open
        activateIndex(m_view->currentIndex());
        return true;
    }
    if (watched == m_search) {
        if (key->key() == Qt::Key_Escape && !m_search->text().isEmpty()) {
            m_search->clear();
            return true;
        }
        if (key->key() == Qt::Key_Down && m_model->rowCount() > 0) {
            m_view->setFocus(Qt::OtherFocusReason);
            if (!m_view->currentIndex().isValid())
                m_view->setCurrentIndex(m_model->index(0));
            return true;
        }
    }
    return QWidget::eventFilter(watched, event);
}

} // namespace mantle::ui

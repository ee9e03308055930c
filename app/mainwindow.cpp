#include "mainwindow.h"

#include "aboutdialog.h"
#include "accountsdialog.h"
#include "appicons.h"
#include "appoptions.h"
#include "appresources.h"
#include "codeexportdialog.h"
#include "common/clock.h"
#include "comparewindow.h"
#include "conversationview.h"
#include "export/snippetgenerator.h"
#include "inspectorview.h"
#include "mantle/modelinfo.h"
#include "mantle/regions.h"
#include "modelsview.h"
#include "playgroundpage.h"
#include "preferencesdialog.h"
#include "sessionssidebar.h"
#include "shortcutsdialog.h"

#include <QAction>
#include <QActionGroup>
#include <QApplication>
#include <QClipboard>
#include <QCloseEvent>
#include <QComboBox>
#include <QDateTime>
#include <QDockWidget>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QIcon>
#include <QLabel>
#include <QLocale>
#include <QMenuBar>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QProcess>
#include <QScreen>
#include <QSettings>
#include <QStatusBar>
#include <QStyle>
#include <QTabWidget>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>

#include <algorithm>
#include <iterator>
#include <limits>

namespace mantle::ui {

namespace {

// QSettings keys (organisation and application "Mantle Playground", set in main()).
const auto kGeometryKey = QStringLiteral("mainWindow/geometry");
const auto kStateKey = QStringLiteral("mainWindow/state");
const auto kSurfaceKey = QStringLiteral("mainWindow/surface");
// Accounts live under this group (issue #5); none there means the demo account opens.
const auto kAccountsGroup = QStringLiteral("accounts");

constexpr mantle::ApiSurface kSurfaces[]
    = {mantle::ApiSurface::ChatCompletions, mantle::ApiSurface::Responses,
       mantle::ApiSurface::Messages};

QString splitterKey(mantle::ApiSurface surface)
{
    return QStringLiteral("mainWindow/splitter_%1").arg(mantle::apiSurfaceName(surface));
}

QString surfacesText(const mantle::ApiSurfaceSet &surfaces)
{
    QStringList names;
    for (const mantle::ApiSurface surface : kSurfaces) {
        if (surfaces.contains(surface))
            names << mantle::apiSurfaceDisplayName(surface);
    }
    return names.join(QStringLiteral(", "));
}

} // namespace

MainWindow::MainWindow(QSettings &settings, QWidget *parent)
    : MainWindow(settings, PlaygroundServices::Locations{}, parent)
{ }

MainWindow::MainWindow(QSettings &settings, const PlaygroundServices::Locations &locations,
                       QWidget *parent)
    : QMainWindow(parent)
    , m_settings(settings)
    , m_services(std::make_unique<PlaygroundServices>(settings, locations))
{
    initAppResources();
    setObjectName(QStringLiteral("mainWindow"));
    setWindowTitle(tr("Mantle Playground"));
    setWindowIcon(appIcon(AppIcon::Application));
    setDockOptions(QMainWindow::AnimatedDocks | QMainWindow::AllowTabbedDocks);
    createPickers();
    createPages();
    createDocks();
    createMenus();
    showMessage(tr("Ready"));
    restoreWindowSettings();
    reloadAccounts();
    reloadSessions();
}

MainWindow::~MainWindow()
{
    // The pages save their sessions through the services: delete them while those still live.
    for (PlaygroundPage *page : std::as_const(m_pages))
        delete page; // null for tabs never shown
    m_pages.clear();
}

void MainWindow::createPickers()
{
    // A plain row, not a QToolBar: a tool bar's extension button alone costs a tenth of the
    // start-up (its icon set is loaded at once), and the pickers never need to fold away.
    auto *bar = new QWidget(this);
    bar->setObjectName(QStringLiteral("targetBar"));
    auto *row = new QHBoxLayout(bar);
    row->setContentsMargins(6, 4, 6, 2);
    row->setSpacing(2);
    m_targetBar = bar;

    m_account = new QComboBox(bar);
    m_account->setObjectName(QStringLiteral("accountCombo"));
    m_account->setAccessibleName(tr("Account"));
    // The pickers shrink with the window (down to a few characters each), never holding it
    // wide: long names are elided, and the lists open as wide as their entries.
    const int characterWidth = fontMetrics().averageCharWidth();
    m_account->setMinimumWidth(characterWidth * 10);
    m_region = new QComboBox(bar);
    m_region->setObjectName(QStringLiteral("regionCombo"));
    m_region->setAccessibleName(tr("Region"));
    m_region->setMinimumWidth(characterWidth * 12); // sized to its entries when first shown
    for (const mantle::Region &region : mantle::mantleRegions())
        m_region->addItem(tr("%1 (%2)").arg(region.displayName, region.code), region.code);
    m_model = new QComboBox(bar);
    m_model->setObjectName(QStringLiteral("modelCombo"));
    m_model->setAccessibleName(tr("Model"));
    m_model->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_model->setMinimumWidth(characterWidth * 18);
    m_refreshModels = new QToolButton(bar);
    m_refreshModels->setObjectName(QStringLiteral("refreshModelsButton"));
    m_refreshModels->setIcon(appIcon(AppIcon::Refresh));
    m_refreshModels->setToolTip(tr("Ask the region again for its models"));
    m_refreshModels->setAccessibleName(tr("Refresh models"));
    m_demoBadge = new QLabel(tr("Demo: offline, answered by the built-in emulator"), this);
    m_demoBadge->setObjectName(QStringLiteral("demoBanner"));
    m_demoBadge->setToolTip(tr("The “%1” account answers from the Mantle emulator built into "
                               "the app: no AWS account, no network, no cost. Add your own "
                               "account with File > Accounts….")
                                .arg(PlaygroundServices::demoAccountName()));
    m_demoBadge->setForegroundRole(QPalette::Highlight);
    m_demoBadge->setContentsMargins(8, 0, 4, 0);

    auto addLabelled = [bar, row](const QString &text, QWidget *field) {
        auto *label = new QLabel(text, bar);
        label->setBuddy(field);
        label->setContentsMargins(6, 0, 2, 0);
        row->addWidget(label);
        row->addWidget(field);
    };
    addLabelled(tr("&Account:"), m_account);
    addLabelled(tr("&Region:"), m_region);
    addLabelled(tr("M&odel:"), m_model);
    row->addWidget(m_refreshModels);
    row->addStretch(1);
    statusBar()->addPermanentWidget(m_demoBadge);
    m_demoBadge->setVisible(false);
    // While the current account sends its requests with a short-term API key (issue #11).
    m_keyBadge = new QLabel(this);
    m_keyBadge->setObjectName(QStringLiteral("shortTermKeyBadge"));
    m_keyBadge->setForegroundRole(QPalette::Highlight);
    m_keyBadge->setContentsMargins(8, 0, 4, 0);
    statusBar()->addPermanentWidget(m_keyBadge);
    m_keyBadge->setVisible(false);
    m_keyBadgeExpiry = new QTimer(this);
    m_keyBadgeExpiry->setSingleShot(true);
    connect(m_keyBadgeExpiry, &QTimer::timeout, this, &MainWindow::updateKeyBadge);
    connect(m_services.get(), &PlaygroundServices::shortTermKeysChanged, this,
            &MainWindow::updateKeyBadge);

    connect(m_account, &QComboBox::currentIndexChanged, this, &MainWindow::accountChanged);
    connect(m_region, &QComboBox::currentIndexChanged, this, &MainWindow::regionChanged);
    connect(m_model, &QComboBox::currentIndexChanged, this, &MainWindow::modelChanged);
    connect(m_refreshModels, &QToolButton::clicked, this, &MainWindow::loadModels);
}

void MainWindow::createPages()
{
    m_tabs = new QTabWidget(this);
    m_tabs->setObjectName(QStringLiteral("mainTabs"));
    m_tabs->setDocumentMode(true);
    // Each tab holds a container; its page is built the first time the tab is shown (or a
    // session of its API is opened), so that start-up builds one page, not three.
    for (const mantle::ApiSurface surface : kSurfaces) {
        auto *container = new QWidget(m_tabs);
        container->setObjectName(QStringLiteral("tab_%1").arg(mantle::apiSurfaceName(surface)));
        auto *layout = new QVBoxLayout(container);
        layout->setContentsMargins(0, 0, 0, 0);
        m_tabs->addTab(container, mantle::apiSurfaceDisplayName(surface));
        m_pages.append(nullptr);
    }
    // The pickers above the tabs: they choose where every page sends.
    auto *central = new QWidget(this);
    central->setObjectName(QStringLiteral("centralArea"));
    auto *layout = new QVBoxLayout(central);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addWidget(m_targetBar);
    layout->addWidget(m_tabs, 1);
    setCentralWidget(central);
    connect(m_tabs, &QTabWidget::currentChanged, this, &MainWindow::currentPageChanged);
}

PlaygroundPage *MainWindow::ensurePage(int index)
{
    if (index < 0 || index >= m_pages.size())
        return nullptr;
    if (m_pages.at(index))
        return m_pages.at(index);
    QWidget *container = m_tabs->widget(index);
    auto *page = new PlaygroundPage(kSurfaces[index], *m_services, container);
    container->layout()->addWidget(page);
    m_pages[index] = page;
    page->restoreLayout(m_settings.value(splitterKey(page->surface())).toByteArray());
    connect(page, &PlaygroundPage::statusChanged, this, [this, page] {
        if (page == currentPage())
            showPageStatus();
    });
    connect(page, &PlaygroundPage::sessionSaved, this,
            [this, page](const QString &id) { onSessionSaved(page, id); });
    connect(page, &PlaygroundPage::selectedRecordChanged, this, [this, page] {
        if (page == currentPage())
            updateInspector();
    });
    connect(page, &PlaygroundPage::continueFromRequested, this,
            [this](const QString &session, const QString &entry) {
                branchFrom(session, entry, false);
            });
    connect(
        page, &PlaygroundPage::forkRequested, this,
        [this](const QString &session, const QString &entry) { branchFrom(session, entry, true); });
    connect(page, &PlaygroundPage::busyChanged, this, [this, page](bool busy) {
        if (page == currentPage()) {
            m_account->setEnabled(!busy);
            m_region->setEnabled(!busy);
            m_model->setEnabled(!busy);
        }
    });
    return page;
}

void MainWindow::showPage(mantle::ApiSurface surface)
{
    for (int i = 0; i < int(std::size(kSurfaces)); ++i) {
        if (kSurfaces[i] == surface)
            m_tabs->setCurrentIndex(i);
    }
}

void MainWindow::createDocks()
{
    m_sidebar = new SessionsSidebar(this);
    m_sidebar->setObjectName(QStringLiteral("sessionsSidebar"));
    m_sidebarDock = new QDockWidget(tr("Sessions"), this);
    m_sidebarDock->setObjectName(QStringLiteral("sessionsDock"));
    m_sidebarDock->setWidget(m_sidebar);
    addDockWidget(Qt::LeftDockWidgetArea, m_sidebarDock);

    m_inspector = new InspectorView(this);
    m_inspector->setObjectName(QStringLiteral("inspectorView"));
    m_inspectorDock = new QDockWidget(tr("Request Inspector"), this);
    m_inspectorDock->setObjectName(QStringLiteral("inspectorDock"));
    // The inspector scrolls: it must not make the window taller than a small screen.
    m_inspector->setMinimumSize(160, 96);
    m_inspectorDock->setWidget(m_inspector);
    addDockWidget(Qt::BottomDockWidgetArea, m_inspectorDock);
    m_inspector->showNothing(tr("Select an answer to see the request that was sent."));

    connect(m_inspector, &InspectorView::copyAsCurlRequested, this, &MainWindow::copyRequestAsCurl);
    connect(m_inspector, &InspectorView::exportRequested, this, [this] {
        if (const auto spec = selectedAnswerSpec())
            showCodeExport(*spec);
        else
            showMessage(tr("Select an answer to export its request."));
    });
    connect(m_sidebar, &SessionsSidebar::sessionActivated, this, &MainWindow::openSession);
    connect(m_sidebar, &SessionsSidebar::newSessionRequested, this, &MainWindow::newSession);
    connect(m_sidebar, &SessionsSidebar::searchChanged, this, &MainWindow::searchSessions);
    connect(m_sidebar, &SessionsSidebar::renameRequested, this, &MainWindow::renameSession);
    connect(m_sidebar, &SessionsSidebar::duplicateRequested, this, &MainWindow::duplicateSession);
    connect(m_sidebar, &SessionsSidebar::deleteRequested, this, &MainWindow::deleteSession);
    connect(m_sidebar, &SessionsSidebar::exportRequested, this, &MainWindow::exportSession);
    connect(m_sidebar, &SessionsSidebar::importRequested, this, &MainWindow::importSession);
}

void MainWindow::applyStartupOptions(const AppOptions &options)
{
    if (options.demo || !hasAccounts()) {
        if (startDemo())
            showMessage(tr("Demo mode: the “%1” account answers from the emulator built into "
                           "the app.")
                            .arg(PlaygroundServices::demoAccountName()));
    }
    if (!options.sessionFile.isEmpty())
        openSessionFile(options.sessionFile);
}

bool MainWindow::hasAccounts() const
{
    return m_settings.childGroups().contains(kAccountsGroup);
}

bool MainWindow::startDemo()
{
    if (const Status started = m_services->startDemo(); !started) {
        showMessage(started.error().toDisplayString());
        return false;
    }
    reloadAccounts(PlaygroundServices::demoAccountName());
    return true;
}

PlaygroundPage *MainWindow::page(mantle::ApiSurface surface)
{
    for (int i = 0; i < int(std::size(kSurfaces)); ++i) {
        if (kSurfaces[i] == surface)
            return ensurePage(i);
    }
    return nullptr;
}

PlaygroundPage *MainWindow::currentPage() const
{
    const int index = m_tabs->currentIndex();
    return index >= 0 && index < m_pages.size() ? m_pages.at(index) : nullptr;
}

QStringList MainWindow::offeredModels() const
{
    QStringList ids;
    for (int i = 0; i < m_model->count(); ++i)
        ids << m_model->itemData(i).toString();
    return ids;
}

// Pickers ----------------------------------------------------------------------------------------

void MainWindow::reloadAccounts(const QString &select)
{
    const QString previous = select.isEmpty() ? m_account->currentData().toString() : select;
    {
        const QSignalBlocker blocker(m_account);
        m_account->clear();
        for (const QString &name : m_services->accountNames())
            m_account->addItem(name, name);
        int index = m_account->findData(previous);
        if (index < 0 && currentPage())
            index = m_account->findData(currentPage()->session().account);
        m_account->setCurrentIndex(index >= 0 ? index : 0);
    }
    if (m_account->count() == 0)
        m_account->setPlaceholderText(tr("No account: File > Accounts…"));
    accountChanged();
}

void MainWindow::accountChanged()
{
    const QString account = m_account->currentData().toString();
    m_demoBadge->setVisible(PlaygroundServices::isDemo(account));
    if (m_demoFaults)
        m_demoFaults->setEnabled(PlaygroundServices::isDemo(account));
    if (!account.isEmpty() && !m_switchingPage) {
        const QSignalBlocker blocker(m_region);
        const int index = m_region->findData(m_services->defaultRegion(account));
        if (index >= 0)
            m_region->setCurrentIndex(index);
    }
    updateKeyBadge();
    loadModels();
}

void MainWindow::regionChanged()
{
    updateKeyBadge();
    loadModels();
}

void MainWindow::updateKeyBadge()
{
    const QString account = m_account->currentData().toString();
    const QString region = m_region->currentData().toString();
    const QDateTime expiry = m_services->shortTermKeyExpiry(account);
    const bool inUse = expiry.isValid() && m_services->shortTermKeyRegion(account) == region;
    m_keyBadge->setVisible(inUse);
    m_keyBadgeExpiry->stop();
    if (!inUse)
        return;
    const QString until = QLocale().toString(expiry.toLocalTime().time(), QLocale::ShortFormat);
    m_keyBadge->setText(tr("Short-term API key until %1").arg(until));
    m_keyBadge->setToolTip(tr("The requests of “%1” in %2 go with a short-term Bedrock API key "
                              "(Bearer) instead of a SigV4 signature until %3, then with SigV4 "
                              "again. File > Accounts… > Short-term API key… stops it.")
                               .arg(account, region, until));
    // Hide it when the key expires (a second late, so that the key is past its expiry then).
    const qint64 left = m_services->clock().nowUtc().msecsTo(expiry) + 1000;
    m_keyBadgeExpiry->start(int(std::clamp<qint64>(left, 0, std::numeric_limits<int>::max())));
}

void MainWindow::loadModels()
{
    const quint64 generation = ++m_modelsGeneration;
    const QString account = m_account->currentData().toString();
    const QString region = m_region->currentData().toString();
    if (account.isEmpty()) {
        m_modelEntries.clear();
        fillModels();
        return;
    }
    m_refreshModels->setEnabled(false);
    showMessage(tr("Asking %1 for its models…").arg(region));
    m_services->loadModels(
        account, region, this,
        [this, generation](QList<mantle::ModelListEntry> entries, const QString &problem) {
            if (generation != m_modelsGeneration)
                return;
            m_refreshModels->setEnabled(true);
            m_modelEntries = std::move(entries);
            fillModels();
            showMessage(problem.isEmpty()
                            ? tr("%n model(s) for this surface.", nullptr, int(m_model->count()))
                            : tr("The live model list could not be fetched, so "
                                 "the catalogue's models show: %1")
                                  .arg(problem));
            Q_EMIT modelsLoaded();
        });
}

void MainWindow::fillModels()
{
    PlaygroundPage *page = currentPage();
    const mantle::ApiSurface surface = page ? page->surface() : mantle::ApiSurface::ChatCompletions;
    QString wanted = m_model->currentData().toString();
    if (page && !page->session().model.isEmpty())
        wanted = page->session().model;
    {
        const QSignalBlocker blocker(m_model);
        m_model->clear();
        for (const mantle::ModelListEntry &entry : std::as_const(m_modelEntries)) {
            if (!entry.model.surfaces.contains(surface))
                continue;
            const QString name
                = entry.model.displayName.isEmpty() ? entry.model.id : entry.model.displayName;
            m_model->addItem(tr("%1 — %2").arg(name, surfacesText(entry.model.surfaces)),
                             entry.model.id);
            m_model->setItemData(
                m_model->count() - 1,
                tr("%1\nSurfaces: %2").arg(entry.model.id, surfacesText(entry.model.surfaces)),
                Qt::ToolTipRole);
        }
        const int index = m_model->findData(wanted);
        m_model->setCurrentIndex(index >= 0 ? index : (m_model->count() > 0 ? 0 : -1));
    }
    if (m_model->count() == 0)
        m_model->setPlaceholderText(
            tr("No model of this account serves %1").arg(mantle::apiSurfaceDisplayName(surface)));
    modelChanged();
}

void MainWindow::modelChanged()
{
    applyTargetTo(currentPage());
}

void MainWindow::applyTargetTo(PlaygroundPage *page)
{
    if (!page || m_switchingPage)
        return;
    const QString model = m_model->currentData().toString();
    std::optional<mantle::ModelPrices> prices;
    for (const mantle::ModelListEntry &entry : std::as_const(m_modelEntries)) {
        if (entry.model.id == model) {
            prices = entry.model.prices;
            break;
        }
    }
    page->setTarget(m_account->currentData().toString(), m_region->currentData().toString(), model,
                    prices, mantle::isReasoningModel(model));
}

void MainWindow::currentPageChanged()
{
    PlaygroundPage *page = ensurePage(m_tabs->currentIndex());
    if (page && page->session().model.isEmpty() && page->session().entries.isEmpty())
        applyTargetTo(page); // a page built just now takes the pickers' choice
    if (!page)
        return;
    m_settings.setValue(kSurfaceKey, mantle::apiSurfaceName(page->surface()));
    const sessions::Session &session = page->session();
    // Show where this page's session goes; a page that has none yet takes the pickers' choice.
    if (!session.account.isEmpty() && m_account->findData(session.account) >= 0
        && session.account != m_account->currentData().toString()) {
        m_switchingPage = true;
        m_account->setCurrentIndex(m_account->findData(session.account));
        m_switchingPage = false;
    }
    if (!session.region.isEmpty() && m_region->findData(session.region) >= 0
        && session.region != m_region->currentData().toString()) {
        const QSignalBlocker blocker(m_region);
        m_region->setCurrentIndex(m_region->findData(session.region));
        loadModels();
    } else {
        fillModels();
    }
    const bool busy = page->isBusy();
    m_account->setEnabled(!busy);
    m_region->setEnabled(!busy);
    m_model->setEnabled(!busy);
    m_sidebar->setCurrentSession(session.id);
    showPageStatus();
    updateInspector();
}

void MainWindow::showPageStatus()
{
    if (PlaygroundPage *page = currentPage(); page && !page->statusText().isEmpty())
        showMessage(page->statusText());
}

void MainWindow::updateInspector()
{
    PlaygroundPage *page = currentPage();
    const std::optional<pipeline::RequestRecord> record
        = page ? page->selectedRecord() : std::nullopt;
    if (!record) {
        m_inspector->showNothing(tr("Select an answer to see the request that was sent."));
        return;
    }
    if (page->isBusy() && page->conversation()->currentRow() == page->session().entries.size() - 1)
        m_inspector->showPending(*record);
    else
        m_inspector->showRecord(*record);
}

void MainWindow::showMessage(const QString &text)
{
    statusBar()->showMessage(text);
}

// Sessions ---------------------------------------------------------------------------------------

void MainWindow::reloadSessions()
{
    m_summaries = m_services->sessions().list();
    m_sidebar->setSessions(m_summaries);
    if (PlaygroundPage *page = currentPage())
        m_sidebar->setCurrentSession(page->session().id);
}

void MainWindow::onSessionSaved(PlaygroundPage *page, const QString &id)
{
    // The list is kept up to date from the session itself: no file is read again.
    const sessions::Session &session = page->session();
    sessions::SessionSummary summary;
    summary.id = id;
    summary.title = session.title;
    summary.updatedAt = session.updatedAt;
    summary.surface = session.surface;
    summary.model = session.model;
    summary.entryCount = int(session.entries.size());
    summary.filePath = m_services->sessions().filePath(id);
    for (qsizetype i = 0; i < m_summaries.size(); ++i) {
        if (m_summaries.at(i).id == id) {
            m_summaries.removeAt(i);
            break;
        }
    }
    m_summaries.prepend(summary);
    m_sidebar->setSessions(m_summaries);
    if (page == currentPage())
        m_sidebar->setCurrentSession(id);
}

bool MainWindow::openSession(const QString &id)
{
    Result<sessions::Session> loaded = m_services->sessions().load(id);
    if (!loaded) {
        showMessage(loaded.error().toDisplayString());
        return false;
    }
    PlaygroundPage *target = page(loaded->surface);
    if (!target) {
        showMessage(tr("This session uses an API the playground does not show."));
        return false;
    }
    if (!target->openSession(std::move(loaded).value())) {
        showMessage(tr("Stop the answer that is streaming before opening another session."));
        return false;
    }
    showPage(target->surface());
    currentPageChanged();
    return true;
}

bool MainWindow::openSessionFile(const QString &path)
{
    Result<sessions::Session> loaded = sessions::SessionStore::isMarkdownPath(path)
        ? sessions::SessionStore::loadMarkdownFile(path)
        : sessions::SessionStore::loadFile(path);
    if (!loaded) {
        showMessage(
            tr("Cannot open the session “%1”: %2").arg(path, loaded.error().toDisplayString()));
        return false;
    }
    PlaygroundPage *target = page(loaded->surface);
    if (!target || !target->openSession(std::move(loaded).value())) {
        showMessage(tr("Cannot open the session “%1” now.").arg(path));
        return false;
    }
    showPage(target->surface());
    currentPageChanged();
    showMessage(tr("Opened the session “%1”; changes are saved in the app's sessions.").arg(path));
    return true;
}

void MainWindow::newSession()
{
    PlaygroundPage *page = currentPage();
    if (!page)
        return;
    if (page->isBusy()) {
        showMessage(tr("Stop the answer that is streaming before starting a new session."));
        return;
    }
    page->newSession();
    applyTargetTo(page);
    m_sidebar->setCurrentSession(QString());
    page->promptEdit()->setFocus();
    showMessage(tr("New session."));
}

void MainWindow::importSession()
{
    const QString path
        = QFileDialog::getOpenFileName(this, tr("Import Session"), QString(),
                                       tr("Sessions (*.json *.md *.markdown);;Session files "
                                          "(*.json);;Markdown (*.md *.markdown)"));
    if (path.isEmpty())
        return;
    Result<sessions::Session> imported = m_services->sessions().importFile(path);
    if (!imported) {
        showMessage(
            tr("The session could not be imported: %1").arg(imported.error().toDisplayString()));
        return;
    }
    reloadSessions();
    openSession(imported->id);
}

void MainWindow::exportSession(const QString &id, const QString &format)
{
    Result<sessions::Session> loaded = m_services->sessions().load(id);
    if (!loaded) {
        showMessage(loaded.error().toDisplayString());
        return;
    }
    const bool markdown = format == QLatin1String("markdown");
    const QString suggested = loaded->title.isEmpty() ? id : loaded->title;
    const QString path = QFileDialog::getSaveFileName(
        this, tr("Export Session"),
        suggested + (markdown ? QStringLiteral(".md") : QStringLiteral(".json")),
        markdown ? tr("Markdown (*.md)") : tr("Session files (*.json)"));
    if (path.isEmpty())
        return;
    const Status written = markdown ? sessions::SessionStore::exportMarkdown(*loaded, path)
                                    : sessions::SessionStore::exportJson(*loaded, path);
    showMessage(
        written
            ? tr("Exported to %1.").arg(path)
            : tr("The session could not be exported: %1").arg(written.error().toDisplayString()));
}

void MainWindow::deleteSession(const QString &id)
{
    for (PlaygroundPage *open : std::as_const(m_pages)) {
        if (open && open->session().id == id) {
            if (open->isBusy()) {
                showMessage(tr("Stop the answer that is streaming before deleting its session."));
                return;
            }
            open->newSession();
            applyTargetTo(open);
        }
    }
    const Status removed = m_services->sessions().remove(id);
    if (!removed)
        showMessage(removed.error().toDisplayString());
    reloadSessions();
}

void MainWindow::renameSession(const QString &id, const QString &title)
{
    for (PlaygroundPage *open : std::as_const(m_pages)) {
        if (open && open->session().id == id) {
            // The open copy is the newest: rename it and save it.
            sessions::Session session = open->session();
            session.title = title;
            if (!open->isBusy())
                open->openSession(session);
            open->saveNow();
            return;
        }
    }
    const Status renamed = m_services->sessions().rename(id, title);
    if (!renamed)
        showMessage(renamed.error().toDisplayString());
    reloadSessions();
}

void MainWindow::duplicateSession(const QString &id)
{
    for (PlaygroundPage *open : std::as_const(m_pages)) {
        if (open && open->session().id == id)
            open->saveNow();
    }
    Result<sessions::Session> copy = m_services->sessions().duplicate(id);
    if (!copy) {
        showMessage(copy.error().toDisplayString());
        return;
    }
    reloadSessions();
    openSession(copy->id);
}

void MainWindow::branchFrom(const QString &sessionId, const QString &entryId, bool fork)
{
    for (PlaygroundPage *open : std::as_const(m_pages)) {
        if (open && open->session().id == sessionId)
            open->saveNow();
    }
    Result<sessions::Session> loaded = m_services->sessions().load(sessionId);
    if (!loaded) {
        showMessage(loaded.error().toDisplayString());
        return;
    }
    int row = -1;
    for (int i = 0; i < loaded->entries.size(); ++i) {
        if (loaded->entries.at(i).id == entryId)
            row = i;
    }
    if (row < 0) {
        showMessage(tr("That answer is no longer in its session."));
        return;
    }
    // Continuing from the session's last entry is that session; from an earlier answer (or on
    // request) it is a new branch, so the session's later turns are kept as they were.
    if (!fork && row == loaded->entries.size() - 1) {
        if (openSession(sessionId))
            showMessage(tr("Continuing “%1”.").arg(loaded->title));
        return;
    }
    const sessions::Session branch = loaded->forkAt(row);
    if (const Status saved = m_services->sessions().save(branch); !saved) {
        showMessage(saved.error().toDisplayString());
        return;
    }
    reloadSessions();
    if (openSession(branch.id))
        showMessage(tr("Forked “%1” after that answer: the new session goes on from there.")
                        .arg(loaded->title));
}

void MainWindow::searchSessions(const QString &text)
{
    if (text.trimmed().isEmpty()) {
        m_sidebar->setSearchResults(std::nullopt);
        return;
    }
    m_sidebar->setSearchResults(m_services->sessions().search(text.trimmed()));
}

// Code export ------------------------------------------------------------------------------------

std::optional<api::RequestSpec> MainWindow::selectedAnswerSpec() const
{
    const PlaygroundPage *page = currentPage();
    if (!page)
        return std::nullopt;
    return page->session().sentRequestSpec(page->conversation()->currentRow());
}

void MainWindow::exportAsCode()
{
    PlaygroundPage *page = currentPage();
    if (!page)
        return;
    std::optional<api::RequestSpec> spec = selectedAnswerSpec();
    const sessions::Session &session = page->session();
    for (int row = int(session.entries.size()) - 1; !spec && row >= 0; --row)
        spec = session.sentRequestSpec(row);
    if (!spec) {
        // Nothing answered yet: the request Send would send now, the prompt box included.
        spec = session.requestSpec();
        if (const QString prompt = page->promptEdit()->toPlainText().trimmed(); !prompt.isEmpty()) {
            api::ConversationMessage message;
            message.role = api::MessageRole::User;
            message.text = prompt;
            spec->messages.append(message);
        }
    }
    showCodeExport(*spec);
}

void MainWindow::showCodeExport(const api::RequestSpec &spec)
{
    const auto target = m_services->exportTarget(spec);
    if (!target) {
        showMessage(tr("The request cannot be exported: %1").arg(target.error().toDisplayString()));
        return;
    }
    // One dialog at a time: a new export replaces the one open.
    if (m_codeExportDialog)
        m_codeExportDialog->close();
    m_codeExportDialog = new CodeExportDialog(spec, *target, m_settings, this);
    m_codeExportDialog->setAttribute(Qt::WA_DeleteOnClose);
    m_codeExportDialog->show();
    m_codeExportDialog->raise();
    m_codeExportDialog->activateWindow();
}

CodeExportDialog *MainWindow::codeExportDialog() const
{
    return m_codeExportDialog;
}

void MainWindow::copyRequestAsCurl()
{
    const std::optional<api::RequestSpec> spec = selectedAnswerSpec();
    if (!spec) {
        showMessage(tr("Select an answer to copy its request."));
        return;
    }
    const auto target = m_services->exportTarget(*spec);
    if (!target) {
        showMessage(tr("The request cannot be exported: %1").arg(target.error().toDisplayString()));
        return;
    }
    const bool sigV4 = m_services->signsWithSigV4(spec->account);
    const auto script = codeexport::generate(sigV4 ? codeexport::SnippetLanguage::CurlSigV4
                                                   : codeexport::SnippetLanguage::Curl,
                                             *spec, *target);
    if (!script) {
        showMessage(tr("The request cannot be exported: %1").arg(script.error().toDisplayString()));
        return;
    }
    QGuiApplication::clipboard()->setText(*script);
    showMessage(sigV4 ? tr("Copied the request as curl (signed with SigV4 from "
                           "$AWS_ACCESS_KEY_ID and $AWS_SECRET_ACCESS_KEY)")
                      : tr("Copied the request as curl (the key is read from "
                           "$AWS_BEARER_TOKEN_BEDROCK)"));
}

// Dialogs and window -----------------------------------------------------------------------------

void MainWindow::showPreferencesDialog()
{
    if (!m_preferencesDialog) {
        m_preferencesDialog = new PreferencesDialog(m_settings, this);
        m_preferencesDialog->setAttribute(Qt::WA_DeleteOnClose);
        connect(m_preferencesDialog, &QDialog::accepted, this, [this] {
            if (!m_preferencesDialog || !m_preferencesDialog->languageChanged())
                return;
            auto *ask = new QMessageBox(
                QMessageBox::Question, tr("Restart Mantle Playground?"),
                tr("The new language is used from the next start. Restart now? Your sessions "
                   "are saved first."),
                QMessageBox::NoButton, this);
            ask->setObjectName(QStringLiteral("restartQuestion"));
            ask->addButton(tr("&Restart Now"), QMessageBox::AcceptRole);
            ask->addButton(tr("&Later"), QMessageBox::RejectRole);
            ask->setAttribute(Qt::WA_DeleteOnClose);
            connect(ask, &QMessageBox::accepted, this, &MainWindow::restart);
            ask->open();
        });
    }
    m_preferencesDialog->open();
    m_preferencesDialog->raise();
    m_preferencesDialog->activateWindow();
}

void MainWindow::restart()
{
    // The window saves its sessions and layout as it closes; the new process starts after that.
    if (!close())
        return;
    QStringList arguments = QCoreApplication::arguments().mid(1);
    // A --language of this run would override the new choice.
    for (qsizetype i = 0; i < arguments.size(); ++i) {
        if (arguments.at(i) == QLatin1String("--language") && i + 1 < arguments.size()) {
            arguments.remove(i, 2);
            break;
        }
    }
    QProcess::startDetached(QCoreApplication::applicationFilePath(), arguments);
    QCoreApplication::quit();
}

void MainWindow::showAboutDialog()
{
    // Window-modal and deleted on close: no nested event loop, one dialog at a time.
    if (!m_aboutDialog) {
        m_aboutDialog = new AboutDialog(this);
        m_aboutDialog->setAttribute(Qt::WA_DeleteOnClose);
    }
    m_aboutDialog->open();
    m_aboutDialog->raise();
    m_aboutDialog->activateWindow();
}

AccountsDialog *MainWindow::accountsDialog() const
{
    return m_accountsDialog;
}

void MainWindow::showAccountsDialog()
{
    if (!m_accountsDialog) {
        m_accountsDialog = new AccountsDialog(m_settings, this);
        m_accountsDialog->setAttribute(Qt::WA_DeleteOnClose);
        // Short-term Bedrock API keys (issue #11 item 5, tokens)
        m_accountsDialog->setPlaygroundServices(m_services.get());
        // Accounts may have been added, renamed or removed.
        connect(m_accountsDialog, &QDialog::finished, this, [this] { reloadAccounts(); });
    }
    m_accountsDialog->open();
    m_accountsDialog->raise();
    m_accountsDialog->activateWindow();
}

ModelsView *MainWindow::modelsView() const
{
    return m_modelsView;
}

void MainWindow::showModelsView()
{
    if (!m_modelsView) {
        m_modelsView = new ModelsView(m_settings, this);
        m_modelsView->setAttribute(Qt::WA_DeleteOnClose);
        // Custom models and the picker's choice may have changed.
        connect(m_modelsView, &QDialog::finished, this, &MainWindow::loadModels);
    } else {
        m_modelsView->reloadAccounts();
    }
    m_modelsView->show();
    m_modelsView->raise();
    m_modelsView->activateWindow();
}

void MainWindow::showShortcutsDialog()
{
    QList<QAction *> actions;
    const auto all = findChildren<QAction *>();
    for (QAction *action : all) {
        if (!action->shortcut().isEmpty() && !action->text().isEmpty())
            actions.append(action);
    }
    auto *dialog = new ShortcutsDialog(actions, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->open();
}

void MainWindow::setFullScreen(bool fullScreen)
{
    if (fullScreen)
        setWindowState(windowState() | Qt::WindowFullScreen);
    else
        setWindowState(windowState() & ~Qt::WindowFullScreen);
}

void MainWindow::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::WindowStateChange && m_fullScreenAction)
        m_fullScreenAction->setChecked(isFullScreen());
    QMainWindow::changeEvent(event);
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    for (PlaygroundPage *open : std::as_const(m_pages)) {
        if (open)
            open->saveNow();
    }
    saveWindowSettings();
    QMainWindow::closeEvent(event);
}

void MainWindow::createMenus()
{
    QMenu *fileMenu = menuBar()->addMenu(tr("&File"));
    fileMenu->setObjectName(QStringLiteral("menuFile"));
    QAction *newSession = fileMenu->addAction(tr("&New Session"), this, &MainWindow::newSession);
    newSession->setObjectName(QStringLiteral("actionNewSession"));
    newSession->setShortcut(QKeySequence::New);
    QAction *import = fileMenu->addAction(tr("&Import Session…"), this, &MainWindow::importSession);
    import->setObjectName(QStringLiteral("actionImportSession"));
    QAction *exportJson = fileMenu->addAction(tr("Export Session as &JSON…"), this, [this] {
        if (PlaygroundPage *page = currentPage(); page && page->saveNow())
            exportSession(page->session().id, QStringLiteral("json"));
    });
    exportJson->setObjectName(QStringLiteral("actionExportJson"));
    QAction *exportMarkdown = fileMenu->addAction(tr("Export Session as Mar&kdown…"), this, [this] {
        if (PlaygroundPage *page = currentPage(); page && page->saveNow())
            exportSession(page->session().id, QStringLiteral("markdown"));
    });
    exportMarkdown->setObjectName(QStringLiteral("actionExportMarkdown"));
    fileMenu->addSeparator();
    QAction *accounts
        = fileMenu->addAction(tr("&Accounts…"), this, &MainWindow::showAccountsDialog);
    accounts->setObjectName(QStringLiteral("actionAccounts"));
    QAction *models = fileMenu->addAction(tr("&Models…"), this, &MainWindow::showModelsView);
    models->setObjectName(QStringLiteral("actionModels"));
    fileMenu->addSeparator();
    QAction *quit = fileMenu->addAction(tr("&Quit"), this, &QWidget::close);
    quit->setObjectName(QStringLiteral("actionQuit"));
    quit->setShortcut(QKeySequence::Quit);
    quit->setMenuRole(QAction::QuitRole);

    QMenu *editMenu = menuBar()->addMenu(tr("&Edit"));
    editMenu->setObjectName(QStringLiteral("menuEdit"));
    QAction *find = editMenu->addAction(tr("&Find Sessions"), this, [this] {
        m_sidebarDock->show();
        m_sidebar->focusSearch();
    });
    find->setObjectName(QStringLiteral("actionFind"));
    find->setShortcut(QKeySequence::Find);
    editMenu->addSeparator();
    QAction *preferences
        = editMenu->addAction(tr("&Preferences…"), this, &MainWindow::showPreferencesDialog);
    preferences->setObjectName(QStringLiteral("actionPreferences"));
    preferences->setShortcut(QKeySequence::Preferences);
    preferences->setMenuRole(QAction::PreferencesRole);

    QMenu *playMenu = menuBar()->addMenu(tr("&Playground"));
    playMenu->setObjectName(QStringLiteral("menuPlayground"));
    QAction *send = playMenu->addAction(tr("&Send"), this, [this] {
        if (PlaygroundPage *page = currentPage())
            page->send();
    });
    send->setObjectName(QStringLiteral("actionSend"));
    send->setShortcuts(
        {QKeySequence(Qt::CTRL | Qt::Key_Return), QKeySequence(Qt::CTRL | Qt::Key_Enter)});
    QAction *stop = playMenu->addAction(tr("S&top"), this, [this] {
        if (PlaygroundPage *page = currentPage())
            page->stop();
    });
    stop->setObjectName(QStringLiteral("actionStop"));
    stop->setShortcut(QKeySequence(Qt::Key_Escape));
    QAction *exportCode
        = playMenu->addAction(tr("&Export as Code…"), this, &MainWindow::exportAsCode);
    exportCode->setObjectName(QStringLiteral("actionExportCode"));
    exportCode->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_E));
    // Compare window (issue #11 items 1 and 2, compareui): the prompt to several targets at once.
    QAction *compare = playMenu->addAction(tr("&Compare…"), this,
                                           [this] { CompareWindow::showFor(*this, m_settings); });
    compare->setObjectName(QStringLiteral("actionCompare"));
    compare->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_K));
    playMenu->addSeparator();
    for (int i = 0; i < int(std::size(kSurfaces)); ++i) {
        QAction *show = playMenu->addAction(mantle::apiSurfaceDisplayName(kSurfaces[i]), this,
                                            [this, i] { m_tabs->setCurrentIndex(i); });
        show->setObjectName(
            QStringLiteral("actionShow_%1").arg(mantle::apiSurfaceName(kSurfaces[i])));
        show->setShortcut(QKeySequence(Qt::CTRL | (Qt::Key_1 + i)));
    }

    // The demo account can misbehave on purpose, to see how failures look without AWS.
    m_demoFaults = playMenu->addMenu(tr("Demo &Failures"));
    m_demoFaults->setObjectName(QStringLiteral("menuDemoFaults"));
    m_demoFaults->menuAction()->setObjectName(QStringLiteral("actionDemoFaults"));
    m_demoFaults->setToolTipsVisible(true);
    auto *faults = new QActionGroup(m_demoFaults);
    const QList<QPair<QString, QString>> kinds{
        {tr("None"), QString()},
        {tr("Access Denied"), QStringLiteral("access-denied")},
        {tr("Wrong Route Prefix"), QStringLiteral("wrong-prefix")},
        {tr("Too Many Requests (429)"), QStringLiteral("status=429;retry-after=1")},
        {tr("Server Error (500)"), QStringLiteral("status=500")},
        {tr("Connection Cut Mid-Answer"), QStringLiteral("drop-after=12")},
        {tr("Malformed Event"), QStringLiteral("malformed-after=8")},
        {tr("Slow Server (3 s)"), QStringLiteral("latency=3000")},
    };
    for (const auto &[text, fault] : kinds) {
        QAction *action = m_demoFaults->addAction(text);
        action->setCheckable(true);
        action->setChecked(fault.isEmpty());
        action->setData(fault);
        action->setObjectName(QStringLiteral("actionDemoFault_%1")
                                  .arg(fault.isEmpty() ? QStringLiteral("none")
                                                       : fault.section(QLatin1Char('='), 0, 0)));
        faults->addAction(action);
        connect(action, &QAction::triggered, this, [this, fault] {
            m_services->setDemoFault(fault);
            showMessage(fault.isEmpty()
                            ? tr("The demo account behaves again.")
                            : tr("The demo account now fails every request: %1.").arg(fault));
        });
    }
    m_demoFaults->setEnabled(false);

    QMenu *viewMenu = menuBar()->addMenu(tr("&View"));
    viewMenu->setObjectName(QStringLiteral("menuView"));
    QAction *sidebar = m_sidebarDock->toggleViewAction();
    sidebar->setObjectName(QStringLiteral("actionShowSessions"));
    sidebar->setText(tr("&Sessions"));
    viewMenu->addAction(sidebar);
    QAction *inspector = m_inspectorDock->toggleViewAction();
    inspector->setObjectName(QStringLiteral("actionShowInspector"));
    inspector->setText(tr("Request &Inspector"));
    inspector->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_I));
    viewMenu->addAction(inspector);
    viewMenu->addSeparator();
    m_fullScreenAction = viewMenu->addAction(tr("&Full Screen"));
    m_fullScreenAction->setObjectName(QStringLiteral("actionFullScreen"));
    m_fullScreenAction->setCheckable(true);
    m_fullScreenAction->setShortcut(QKeySequence::FullScreen);
    connect(m_fullScreenAction, &QAction::toggled, this, &MainWindow::setFullScreen);

    QMenu *helpMenu = menuBar()->addMenu(tr("&Help"));
    helpMenu->setObjectName(QStringLiteral("menuHelp"));
    QAction *shortcuts
        = helpMenu->addAction(tr("&Keyboard Shortcuts"), this, &MainWindow::showShortcutsDialog);
    shortcuts->setObjectName(QStringLiteral("actionShortcuts"));
    shortcuts->setShortcut(QKeySequence::HelpContents);
    QAction *about
        = helpMenu->addAction(tr("&About Mantle Playground"), this, &MainWindow::showAboutDialog);
    about->setObjectName(QStringLiteral("actionAbout"));
    about->setMenuRole(QAction::AboutRole);
    QAction *aboutQt = helpMenu->addAction(tr("About &Qt"), qApp, &QApplication::aboutQt);
    aboutQt->setObjectName(QStringLiteral("actionAboutQt"));
    aboutQt->setMenuRole(QAction::AboutQtRole);
}

void MainWindow::restoreWindowSettings()
{
    if (!restoreGeometry(m_settings.value(kGeometryKey).toByteArray())) {
        const QRect available = screen()->availableGeometry();
        setGeometry(QStyle::alignedRect(Qt::LeftToRight, Qt::AlignCenter,
                                        kDefaultSize.boundedTo(available.size()), available));
    }
    if (!restoreState(m_settings.value(kStateKey).toByteArray())) {
        // First start: the conversation gets most of the height, the inspector a third.
        resizeDocks({m_inspectorDock}, {height() / 3}, Qt::Vertical);
        resizeDocks({m_sidebarDock}, {240}, Qt::Horizontal);
    }
    const QString surface = m_settings.value(kSurfaceKey).toString();
    for (int i = 0; i < int(std::size(kSurfaces)); ++i) {
        if (mantle::apiSurfaceName(kSurfaces[i]) == surface)
            m_tabs->setCurrentIndex(i);
    }
    ensurePage(m_tabs->currentIndex());
}

void MainWindow::saveWindowSettings()
{
    m_settings.setValue(kGeometryKey, saveGeometry());
    m_settings.setValue(kStateKey, saveState());
    for (PlaygroundPage *page : std::as_const(m_pages)) {
        if (page)
            m_settings.setValue(splitterKey(page->surface()), page->saveLayout());
    }
}

} // namespace mantle::ui

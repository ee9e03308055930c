#include "regionmatrixview.h"

#include "playgroundservices.h"

#include "accounts/account.h"
#include "accounts/accountstore.h"
#include "compare/regionmatrix.h"
#include "mantle/regions.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

#include <limits>

namespace mantle::ui {

namespace {

constexpr int kColumns = 6;
/// The value a column sorts by (numbers as numbers; unknown values last).
constexpr int kSortRole = Qt::UserRole + 1;
/// The region code of a row (column 0).
constexpr int kRegionRole = Qt::UserRole + 2;
constexpr qint64 kUnknownLast = std::numeric_limits<qint64>::max();

/// A cell that sorts by kSortRole when it has one, else by its text.
class SortableItem final : public QTableWidgetItem
{
public:
    using QTableWidgetItem::QTableWidgetItem;

    bool operator<(const QTableWidgetItem &other) const override
    {
        const QVariant mine = data(kSortRole);
        const QVariant theirs = other.data(kSortRole);
        if (mine.isValid() && theirs.isValid())
            return mine.toLongLong() < theirs.toLongLong();
        return text().localeAwareCompare(other.text()) < 0;
    }
};

QTableWidgetItem *cell(const QString &text, const QVariant &sortKey = {})
{
    auto *item = new SortableItem(text);
    item->setFlags(Qt::ItemIsSelectable | Qt::ItemIsEnabled);
    if (sortKey.isValid())
        item->setData(kSortRole, sortKey);
    return item;
}

} // namespace

RegionMatrixView::RegionMatrixView(PlaygroundServices &services, QWidget *parent)
    : QWidget(parent)
    , m_services(services)
    , m_account(new QComboBox(this))
    , m_model(new QComboBox(this))
    , m_check(new QPushButton(this))
    , m_progress(new QProgressBar(this))
    , m_note(new QLabel(this))
    , m_table(new QTableWidget(0, kColumns, this))
    , m_use(new QPushButton(tr("&Use this region"), this))
    , m_status(new QLabel(this))
{
    setObjectName(QStringLiteral("regionMatrixView"));
    m_account->setObjectName(QStringLiteral("regionMatrixAccountCombo"));
    m_account->setAccessibleName(tr("Account"));
    m_model->setObjectName(QStringLiteral("regionMatrixModelCombo"));
    m_model->setAccessibleName(tr("Model"));
    m_model->setEditable(true);
    m_model->setInsertPolicy(QComboBox::NoInsert);
    m_model->setMinimumContentsLength(28);
    for (const ::mantle::mantle::ModelInfo &model : m_services.catalogue().models())
        m_model->addItem(model.id);
    m_model->setCurrentIndex(-1);
    m_model->setPlaceholderText(tr("Any model (count only)"));
    m_check->setObjectName(QStringLiteral("regionMatrixCheckButton"));
    m_progress->setObjectName(QStringLiteral("regionMatrixProgress"));
    m_progress->setRange(0, int(::mantle::mantle::mantleRegions().size()));
    m_progress->setValue(0);
    m_progress->setFormat(tr("%v of %m regions"));
    m_note->setObjectName(QStringLiteral("regionMatrixNote"));
    m_note->setWordWrap(true);
    m_note->setVisible(false);
    m_use->setObjectName(QStringLiteral("regionMatrixUseButton"));
    m_use->setToolTip(tr("Use the selected region with this account and model"));
    m_status->setObjectName(QStringLiteral("regionMatrixStatus"));
    m_status->setWordWrap(true);

    m_table->setObjectName(QStringLiteral("regionMatrixTable"));
    m_table->setAccessibleName(tr("Regions"));
    m_table->setHorizontalHeaderLabels({tr("Region"), tr("Name"), tr("Serves model"), tr("Models"),
                                        tr("Latency (ms)"), tr("Error")});
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->verticalHeader()->setVisible(false);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setSectionResizeMode(ErrorColumn, QHeaderView::Stretch);
    m_table->horizontalHeader()->setSortIndicator(RegionColumn, Qt::AscendingOrder);

    auto *accountLabel = new QLabel(tr("A&ccount:"), this);
    accountLabel->setBuddy(m_account);
    auto *modelLabel = new QLabel(tr("&Model:"), this);
    modelLabel->setBuddy(m_model);
    auto *top = new QHBoxLayout;
    top->addWidget(accountLabel);
    top->addWidget(m_account, 1);
    top->addWidget(modelLabel);
    top->addWidget(m_model, 2);
    top->addWidget(m_check);
    auto *bottom = new QHBoxLayout;
    bottom->addWidget(m_status, 1);
    bottom->addWidget(m_use);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(m_progress);
    layout->addWidget(m_note);
    layout->addWidget(m_table, 1);
    layout->addLayout(bottom);

    connect(m_check, &QPushButton::clicked, this, &RegionMatrixView::check);
    connect(m_account, &QComboBox::currentTextChanged, this, [this] {
        m_checkedAccount.clear();
        m_checkedModel.clear();
        updateNote();
        resetRows();
    });
    connect(m_table, &QTableWidget::itemSelectionChanged, this, &RegionMatrixView::updateButtons);
    connect(m_use, &QPushButton::clicked, this, [this] {
        const int row = m_table->currentRow();
        if (row < 0 || !m_table->item(row, RegionColumn))
            return;
        Q_EMIT regionChosen(m_checkedAccount.isEmpty() ? currentAccount() : m_checkedAccount,
                            m_table->item(row, RegionColumn)->data(kRegionRole).toString(),
                            m_checkedAccount.isEmpty() ? currentModel() : m_checkedModel);
    });
    connect(m_table, &QTableWidget::cellDoubleClicked, m_use, &QPushButton::click);

    reloadAccounts();
    resetRows();
    updateNote();
    updateButtons();
}

RegionMatrixView::~RegionMatrixView() = default;

void RegionMatrixView::reloadAccounts()
{
    const QString current = m_account->currentText();
    const QSignalBlocker blocker(m_account);
    m_account->clear();
    m_account->addItems(m_services.accountNames());
    const int index = m_account->findText(current);
    m_account->setCurrentIndex(index >= 0 ? index : (m_account->count() > 0 ? 0 : -1));
}

void RegionMatrixView::setAccount(const QString &account)
{
    if (m_account->findText(account) < 0)
        reloadAccounts();
    const int index = m_account->findText(account);
    if (index >= 0)
        m_account->setCurrentIndex(index);
}

void RegionMatrixView::setModel(const QString &model)
{
    const int index = m_model->findText(model);
    if (index >= 0)
        m_model->setCurrentIndex(index);
    else
        m_model->setEditText(model);
}

QString RegionMatrixView::currentAccount() const
{
    return m_account->currentText();
}

QString RegionMatrixView::currentModel() const
{
    return m_model->currentText().trimmed();
}

bool RegionMatrixView::isChecking() const
{
    return m_resolving || (m_matrix && !m_matrix->isFinished());
}

QString RegionMatrixView::noteText() const
{
    return m_note->isHidden() ? QString() : m_note->text();
}

void RegionMatrixView::updateNote()
{
    const QString account = currentAccount();
    QString endpoint;
    if (PlaygroundServices::isDemo(account)) {
        endpoint = m_services.demoEndpoint();
    } else if (const auto loaded = m_services.accountStore().load(account); loaded) {
        endpoint = loaded->endpoint;
    }
    if (m_matrix && m_matrix->isFinished() && !m_matrix->sharedEndpoint().isEmpty())
        endpoint = m_matrix->sharedEndpoint();
    if (endpoint.isEmpty()) {
        m_note->clear();
        m_note->setHidden(true);
        return;
    }
    m_note->setText(
        tr("This account sends every region to the same endpoint, %1: each row shows what that "
           "endpoint answers for the region (with SigV4, the region the request is signed for), "
           "not what the region's own Mantle endpoint serves.")
            .arg(endpoint));
    m_note->setHidden(false);
}

void RegionMatrixView::resetRows()
{
    if (isChecking())
        return;
    m_table->setSortingEnabled(false);
    m_table->clearContents();
    const QList<::mantle::mantle::Region> regions = ::mantle::mantle::mantleRegions();
    m_table->setRowCount(int(regions.size()));
    for (int row = 0; row < regions.size(); ++row) {
        // The region column sorts in the order AWS lists the regions (by geography).
        QTableWidgetItem *code = cell(regions.at(row).code, row);
        code->setData(kRegionRole, regions.at(row).code);
        m_table->setItem(row, RegionColumn, code);
        m_table->setItem(row, NameColumn, cell(regions.at(row).displayName));
        for (int column = ServesColumn; column < kColumns; ++column)
            m_table->setItem(row, column, cell(QString()));
    }
    m_table->setSortingEnabled(true);
    m_progress->setValue(0);
    m_status->clear();
}

void RegionMatrixView::check()
{
    if (isChecking()) {
        if (m_resolving) {
            delete m_resolving.data();
            m_status->setText(tr("Stopped."));
            endCheck();
        } else if (m_matrix) {
            m_matrix->cancel();
        }
        return;
    }
    const QString account = currentAccount();
    const QString model = currentModel();
    if (account.isEmpty()) {
        m_status->setText(tr("Choose an account first."));
        return;
    }
    delete m_matrix.data();
    resetRows();
    m_checkedAccount = account;
    m_checkedModel = model;
    m_status->setText(tr("Resolving the account…"));
    m_resolving = new QObject(this);
    updateButtons();
    // One resolution for all 13 regions (one keychain read, one AssumeRole), then a copy per
    // region (RegionMatrix::retarget).
    m_services.resolveTarget(
        account, {}, m_resolving, [this, account, model](Result<pipeline::CallTarget> resolved) {
            delete m_resolving.data();
            if (!resolved) {
                m_status->setText(resolved.error().toDisplayString());
                endCheck();
                return;
            }
            const pipeline::CallTarget base = std::move(resolved).value();
            auto *matrix = new compare::RegionMatrix(
                m_services.client(),
                [base](const QString &region, QObject *, compare::RegionMatrix::TargetDone done) {
                    done(compare::RegionMatrix::retarget(base, region));
                },
                model, this);
            m_matrix = matrix;
            connect(matrix, &compare::RegionMatrix::rowChanged, this, &RegionMatrixView::showRow);
            connect(matrix, &compare::RegionMatrix::progressed, m_progress,
                    &QProgressBar::setValue);
            connect(matrix, &compare::RegionMatrix::finished, this, [this, matrix] {
                if (matrix->answeredCount() == 0)
                    m_status->setText(tr("No region answered."));
                else if (!matrix->model().isEmpty())
                    m_status->setText(
                        tr("%n region(s) list %1.", nullptr, int(matrix->servingRegions().size()))
                            .arg(matrix->model()));
                else
                    m_status->setText(
                        tr("%n region(s) answered.", nullptr, matrix->answeredCount()));
                endCheck();
            });
            m_status->setText(tr("Checking the regions…"));
            matrix->start();
            updateButtons();
        });
}

int RegionMatrixView::tableRowOf(const QString &region) const
{
    for (int row = 0; row < m_table->rowCount(); ++row) {
        const QTableWidgetItem *item = m_table->item(row, RegionColumn);
        if (item && item->data(kRegionRole).toString() == region)
            return row;
    }
    return -1;
}

void RegionMatrixView::showRow(int matrixRow)
{
    if (!m_matrix || matrixRow < 0 || matrixRow >= m_matrix->rows().size())
        return;
    const compare::RegionCheck &check = m_matrix->rows().at(matrixRow);
    const int row = tableRowOf(check.region);
    if (row < 0)
        return;
    const bool answered = check.state == compare::RegionCheck::State::Answered;
    // Sorting is off while a row changes, so that the row does not move under the loop.
    m_table->setSortingEnabled(false);
    QTableWidgetItem *serves = cell(QString(), kUnknownLast);
    if (answered && !m_matrix->model().isEmpty()) {
        serves->setText(check.listsModel ? QStringLiteral("✓") : QStringLiteral("✗"));
        serves->setData(kSortRole, check.listsModel ? 0 : 1);
        serves->setToolTip(check.listsModel
                               ? tr("The region lists %1.").arg(m_matrix->model())
                               : tr("The region does not list %1.").arg(m_matrix->model()));
        serves->setData(Qt::AccessibleTextRole, check.listsModel ? tr("yes") : tr("no"));
    }
    serves->setTextAlignment(Qt::AlignCenter);
    m_table->setItem(row, ServesColumn, serves);
    QTableWidgetItem *models = answered ? cell(QString::number(check.modelCount), check.modelCount)
                                        : cell(QString(), kUnknownLast);
    models->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
    m_table->setItem(row, ModelsColumn, models);
    QTableWidgetItem *latency = check.latency
        ? cell(QString::number(check.latency->count()), qint64(check.latency->count()))
        : cell(QString(), kUnknownLast);
    latency->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
    m_table->setItem(row, LatencyColumn, latency);
    QTableWidgetItem *error = cell(check.error);
    error->setToolTip(check.error);
    m_table->setItem(row, ErrorColumn, error);
    m_table->setSortingEnabled(true);
}

void RegionMatrixView::endCheck()
{
    updateNote();
    updateButtons();
    Q_EMIT checkFinished();
}

void RegionMatrixView::updateButtons()
{
    const bool checking = isChecking();
    m_check->setText(checking ? tr("&Stop") : tr("Check &regions"));
    m_check->setToolTip(checking ? tr("Stop the regions still pending")
                                 : tr("Ask all 13 regions for their model list at once"));
    m_account->setEnabled(!checking);
    m_model->setEnabled(!checking);
    m_use->setEnabled(m_table->currentRow() >= 0 && !m_account->currentText().isEmpty());
}

} // namespace mantle::ui

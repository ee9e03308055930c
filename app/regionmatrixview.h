#pragma once

#include <QPointer>
#include <QWidget>

class QComboBox;
class QLabel;
class QProgressBar;
class QPushButton;
class QTableWidget;

namespace mantle::compare {
class RegionMatrix;
}

namespace mantle::ui {

class PlaygroundServices;

/// The compare window's Regions tab: for one account and one model, which of the 13 Mantle
/// regions serve the model and how quickly each answers. "Check regions" asks every region's
/// live model list at once (core/compare's RegionMatrix), with a progress bar, and fills one
/// sortable row per region (code and name, ✓ or ✗, models listed, latency, error). "Use this
/// region" hands the selected row on (regionChosen). A note above the table says when the
/// account sends every region to the same endpoint (the demo account, an endpoint override).
///
/// It holds no protocol logic: the target is PlaygroundServices', the requests RegionMatrix's.
class RegionMatrixView final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RegionMatrixView)

public:
    enum Column {
        RegionColumn,
        NameColumn,
        ServesColumn,
        ModelsColumn,
        LatencyColumn,
        ErrorColumn
    };

    /// `services` must outlive the view.
    explicit RegionMatrixView(PlaygroundServices &services, QWidget *parent = nullptr);
    ~RegionMatrixView() override;

    /// Selects `account` in the account list (reloaded first when it is not there yet).
    void setAccount(const QString &account);
    /// Puts `model` into the model box.
    void setModel(const QString &model);

    QString currentAccount() const;
    QString currentModel() const;
    /// True while a check runs (the account is being resolved or regions are pending).
    bool isChecking() const;
    /// What the note above the table says; empty when it is hidden.
    QString noteText() const;

public Q_SLOTS:
    /// Starts a check for the current account and model (or stops the one that runs).
    void check();

Q_SIGNALS:
    /// "Use this region" on a row.
    void regionChosen(const QString &account, const QString &region, const QString &model);
    /// A check ended (finished or stopped).
    void checkFinished();

private:
    void reloadAccounts();
    void updateNote();
    void resetRows();
    void startMatrix(const QString &account, const QString &model);
    void showRow(int matrixRow);
    void endCheck();
    void updateButtons();
    /// The table row showing `region`, or -1 (rows move when sorted).
    int tableRowOf(const QString &region) const;

    PlaygroundServices &m_services;
    QComboBox *m_account;
    QComboBox *m_model;
    QPushButton *m_check;
    QProgressBar *m_progress;
    QLabel *m_note;
    QTableWidget *m_table;
    QPushButton *m_use;
    QLabel *m_status;
    QPointer<QObject> m_resolving; ///< while the account's target is being resolved
    QPointer<compare::RegionMatrix> m_matrix;
    QString m_checkedAccount;
    QString m_checkedModel;
};

} // namespace mantle::ui

#pragma once

#include "compare/comparerun.h"
#include "mantle/modellist.h"

#include <QWidget>

#include <optional>

QT_BEGIN_NAMESPACE
class QComboBox;
class QToolButton;
QT_END_NAMESPACE

namespace mantle::ui {

class PlaygroundServices;

/// One target of a comparison as the user picks it: account, region, model and API in a row of
/// combo boxes, with a Remove button. The models are those PlaygroundServices::loadModels()
/// offers for the account and region; the APIs those the chosen model serves. The model box is
/// editable, so a model the list does not know can be named.
///
/// It picks; it does not run anything. Without `withSurface` (the Across APIs tab) the API box
/// is hidden.
class CompareTargetRow final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CompareTargetRow)

public:
    CompareTargetRow(PlaygroundServices &services, bool withSurface, QWidget *parent = nullptr);
    ~CompareTargetRow() override;

    /// Selects that account and region (loading their models), then the model and the API.
    void setTarget(const ::mantle::compare::CompareTarget &target);
    /// Like setTarget(), but once the models are there picks the first model other than
    /// `target.model` that serves `target.surface`.
    void setTargetWithOtherModel(const ::mantle::compare::CompareTarget &target);
    ::mantle::compare::CompareTarget target() const;
    /// The chosen model's entry in the list, when it is listed.
    std::optional<::mantle::mantle::ModelListEntry> entry() const;
    /// True while the model list is being fetched.
    bool isLoading() const { return m_loading; }

    void setRemovable(bool removable);

    QComboBox *accountCombo() const { return m_account; }
    QComboBox *regionCombo() const { return m_region; }
    QComboBox *modelCombo() const { return m_model; }
    QComboBox *surfaceCombo() const { return m_surface; }

Q_SIGNALS:
    /// The model list of the account and region arrived (and the row is filled).
    void modelsLoaded();
    void changed();
    void removeRequested();

private:
    void reloadModels();
    void fillModels();
    void fillSurfaces();

    PlaygroundServices &m_services;
    QComboBox *m_account = nullptr;
    QComboBox *m_region = nullptr;
    QComboBox *m_model = nullptr;
    QComboBox *m_surface = nullptr;
    QToolButton *m_remove = nullptr;
    QList<::mantle::mantle::ModelListEntry> m_entries;
    QString m_wantedModel;
    QString m_avoidModel;
    std::optional<::mantle::mantle::ApiSurface> m_wantedSurface;
    quint64 m_generation = 0;
    bool m_loading = false;
};

} // namespace mantle::ui

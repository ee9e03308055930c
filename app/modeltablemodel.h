#pragma once

#include "mantle/modellist.h"

#include <QAbstractTableModel>
#include <QList>
#include <QStringList>

#include <optional>

namespace mantle::ui {

/// The rows of the Models view: one ModelListEntry per row, with a check box (whether the
/// playground's model picker offers the model), its id, name, source (live, catalogue or
/// custom), surfaces, OpenAI-style prefix and prices per million tokens.
///
/// Display-only: it does not build the list (ModelList does) nor change settings. Clicking a
/// check box only reports pickerToggled(); the view saves the choice and calls
/// setPickerModels().
class ModelTableModel final : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ModelTableModel)

public:
    enum Column {
        Picker,
        Id,
        Name,
        Source,
        Surfaces,
        Prefix,
        InputPrice,
        OutputPrice,
        ColumnCount
    };

    explicit ModelTableModel(QObject *parent = nullptr);

    void setEntries(QList<mantle::ModelListEntry> entries);
    const QList<mantle::ModelListEntry> &entries() const { return m_entries; }
    /// The row of `modelId`, or -1.
    int rowOf(const QString &modelId) const;
    /// The models the picker offers (ModelSettings::pickerModels(); unset: all).
    void setPickerModels(const std::optional<QStringList> &modelIds);
    bool isInPicker(int row) const;
    /// Whether the check boxes can be clicked (not without an account to save them to).
    void setPickerEditable(bool editable);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;
    /// A check box clicked: emits pickerToggled() and changes nothing itself.
    bool setData(const QModelIndex &index, const QVariant &value, int role = Qt::EditRole) override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

    /// "live", "catalogue" or "custom", translated.
    static QString sourceText(const mantle::ModelListEntry &entry);
    /// The surfaces' display names, comma-separated.
    static QString surfacesText(const mantle::ApiSurfaceSet &surfaces);

signals:
    /// The user checked or unchecked the model's box.
    void pickerToggled(const QString &modelId, bool shown);

private:
    QString priceText(const mantle::ModelListEntry &entry, bool input) const;

    QList<mantle::ModelListEntry> m_entries;
    std::optional<QStringList> m_picker;
    bool m_pickerEditable = false;
};

} // namespace mantle::ui

#pragma once

#include "mantle/modellist.h"

#include <QAbstractTableModel>
#include <QList>

namespace mantle::ui {

/// The rows of the Models view: one ModelListEntry per row, with its id, name, source (live,
/// catalogue or custom), surfaces, OpenAI-style prefix and prices per million tokens.
///
/// Read-only and display-only: it does not build the list (ModelList does) nor change settings.
class ModelTableModel final : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ModelTableModel)

public:
    enum Column { Id, Name, Source, Surfaces, Prefix, InputPrice, OutputPrice, ColumnCount };

    explicit ModelTableModel(QObject *parent = nullptr);

    void setEntries(QList<mantle::ModelListEntry> entries);
    const QList<mantle::ModelListEntry> &entries() const { return m_entries; }
    /// The row of `modelId`, or -1.
    int rowOf(const QString &modelId) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

    /// "live", "catalogue" or "custom", translated.
    static QString sourceText(const mantle::ModelListEntry &entry);
    /// The surfaces' display names, comma-separated.
    static QString surfacesText(const mantle::ApiSurfaceSet &surfaces);

private:
    QString priceText(const mantle::ModelListEntry &entry, bool input) const;

    QList<mantle::ModelListEntry> m_entries;
};

} // namespace mantle::ui

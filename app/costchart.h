#pragma once

#include <QList>
#include <QString>
#include <QWidget>

#include <functional>

namespace mantle::ui {

/// One bar of the cost chart: a turn or a day.
struct CostChartBar
{
    QString label; ///< under the axis, e.g. "12" (a turn) or "5 Mar" (a day)
    QString toolTip; ///< what hovering the bar says; when empty, the chart's tool-tip function
    qint64 pico = 0; ///< its priced cost
    qint64 tokens = 0; ///< all its tokens
    int unpriced = 0; ///< answers in it without a known price

    bool operator==(const CostChartBar &) const = default;
};

/// A small chart of cost and tokens, painted with QPainter: one bar of cost per turn or per day
/// (left axis, in the ledger's currency) and the tokens as a line over them (right axis). Axis
/// labels at zero and the maximum, the first and last bar's label under the axis, a legend, a
/// tooltip per bar. Colours come from the palette. When there are more bars than fit (a
/// 2,000-turn session), neighbouring bars are painted together, and their tooltip says so.
///
/// It only paints what it is given: it does not read sessions or add anything up.
class CostChart final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CostChart)

public:
    explicit CostChart(QWidget *parent = nullptr);
    ~CostChart() override;

    /// Writes the tooltip of bar `index` when it is asked for (cheaper than a text per bar).
    using ToolTipFunction = std::function<QString(int index)>;

    /// Shows `bars`, left to right; `emptyText` is shown when there are none. `toolTips` gives
    /// the tooltip of a bar whose own is empty.
    void setBars(const QList<CostChartBar> &bars, const QString &emptyText,
                 ToolTipFunction toolTips = {});
    const QList<CostChartBar> &bars() const { return m_bars; }
    /// What hovering bar `index` shows.
    QString toolTipFor(int index) const;
    /// The index of the first bar painted under `position` (widget coordinates), or -1.
    int barAt(const QPoint &position) const;

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

protected:
    void paintEvent(QPaintEvent *event) override;
    bool event(QEvent *event) override;

private:
    /// The bars as painted: each column sums `perColumn` neighbouring bars.
    struct Column
    {
        int first = 0;
        int last = 0;
        qint64 pico = 0;
        qint64 tokens = 0;
        int unpriced = 0;
    };
    QRect plotRect() const;
    QList<Column> columns() const;
    QString columnToolTip(const Column &column) const;

    QList<CostChartBar> m_bars;
    QString m_emptyText;
    ToolTipFunction m_toolTips;
};

} // namespace mantle::ui

#include "costchart.h"

#include "mantle/costcalculator.h"
#include "mantle/costledger.h"

#include <QEvent>
#include <QHelpEvent>
#include <QLocale>
#include <QPainter>
#include <QPainterPath>
#include <QToolTip>

#include <algorithm>

namespace mantle::ui {

namespace {

constexpr int kMinColumnWidth = 3; ///< narrower bars are painted together
constexpr int kPadding = 4;

QString axisAmount(qint64 pico)
{
    // Below a cent, six decimals; from there, cents.
    const int decimals = pico < mantle::CostCalculator::kPicoPerUnit / 100 ? 6 : 2;
    return mantle::CostCalculator::formatAmount(pico, decimals);
}

} // namespace

CostChart::CostChart(QWidget *parent)
    : QWidget(parent)
{
    setAttribute(Qt::WA_OpaquePaintEvent);
    setMouseTracking(true);
    setAccessibleName(tr("Cost chart"));
}

CostChart::~CostChart() = default;

void CostChart::setBars(const QList<CostChartBar> &bars, const QString &emptyText,
                        ToolTipFunction toolTips)
{
    m_bars = bars;
    m_emptyText = emptyText;
    m_toolTips = std::move(toolTips);
    QString description;
    if (!bars.isEmpty()) {
        qint64 pico = 0;
        for (const CostChartBar &bar : bars)
            pico += bar.pico;
        description = tr("%n bars, %1 USD in all", nullptr, int(bars.size()))
                          .arg(mantle::CostCalculator::formatAmount(pico, 6));
    }
    setAccessibleDescription(bars.isEmpty() ? emptyText : description);
    update();
}

QSize CostChart::sizeHint() const
{
    return {480, 10 * fontMetrics().height()};
}

QSize CostChart::minimumSizeHint() const
{
    return {160, 6 * fontMetrics().height()};
}

QRect CostChart::plotRect() const
{
    const QFontMetrics metrics = fontMetrics();
    const int left = metrics.horizontalAdvance(QStringLiteral("0.000000")) + 2 * kPadding;
    const int right = metrics.horizontalAdvance(QStringLiteral("000,000")) + 2 * kPadding;
    const int top = metrics.height() + 2 * kPadding;
    const int bottom = metrics.height() + 2 * kPadding;
    return rect().adjusted(left, top, -right, -bottom);
}

QList<CostChart::Column> CostChart::columns() const
{
    QList<Column> result;
    const int count = int(m_bars.size());
    const int width = std::max(1, plotRect().width());
    if (count == 0)
        return result;
    const int fit = std::max(1, width / kMinColumnWidth);
    const int perColumn = (count + fit - 1) / fit;
    for (int first = 0; first < count; first += perColumn) {
        Column column;
        column.first = first;
        column.last = std::min(count, first + perColumn) - 1;
        for (int i = column.first; i <= column.last; ++i) {
            column.pico += m_bars.at(i).pico;
            column.tokens += m_bars.at(i).tokens;
            column.unpriced += m_bars.at(i).unpriced;
        }
        result.append(column);
    }
    return result;
}

int CostChart::barAt(const QPoint &position) const
{
    const QRect plot = plotRect();
    const QList<Column> painted = columns();
    if (painted.isEmpty() || !plot.contains(position))
        return -1;
    const double columnWidth = double(plot.width()) / double(painted.size());
    const int index
        = std::clamp(int((position.x() - plot.left()) / columnWidth), 0, int(painted.size()) - 1);
    return painted.at(index).first;
}

QString CostChart::toolTipFor(int index) const
{
    if (index < 0 || index >= m_bars.size())
        return {};
    const QString &own = m_bars.at(index).toolTip;
    return own.isEmpty() && m_toolTips ? m_toolTips(index) : own;
}

QString CostChart::columnToolTip(const Column &column) const
{
    if (column.first == column.last)
        return toolTipFor(column.first);
    QString text = tr("%1 to %2: %3 USD, %4 tokens")
                       .arg(m_bars.at(column.first).label, m_bars.at(column.last).label,
                            mantle::CostCalculator::formatAmount(column.pico, 6),
                            QLocale().toString(column.tokens));
    if (column.unpriced > 0)
        text += QLatin1Char('\n') + tr("%n answer(s) without a price", nullptr, column.unpriced);
    return text;
}

void CostChart::paintEvent(QPaintEvent *)
{
    QPainter painter(this);
    const QPalette colours = palette();
    painter.fillRect(rect(), colours.color(QPalette::Base));
    const QColor text = colours.color(QPalette::Text);
    const QColor barColour = colours.color(QPalette::Highlight);
    QColor lineColour = text;
    lineColour.setAlpha(200);
    QColor gridColour = colours.color(QPalette::Mid);
    gridColour.setAlpha(90);

    if (m_bars.isEmpty()) {
        painter.setPen(colours.color(QPalette::PlaceholderText));
        painter.drawText(rect(), Qt::AlignCenter | Qt::TextWordWrap, m_emptyText);
        return;
    }

    const QFontMetrics metrics = fontMetrics();
    const QRect plot = plotRect();
    const QList<Column> painted = columns();
    qint64 maxPico = 1;
    qint64 maxTokens = 1;
    for (const Column &column : painted) {
        maxPico = std::max(maxPico, column.pico);
        maxTokens = std::max(maxTokens, column.tokens);
    }

    // Legend: a bar and a line sample with their names.
    int x = plot.left();
    const int legendY = kPadding;
    const int swatch = metrics.height() - 4;
    painter.fillRect(QRect(x, legendY + 2, swatch, swatch), barColour);
    x += swatch + kPadding;
    const QString costName = tr("Cost (%1)").arg(QLatin1String(mantle::CostLedger::kCurrency));
    painter.setPen(text);
    painter.drawText(QPoint(x, legendY + metrics.ascent()), costName);
    x += metrics.horizontalAdvance(costName) + 3 * kPadding;
    painter.setPen(QPen(lineColour, 2));
    painter.drawLine(x, legendY + metrics.height() / 2, x + 2 * swatch,
                     legendY + metrics.height() / 2);
    x += 2 * swatch + kPadding;
    painter.setPen(text);
    painter.drawText(QPoint(x, legendY + metrics.ascent()), tr("Tokens"));

    // Grid at half and full height; axis labels at zero and the maximum.
    painter.setPen(gridColour);
    painter.drawLine(plot.left(), plot.top(), plot.right(), plot.top());
    painter.drawLine(plot.left(), plot.center().y(), plot.right(), plot.center().y());
    painter.setPen(colours.color(QPalette::Mid));
    painter.drawLine(plot.bottomLeft(), plot.bottomRight());
    painter.setPen(text);
    const QRect leftAxis(0, plot.top() - metrics.height() / 2, plot.left() - kPadding,
                         plot.height() + metrics.height());
    painter.drawText(leftAxis, Qt::AlignRight | Qt::AlignTop, axisAmount(maxPico));
    painter.drawText(leftAxis, Qt::AlignRight | Qt::AlignBottom, QStringLiteral("0"));
    const QRect rightAxis(plot.right() + kPadding, leftAxis.top(),
                          width() - plot.right() - kPadding, leftAxis.height());
    painter.drawText(rightAxis, Qt::AlignLeft | Qt::AlignTop, QLocale().toString(maxTokens));
    painter.drawText(rightAxis, Qt::AlignLeft | Qt::AlignBottom, QStringLiteral("0"));
    const QRect labels(plot.left(), plot.bottom() + kPadding, plot.width(), metrics.height());
    painter.drawText(labels, Qt::AlignLeft | Qt::AlignTop, m_bars.first().label);
    if (m_bars.size() > 1)
        painter.drawText(labels, Qt::AlignRight | Qt::AlignTop, m_bars.last().label);

    // Bars of cost, a hollow mark for columns with unpriced answers, and the tokens' line.
    const double columnWidth = double(plot.width()) / double(painted.size());
    const int gap = columnWidth > 4 ? 1 : 0;
    QPainterPath tokenLine;
    for (int i = 0; i < painted.size(); ++i) {
        const Column &column = painted.at(i);
        const int left = plot.left() + int(i * columnWidth) + gap;
        const int barWidth = std::max(1, int((i + 1) * columnWidth) - int(i * columnWidth) - gap);
        const int height = int(double(column.pico) / double(maxPico) * plot.height());
        if (height > 0)
            painter.fillRect(QRect(left, plot.bottom() - height + 1, barWidth, height), barColour);
        if (column.unpriced > 0) {
            painter.setPen(colours.color(QPalette::PlaceholderText));
            painter.drawRect(QRect(left, plot.bottom() - 3, std::max(1, barWidth - 1), 3));
        }
        const QPointF point(left + barWidth / 2.0,
                            plot.bottom()
                                - double(column.tokens) / double(maxTokens) * plot.height());
        if (i == 0)
            tokenLine.moveTo(point);
        else
            tokenLine.lineTo(point);
    }
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setPen(QPen(lineColour, 2));
    painter.setBrush(Qt::NoBrush);
    painter.drawPath(tokenLine);
    if (columnWidth >= 8) {
        painter.setBrush(lineColour);
        for (int i = 0; i < tokenLine.elementCount(); ++i)
            painter.drawEllipse(QPointF(tokenLine.elementAt(i)), 2.5, 2.5);
    }
}

bool CostChart::event(QEvent *event)
{
    if (event->type() == QEvent::ToolTip) {
        const auto *help = static_cast<QHelpEvent *>(event);
        const int bar = barAt(help->pos());
        if (bar < 0) {
            QToolTip::hideText();
            event->ignore();
            return true;
        }
        for (const Column &column : columns()) {
            if (column.first == bar) {
                QToolTip::showText(help->globalPos(), columnToolTip(column), this);
                break;
            }
        }
        return true;
    }
    return QWidget::event(event);
}

} // namespace mantle::ui

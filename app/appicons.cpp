#include "appicons.h"

#include <QGuiApplication>
#include <QIconEngine>
#include <QPainter>
#include <QPainterPath>
#include <QPalette>
#include <QPixmap>
#include <QString>

#include <initializer_list>
#include <map>

namespace mantle::ui {

namespace {

/// The app icon: PNG files, one per square size, read only when a size is first drawn.
/// QIcon::addFile() decodes every file at once (Qt 6.4 reads each image to check its size),
/// and any image read first asks every image format plugin whether it can read it, loading
/// them all: together a tenth of the app's start-up, for an icon that the offscreen and some
/// desktop platforms never draw.
class PngIconEngine final : public QIconEngine
{
public:
    PngIconEngine(QLatin1StringView name, std::initializer_list<int> sizes)
    {
        for (const int size : sizes)
            m_files.emplace(size, QStringLiteral(":/icons/png/%1-%2.png").arg(name).arg(size));
    }

    void paint(QPainter *painter, const QRect &rect, QIcon::Mode mode, QIcon::State state) override
    {
        const qreal ratio = painter->device() ? painter->device()->devicePixelRatioF() : 1.0;
        painter->drawPixmap(rect, scaledPixmap(rect.size(), mode, state, ratio));
    }

    QPixmap pixmap(const QSize &size, QIcon::Mode mode, QIcon::State state) override
    {
        return scaledPixmap(size, mode, state, 1.0);
    }

    QPixmap scaledPixmap(const QSize &size, QIcon::Mode, QIcon::State, qreal scale) override
    {
        const int wanted = qRound(qMax(size.width(), size.height()) * scale);
        QPixmap image = loaded(bestSizeFor(wanted));
        if (!image.isNull() && wanted > 0 && image.width() != wanted)
            image = image.scaled(wanted, wanted, Qt::KeepAspectRatio, Qt::SmoothTransformation);
        image.setDevicePixelRatio(scale);
        return image;
    }

    QSize actualSize(const QSize &size, QIcon::Mode, QIcon::State) override
    {
        const int side = qMin(qMin(size.width(), size.height()), m_files.rbegin()->first);
        return QSize(side, side);
    }

    QList<QSize> availableSizes(QIcon::Mode, QIcon::State) override
    {
        QList<QSize> sizes;
        for (const auto &file : m_files)
            sizes.append(QSize(file.first, file.first));
        return sizes;
    }

    QIconEngine *clone() const override { return new PngIconEngine(*this); }
    QString key() const override { return QStringLiteral("MantlePngIconEngine"); }

private:
    /// The smallest size at least `wanted`, else the largest.
    int bestSizeFor(int wanted) const
    {
        const auto it = m_files.lower_bound(wanted);
        return it == m_files.end() ? m_files.rbegin()->first : it->first;
    }

    QPixmap loaded(int size)
    {
        QPixmap &image = m_loaded[size];
        if (image.isNull())
            image.load(m_files.at(size), "PNG");
        return image;
    }

    std::map<int, QString> m_files;
    std::map<int, QPixmap> m_loaded;
};

/// Draws one small icon into a 16×16 box with the painter's pen.
using IconDrawing = void (*)(QPainter &);

void drawRefresh(QPainter &painter)
{
    QPainterPath arc;
    arc.arcMoveTo(QRectF(2.5, 2.5, 11, 11), 60);
    arc.arcTo(QRectF(2.5, 2.5, 11, 11), 60, 290);
    painter.drawPath(arc);
    const QPolygonF head{{13.6, 2.2}, {13.6, 6.6}, {9.4, 5.4}};
    painter.setBrush(painter.pen().color());
    painter.drawPolygon(head);
}

void drawNewSession(QPainter &painter)
{
    painter.drawPolygon(QPolygonF{{3.5, 1.5}, {9.5, 1.5}, {12.5, 4.5}, {12.5, 14.5}, {3.5, 14.5}});
    painter.drawLine(QPointF(8, 7), QPointF(8, 12));
    painter.drawLine(QPointF(5.5, 9.5), QPointF(10.5, 9.5));
}

void drawImport(QPainter &painter)
{
    painter.drawLine(QPointF(8, 1.5), QPointF(8, 9.5));
    painter.drawPolyline(QPolygonF{{5, 6.5}, {8, 9.5}, {11, 6.5}});
    painter.drawPolyline(QPolygonF{{2, 10}, {2, 14}, {14, 14}, {14, 10}});
}

void drawDelete(QPainter &painter)
{
    painter.drawLine(QPointF(2.5, 4), QPointF(13.5, 4));
    painter.drawPolyline(QPolygonF{{6, 4}, {6, 2.5}, {10, 2.5}, {10, 4}});
    painter.drawPolyline(QPolygonF{{4, 4}, {4.8, 14}, {11.2, 14}, {12, 4}});
    painter.drawLine(QPointF(6.7, 6.5), QPointF(6.7, 11.5));
    painter.drawLine(QPointF(9.3, 6.5), QPointF(9.3, 11.5));
}

/// A small icon drawn with QPainter in the palette's text colour: sharp at any scale, right in
/// light and dark palettes, and no image to read.
class PaintedIconEngine final : public QIconEngine
{
public:
    explicit PaintedIconEngine(IconDrawing drawing)
        : m_drawing(drawing)
    { }

    void paint(QPainter *painter, const QRect &rect, QIcon::Mode mode, QIcon::State) override
    {
        const QPalette palette = QGuiApplication::palette();
        QColor colour = palette.color(QPalette::Active, QPalette::WindowText);
        if (mode == QIcon::Disabled)
            colour = palette.color(QPalette::Disabled, QPalette::WindowText);
        else if (mode == QIcon::Selected)
            colour = palette.color(QPalette::Active, QPalette::HighlightedText);
        const qreal side = qMin(rect.width(), rect.height());
        painter->save();
        painter->setRenderHint(QPainter::Antialiasing);
        painter->translate(rect.x() + (rect.width() - side) / 2.0,
                           rect.y() + (rect.height() - side) / 2.0);
        painter->scale(side / 16.0, side / 16.0);
        painter->setPen(QPen(colour, 1.4, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin));
        painter->setBrush(Qt::NoBrush);
        m_drawing(*painter);
        painter->restore();
    }

    QPixmap pixmap(const QSize &size, QIcon::Mode mode, QIcon::State state) override
    {
        return scaledPixmap(size, mode, state, 1.0);
    }

    QPixmap scaledPixmap(const QSize &size, QIcon::Mode mode, QIcon::State state,
                         qreal scale) override
    {
        QPixmap image(size * scale);
        image.setDevicePixelRatio(scale);
        image.fill(Qt::transparent);
        QPainter painter(&image);
        paint(&painter, QRect(QPoint(0, 0), size), mode, state);
        return image;
    }

    QSize actualSize(const QSize &size, QIcon::Mode, QIcon::State) override
    {
        const int side = qMin(size.width(), size.height());
        return QSize(side, side);
    }

    QIconEngine *clone() const override { return new PaintedIconEngine(m_drawing); }
    QString key() const override { return QStringLiteral("MantlePaintedIconEngine"); }

private:
    IconDrawing m_drawing;
};

QIcon painted(IconDrawing drawing)
{
    return QIcon(new PaintedIconEngine(drawing));
}

} // namespace

QIcon appIcon(AppIcon icon)
{
    switch (icon) {
    case AppIcon::Application:
        return QIcon(
            new PngIconEngine(QLatin1StringView("mantle-playground"), {16, 32, 48, 64, 128, 256}));
    case AppIcon::Refresh:
        return painted(drawRefresh);
    case AppIcon::NewSession:
        return painted(drawNewSession);
    case AppIcon::Import:
        return painted(drawImport);
    case AppIcon::Delete:
        return painted(drawDelete);
    }
    return {};
}

} // namespace mantle::ui

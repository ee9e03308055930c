#pragma once

#include <QIcon>

namespace mantle::ui {

/// The app's own icons.
enum class AppIcon {
    Application, ///< the window and about-box icon
    Refresh,
    NewSession,
    Import,
    Delete,
};

/// The icon. The application icon comes from PNGs rendered in six sizes from
/// resources/icons/mantle-playground.svg (scripts/render-icons), read when a size is first
/// drawn; the small ones are drawn with QPainter in the palette's text colour, sharp at any
/// scale (HiDPI) and readable in light and dark palettes. Neither reads an image at start-up,
/// which would load every image format plugin (and an SVG would add QtSvg and an XML parse).
///
/// Not a theme lookup: the icons are the same on every platform.
QIcon appIcon(AppIcon icon);

} // namespace mantle::ui

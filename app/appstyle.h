#pragma once

#include <QProxyStyle>

namespace mantle::ui {

/// The platform's own style with one change: the icons of tool bar and menu bar extension
/// buttons are read from the style only when first drawn. Qt builds those buttons (and asks the
/// style for their icons) with every menu bar, although they show only when the menus overflow;
/// reading the style's icon files at that moment loads every image format plugin, a tenth of
/// the app's start-up.
///
/// Nothing else is changed: every other icon, metric and drawing comes from the base style.
class AppStyle final : public QProxyStyle
{
    Q_OBJECT

public:
    AppStyle();

    QIcon standardIcon(StandardPixmap standardIcon, const QStyleOption *option = nullptr,
                       const QWidget *widget = nullptr) const override;
};

} // namespace mantle::ui

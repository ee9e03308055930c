#pragma once

namespace mantle::ui {

/// Registers the app's embedded resources (resources/mantle.qrc: the icon and the licence text).
/// They are compiled into the static library mantle_app, where the linker would drop them unless
/// something refers to them; this is that reference. Safe to call more than once. Translations
/// are embedded by qt_add_translations and need no call.
void initAppResources();

} // namespace mantle::ui

#include "appresources.h"

#include <QtGlobal>

// Q_INIT_RESOURCE may not be used inside a namespace (Qt's "The Qt Resource System").
static void initMantleQrc()
{
    Q_INIT_RESOURCE(mantle);
}

namespace mantle::ui {

void initAppResources()
{
    static const bool initialised = [] {
        initMantleQrc();
        return true;
    }();
    Q_UNUSED(initialised);
}

} // namespace mantle::ui

#include "firstpaintquitter.h"

#include <QCoreApplication>
#include <QEvent>
#include <QWidget>

namespace mantle::ui {

FirstPaintQuitter::FirstPaintQuitter(QWidget *window, QuitFunction quit)
    : QObject(window)
    , m_window(window)
    , m_quit(quit ? std::move(quit) : QuitFunction([] { QCoreApplication::exit(0); }))
{
    m_window->installEventFilter(this);
}

bool FirstPaintQuitter::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_window && event->type() == QEvent::Paint) {
        m_window->removeEventFilter(this);
        emit firstPaintSeen();
        // Queued: the rest of this paint pass runs and is flushed before the quit.
        QMetaObject::invokeMethod(
            this, [this] { m_quit(); }, Qt::QueuedConnection);
    }
    return QObject::eventFilter(watched, event);
}

} // namespace mantle::ui

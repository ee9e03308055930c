// bench_hello_window: the smallest Qt Widgets window (a QMainWindow with a QLabel), which exits
// right after its first paint. bench/app_startup.py compares the start-up time and peak RSS of
// `mantle-playground --quit-after-first-paint` with it (issue #6: start within 2x of this).
//
// It stands alone on purpose: it does not link mantle_app, so it measures Qt's own start-up cost.

#include <QApplication>
#include <QEvent>
#include <QLabel>
#include <QMainWindow>

namespace {

/// Queues QCoreApplication::exit(0) on the window's first paint, so that paint pass finishes
/// (and is flushed) before the program exits. Not a general paint observer: it fires once.
class FirstPaintExit final : public QObject
{
public:
    explicit FirstPaintExit(QWidget *window)
        : QObject(window)
        , m_window(window)
    {
        m_window->installEventFilter(this);
    }

protected:
    bool eventFilter(QObject *watched, QEvent *event) override
    {
        if (watched == m_window && event->type() == QEvent::Paint) {
            m_window->removeEventFilter(this);
            QMetaObject::invokeMethod(
                this, [] { QCoreApplication::exit(0); }, Qt::QueuedConnection);
        }
        return QObject::eventFilter(watched, event);
    }

private:
    QWidget *m_window;
};

} // namespace

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    QMainWindow window;
    window.setCentralWidget(new QLabel(QStringLiteral("Hello"), &window));
    new FirstPaintExit(&window); // owned by the window
    window.show();
    return QApplication::exec();
}

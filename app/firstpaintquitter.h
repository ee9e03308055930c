#pragma once

#include <QObject>

#include <functional>

class QWidget;

namespace mantle::ui {

/// Quits the app right after a window's first paint: the `--quit-after-first-paint` flag, which
/// start-up benchmarks and smoke checks use to measure and prove that the app starts.
///
/// It watches the window for its first QEvent::Paint and then queues the quit, so the paint pass
/// that event belongs to finishes (and reaches the screen) before the app exits. It fires once and
/// then stops watching. It is not a general paint observer. The quit function can be replaced so
/// that tests see the request without ending the test run.
class FirstPaintQuitter final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(FirstPaintQuitter)

public:
    using QuitFunction = std::function<void()>;

    /// Watches window, which becomes the parent. Without quit, it calls QCoreApplication::exit(0).
    explicit FirstPaintQuitter(QWidget *window, QuitFunction quit = {});

signals:
    /// The window was painted for the first time; the quit is queued.
    void firstPaintSeen();

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    QWidget *m_window;
    QuitFunction m_quit;
};

} // namespace mantle::ui

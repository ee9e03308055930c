#pragma once

#include "mantle/apisurface.h"

#include <QString>

#include <functional>

namespace mantle::ui {

class MainWindow;

/// Drives a shown MainWindow the way a user would: picks a model, types a prompt, sends it and
/// waits for the answer. The self-check (--self-check) and the screenshot tool use it on the demo
/// account; it is not for tests, which drive the window with QTest and signal spies.
///
/// It runs a local event loop while it waits, so call it only where that is safe (no user
/// interaction, e.g. before or instead of QApplication::exec()).
class DemoDriver
{
public:
    /// What came back: `ok` with the answer's text, or the reason it failed.
    struct Answer
    {
        bool ok = false;
        QString text;
        QString error;
        qint64 elapsedMs = 0;
    };

    explicit DemoDriver(MainWindow &window, int timeoutMs = 30000);

    /// Runs the event loop until `ready` holds or the time-out passes; true when it holds.
    bool waitUntil(const std::function<bool()> &ready) const;
    /// Shows the page of `surface`, waits for the model list to offer `model` and picks it, sends
    /// `prompt` and waits for the answer to finish.
    Answer ask(mantle::ApiSurface surface, const QString &model, const QString &prompt);

private:
    MainWindow &m_window;
    int m_timeoutMs;
};

} // namespace mantle::ui

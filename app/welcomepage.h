#pragma once

#include <QWidget>

namespace mantle::ui {

/// The main window's first page until the chat playground arrives: the app's name and version,
/// what it is for, and the 13 regions that serve Mantle (from mantle_core), so that a user sees
/// something real. It shows information only; it makes no requests.
class WelcomePage final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(WelcomePage)

public:
    explicit WelcomePage(QWidget *parent = nullptr);
};

} // namespace mantle::ui

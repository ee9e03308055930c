#pragma once

#include <QDialog>

namespace mantle::ui {

/// Help > About Mantle Playground: the app's name and version, the Qt and OpenSSL versions it runs
/// with, and the licences of the app and of the libraries it ships with, followed by the full text
/// of the app's licence, in a read-only view. It only shows facts; it checks nothing.
class AboutDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AboutDialog)

public:
    explicit AboutDialog(QWidget *parent = nullptr);

    /// What the read-only view shows, as plain text (also for "copy to a bug report").
    QString aboutText() const;

private:
    QString m_aboutText;
};

} // namespace mantle::ui

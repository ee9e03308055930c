#pragma once

#include "translations.h"

#include <QCoreApplication>
#include <QString>

namespace mantle::ui {

/// `mantle-playground --self-check`: proves that an installed app works on this machine, for
/// package tests (a fresh Debian root, offscreen) and for users' bug reports. It opens the main
/// window on the demo account in a temporary home (the user's settings, sessions and keychain are
/// neither read nor changed), paints it, asks the built-in emulator one question through the
/// whole request pipeline (request builder, HTTP, streaming parser, accumulator, session), and
/// reports the Qt version and platform, the translations in use and the answer's timing.
///
/// It checks the installation, not the network: no AWS endpoint is contacted.
class SelfCheck
{
    Q_DECLARE_TR_FUNCTIONS(mantle::ui::SelfCheck)

public:
    struct Report
    {
        bool passed = false;
        QString text; ///< one line per check, then the verdict
    };

    /// Needs a QApplication. `translations` is what main() installed.
    static Report run(const Translations &translations);
};

} // namespace mantle::ui

#pragma once

// What the GUI tests that drive the whole window share: a temporary home (settings, sessions,
// learned routes) and the window on its demo account, models loaded, optionally on one API
// with one model picked. Header-only; each test function makes its own (init/cleanup).

#include "mainwindow.h"
#include "playgroundpage.h"
#include "playgroundservices.h"

#include <QComboBox>
#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>

#include <memory>

class DemoWindowFixture
{
public:
    static constexpr int kWaitMs = 15000;

    /// `keychainService` keeps the test's keychain items apart from the app's and other tests'.
    explicit DemoWindowFixture(const QString &keychainService)
        : m_settings(m_dir.filePath(QStringLiteral("settings.ini")), QSettings::IniFormat)
    {
        m_locations.keychainService = keychainService;
        m_locations.sessionsDirectory = m_dir.filePath(QStringLiteral("sessions"));
        m_locations.routesFile = m_dir.filePath(QStringLiteral("cache/routes.json"));
    }

    bool isValid() const { return m_dir.isValid(); }
    QString path() const { return m_dir.path(); }
    QString filePath(const QString &name) const { return m_dir.filePath(name); }
    QSettings &settings() { return m_settings; }
    const mantle::ui::PlaygroundServices::Locations &locations() const { return m_locations; }

    /// A shown window on the demo account with its model list loaded; null when that failed.
    std::unique_ptr<mantle::ui::MainWindow> openWindow()
    {
        auto window = std::make_unique<mantle::ui::MainWindow>(m_settings, m_locations);
        QSignalSpy loaded(window.get(), &mantle::ui::MainWindow::modelsLoaded);
        if (!window->startDemo())
            return nullptr;
        window->show();
        if (loaded.isEmpty() && !loaded.wait(kWaitMs))
            return nullptr;
        return window;
    }

    /// The window's page of `surface`, shown, with `model` picked; null when it is not offered.
    static mantle::ui::PlaygroundPage *showSurface(mantle::ui::MainWindow &window,
                                                   ::mantle::mantle::ApiSurface surface,
                                                   const QString &model)
    {
        mantle::ui::PlaygroundPage *page = window.page(surface);
        window.showPage(surface);
        auto *models = window.findChild<QComboBox *>(QStringLiteral("modelCombo"));
        const int index = models ? models->findData(model) : -1;
        if (window.currentPage() != page || index < 0)
            return nullptr;
        models->setCurrentIndex(index);
        return page;
    }

private:
    QTemporaryDir m_dir;
    QSettings m_settings;
    mantle::ui::PlaygroundServices::Locations m_locations;
};

#pragma once

#include "accounts/accountmanager.h"
#include "accounts/accountstore.h"
#include "accounts/secretstore.h"

#include <QSettings>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

namespace mantle::test {

/// What the app's account tests share: settings in a temporary directory, the AccountStore on
/// them, and a SecretStore and AccountManager on a keychain service of the test's own (named
/// after the test program and function), so that no test sees another's secrets.
struct AccountTestEnvironment
{
    std::unique_ptr<QTemporaryDir> dir;
    std::unique_ptr<QSettings> settings;
    std::unique_ptr<accounts::AccountStore> store;
    std::unique_ptr<accounts::SecretStore> secrets;
    std::unique_ptr<accounts::AccountManager> manager;
    QString service;

    /// Sets everything up for the current test function; false when the directory cannot be made.
    bool create(const QString &program)
    {
        dir = std::make_unique<QTemporaryDir>();
        if (!dir->isValid())
            return false;
        settings = std::make_unique<QSettings>(dir->filePath(QStringLiteral("settings.ini")),
                                               QSettings::IniFormat);
        store = std::make_unique<accounts::AccountStore>(*settings);
        service = QStringLiteral("Mantle Playground %1 %2")
                      .arg(program, QString::fromLatin1(QTest::currentTestFunction()));
        secrets = std::make_unique<accounts::SecretStore>(service);
        manager = std::make_unique<accounts::AccountManager>(*store, *secrets);
        return true;
    }

    /// Tears down in the reverse order (the manager uses the stores).
    void destroy()
    {
        manager.reset();
        secrets.reset();
        store.reset();
        settings.reset();
        dir.reset();
    }
};

} // namespace mantle::test

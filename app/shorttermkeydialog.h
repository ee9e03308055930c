#pragma once

#include "aws/bedrocktoken.h"

#include <QDialog>

#include <optional>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;

namespace mantle::ui {

class PlaygroundServices;

/// Accounts > Short-term API key…: makes a short-term Bedrock API key from the selected
/// account's SigV4 credentials (PlaygroundServices::generateShortTermKey, the path its requests
/// take), shows it masked (Show reveals it) with its region and expiry, copies it to the
/// clipboard, and on "Use for this session" has the app send the account's requests with it
/// until it expires.
///
/// The key lives in this dialog and in PlaygroundServices' memory only: it is never written to
/// settings, sessions, history, logs or exported code. It holds no protocol logic
/// (aws::BedrockToken makes the key).
class ShortTermKeyDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ShortTermKeyDialog)

public:
    /// `services` must outlive the dialog.
    ShortTermKeyDialog(PlaygroundServices &services, const QString &account,
                       QWidget *parent = nullptr);
    ~ShortTermKeyDialog() override;

    /// The lifetimes offered, in seconds, in the order the choice lists them.
    static QList<int> lifetimes();

    /// The clipboard formats that mark the copied key as a secret: KDE's (honoured by Klipper
    /// and other Linux clipboard managers) and Windows' (the clipboard history and cloud
    /// clipboard leave out data with "CanIncludeInClipboardHistory" set to 0; monitors skip
    /// data with "ExcludeClipboardContentFromMonitorProcessing"), as Qt names Windows formats.
    static constexpr char kPasswordManagerHint[] = "x-kde-passwordManagerHint";
    static constexpr char kWindowsNoHistory[]
        = "application/x-qt-windows-mime;value=\"CanIncludeInClipboardHistory\"";
    static constexpr char kWindowsExcludeFromMonitors[]
        = "application/x-qt-windows-mime;value=\"ExcludeClipboardContentFromMonitorProcessing\"";

public slots:
    /// Makes a key with the chosen lifetime (asynchronously).
    void generate();
    void copyKey();
    void useForSession();
    void stopUsing();

signals:
    /// A key was made (or making it failed: `error` says why).
    void generated(const QString &error);

private:
    void showKey();
    void showUsage();
    QString describeExpiry(const QDateTime &expiresAt) const;

    PlaygroundServices &m_services;
    QString m_account;
    std::optional<aws::ShortTermKey> m_key;
    QComboBox *m_lifetime;
    QPushButton *m_generate;
    QLineEdit *m_keyField;
    QCheckBox *m_show;
    QLabel *m_region;
    QLabel *m_expiry;
    QPushButton *m_copy;
    QPushButton *m_use;
    QPushButton *m_stop;
    QLabel *m_usage;
    QLabel *m_error;
};

} // namespace mantle::ui

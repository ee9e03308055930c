#pragma once

#include <QPointer>
#include <QWidget>

#include <memory>

QT_BEGIN_NAMESPACE
class QComboBox;
class QLabel;
class QNetworkAccessManager;
class QPlainTextEdit;
class QPushButton;
QT_END_NAMESPACE

namespace mantle {
class SystemClock;
}
namespace mantle::aws {
class SigV4Signer;
}
namespace mantle::net {
class HttpClient;
}
namespace mantle::emulator {
class LocalEmulator;
}
namespace mantle::pipeline {
class TurnCall;
struct CallTarget;
} // namespace mantle::pipeline

namespace mantle::ui {

/// The demo account, clearly labelled "Demo (local emulator)": it starts the emulator in this
/// process and offers a small prompt box on it (API surface, a model from the emulator's own
/// model list, a prompt, Send and Stop), streaming the answer through the same core pipeline a
/// real account uses. A newcomer without AWS sees the app work offline.
///
/// A stand-in until the playground window: it builds no request bodies and parses no answers
/// (mantle_core's TurnCall and MantleCall do), and it keeps no history.
class DemoPanel final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DemoPanel)

public:
    explicit DemoPanel(QWidget *parent = nullptr);
    ~DemoPanel() override;

    /// The account's name as the app shows it.
    static QString accountName();

    /// Starts the emulator on a free port of 127.0.0.1 and asks it for its models. False (and
    /// the reason shown in the panel) when it cannot listen.
    bool start();
    bool isRunning() const;
    /// http://127.0.0.1:PORT, or empty before start().
    QString endpoint() const;

    /// Sends the prompt box's text with the chosen surface and model, streaming the answer.
    void send();
    /// Stops the answer; what arrived stays.
    void stop();

Q_SIGNALS:
    /// The model list arrived (or could not be read: then the status says why).
    void modelsLoaded();
    /// An answer ended (completed, stopped or failed).
    void answerFinished();

private:
    pipeline::CallTarget target() const;
    void loadModels();
    void fillModels();
    void onTurnFinished();
    void setBusy(bool busy);

    std::unique_ptr<SystemClock> m_clock;
    std::unique_ptr<aws::SigV4Signer> m_signer;
    QNetworkAccessManager *m_network;
    std::unique_ptr<net::HttpClient> m_client;
    emulator::LocalEmulator *m_emulator = nullptr;
    QStringList m_models;
    QPointer<pipeline::TurnCall> m_turn;

    QLabel *m_banner;
    QComboBox *m_surface;
    QComboBox *m_model;
    QPlainTextEdit *m_prompt;
    QPushButton *m_send;
    QPushButton *m_stop;
    QPlainTextEdit *m_answer;
    QLabel *m_status;
};

} // namespace mantle::ui

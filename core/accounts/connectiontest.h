#pragma once

#include "common/result.h"
#include "pipeline/calltarget.h"

#include <QByteArray>
#include <QList>
#include <QObject>
#include <QPair>
#include <QPointer>
#include <QString>

#include <functional>

namespace mantle::net {
class HttpClient;
}
namespace mantle::pipeline {
class MantleCall;
class RouteMemory;
} // namespace mantle::pipeline

namespace mantle::accounts {

/// One step of a ConnectionTest as it ended: what was checked, how it went, what was seen and,
/// for a failed step, what fixes it. Plain data.
struct ConnectionStep
{
    enum class Status { Ok, Failed, Skipped };

    QString name; ///< "credentials", "region", "models", "request"
    Status status = Status::Skipped;
    QString detail; ///< what was seen (or, for a failed step, what went wrong)
    QString fix; ///< for a failed step: what to do; may be empty
    QString note; ///< for a passed step: something worth knowing (a learned prefix); may be empty

    bool operator==(const ConnectionStep &) const = default;
};

/// "Test connection" for an account: resolves its call target (credentials, the AssumeRole call
/// for a role), checks that the region serves Mantle, lists the models and sends one tiny Chat
/// Completions request (max_tokens 1). Each step is reported as it ends, with the fix for what
/// failed (the IAM action and resource, the trust policy, the Marketplace subscription, the
/// region); the first failed step ends the test and the later ones are reported as skipped.
///
/// It knows nothing of widgets or of the settings: the caller gives the step that produces the
/// CallTarget (AccountResolver::resolve, or a fixed target in tests) and the HttpClient. It
/// does not save the RouteMemory it teaches a prefix to. Ownership: the caller's; delete it with
/// deleteLater() from a slot of its own signals, never directly.
class ConnectionTest final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ConnectionTest)

public:
    using TargetDone = std::function<void(Result<pipeline::CallTarget>)>;
    /// Produces the target; calls `done` once (from the event loop or at once).
    using TargetStep = std::function<void(TargetDone done)>;

    /// The model asked for when none is set and the list names no Chat Completions model.
    static constexpr char kFallbackModel[] = "openai.gpt-oss-120b";

    /// `client` and, when given, `memory` must outlive the test.
    ConnectionTest(net::HttpClient &client, TargetStep targetStep, pipeline::RouteMemory *memory,
                   QObject *parent = nullptr);
    ~ConnectionTest() override;

    /// The model of the tiny request; empty (the default): the first listed model that the
    /// built-in catalogue says serves Chat Completions, else kFallbackModel.
    void setModel(const QString &model) { m_model = model; }
    /// For a role: the role's ARN and who assumes it (a principal's ARN or a description), named
    /// in the advice when STS refuses the AssumeRole call.
    void setRole(const QString &roleArn, const QString &sourcePrincipal, bool hasExternalId);
    /// Headers added to the tiny request only (after the target's extraHeaders): the local
    /// emulator's `x-emulator-fault` in tests.
    void setRequestHeaders(QList<QPair<QByteArray, QByteArray>> headers)
    {
        m_requestHeaders = std::move(headers);
    }

    /// Starts the steps; stepFinished follows for each of the four, then finished, never from
    /// inside start().
    void start();

    const QList<ConnectionStep> &steps() const { return m_steps; }
    bool isFinished() const { return m_finished; }
    /// True when every step passed.
    bool passed() const;

    /// The names of the four steps, in order.
    static QStringList stepNames();

Q_SIGNALS:
    void stepFinished(const ::mantle::accounts::ConnectionStep &step);
    void finished(bool passed);

private:
    void runCredentials();
    void onTarget(Result<pipeline::CallTarget> target);
    void checkRegion();
    void listModels();
    void sendRequest();
    void pass(const QString &detail, const QString &note = {});
    void fail(const QString &detail, const QString &fix);
    QString chosenModel() const;
    QString accessDeniedFix(const Error &error, bool listing) const;

    net::HttpClient &m_client;
    TargetStep m_targetStep;
    pipeline::RouteMemory *m_memory;
    pipeline::CallTarget m_target;
    QString m_model;
    QString m_roleArn;
    QString m_sourcePrincipal;
    bool m_hasExternalId = false;
    QList<QPair<QByteArray, QByteArray>> m_requestHeaders;
    QStringList m_listedModels;
    QByteArray m_body;
    QPointer<pipeline::MantleCall> m_call;
    QList<ConnectionStep> m_steps;
    bool m_started = false;
    bool m_finished = false;
};

} // namespace mantle::accounts

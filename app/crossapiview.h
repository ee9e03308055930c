#pragma once

#include "api/requestspec.h"
#include "compare/comparerun.h"

#include <QList>
#include <QPointer>
#include <QWidget>

QT_BEGIN_NAMESPACE
class QLabel;
class QPlainTextEdit;
class QPushButton;
class QSplitter;
QT_END_NAMESPACE

namespace mantle::ui {

class CompareTargetRow;
class PlaygroundServices;

/// The compare window's "Across APIs" tab: one model (account, region, model) and, side by side
/// for every answer surface it serves (Chat Completions, Responses, Messages), the request that
/// surface would send: method, URL path, the non-secret headers and the JSON body, as the
/// pipeline's own builder makes it (TurnCall::buildWireRequest over CompareRun::specFor), so what
/// is shown is what is sent. Run sends them all at once and shows under each what that surface
/// reported for usage (with the raw usage JSON) and its answer.
///
/// It builds no request itself and parses no answer; the core does.
class CrossApiView final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CrossApiView)

public:
    explicit CrossApiView(PlaygroundServices &services, QWidget *parent = nullptr);
    ~CrossApiView() override;

    /// The prompt, instructions, parameters, tools and schema every surface is asked with.
    void setBase(const ::mantle::api::RequestSpec &base);
    /// Picks the account, region and model (the surface is ignored).
    void setTarget(const ::mantle::compare::CompareTarget &target);
    CompareTargetRow *picker() const { return m_picker; }

    /// The surfaces shown, in column order.
    QList<::mantle::mantle::ApiSurface> surfaces() const { return m_surfaces; }
    /// The targets of the columns (the picked model through each surface).
    QList<::mantle::compare::CompareTarget> targets() const;
    /// The pretty-printed body shown in column `column`.
    QString payloadText(int column) const;

    void run();
    void stop();
    bool isRunning() const;
    ::mantle::compare::CompareRun *currentRun() const { return m_run; }

Q_SIGNALS:
    /// The payloads were rebuilt (model or prompt changed, or the model list arrived).
    void payloadsChanged();
    void runFinished();

private:
    struct Column
    {
        QWidget *widget = nullptr;
        QLabel *requestLine = nullptr;
        QLabel *headers = nullptr;
        QPlainTextEdit *payload = nullptr;
        QLabel *usage = nullptr;
        QPlainTextEdit *rawUsage = nullptr;
        QPlainTextEdit *answer = nullptr;
    };

    void rebuildColumns();
    /// Shows in each column what its surface would send now.
    void fillPayloads();
    void showResult(int column);
    void updateRunButton();

    PlaygroundServices &m_services;
    ::mantle::api::RequestSpec m_base;
    CompareTargetRow *m_picker = nullptr;
    QPushButton *m_runButton = nullptr;
    QLabel *m_status = nullptr;
    QSplitter *m_splitter = nullptr;
    QList<::mantle::mantle::ApiSurface> m_surfaces;
    QList<Column> m_columns;
    QPointer<::mantle::compare::CompareRun> m_run;
};

} // namespace mantle::ui

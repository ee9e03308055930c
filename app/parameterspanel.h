#pragma once

#include "api/requestspec.h"
#include "common/result.h"
#include "mantle/apisurface.h"

#include <QWidget>

#include <optional>

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QFormLayout;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QSpinBox;

namespace mantle::ui {

/// The playground's "Parameters" form for one surface: the sampling and length settings that
/// surface sends (temperature, top_p, max output tokens, stop sequences, seed, reasoning effort,
/// Messages' adaptive thinking), streaming, and Responses' `store`.
///
/// Every sampling value starts unset ("server default": nothing is sent); a value becomes set
/// when its check box is ticked or when the user edits its field, and is shown greyed with a
/// "server default" note while unset. Controls of other surfaces are hidden, and parameters()
/// never returns a field the surface does not send. It builds no request and saves nothing: the
/// playground window puts the values into its RequestSpec.
class ParametersPanel final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ParametersPanel)

public:
    /// Chat Completions accepts at most this many stop sequences (OpenAI API reference, `stop`).
    static constexpr int kChatMaxStopSequences = 4;

    explicit ParametersPanel(mantle::ApiSurface surface, QWidget *parent = nullptr);
    ~ParametersPanel() override;

    mantle::ApiSurface surface() const { return m_surface; }

    /// Shows `parameters`, `stream` and `store` (fields the surface does not send are ignored).
    /// Does not emit changed(): it is the program, not the user, that changes them.
    void setParameters(const api::GenerationParameters &parameters, bool stream,
                       std::optional<bool> store);
    /// The values the user set, only those the surface sends; unset values stay unset.
    api::GenerationParameters parameters() const;
    /// Streaming on (the default) or off; always false for count tokens and the model list.
    bool stream() const;
    /// Responses only (nothing on other surfaces): unset while the box keeps its default (on,
    /// the server stores), true when "on" was set explicitly, false when the user turned it off.
    std::optional<bool> store() const;
    /// Responses only: run the request in the background (the app polls for the result).
    /// setBackground() does not emit changed().
    bool background() const;
    void setBackground(bool background);

    /// Reasoning effort (and, on Messages, adaptive thinking) is only offered for reasoning
    /// models; off by default. While unsupported, parameters() carries neither.
    void setReasoningSupported(bool supported);
    bool isReasoningSupported() const { return m_reasoningSupported; }

    /// Whether the values can be sent on this surface; the error names the field as the form
    /// labels it (e.g. too many stop sequences for Chat Completions, a seed that is no number).
    Status validate() const;

public Q_SLOTS:
    /// Unsets every value, turns streaming on and store back to its default; emits changed().
    void resetToDefaults();

Q_SIGNALS:
    /// The user changed a value (or reset the form).
    void changed();

private:
    void build();
    QWidget *optionalRow(QWidget *editor, QLabel *hint);
    void updateAppearance();
    void applyDefaults();
    void onUserEdit();
    bool hasSampling() const;
    bool sendsStopSequences() const;
    bool sendsSeed() const;
    bool isMessages() const;
    bool isCountTokens() const;
    bool isResponses() const;
    QStringList stopSequenceList() const;

    mantle::ApiSurface m_surface;
    bool m_reasoningSupported = false;
    bool m_updating = false;
    bool m_storeExplicit = false;

    QFormLayout *m_form = nullptr;
    QCheckBox *m_temperatureCheck = nullptr;
    QDoubleSpinBox *m_temperature = nullptr;
    QLabel *m_temperatureHint = nullptr;
    QWidget *m_temperatureRow = nullptr;
    QCheckBox *m_topPCheck = nullptr;
    QDoubleSpinBox *m_topP = nullptr;
    QLabel *m_topPHint = nullptr;
    QWidget *m_topPRow = nullptr;
    QCheckBox *m_maxTokensCheck = nullptr;
    QSpinBox *m_maxTokens = nullptr;
    QLabel *m_maxTokensHint = nullptr;
    QWidget *m_maxTokensRow = nullptr;
    QPlainTextEdit *m_stopSequences = nullptr;
    QCheckBox *m_seedCheck = nullptr;
    QLineEdit *m_seed = nullptr;
    QLabel *m_seedHint = nullptr;
    QWidget *m_seedRow = nullptr;
    QComboBox *m_reasoningEffort = nullptr;
    QCheckBox *m_adaptiveThinking = nullptr;
    QCheckBox *m_stream = nullptr;
    QCheckBox *m_store = nullptr;
    QCheckBox *m_background = nullptr;
    QLabel *m_storeNote = nullptr;
    QPushButton *m_reset = nullptr;
};

} // namespace mantle::ui

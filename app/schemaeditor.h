#pragma once

#include "api/requestspec.h"

#include <QJsonObject>
#include <QWidget>

#include <optional>

class QCheckBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QPlainTextEdit;
class QPushButton;
class QToolButton;
class QVBoxLayout;

namespace mantle::schema {
struct StrictModeFinding;
}

namespace mantle::ui {

class JsonHighlighter;

/// The playground's structured-output panel: whether to ask for JSON that follows a schema, the
/// schema's name, strict mode, and the schema itself in a highlighted JSON editor that checks as
/// the user types (where the JSON breaks, by line and column; what is wrong in the schema; and,
/// in strict mode, each rule of OpenAI-style strict structured outputs the schema breaks, with
/// a "Fix" button where a fix exists and "Fix all"). An Examples menu fills in ready schemas.
///
/// A "Last output" pane shows the model's answer pretty-printed and checked against the schema,
/// each violation with its JSON pointer.
///
/// It builds no request: outputSchema() is what the playground puts into its RequestSpec, and
/// the request builders turn it into Chat's response_format, Responses' text.format or
/// Messages' output format. It does not save anything.
class SchemaEditor final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SchemaEditor)

public:
    explicit SchemaEditor(QWidget *parent = nullptr);
    ~SchemaEditor() override;

    /// The schema to send; nullopt when structured output is off or the schema is not valid
    /// (not JSON, not an object, or not a schema). Strict-mode findings do not stop it: the
    /// server has the last word.
    std::optional<api::OutputSchema> outputSchema() const;
    /// Shows `schema` (nullopt: structured output off, the text kept). Does not emit changed().
    void setOutputSchema(const std::optional<api::OutputSchema> &schema);

    /// Pretty-prints `answerText` when it is JSON and lists how it breaks the current schema (or
    /// says that it conforms, or that the answer is not JSON).
    void showOutput(const QString &answerText);
    void clearOutput();

Q_SIGNALS:
    /// The user changed the switch, the name, strict mode or the schema.
    void changed();

protected:
    void changeEvent(QEvent *event) override;

private:
    void build();
    QWidget *buildOutputPane();
    void loadExample(const QJsonObject &schema, const QString &name);
    void onTextEdited();
    void revalidate();
    void showFindings(const QList<schema::StrictModeFinding> &findings);
    void applyFinding(const schema::StrictModeFinding &finding);
    void applyAllFindings();
    void replaceSchemaText(const QJsonObject &schema);
    void updateEnabled();
    void updateColours();
    void updateStatusColour();
    void setStatus(const QString &text, bool problem);

    QCheckBox *m_enabled = nullptr;
    QLineEdit *m_name = nullptr;
    QCheckBox *m_strict = nullptr;
    QToolButton *m_examples = nullptr;
    QPlainTextEdit *m_editor = nullptr;
    JsonHighlighter *m_highlighter = nullptr;
    QLabel *m_status = nullptr;
    QWidget *m_findingsPane = nullptr;
    QLabel *m_findingsTitle = nullptr;
    QVBoxLayout *m_findingsLayout = nullptr;
    QPushButton *m_fixAll = nullptr;
    QList<QWidget *> m_findingRows;

    QPlainTextEdit *m_output = nullptr;
    JsonHighlighter *m_outputHighlighter = nullptr;
    QLabel *m_outputStatus = nullptr;
    QListWidget *m_violations = nullptr;

    std::optional<QJsonObject> m_schema; ///< the parsed, compilable schema, if the text is one
    QString m_lastText; ///< the schema text last checked
    bool m_statusIsProblem = false;
    bool m_programmatic = false;
};

} // namespace mantle::ui

#pragma once

#include "api/requestspec.h"
#include "common/result.h"
#include "mantle/apisurface.h"

#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>
#include <QWidget>

#include <optional>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QPlainTextEdit;
class QPushButton;
class QToolButton;

namespace mantle::ui {

class JsonHighlighter;

/// The playground's tools editor: the functions a request offers the model, and `tool_choice`.
///
/// A list of tools (add, duplicate, remove, ready examples such as `get_weather`, import and
/// export as JSON in any surface's shape) and, for the selected tool, its name, description,
/// parameters JSON schema (highlighted, checked as you type: parse errors with line and column,
/// an object schema, a schema the validator can compile), a Strict setting and a canned result
/// (what ToolCallsPanel fills in when the model calls it). Tools with a problem are marked in
/// the list and left out of tools(). It builds no request and saves nothing: the playground
/// puts tools() and toolChoice() into its RequestSpec and keeps the canned results.
class ToolsEditor final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ToolsEditor)

public:
    explicit ToolsEditor(QWidget *parent = nullptr);
    ~ToolsEditor() override;

    /// The page's surface: the default shape for export; Messages has no `strict`.
    void setSurface(mantle::ApiSurface surface);
    mantle::ApiSurface surface() const { return m_surface; }

    /// The valid tools, in list order.
    QList<api::ToolDefinition> tools() const;
    /// Unset when "Default" is chosen, when there is no valid tool, or when the named function
    /// is not (or no longer) a valid tool.
    std::optional<api::ToolChoice> toolChoice() const;
    /// Replaces the list (canned results of tools that keep their name are kept). Does not emit
    /// changed(): it is the program, not the user, that changes them.
    void setTools(const QList<api::ToolDefinition> &tools,
                  const std::optional<api::ToolChoice> &toolChoice);

    /// The canned result of the tool named `toolName`; empty when none.
    QString cannedResult(const QString &toolName) const;
    /// Canned results by tool name (tools without one are left out).
    QHash<QString, QString> cannedResults() const;
    /// Sets the canned results by tool name; names without a tool are kept for tools added later
    /// by setTools(). Does not emit changed().
    void setCannedResults(const QHash<QString, QString> &results);

    /// Every tool of the list, valid or not.
    int toolCount() const { return int(m_entries.size()); }
    int currentTool() const { return m_current; }
    void setCurrentTool(int index);
    /// What is wrong with the tool at `index`, for a person; empty when it is valid.
    QString problem(int index) const;

    /// The examples' names (get_weather, search_docs, ...), as the Examples menu offers them.
    static QStringList exampleNames();
    /// Appends the example `name` (with a new name if taken) and selects it; emits changed().
    void addExample(const QString &name);

    /// Adds the tools of a JSON file in any surface's shape (replacing tools of the same name);
    /// emits changed(). The error names the file, the item and the field.
    Status importFile(const QString &path);
    /// Writes the valid tools to `path` as a JSON array in `surface`'s shape.
    Status exportFile(const QString &path, mantle::ApiSurface surface) const;

public Q_SLOTS:
    void addTool();
    void duplicateTool();
    void removeTool();
    /// Asks for a file (and reports errors in a message box).
    void importTools();
    /// Asks which surface's shape (the page's by default) and for a file.
    void exportTools();

Q_SIGNALS:
    /// The user changed a tool, the list or the tool choice.
    void changed();

protected:
    void changeEvent(QEvent *event) override;

private:
    struct Entry
    {
        QString name;
        QString description;
        QString parameters; ///< the JSON text as typed
        std::optional<bool> strict;
        QString cannedResult;
    };
    struct Check
    {
        QString nameProblem;
        QString parametersProblem;
        int errorPosition = -1; ///< character offset of a parse error in `parameters`
        QJsonObject parameters;
        bool valid() const { return nameProblem.isEmpty() && parametersProblem.isEmpty(); }
    };

    void build();
    Check check(int index) const;
    Entry entryFrom(const api::ToolDefinition &tool) const;
    void appendEntry(const Entry &entry);
    void showCurrent();
    void refreshItem(int index);
    void refreshAll();
    void refreshStatus();
    void rebuildToolChoice();
    void onNameEdited();
    void onDescriptionEdited();
    void onParametersEdited();
    void onStrictChanged();
    void onCannedEdited();
    void onToolChoiceActivated();
    void formatParameters();
    QString uniqueName(const QString &base) const;
    void userChanged();

    mantle::ApiSurface m_surface = mantle::ApiSurface::ChatCompletions;
    QList<Entry> m_entries;
    QHash<QString, QString> m_pendingCanned;
    int m_current = -1;
    bool m_updating = false;
    std::optional<api::ToolChoice> m_choice;

    QListWidget *m_list = nullptr;
    QPushButton *m_add = nullptr;
    QPushButton *m_duplicate = nullptr;
    QPushButton *m_remove = nullptr;
    QToolButton *m_examples = nullptr;
    QPushButton *m_import = nullptr;
    QPushButton *m_export = nullptr;
    QWidget *m_details = nullptr;
    QLineEdit *m_name = nullptr;
    QLabel *m_nameStatus = nullptr;
    QPlainTextEdit *m_description = nullptr;
    QPlainTextEdit *m_parameters = nullptr;
    JsonHighlighter *m_highlighter = nullptr;
    QLabel *m_parametersStatus = nullptr;
    QPushButton *m_format = nullptr;
    QCheckBox *m_strict = nullptr;
    QPlainTextEdit *m_canned = nullptr;
    QComboBox *m_toolChoice = nullptr;
};

} // namespace mantle::ui

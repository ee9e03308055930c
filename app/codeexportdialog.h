#pragma once

#include "api/requestspec.h"
#include "common/result.h"
#include "export/exporttarget.h"
#include "export/snippetlanguage.h"

#include <QDialog>
#include <QList>

#include <functional>
#include <optional>

QT_BEGIN_NAMESPACE
class QLabel;
class QPlainTextEdit;
class QPushButton;
class QSettings;
class QStackedWidget;
class QTabBar;
class QTimer;
QT_END_NAMESPACE

namespace mantle::ui {

class CodeHighlighter;

/// Playground > Export as Code…: one request as a program in each language that fits its API
/// (codeexport::SnippetGenerator), one tab per language, the code highlighted in a read-only
/// view with a line naming the environment variables it reads, Copy and Save…. A snippet that
/// cannot be written shows why in its place. The last language chosen is remembered in the
/// QSettings it is given.
///
/// It shows what mantle_core writes for the spec and target it is given: it resolves no account
/// or route (the window gives the ExportTarget), reads no credential and sends nothing.
class CodeExportDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CodeExportDialog)

public:
    /// settings (not owned) must outlive the dialog.
    CodeExportDialog(const api::RequestSpec &spec, const codeexport::ExportTarget &target,
                     QSettings &settings, QWidget *parent = nullptr);
    ~CodeExportDialog() override;

    /// The languages offered, in tab order.
    QList<codeexport::SnippetLanguage> languages() const { return m_languages; }
    /// The language of the current tab (nothing when no language fits the request).
    std::optional<codeexport::SnippetLanguage> currentLanguage() const;
    /// Shows the tab of `language`; false when it is not offered.
    bool setCurrentLanguage(codeexport::SnippetLanguage language);
    /// The code shown for the current language; empty when it could not be written.
    QString code() const;
    /// Why the current language's code could not be written; empty when it could.
    QString errorText() const;
    /// The line naming the environment variables the current snippet reads.
    QString environmentNote() const;

    /// The file name Save… suggests for `language`: snippet.py, snippet.mjs or snippet.sh.
    static QString suggestedFileName(codeexport::SnippetLanguage language);
    /// The environment variables a snippet in `language` reads its credentials from.
    static QString environmentNote(codeexport::SnippetLanguage language);

    /// Copies the current code to the clipboard.
    void copyToClipboard();
    /// Writes the current code to `path` atomically (shell scripts made executable).
    Status saveTo(const QString &path);

    /// Asks where to save (given the suggested file name, with its directory); returns the path
    /// or an empty string to cancel. By default a QFileDialog; tests set their own.
    using SavePathChooser = std::function<QString(const QString &suggested)>;
    void setSavePathChooser(SavePathChooser chooser);
    /// What the line beside the buttons says now ("Copied.", "Saved to …", a write error).
    QString feedbackText() const;

protected:
    void changeEvent(QEvent *event) override;

private:
    void build();
    void showLanguage(int index);
    void save();
    void flash(const QString &text);

    api::RequestSpec m_spec;
    codeexport::ExportTarget m_target;
    QSettings &m_settings;
    QList<codeexport::SnippetLanguage> m_languages;
    QList<Result<QString>> m_snippets; ///< one per language, in m_languages order
    SavePathChooser m_chooseSavePath;

    QTabBar *m_tabs = nullptr;
    QStackedWidget *m_pages = nullptr;
    QPlainTextEdit *m_code = nullptr;
    QLabel *m_error = nullptr;
    QLabel *m_note = nullptr;
    QLabel *m_feedback = nullptr;
    QPushButton *m_copy = nullptr;
    QPushButton *m_save = nullptr;
    CodeHighlighter *m_highlighter = nullptr;
    QTimer *m_feedbackTimer = nullptr;
};

} // namespace mantle::ui

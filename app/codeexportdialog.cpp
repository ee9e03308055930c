#include "codeexportdialog.h"

#include "codehighlighter.h"
#include "export/snippetgenerator.h"

#include <QClipboard>
#include <QDialogButtonBox>
#include <QDir>
#include <QEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QFontDatabase>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSaveFile>
#include <QSettings>
#include <QStackedWidget>
#include <QTabBar>
#include <QTimer>
#include <QVBoxLayout>

namespace mantle::ui {

using codeexport::SnippetLanguage;

namespace {

// QSettings keys: the stable name of the language last chosen, and the folder last saved to.
const auto kLanguageKey = QStringLiteral("codeExport/language");
const auto kDirectoryKey = QStringLiteral("codeExport/directory");

enum Page { CodePage, ErrorPage };

constexpr int kFeedbackMs = 4000;

CodeHighlighter::Language highlighterLanguage(SnippetLanguage language)
{
    switch (language) {
    case SnippetLanguage::PythonOpenAi:
    case SnippetLanguage::PythonAnthropic:
    case SnippetLanguage::PythonSigV4:
        return CodeHighlighter::Language::Python;
    case SnippetLanguage::TsOpenAi:
    case SnippetLanguage::TsAnthropic:
        return CodeHighlighter::Language::JavaScript;
    case SnippetLanguage::Curl:
    case SnippetLanguage::CurlSigV4:
        return CodeHighlighter::Language::Shell;
    }
    return CodeHighlighter::Language::Python;
}

bool isShell(SnippetLanguage language)
{
    return highlighterLanguage(language) == CodeHighlighter::Language::Shell;
}

} // namespace

CodeExportDialog::CodeExportDialog(const api::RequestSpec &spec,
                                   const codeexport::ExportTarget &target, QSettings &settings,
                                   QWidget *parent)
    : QDialog(parent)
    , m_spec(spec)
    , m_target(target)
    , m_settings(settings)
    , m_languages(codeexport::SnippetGenerator::languagesFor(spec))
{
    // Every snippet is written once, up front: they are small, and switching tabs is then free.
    for (const SnippetLanguage language : std::as_const(m_languages))
        m_snippets.append(codeexport::generate(language, m_spec, m_target));
    build();
}

CodeExportDialog::~CodeExportDialog() = default;

void CodeExportDialog::build()
{
    setObjectName(QStringLiteral("codeExportDialog"));
    setWindowTitle(tr("Export as Code"));
    resize(900, 640);
    auto *layout = new QVBoxLayout(this);

    auto *summary = new QLabel(this);
    summary->setObjectName(QStringLiteral("codeExportSummary"));
    summary->setWordWrap(true);
    summary->setTextInteractionFlags(Qt::TextSelectableByMouse);
    summary->setText(tr("%1 request to %2, sent to %3")
                         .arg(mantle::apiSurfaceDisplayName(m_spec.surface), m_spec.model,
                              m_target.baseUrl.toDisplayString()));
    layout->addWidget(summary);

    m_tabs = new QTabBar(this);
    m_tabs->setObjectName(QStringLiteral("codeExportTabs"));
    m_tabs->setAccessibleName(tr("Language"));
    m_tabs->setExpanding(false);
    m_tabs->setDocumentMode(true);
    for (const SnippetLanguage language : std::as_const(m_languages)) {
        const int index = m_tabs->addTab(codeexport::snippetLanguageDisplayName(language));
        m_tabs->setTabToolTip(index, codeexport::snippetLanguageName(language));
    }
    layout->addWidget(m_tabs);

    m_pages = new QStackedWidget(this);
    m_code = new QPlainTextEdit(m_pages);
    m_code->setObjectName(QStringLiteral("codeExportCode"));
    m_code->setAccessibleName(tr("Code"));
    m_code->setReadOnly(true);
    m_code->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_code->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_code->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    m_highlighter = new CodeHighlighter(m_code->document());
    m_highlighter->setPalette(m_code->palette());
    m_pages->insertWidget(CodePage, m_code);
    m_error = new QLabel(m_pages);
    m_error->setObjectName(QStringLiteral("codeExportError"));
    m_error->setAlignment(Qt::AlignCenter);
    m_error->setWordWrap(true);
    m_error->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_pages->insertWidget(ErrorPage, m_error);
    layout->addWidget(m_pages, 1);

    m_note = new QLabel(this);
    m_note->setObjectName(QStringLiteral("codeExportNote"));
    m_note->setWordWrap(true);
    m_note->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(m_note);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    m_copy = buttons->addButton(tr("&Copy"), QDialogButtonBox::ActionRole);
    m_copy->setObjectName(QStringLiteral("codeExportCopy"));
    m_copy->setToolTip(tr("Copy the code to the clipboard"));
    m_save = buttons->addButton(tr("&Save…"), QDialogButtonBox::ActionRole);
    m_save->setObjectName(QStringLiteral("codeExportSave"));
    m_save->setToolTip(tr("Save the code to a file"));
    m_feedback = new QLabel(this);
    m_feedback->setObjectName(QStringLiteral("codeExportFeedback"));
    auto *bottom = new QHBoxLayout;
    bottom->addWidget(m_feedback, 1);
    bottom->addWidget(buttons);
    layout->addLayout(bottom);

    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_copy, &QPushButton::clicked, this, &CodeExportDialog::copyToClipboard);
    connect(m_save, &QPushButton::clicked, this, &CodeExportDialog::save);

    if (m_languages.isEmpty()) {
        m_error->setText(tr("No language can express a request of this kind (%1).")
                             .arg(mantle::apiSurfaceDisplayName(m_spec.surface)));
        m_pages->setCurrentIndex(ErrorPage);
        m_copy->setEnabled(false);
        m_save->setEnabled(false);
        return;
    }
    // The language chosen last time, when it fits this request; else the first.
    const auto remembered
        = codeexport::snippetLanguageFromName(m_settings.value(kLanguageKey).toString());
    const int index = remembered ? int(m_languages.indexOf(*remembered)) : -1;
    m_tabs->setCurrentIndex(index >= 0 ? index : 0);
    showLanguage(m_tabs->currentIndex());
    connect(m_tabs, &QTabBar::currentChanged, this, [this](int current) {
        showLanguage(current);
        if (current >= 0 && current < m_languages.size())
            m_settings.setValue(kLanguageKey,
                                codeexport::snippetLanguageName(m_languages.at(current)));
    });
}

void CodeExportDialog::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::PaletteChange && m_highlighter)
        m_highlighter->setPalette(m_code->palette());
    QDialog::changeEvent(event);
}

std::optional<SnippetLanguage> CodeExportDialog::currentLanguage() const
{
    const int index = m_tabs->currentIndex();
    if (index < 0 || index >= m_languages.size())
        return std::nullopt;
    return m_languages.at(index);
}

bool CodeExportDialog::setCurrentLanguage(SnippetLanguage language)
{
    const int index = int(m_languages.indexOf(language));
    if (index < 0)
        return false;
    m_tabs->setCurrentIndex(index);
    return true;
}

void CodeExportDialog::showLanguage(int index)
{
    if (index < 0 || index >= m_languages.size())
        return;
    const SnippetLanguage language = m_languages.at(index);
    const Result<QString> &snippet = m_snippets.at(index);
    m_note->setText(environmentNote(language));
    if (!snippet) {
        m_error->setText(tr("This request cannot be written as %1: %2")
                             .arg(codeexport::snippetLanguageDisplayName(language),
                                  snippet.error().toDisplayString()));
        m_code->clear();
        m_pages->setCurrentIndex(ErrorPage);
        m_copy->setEnabled(false);
        m_save->setEnabled(false);
        return;
    }
    m_error->clear();
    m_highlighter->setLanguage(highlighterLanguage(language));
    m_code->setPlainText(*snippet);
    m_pages->setCurrentIndex(CodePage);
    m_copy->setEnabled(true);
    m_save->setEnabled(true);
}

QString CodeExportDialog::code() const
{
    const int index = m_tabs->currentIndex();
    if (index < 0 || index >= m_snippets.size() || !m_snippets.at(index))
        return {};
    return *m_snippets.at(index);
}

QString CodeExportDialog::errorText() const
{
    return m_pages->currentIndex() == ErrorPage ? m_error->text() : QString();
}

QString CodeExportDialog::environmentNote() const
{
    return m_note->text();
}

QString CodeExportDialog::suggestedFileName(SnippetLanguage language)
{
    switch (highlighterLanguage(language)) {
    case CodeHighlighter::Language::Python:
        return QStringLiteral("snippet.py");
    case CodeHighlighter::Language::JavaScript:
        // An ES module that Node runs as it is (valid TypeScript too).
        return QStringLiteral("snippet.mjs");
    case CodeHighlighter::Language::Shell:
        return QStringLiteral("snippet.sh");
    }
    return QStringLiteral("snippet.txt");
}

QString CodeExportDialog::environmentNote(SnippetLanguage language)
{
    switch (language) {
    case SnippetLanguage::PythonOpenAi:
    case SnippetLanguage::PythonAnthropic:
    case SnippetLanguage::TsOpenAi:
    case SnippetLanguage::TsAnthropic:
    case SnippetLanguage::Curl:
        return tr("Reads the Bedrock API key from the environment variable %1 when it runs.")
            .arg(QStringLiteral("AWS_BEARER_TOKEN_BEDROCK"));
    case SnippetLanguage::PythonSigV4:
        return tr("Signs with SigV4 using botocore's credentials: %1, %2 and %3, or the profile "
                  "named by %4.")
            .arg(QStringLiteral("AWS_ACCESS_KEY_ID"), QStringLiteral("AWS_SECRET_ACCESS_KEY"),
                 QStringLiteral("AWS_SESSION_TOKEN"), QStringLiteral("AWS_PROFILE"));
    case SnippetLanguage::CurlSigV4:
        return tr("Signs with SigV4 (curl 7.75 or newer) using %1 and %2, and %3 for temporary "
                  "credentials.")
            .arg(QStringLiteral("AWS_ACCESS_KEY_ID"), QStringLiteral("AWS_SECRET_ACCESS_KEY"),
                 QStringLiteral("AWS_SESSION_TOKEN"));
    }
    return {};
}

void CodeExportDialog::copyToClipboard()
{
    const QString text = code();
    if (text.isEmpty())
        return;
    QGuiApplication::clipboard()->setText(text);
    flash(tr("Copied."));
}

Status CodeExportDialog::saveTo(const QString &path)
{
    const auto language = currentLanguage();
    const QByteArray data = code().toUtf8();
    if (!language || data.isEmpty())
        return makeError(Error::Kind::InvalidInput, tr("There is no code to save."));
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(data) != data.size() || !file.commit())
        return makeError(Error::Kind::Io,
                         tr("Cannot write the file “%1”: %2.")
                             .arg(QDir::toNativeSeparators(path), file.errorString()));
    if (isShell(*language)) {
        // A script runs as ./snippet.sh: executable by whoever may read it.
        QFileDevice::Permissions permissions = QFile::permissions(path);
        if (permissions & QFileDevice::ReadOwner)
            permissions |= QFileDevice::ExeOwner | QFileDevice::ExeUser;
        if (permissions & QFileDevice::ReadGroup)
            permissions |= QFileDevice::ExeGroup;
        if (permissions & QFileDevice::ReadOther)
            permissions |= QFileDevice::ExeOther;
        if (!QFile::setPermissions(path, permissions))
            return makeError(Error::Kind::Io,
                             tr("Saved “%1”, but could not make it executable.")
                                 .arg(QDir::toNativeSeparators(path)));
    }
    m_settings.setValue(kDirectoryKey, QFileInfo(path).absolutePath());
    return {};
}

void CodeExportDialog::setSavePathChooser(SavePathChooser chooser)
{
    m_chooseSavePath = std::move(chooser);
}

void CodeExportDialog::save()
{
    const auto language = currentLanguage();
    if (!language || code().isEmpty())
        return;
    const QString directory = m_settings.value(kDirectoryKey).toString();
    const QString name = suggestedFileName(*language);
    const QString suggested = directory.isEmpty() ? name : QDir(directory).filePath(name);
    const auto write = [this](const QString &path) {
        if (path.isEmpty())
            return;
        const Status saved = saveTo(path);
        flash(saved ? tr("Saved to %1.").arg(QDir::toNativeSeparators(path))
                    : saved.error().toDisplayString());
    };
    if (m_chooseSavePath) {
        write(m_chooseSavePath(suggested));
        return;
    }
    // Not the static QFileDialog::getSaveFileName: no nested event loop in the app.
    auto *dialog = new QFileDialog(this, tr("Save Code"));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setAcceptMode(QFileDialog::AcceptSave);
    switch (highlighterLanguage(*language)) {
    case CodeHighlighter::Language::Python:
        dialog->setNameFilter(tr("Python programs (*.py)"));
        dialog->setDefaultSuffix(QStringLiteral("py"));
        break;
    case CodeHighlighter::Language::JavaScript:
        dialog->setNameFilter(tr("JavaScript and TypeScript modules (*.mjs *.js *.ts)"));
        dialog->setDefaultSuffix(QStringLiteral("mjs"));
        break;
    case CodeHighlighter::Language::Shell:
        dialog->setNameFilter(tr("Shell scripts (*.sh)"));
        dialog->setDefaultSuffix(QStringLiteral("sh"));
        break;
    }
    if (!directory.isEmpty())
        dialog->setDirectory(directory);
    dialog->selectFile(name);
    connect(dialog, &QFileDialog::fileSelected, this, write);
    dialog->open();
}

QString CodeExportDialog::feedbackText() const
{
    return m_feedback->text();
}

void CodeExportDialog::flash(const QString &text)
{
    m_feedback->setText(text);
    if (!m_feedbackTimer) {
        m_feedbackTimer = new QTimer(this);
        m_feedbackTimer->setSingleShot(true);
        m_feedbackTimer->setInterval(kFeedbackMs);
        connect(m_feedbackTimer, &QTimer::timeout, m_feedback, &QLabel::clear);
    }
    m_feedbackTimer->start();
}

} // namespace mantle::ui

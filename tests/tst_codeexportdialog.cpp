// The code export dialog (issue #8): the languages it offers per API, the code it shows (what
// codeexport::generate writes), Copy, Save (scripts executable), the remembered language, errors
// in place and the highlighter; then through the window against the demo account's emulator:
// the inspector's "Copy as curl" and Playground > Export as Code…, with no key in what they give.
// Runs offscreen with every file in a temporary directory.

#include "codeexportdialog.h"
#include "codehighlighter.h"
#include "conversationview.h"
#include "demowindowfixture.h"
#include "inspectorview.h"
#include "mainwindow.h"
#include "playgroundpage.h"
#include "playgroundservices.h"

#include "accounts/accountstore.h"
#include "export/snippetgenerator.h"
#include "sessions/sessionstore.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QComboBox>
#include <QFile>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTabBar>
#include <QTemporaryDir>
#include <QTest>
#include <QTextBlock>
#include <QTextDocument>
#include <QTextLayout>

#include <memory>

using mantle::api::ConversationMessage;
using mantle::api::RequestSpec;
using mantle::codeexport::ExportTarget;
using mantle::codeexport::SnippetLanguage;
using mantle::mantle::ApiSurface;
using mantle::ui::CodeExportDialog;
using mantle::ui::CodeHighlighter;
using mantle::ui::MainWindow;
using mantle::ui::PlaygroundPage;
using mantle::ui::PlaygroundServices;

Q_DECLARE_METATYPE(SnippetLanguage)

class TestCodeExportDialog : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();

    void offersOnlyTheLanguagesOfTheSurface_data();
    void offersOnlyTheLanguagesOfTheSurface();
    void showsWhatTheGeneratorWritesForEachLanguage_data();
    void showsWhatTheGeneratorWritesForEachLanguage();
    void namesTheEnvironmentVariablesTheSnippetReads();
    void copyPutsTheCodeOnTheClipboard();
    void saveWritesTheCodeAndMakesScriptsExecutable_data();
    void saveWritesTheCodeAndMakesScriptsExecutable();
    void remembersTheLastLanguageWhereItFits();
    void showsAGenerationErrorInPlace();
    void highlighterColoursKeywordsStringsAndComments();
    void highlighterCarriesAShellStringAcrossLines();

    void inspectorCopiesTheAnswersRequestAsCurlWithoutTheKey();
    void exportAsCodeShowsTheSelectedAnswersRequest();
    void exportAsCodeBeforeAnyAnswerShowsTheRequestSendWouldSend();
    void copyAsCurlSignsWithSigV4ForAnAccessKeyAccount();

private:
    std::unique_ptr<MainWindow> openWindow();
    PlaygroundPage *showChat(MainWindow &window);

    std::unique_ptr<DemoWindowFixture> m_files;
};

namespace {

constexpr int kWaitMs = DemoWindowFixture::kWaitMs;
const auto kModel = QStringLiteral("openai.gpt-oss-120b");
const auto kPrompt = QStringLiteral("Tell me about lighthouses");

RequestSpec specOf(ApiSurface surface)
{
    RequestSpec spec;
    spec.surface = surface;
    spec.account = QStringLiteral("work");
    spec.region = QStringLiteral("us-east-1");
    spec.model
        = surface == ApiSurface::Messages ? QStringLiteral("anthropic.claude-haiku-4-5") : kModel;
    spec.instructions = QStringLiteral("Answer briefly.");
    ConversationMessage message;
    message.text = QStringLiteral("Say hello to the lighthouse keeper");
    spec.messages.append(message);
    spec.parameters.maxOutputTokens = 256;
    spec.stream = true;
    return spec;
}

ExportTarget targetOf(ApiSurface surface)
{
    ExportTarget target;
    target.baseUrl
        = QUrl(surface == ApiSurface::Messages
                   ? QStringLiteral("https://bedrock-mantle.us-east-1.api.aws/anthropic/v1")
                   : QStringLiteral("https://bedrock-mantle.us-east-1.api.aws/v1"));
    target.region = QStringLiteral("us-east-1");
    return target;
}

QList<QTextLayout::FormatRange> formatsOfLine(QTextDocument &document, int line)
{
    return document.findBlockByNumber(line).layout()->formats();
}

/// The format range of `formats` that covers `position`, or an empty format.
QTextCharFormat formatAt(const QList<QTextLayout::FormatRange> &formats, int position)
{
    for (const auto &range : formats) {
        if (position >= range.start && position < range.start + range.length)
            return range.format;
    }
    return {};
}

} // namespace

void TestCodeExportDialog::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("Mantle Playground Tests"));
    QCoreApplication::setApplicationName(QStringLiteral("tst_codeexportdialog"));
}

void TestCodeExportDialog::init()
{
    m_files = std::make_unique<DemoWindowFixture>(
        QStringLiteral("Mantle Playground tst_codeexportdialog"));
    QVERIFY(m_files->isValid());
}

void TestCodeExportDialog::cleanup()
{
    m_files.reset();
}

void TestCodeExportDialog::offersOnlyTheLanguagesOfTheSurface_data()
{
    QTest::addColumn<ApiSurface>("surface");
    QTest::addColumn<QStringList>("languages");
    // The OpenAI SDKs serve Chat and Responses, the Anthropic SDKs Messages; the SigV4 Python
    // program and both curl scripts every surface (issue #8).
    const QStringList openAi{QStringLiteral("python-openai"), QStringLiteral("python-sigv4"),
                             QStringLiteral("ts-openai"), QStringLiteral("curl"),
                             QStringLiteral("curl-sigv4")};
    QTest::addRow("chat") << ApiSurface::ChatCompletions << openAi;
    QTest::addRow("responses") << ApiSurface::Responses << openAi;
    QTest::addRow("messages") << ApiSurface::Messages
                              << QStringList{QStringLiteral("python-anthropic"),
                                             QStringLiteral("python-sigv4"),
                                             QStringLiteral("ts-anthropic"), QStringLiteral("curl"),
                                             QStringLiteral("curl-sigv4")};
}

void TestCodeExportDialog::offersOnlyTheLanguagesOfTheSurface()
{
    QFETCH(ApiSurface, surface);
    QFETCH(QStringList, languages);
    CodeExportDialog dialog(specOf(surface), targetOf(surface), m_files->settings());
    QStringList offered;
    for (const SnippetLanguage language : dialog.languages())
        offered << mantle::codeexport::snippetLanguageName(language);
    QCOMPARE(offered, languages);

    auto *tabs = dialog.findChild<QTabBar *>(QStringLiteral("codeExportTabs"));
    QVERIFY(tabs);
    QCOMPARE(tabs->count(), languages.size());
    for (int i = 0; i < tabs->count(); ++i) {
        QCOMPARE(tabs->tabText(i),
                 mantle::codeexport::snippetLanguageDisplayName(dialog.languages().at(i)));
    }
}

void TestCodeExportDialog::showsWhatTheGeneratorWritesForEachLanguage_data()
{
    QTest::addColumn<ApiSurface>("surface");
    QTest::addRow("chat") << ApiSurface::ChatCompletions;
    QTest::addRow("responses") << ApiSurface::Responses;
    QTest::addRow("messages") << ApiSurface::Messages;
}

void TestCodeExportDialog::showsWhatTheGeneratorWritesForEachLanguage()
{
    QFETCH(ApiSurface, surface);
    const RequestSpec spec = specOf(surface);
    const ExportTarget target = targetOf(surface);
    CodeExportDialog dialog(spec, target, m_files->settings());
    auto *view = dialog.findChild<QPlainTextEdit *>(QStringLiteral("codeExportCode"));
    QVERIFY(view);
    QVERIFY(view->isReadOnly());
    const auto languages = dialog.languages();
    QVERIFY(!languages.isEmpty());
    for (const SnippetLanguage language : languages) {
        QVERIFY(dialog.setCurrentLanguage(language));
        QCOMPARE(dialog.currentLanguage(), language);
        const auto expected = mantle::codeexport::generate(language, spec, target);
        QVERIFY2(expected.ok(), qPrintable(mantle::codeexport::snippetLanguageName(language)));
        QCOMPARE(dialog.code(), *expected);
        QCOMPARE(view->toPlainText(), *expected);
        QVERIFY(dialog.errorText().isEmpty());
        QVERIFY(view->toPlainText().contains(QLatin1String("lighthouse keeper")));
        QVERIFY(view->toPlainText().contains(target.baseUrl.host()));
    }
}

void TestCodeExportDialog::namesTheEnvironmentVariablesTheSnippetReads()
{
    CodeExportDialog dialog(specOf(ApiSurface::ChatCompletions),
                            targetOf(ApiSurface::ChatCompletions), m_files->settings());
    auto *note = dialog.findChild<QLabel *>(QStringLiteral("codeExportNote"));
    QVERIFY(note);
    for (const SnippetLanguage language : dialog.languages()) {
        QVERIFY(dialog.setCurrentLanguage(language));
        QCOMPARE(note->text(), dialog.environmentNote());
        const bool sigV4
            = language == SnippetLanguage::PythonSigV4 || language == SnippetLanguage::CurlSigV4;
        const QString variable = sigV4 ? QStringLiteral("AWS_ACCESS_KEY_ID")
                                       : QStringLiteral("AWS_BEARER_TOKEN_BEDROCK");
        QVERIFY2(note->text().contains(variable), qPrintable(note->text()));
        // The note names what the code itself reads.
        QVERIFY(dialog.code().contains(variable));
    }
}

void TestCodeExportDialog::copyPutsTheCodeOnTheClipboard()
{
    CodeExportDialog dialog(specOf(ApiSurface::Messages), targetOf(ApiSurface::Messages),
                            m_files->settings());
    QVERIFY(dialog.setCurrentLanguage(SnippetLanguage::TsAnthropic));
    QGuiApplication::clipboard()->clear();
    auto *copy = dialog.findChild<QPushButton *>(QStringLiteral("codeExportCopy"));
    QVERIFY(copy);
    QVERIFY(copy->isEnabled());
    copy->click();
    QVERIFY(!dialog.code().isEmpty());
    QCOMPARE(QGuiApplication::clipboard()->text(), dialog.code());
    QCOMPARE(dialog.feedbackText(), QStringLiteral("Copied."));
}

void TestCodeExportDialog::saveWritesTheCodeAndMakesScriptsExecutable_data()
{
    QTest::addColumn<SnippetLanguage>("language");
    QTest::addColumn<QString>("fileName");
    QTest::addColumn<bool>("executable");
    QTest::addRow("python") << SnippetLanguage::PythonOpenAi << QStringLiteral("snippet.py")
                            << false;
    QTest::addRow("typescript") << SnippetLanguage::TsOpenAi << QStringLiteral("snippet.mjs")
                                << false;
    QTest::addRow("curl") << SnippetLanguage::Curl << QStringLiteral("snippet.sh") << true;
    QTest::addRow("curl-sigv4") << SnippetLanguage::CurlSigV4 << QStringLiteral("snippet.sh")
                                << true;
}

void TestCodeExportDialog::saveWritesTheCodeAndMakesScriptsExecutable()
{
    QFETCH(SnippetLanguage, language);
    QFETCH(QString, fileName);
    QFETCH(bool, executable);
    CodeExportDialog dialog(specOf(ApiSurface::ChatCompletions),
                            targetOf(ApiSurface::ChatCompletions), m_files->settings());
    QVERIFY(dialog.setCurrentLanguage(language));
    QString suggested;
    const QString path = m_files->filePath(QStringLiteral("out/") + fileName);
    QVERIFY(QDir().mkpath(m_files->filePath(QStringLiteral("out"))));
    dialog.setSavePathChooser([&suggested, path](const QString &offered) {
        suggested = offered;
        return path;
    });
    dialog.findChild<QPushButton *>(QStringLiteral("codeExportSave"))->click();
    QCOMPARE(QFileInfo(suggested).fileName(), fileName);

    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QCOMPARE(QString::fromUtf8(file.readAll()), dialog.code());
    QCOMPARE(bool(file.permissions() & QFileDevice::ExeOwner), executable);
    QVERIFY2(dialog.feedbackText().contains(fileName), qPrintable(dialog.feedbackText()));

    // The next Save… offers the folder saved to.
    dialog.findChild<QPushButton *>(QStringLiteral("codeExportSave"))->click();
    QCOMPARE(QFileInfo(suggested).absolutePath(), QFileInfo(path).absolutePath());

    // A file that cannot be written is said, not hidden.
    const mantle::Status refused
        = dialog.saveTo(m_files->filePath(QStringLiteral("missing/dir/x.py")));
    QVERIFY(!refused.ok());
    QCOMPARE(refused.error().kind, mantle::Error::Kind::Io);
}

void TestCodeExportDialog::remembersTheLastLanguageWhereItFits()
{
    {
        CodeExportDialog dialog(specOf(ApiSurface::ChatCompletions),
                                targetOf(ApiSurface::ChatCompletions), m_files->settings());
        QCOMPARE(dialog.currentLanguage(), SnippetLanguage::PythonOpenAi);
        QVERIFY(dialog.setCurrentLanguage(SnippetLanguage::CurlSigV4));
    }
    {
        CodeExportDialog dialog(specOf(ApiSurface::Responses), targetOf(ApiSurface::Responses),
                                m_files->settings());
        QCOMPARE(dialog.currentLanguage(), SnippetLanguage::CurlSigV4);
        QVERIFY(dialog.setCurrentLanguage(SnippetLanguage::TsOpenAi));
    }
    {
        // ts-openai cannot express a Messages request: the first language that can.
        CodeExportDialog dialog(specOf(ApiSurface::Messages), targetOf(ApiSurface::Messages),
                                m_files->settings());
        QCOMPARE(dialog.currentLanguage(), SnippetLanguage::PythonAnthropic);
        QVERIFY(!dialog.setCurrentLanguage(SnippetLanguage::TsOpenAi));
    }
}

void TestCodeExportDialog::showsAGenerationErrorInPlace()
{
    RequestSpec spec = specOf(ApiSurface::ChatCompletions);
    // A tool choice that names no defined tool: every request builder refuses it.
    spec.toolChoice = mantle::api::ToolChoice{mantle::api::ToolChoice::Mode::Function,
                                              QStringLiteral("get_weather")};
    const auto refused = mantle::codeexport::generate(SnippetLanguage::Curl, spec,
                                                      targetOf(ApiSurface::ChatCompletions));
    QVERIFY(!refused.ok());

    CodeExportDialog dialog(spec, targetOf(ApiSurface::ChatCompletions), m_files->settings());
    QVERIFY(dialog.setCurrentLanguage(SnippetLanguage::Curl));
    QVERIFY(dialog.code().isEmpty());
    QVERIFY2(dialog.errorText().contains(refused.error().message), qPrintable(dialog.errorText()));
    auto *error = dialog.findChild<QLabel *>(QStringLiteral("codeExportError"));
    QVERIFY(error);
    QCOMPARE(error->text(), dialog.errorText());
    QVERIFY(!dialog.findChild<QPushButton *>(QStringLiteral("codeExportCopy"))->isEnabled());
    QVERIFY(!dialog.findChild<QPushButton *>(QStringLiteral("codeExportSave"))->isEnabled());
}

void TestCodeExportDialog::highlighterColoursKeywordsStringsAndComments()
{
    // A document with a layout (a plain text edit's): the highlighter's formats live there.
    QPlainTextEdit edit;
    QTextDocument &document = *edit.document();
    CodeHighlighter highlighter(&document, CodeHighlighter::Language::Python);
    document.setPlainText(QStringLiteral("import os  # the key\n"
                                         "x = \"# not a comment\" if True else 42\n"));
    const auto first = formatsOfLine(document, 0);
    const auto keyword = highlighter.format(CodeHighlighter::Token::Keyword);
    const auto string = highlighter.format(CodeHighlighter::Token::String);
    const auto comment = highlighter.format(CodeHighlighter::Token::Comment);
    QCOMPARE(formatAt(first, 0).foreground(), keyword.foreground()); // import
    QCOMPARE(formatAt(first, 11).foreground(), comment.foreground()); // # the key
    const auto second = formatsOfLine(document, 1);
    QCOMPARE(formatAt(second, 6).foreground(), string.foreground()); // # inside the string
    QCOMPARE(formatAt(second, 23).foreground(), keyword.foreground()); // if
    QCOMPARE(formatAt(second, 35).foreground(),
             highlighter.format(CodeHighlighter::Token::Number).foreground()); // 42
    QVERIFY(formatAt(second, 0).foreground() != keyword.foreground()); // x: plain

    // The same text as JavaScript: '#' is no comment there, "//" is.
    highlighter.setLanguage(CodeHighlighter::Language::JavaScript);
    document.setPlainText(QStringLiteral("const a = 1; // done\n"));
    const auto js = formatsOfLine(document, 0);
    QCOMPARE(formatAt(js, 0).foreground(), keyword.foreground()); // const
    QCOMPARE(formatAt(js, 14).foreground(), comment.foreground());
}

void TestCodeExportDialog::highlighterCarriesAShellStringAcrossLines()
{
    // A document with a layout (a plain text edit's): the highlighter's formats live there.
    QPlainTextEdit edit;
    QTextDocument &document = *edit.document();
    CodeHighlighter highlighter(&document, CodeHighlighter::Language::Shell);
    document.setPlainText(QStringLiteral("body='{\"a\":\n"
                                         "# inside the body\n"
                                         "1}'\n"
                                         "curl -X POST # a comment\n"));
    const auto string = highlighter.format(CodeHighlighter::Token::String);
    const auto comment = highlighter.format(CodeHighlighter::Token::Comment);
    QCOMPARE(formatAt(formatsOfLine(document, 1), 0).foreground(), string.foreground());
    QCOMPARE(formatAt(formatsOfLine(document, 2), 0).foreground(), string.foreground());
    const auto last = formatsOfLine(document, 3);
    QCOMPARE(formatAt(last, 0).foreground(),
             highlighter.format(CodeHighlighter::Token::Keyword).foreground()); // curl
    QCOMPARE(formatAt(last, 13).foreground(), comment.foreground());
}

// Through the window ------------------------------------------------------------------------------

std::unique_ptr<MainWindow> TestCodeExportDialog::openWindow()
{
    return m_files->openWindow();
}

PlaygroundPage *TestCodeExportDialog::showChat(MainWindow &window)
{
    return DemoWindowFixture::showSurface(window, ApiSurface::ChatCompletions, kModel);
}

void TestCodeExportDialog::inspectorCopiesTheAnswersRequestAsCurlWithoutTheKey()
{
    auto window = openWindow();
    QVERIFY(window);
    PlaygroundPage *page = showChat(*window);
    QVERIFY(page);
    QSignalSpy finished(page, &PlaygroundPage::answerFinished);
    page->promptEdit()->setPlainText(kPrompt);
    page->send();
    QVERIFY(finished.wait(kWaitMs));
    QCOMPARE(page->session().entries.size(), 2);
    page->conversation()->setCurrentRow(1);

    auto *copy
        = window->inspector()->findChild<QPushButton *>(QStringLiteral("inspectorCopyAsCurl"));
    QVERIFY(copy);
    QGuiApplication::clipboard()->clear();
    QTest::mouseClick(copy, Qt::LeftButton);

    const QString script = QGuiApplication::clipboard()->text();
    QVERIFY2(script.startsWith(QLatin1String("#!/bin/sh")), qPrintable(script));
    const QString url = window->services().demoEndpoint() + QStringLiteral("/v1/chat/completions");
    QVERIFY2(script.contains(url), qPrintable(script));
    QVERIFY(script.contains(kPrompt));
    QVERIFY(script.contains(QLatin1String("$AWS_BEARER_TOKEN_BEDROCK")));
    QVERIFY(!script.contains(QLatin1String(PlaygroundServices::kDemoKeyForTests)));
    QVERIFY(!script.contains(QLatin1String("--aws-sigv4")));
    // Exactly the curl script of the request the answer was asked with.
    const auto sent = page->session().sentRequestSpec(1);
    QVERIFY(sent);
    const auto target = window->services().exportTarget(*sent);
    QVERIFY(target);
    QCOMPARE(script, *mantle::codeexport::generate(SnippetLanguage::Curl, *sent, *target));
    QCOMPARE(window->statusBar()->currentMessage(),
             QStringLiteral("Copied the request as curl (the key is read from "
                            "$AWS_BEARER_TOKEN_BEDROCK)"));
}

void TestCodeExportDialog::exportAsCodeShowsTheSelectedAnswersRequest()
{
    auto window = openWindow();
    QVERIFY(window);
    PlaygroundPage *page = showChat(*window);
    QVERIFY(page);
    for (const QString &prompt : {kPrompt, QStringLiteral("And about their keepers?")}) {
        QSignalSpy finished(page, &PlaygroundPage::answerFinished);
        page->promptEdit()->setPlainText(prompt);
        page->send();
        QVERIFY(finished.wait(kWaitMs));
    }
    QCOMPARE(page->session().entries.size(), 4);
    page->conversation()->setCurrentRow(1); // the first answer

    auto *action = window->findChild<QAction *>(QStringLiteral("actionExportCode"));
    QVERIFY(action);
    QCOMPARE(action->shortcut(), QKeySequence(QStringLiteral("Ctrl+Shift+E")));
    action->trigger();
    CodeExportDialog *dialog = window->codeExportDialog();
    QVERIFY(dialog);
    QVERIFY(dialog->setCurrentLanguage(SnippetLanguage::PythonSigV4));
    QVERIFY(dialog->code().contains(kPrompt));
    // The first answer was asked before the second question.
    QVERIFY(!dialog->code().contains(QLatin1String("their keepers")));
    QVERIFY(!dialog->code().contains(QLatin1String(PlaygroundServices::kDemoKeyForTests)));

    // The inspector's "Export as code…" opens the dialog for the same answer.
    dialog->close();
    QTRY_VERIFY(!window->codeExportDialog());
    page->conversation()->setCurrentRow(3);
    auto *button
        = window->inspector()->findChild<QPushButton *>(QStringLiteral("inspectorExportCode"));
    QVERIFY(button);
    QTest::mouseClick(button, Qt::LeftButton);
    dialog = window->codeExportDialog();
    QVERIFY(dialog);
    QVERIFY(dialog->code().contains(QLatin1String("their keepers")));
}

void TestCodeExportDialog::exportAsCodeBeforeAnyAnswerShowsTheRequestSendWouldSend()
{
    auto window = openWindow();
    QVERIFY(window);
    PlaygroundPage *page = showChat(*window);
    QVERIFY(page);
    QVERIFY(page->session().entries.isEmpty());
    page->promptEdit()->setPlainText(QStringLiteral("  A question not sent yet  "));
    window->findChild<QAction *>(QStringLiteral("actionExportCode"))->trigger();
    CodeExportDialog *dialog = window->codeExportDialog();
    QVERIFY(dialog);
    QVERIFY(dialog->setCurrentLanguage(SnippetLanguage::Curl));
    QVERIFY2(dialog->code().contains(QLatin1String("\"A question not sent yet\"")),
             qPrintable(dialog->code()));
    QVERIFY(dialog->code().contains(window->services().demoEndpoint()));
    QVERIFY(dialog->code().contains(kModel));
    // Nothing was sent.
    QVERIFY(page->session().entries.isEmpty());
}

void TestCodeExportDialog::copyAsCurlSignsWithSigV4ForAnAccessKeyAccount()
{
    auto window = openWindow();
    QVERIFY(window);
    // An access-key account behind an endpoint override; no secret is stored for it, and none
    // is needed to export its requests.
    mantle::accounts::Account account;
    account.name = QStringLiteral("work");
    account.region = QStringLiteral("eu-west-1");
    account.auth = mantle::accounts::AuthMethod::AccessKey;
    account.accessKeyId = QStringLiteral("AKIAIOSFODNN7EXAMPLE");
    account.endpoint = QStringLiteral("https://gateway.example.com");
    QVERIFY(window->services().accountStore().save(account).ok());
    QVERIFY(window->services().signsWithSigV4(account.name));

    // A session answered with that account (as an earlier run of the app left it).
    mantle::sessions::Session session
        = mantle::sessions::Session::create(ApiSurface::ChatCompletions);
    session.account = account.name;
    session.region = account.region;
    session.model = kModel;
    mantle::sessions::SessionEntry question;
    question.id = mantle::sessions::Session::newId();
    question.text = QStringLiteral("Which lighthouse is the oldest?");
    question.createdAt = QDateTime::currentDateTimeUtc();
    mantle::sessions::SessionEntry answer;
    answer.id = mantle::sessions::Session::newId();
    answer.role = mantle::api::MessageRole::Assistant;
    answer.text = QStringLiteral("The Tower of Hercules.");
    answer.createdAt = question.createdAt;
    answer.model = kModel;
    answer.account = account.name;
    answer.region = account.region;
    RequestSpec sent = session.requestSpec();
    sent.messages.clear();
    sent.stream = true;
    answer.sentSpec = sent;
    session.entries = {question, answer};
    QVERIFY(window->services().sessions().save(session).ok());
    QVERIFY(window->openSession(session.id));
    PlaygroundPage *page = window->currentPage();
    QVERIFY(page);
    page->conversation()->setCurrentRow(1);

    QGuiApplication::clipboard()->clear();
    window->copyRequestAsCurl();
    const QString script = QGuiApplication::clipboard()->text();
    QVERIFY2(script.contains(QLatin1String("--aws-sigv4 'aws:amz:eu-west-1:bedrock-mantle'")),
             qPrintable(script));
    QVERIFY2(script.contains(QLatin1String("https://gateway.example.com/v1/chat/completions")),
             qPrintable(script));
    QVERIFY(script.contains(QLatin1String("Which lighthouse is the oldest?")));
    QVERIFY(!script.contains(QLatin1String("AWS_BEARER_TOKEN_BEDROCK")));
    QVERIFY2(window->statusBar()->currentMessage().contains(QLatin1String("SigV4")),
             qPrintable(window->statusBar()->currentMessage()));
}

QTEST_MAIN(TestCodeExportDialog)
#include "tst_codeexportdialog.moc"

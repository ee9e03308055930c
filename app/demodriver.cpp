#include "demodriver.h"

#include "mainwindow.h"
#include "playgroundpage.h"

#include <QComboBox>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QPlainTextEdit>
#include <QTimer>

namespace mantle::ui {

DemoDriver::DemoDriver(MainWindow &window, int timeoutMs)
    : m_window(window)
    , m_timeoutMs(timeoutMs)
{ }

bool DemoDriver::waitUntil(const std::function<bool()> &ready) const
{
    if (ready())
        return true;
    QEventLoop loop;
    QTimer timeout;
    timeout.setSingleShot(true);
    QObject::connect(&timeout, &QTimer::timeout, &loop, &QEventLoop::quit);
    // The window tells of its progress through several signals; a short poll covers them all.
    QTimer poll;
    QObject::connect(&poll, &QTimer::timeout, &loop, [&] {
        if (ready())
            loop.quit();
    });
    timeout.start(m_timeoutMs);
    poll.start(20);
    loop.exec();
    return ready();
}

DemoDriver::Answer DemoDriver::ask(mantle::ApiSurface surface, const QString &model,
                                   const QString &prompt)
{
    Answer answer;
    QElapsedTimer clock;
    clock.start();
    PlaygroundPage *page = m_window.page(surface);
    auto *models = m_window.findChild<QComboBox *>(QStringLiteral("modelCombo"));
    if (!page || !models) {
        answer.error = QCoreApplication::translate("mantle::ui::DemoDriver",
                                                   "The window has no page for this API.");
        return answer;
    }
    m_window.showPage(surface);
    if (!waitUntil([&] { return models->findData(model) >= 0; })) {
        answer.error = QCoreApplication::translate("mantle::ui::DemoDriver",
                                                   "The model list does not offer %1.")
                           .arg(model);
        return answer;
    }
    models->setCurrentIndex(models->findData(model));

    bool finished = false;
    const QMetaObject::Connection connection = QObject::connect(
        page, &PlaygroundPage::answerFinished, page, [&finished] { finished = true; });
    const qsizetype before = page->session().entries.size();
    page->promptEdit()->setPlainText(prompt);
    page->send();
    const bool answered = waitUntil([&finished] { return finished; });
    QObject::disconnect(connection);
    answer.elapsedMs = clock.elapsed();
    if (!answered) {
        answer.error
            = QCoreApplication::translate("mantle::ui::DemoDriver", "No answer within %1 ms.")
                  .arg(m_timeoutMs);
        return answer;
    }
    const auto &entries = page->session().entries;
    if (entries.size() <= before + 1) {
        answer.error = page->statusText();
        return answer;
    }
    const sessions::SessionEntry &last = entries.constLast();
    if (last.error) {
        answer.error = last.error->message;
        answer.text = last.text;
        return answer;
    }
    answer.ok = !last.text.isEmpty();
    answer.text = last.text;
    if (!answer.ok)
        answer.error
            = QCoreApplication::translate("mantle::ui::DemoDriver", "The answer was empty.");
    return answer;
}

} // namespace mantle::ui

// Fuzz target: loading a session file (sessions::Session::fromJson after QJsonDocument, as
// SessionStore::loadFile reads one), then what the app does with a loaded session.
//
// Invariants: a file either loads or gives an error with a message; a loaded session saves and
// loads back to the same session, and saving that gives the same JSON (nothing is lost or
// changed by a save); the request of every answer, a fork at every row, the Markdown export and
// the cost totals can be made from it without crashing; no exception escapes.

#include "fuzzsupport.h"
#include "sessions/session.h"

#include <QJsonDocument>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    return mantle::fuzz::runGuarded([&] {
        using mantle::sessions::Session;
        const QJsonDocument document = QJsonDocument::fromJson(
            QByteArray::fromRawData(reinterpret_cast<const char *>(data), qsizetype(size)));
        if (!document.isObject())
            return;
        const mantle::Result<Session> session = Session::fromJson(document.object());
        if (!session) {
            MANTLE_FUZZ_CHECK(!session.error().message.isEmpty());
            return;
        }
        const QJsonObject saved = session->toJson();
        const mantle::Result<Session> reloaded = Session::fromJson(saved);
        MANTLE_FUZZ_CHECK(reloaded.ok());
        MANTLE_FUZZ_CHECK(reloaded->toJson() == saved);
        MANTLE_FUZZ_CHECK(*reloaded == *session);

        (void)session->requestSpec();
        for (int row = 0; row < session->entries.size(); ++row) {
            (void)session->sentRequestSpec(row);
            (void)session->requestSpec(row);
            const Session fork = session->forkAt(row);
            MANTLE_FUZZ_CHECK(fork.entries.size() == row + 1);
        }
        MANTLE_FUZZ_CHECK(!session->toMarkdown().isEmpty());
        (void)session->totalCostPico();
        MANTLE_FUZZ_CHECK(session->unpricedAnswers() >= 0);
    });
}

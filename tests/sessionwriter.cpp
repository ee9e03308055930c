// A helper for tst_sessionstore: saves a growing session to a directory again and again until it
// is killed, printing one line per save ("saved N" with N the entry count), so that the test can
// kill it in the middle of a write and check what is left on disk.

#include "sessions/sessionstore.h"

#include <QCoreApplication>
#include <QStringList>

#include <cstdio>

using mantle::sessions::Session;
using mantle::sessions::SessionEntry;
using mantle::sessions::SessionStore;

namespace {

SessionEntry entry(mantle::api::MessageRole role, qsizetype index)
{
    SessionEntry entry;
    entry.id = Session::newId();
    entry.role = role;
    entry.text = QStringLiteral("Entry %1. ").arg(index).repeated(40);
    entry.createdAt = QDateTime::currentDateTimeUtc();
    return entry;
}

void grow(Session &session)
{
    session.entries.append(entry(mantle::api::MessageRole::User, session.entries.size()));
    session.entries.append(entry(mantle::api::MessageRole::Assistant, session.entries.size()));
    session.updatedAt = QDateTime::currentDateTimeUtc();
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const QStringList arguments = app.arguments();
    if (arguments.size() != 3) {
        std::fprintf(stderr, "usage: sessionwriter DIRECTORY SESSION-ID\n");
        return 2;
    }
    const SessionStore store(arguments.at(1));
    Session session;
    if (mantle::Result<Session> loaded = store.load(arguments.at(2)); loaded) {
        session = std::move(loaded).value();
    } else {
        session = Session::create(mantle::mantle::ApiSurface::ChatCompletions);
        session.id = arguments.at(2);
        // Big enough that a save takes a while, so that kills land inside writes.
        while (session.entries.size() < 400)
            grow(session);
    }
    for (;;) {
        grow(session);
        if (const mantle::Status saved = store.save(session); !saved) {
            std::fprintf(stderr, "%s\n", qPrintable(saved.error().message));
            return 1;
        }
        std::printf("saved %lld\n", static_cast<long long>(session.entries.size()));
        std::fflush(stdout);
    }
}

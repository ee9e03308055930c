// bench_session_check FILE: loads a session file the way the app does
// (mantle::sessions::SessionStore::loadFile) and prints its entry count, or the error and exit
// code 1. bench/app_startup.py uses it to prove that the session file it generates is valid
// before it measures the app opening it. Not a validator of anything beyond what loadFile checks.

#include "sessions/sessionstore.h"

#include <QCoreApplication>
#include <QTextStream>

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const QStringList arguments = QCoreApplication::arguments();
    QTextStream out(stdout);
    QTextStream err(stderr);
    if (arguments.size() != 2) {
        err << "usage: bench_session_check FILE\n";
        return 2;
    }
    const mantle::Result<mantle::sessions::Session> session
        = mantle::sessions::SessionStore::loadFile(arguments.at(1));
    if (!session) {
        err << "invalid session: " << session.error().message << '\n';
        return 1;
    }
    out << "entries " << session->entries.size() << '\n';
    return 0;
}

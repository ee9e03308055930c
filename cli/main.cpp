#include "commandline.h"
#include "translations.h"

#include <QCoreApplication>
#include <QLocale>

#include <cstdio>

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("mantle"));
    QCoreApplication::setOrganizationName(QStringLiteral("Mantle Playground"));
    QCoreApplication::setApplicationVersion(QStringLiteral(MANTLE_VERSION));
    // Messages and help in the user's language (LANGUAGE, LC_ALL, LC_MESSAGES, LANG); what
    // scripts read (JSON, exit codes) is the same in every language.
    mantle::Translations::install(app, QLocale::system());

    QTextStream out(stdout);
    QTextStream err(stderr);
    QTextStream in(stdin);
    mantle::cli::CommandContext context;
    context.arguments = QCoreApplication::arguments().mid(1);
    context.environment = QProcessEnvironment::systemEnvironment();
    context.out = &out;
    context.err = &err;
    context.in = &in;
    const int code = mantle::cli::runMantle(context);
    out.flush();
    err.flush();
    return code;
}

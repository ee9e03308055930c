#include "commandline.h"

#include <QCoreApplication>

#include <cstdio>

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("mantle"));
    QCoreApplication::setOrganizationName(QStringLiteral("Mantle Playground"));
    QCoreApplication::setApplicationVersion(QStringLiteral(MANTLE_VERSION));

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

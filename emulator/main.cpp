// mantle-emulator: a local Amazon Bedrock Mantle on 127.0.0.1 (see EmulatorProgram).

#include "emulatorprogram.h"

#include <QCoreApplication>
#include <QTextStream>

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("mantle-emulator"));
    QCoreApplication::setOrganizationName(QStringLiteral("Mantle Playground"));
    QCoreApplication::setApplicationVersion(QStringLiteral(MANTLE_VERSION));

    QTextStream out(stdout);
    QTextStream err(stderr);
    const int code = mantle::emulator::EmulatorProgram::run(
        QCoreApplication::arguments().mid(1), out, err, QStringLiteral("mantle-emulator"));
    out.flush();
    err.flush();
    return code;
}

#include "appoptions.h"

#include "translations.h"

#include <QCommandLineParser>
#include <QCoreApplication>

namespace mantle::ui {

namespace {

struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(mantle::ui::AppOptions)
};

AppOptions rejected(const QString &problem)
{
    AppOptions options;
    options.action = AppOptions::Action::RejectUsage;
    options.output
        = Tr::tr("mantle-playground: %1\nRun “mantle-playground --help” for the options.")
              .arg(problem);
    return options;
}

} // namespace

AppOptions AppOptions::parse(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(Tr::tr("A desktop playground for Amazon Bedrock Mantle."));
    // Our own --help and --version rather than addHelpOption(): that one also adds --help-all,
    // which only QCommandLineParser::process() (which exits the process) knows how to answer.
    const QCommandLineOption helpOption({QStringLiteral("h"), QStringLiteral("help")},
                                        Tr::tr("Show this help."));
    const QCommandLineOption versionOption({QStringLiteral("v"), QStringLiteral("version")},
                                           Tr::tr("Show the version."));
    const QCommandLineOption demoOption(
        QStringLiteral("demo"),
        Tr::tr("Start with the demo account, served by the built-in local emulator."));
    const QCommandLineOption sessionOption(QStringLiteral("session"),
                                           Tr::tr("Open the saved session FILE."), Tr::tr("FILE"));
    const QCommandLineOption quitOption(
        QStringLiteral("quit-after-first-paint"),
        Tr::tr("Quit (exit code 0) as soon as the main window has been painted once; for "
               "start-up benchmarks and smoke checks."));
    const QCommandLineOption languageOption(
        QStringLiteral("language"),
        Tr::tr("Use this language for this run instead of the one chosen in Preferences: "
               "%1, or “system”.")
            .arg(Translations::languages().join(QStringLiteral(", "))),
        Tr::tr("CODE"));
    const QCommandLineOption selfCheckOption(
        QStringLiteral("self-check"),
        Tr::tr("Check that the app works here (window, translations, the request pipeline "
               "against the built-in emulator), print what was checked and exit: 0 when all "
               "works, 1 when not."));
    parser.addOption(helpOption);
    parser.addOption(versionOption);
    parser.addOption(demoOption);
    parser.addOption(sessionOption);
    parser.addOption(quitOption);
    parser.addOption(languageOption);
    parser.addOption(selfCheckOption);

    if (!parser.parse(arguments))
        return rejected(parser.errorText());
    if (!parser.positionalArguments().isEmpty())
        return rejected(
            Tr::tr("unexpected argument “%1”.").arg(parser.positionalArguments().constFirst()));

    AppOptions options;
    if (parser.isSet(helpOption)) {
        options.action = Action::ShowHelp;
        options.output = parser.helpText();
        return options;
    }
    if (parser.isSet(versionOption)) {
        options.action = Action::ShowVersion;
        options.output
            = QStringLiteral("mantle-playground %1\n").arg(QLatin1String(MANTLE_VERSION));
        return options;
    }
    if (parser.values(sessionOption).size() > 1)
        return rejected(Tr::tr("--session was given more than once; give one session file."));
    options.language = parser.value(languageOption);
    if (parser.isSet(languageOption) && options.language != QLatin1String("system")
        && !Translations::languages().contains(options.language))
        return rejected(
            Tr::tr("there is no language “%1”; choose one of %2, or “system”.")
                .arg(options.language, Translations::languages().join(QStringLiteral(", "))));
    if (parser.isSet(selfCheckOption)) {
        options.action = Action::SelfCheck;
        return options;
    }
    options.demo = parser.isSet(demoOption);
    options.sessionFile = parser.value(sessionOption);
    options.quitAfterFirstPaint = parser.isSet(quitOption);
    if (parser.isSet(sessionOption) && options.sessionFile.isEmpty())
        return rejected(Tr::tr("--session needs the path of a session file."));
    return options;
}

QString AppOptions::languageArgument(const QStringList &arguments)
{
    for (qsizetype i = 1; i < arguments.size(); ++i) {
        const QString &argument = arguments.at(i);
        if (argument == QLatin1String("--language") && i + 1 < arguments.size())
            return arguments.at(i + 1);
        if (argument.startsWith(QLatin1String("--language=")))
            return argument.mid(11);
    }
    return {};
}

} // namespace mantle::ui

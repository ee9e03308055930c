#include "aws/awsconfigfile.h"

#include <QFile>
#include <QRandomGenerator>
#include <QTest>

using mantle::aws::AwsConfigDiagnostic;
using mantle::aws::AwsConfigFile;
using mantle::aws::AwsConfigSection;

namespace {

const QString kFile = QStringLiteral("/home/u/.aws/config");

// One line per section: "NAME>PROFILE:key=value,key=value,parent.key=value", sections joined
// by " | ". Compact enough to write expectations in a table.
QString render(const AwsConfigFile &file)
{
    QStringList sections;
    for (const AwsConfigSection &s : file.sections()) {
        QStringList settings;
        for (auto it = s.values.cbegin(); it != s.values.cend(); ++it)
            settings.append(it.key() + QLatin1Char('=') + it.value().value);
        for (auto sub = s.subsections.cbegin(); sub != s.subsections.cend(); ++sub) {
            for (auto it = sub.value().cbegin(); it != sub.value().cend(); ++it)
                settings.append(sub.key() + QLatin1Char('.') + it.key() + QLatin1Char('=')
                                + it.value().value);
        }
        sections.append(s.name + QLatin1Char('>') + s.profileName + QLatin1Char(':')
                        + settings.join(QLatin1Char(',')));
    }
    return sections.join(QStringLiteral(" | "));
}

QList<int> diagnosticLines(const AwsConfigFile &file)
{
    QList<int> lines;
    for (const AwsConfigDiagnostic &d : file.diagnostics())
        lines.append(d.line);
    return lines;
}

QStringList diagnosticKeys(const AwsConfigFile &file)
{
    QStringList keys;
    for (const AwsConfigDiagnostic &d : file.diagnostics())
        keys.append(d.key);
    return keys;
}

// Shaped like a real secret access key, with a tail that no message could hold by chance.
const QByteArray kSecret = QByteArrayLiteral("wJalrXUtnFEMI/K7MDENG+bPxRfiCYzQxSECRET");

} // namespace

class TestAwsConfigFile : public QObject
{
    Q_OBJECT

private slots:
    void parsesWellFormedFiles_data();
    void parsesWellFormedFiles();
    void skipsBrokenLinesWithDiagnostics_data();
    void skipsBrokenLinesWithDiagnostics();
    void diagnosticsNeverContainValues_data();
    void diagnosticsNeverContainValues();
    void diagnosticsNameFileAndLine();
    void summarisesFloodsOfBrokenLines();
    void findsSectionsAndProfiles();
    void recordsLinesOfSettings();
    void parsesRealisticFile();
    void printableKeysExcludeSecretShapes_data();
    void printableKeysExcludeSecretShapes();
    void survivesArbitraryBytes_data();
    void survivesArbitraryBytes();
    void survivesRandomBytes();
};

void TestAwsConfigFile::parsesWellFormedFiles_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<AwsConfigFile::Kind>("kind");
    QTest::addColumn<QString>("expected");

    const auto config = AwsConfigFile::Kind::Config;
    const auto credentials = AwsConfigFile::Kind::Credentials;

    QTest::addRow("empty") << QByteArray() << config << QString();
    QTest::addRow("default section") << QByteArray("[default]\nregion = us-east-1\n") << config
                                     << QStringLiteral("default>default:region=us-east-1");
    QTest::addRow("profile section") << QByteArray("[profile dev]\nregion=eu-west-1") << config
                                     << QStringLiteral("profile dev>dev:region=eu-west-1");
    QTest::addRow("profile default is default")
        << QByteArray("[default]\na = 1\n[profile default]\nb = 2\na = 3\n") << config
        << QStringLiteral("default>default:a=3,b=2");
    QTest::addRow("spaces inside a profile header")
        << QByteArray("[  profile   dev ]\nx=1") << config
        << QStringLiteral("profile   dev>dev:x=1");
    QTest::addRow("other config sections are not profiles")
        << QByteArray("[sso-session corp]\nsso_region = us-east-1\n[plain]\nx = 1\n"
                      "[profilex]\ny = 2\n")
        << config
        << QStringLiteral("sso-session corp>:sso_region=us-east-1 | plain>:x=1 | profilex>:y=2");
    QTest::addRow("credentials sections are profiles")
        << QByteArray("[dev]\naws_access_key_id = AKIDEXAMPLE\n") << credentials
        << QStringLiteral("dev>dev:aws_access_key_id=AKIDEXAMPLE");
    QTest::addRow("credentials take [profile x] literally")
        << QByteArray("[profile x]\na = 1\n") << credentials
        << QStringLiteral("profile x>profile x:a=1");
    QTest::addRow("blanks around keys and values are trimmed")
        << QByteArray("[default]\n region   =   us-east-1   \t\nkey=value=with=equals\n") << config
        << QStringLiteral("default>default:key=value=with=equals,region=us-east-1");
    QTest::addRow("keys are case-sensitive")
        << QByteArray("[default]\nRegion = a\nregion = b\n") << config
        << QStringLiteral("default>default:Region=a,region=b");
    QTest::addRow("empty value") << QByteArray("[default]\nregion =\nx = 1\n") << config
                                 << QStringLiteral("default>default:region=,x=1");
    QTest::addRow("full-line comments only")
        << QByteArray("# top\n[default]\n; semi\n  # indented\nregion = a # kept\nk = b;c\n")
        << config << QStringLiteral("default>default:k=b;c,region=a # kept");
    QTest::addRow("comment after a header")
        << QByteArray("[default] # main\nx = 1\n[profile b] ; other\ny = 2\n") << config
        << QStringLiteral("default>default:x=1 | profile b>b:y=2");
    QTest::addRow("blank lines") << QByteArray("\n\n[default]\n\n\nx = 1\n\n") << config
                                 << QStringLiteral("default>default:x=1");
    QTest::addRow("CRLF line ends") << QByteArray("[default]\r\nregion = a\r\nx = 1\r\n") << config
                                    << QStringLiteral("default>default:region=a,x=1");
    QTest::addRow("CR line ends") << QByteArray("[default]\rregion = a\rx = 1") << config
                                  << QStringLiteral("default>default:region=a,x=1");
    QTest::addRow("UTF-8 byte order mark") << QByteArray("\xEF\xBB\xBF[default]\nregion = a\n")
                                           << config << QStringLiteral("default>default:region=a");
    QTest::addRow("UTF-8 values") << QByteArray("[default]\nnote = caf\xC3\xA9\n") << config
                                  << QStringLiteral("default>default:note=café");
    QTest::addRow("nested settings")
        << QByteArray("[default]\ns3 =\n  max_concurrent_requests = 10\n\n  addressing_style=path\n"
                      "region = a\n")
        << config
        << QStringLiteral("default>default:region=a,s3=,s3.addressing_style=path,"
                          "s3.max_concurrent_requests=10");
    QTest::addRow("nested settings with tabs and a comment")
        << QByteArray("[default]\ns3 =\n\t# speed\n\tmax_bandwidth = 50MB/s\nregion = a\n")
        << config << QStringLiteral("default>default:region=a,s3=,s3.max_bandwidth=50MB/s");
    QTest::addRow("uniformly indented settings")
        << QByteArray("[default]\n  region = a\n  output = json\n") << config
        << QStringLiteral("default>default:output=json,region=a");
    QTest::addRow("repeated sections merge, later keys win")
        << QByteArray("[profile a]\nx = 1\ny = 1\n[profile b]\nz = 1\n[profile a]\nx = 2\n")
        << config << QStringLiteral("profile a>a:x=2,y=1 | profile b>b:z=1");
    QTest::addRow("repeated key, later wins") << QByteArray("[default]\nx = 1\nx = 2\n") << config
                                              << QStringLiteral("default>default:x=2");
    QTest::addRow("unknown keys are kept")
        << QByteArray("[default]\ncli_pager =\nfuture_setting = yes\n") << config
        << QStringLiteral("default>default:cli_pager=,future_setting=yes");
    QTest::addRow("secret characters stay in values")
        << QByteArray("[x]\naws_secret_access_key = ab#c;d/e+f=\n") << credentials
        << QStringLiteral("x>x:aws_secret_access_key=ab#c;d/e+f=");
    QTest::addRow("section with no settings")
        << QByteArray("[default]\n") << config << QStringLiteral("default>default:");
}

void TestAwsConfigFile::parsesWellFormedFiles()
{
    QFETCH(QByteArray, text);
    QFETCH(AwsConfigFile::Kind, kind);
    QFETCH(QString, expected);

    const AwsConfigFile file = AwsConfigFile::parse(text, kind, kFile);
    QCOMPARE(render(file), expected);
    QCOMPARE(diagnosticLines(file), QList<int>());
    QCOMPARE(file.kind(), kind);
    QCOMPARE(file.fileName(), kFile);
}

void TestAwsConfigFile::skipsBrokenLinesWithDiagnostics_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<QString>("expected");
    QTest::addColumn<QList<int>>("lines");
    QTest::addColumn<QStringList>("keys");

    QTest::addRow("setting before any section")
        << QByteArray("region = a\n[default]\nb = 1\n") << QStringLiteral("default>default:b=1")
        << QList<int>{1} << QStringList{QStringLiteral("region")};
    QTest::addRow("line without =")
        << QByteArray("[default]\nregion us-east-1\nb = 1\n")
        << QStringLiteral("default>default:b=1") << QList<int>{2} << QStringList{QString()};
    QTest::addRow("line without a key")
        << QByteArray("[default]\n= value\nb = 1\n") << QStringLiteral("default>default:b=1")
        << QList<int>{2} << QStringList{QString()};
    QTest::addRow("unclosed header keeps its settings out of the previous section")
        << QByteArray("[default]\na = 1\n[profile dev\nb = 2\n[profile ok]\nc = 3\n")
        << QStringLiteral("default>default:a=1 | profile ok>ok:c=3") << QList<int>{3}
        << QStringList{QString()};
    QTest::addRow("text after a header")
        << QByteArray("[default]\na = 1\n[profile dev] extra\nb = 2\n")
        << QStringLiteral("default>default:a=1") << QList<int>{3} << QStringList{QString()};
    QTest::addRow("empty header") << QByteArray("[ ]\na = 1\n[default]\n")
                                  << QStringLiteral("default>default:") << QList<int>{1}
                                  << QStringList{QString()};
    QTest::addRow("profile header without a name")
        << QByteArray("[profile]\na = 1\n[profile  ]\nb = 2\n") << QString() << QList<int>{1, 3}
        << QStringList{QString(), QString()};
    QTest::addRow("profile name with a space") << QByteArray("[profile a b]\na = 1\n") << QString()
                                               << QList<int>{1} << QStringList{QString()};
    QTest::addRow("indented line continuing a value")
        << QByteArray("[default]\nregion = a\n  b = c\nd = e\n")
        << QStringLiteral("default>default:d=e,region=a") << QList<int>{3}
        << QStringList{QStringLiteral("region")};
    QTest::addRow("nested line without =") << QByteArray("[default]\ns3 =\n  junk\n  ok = 1\n")
                                           << QStringLiteral("default>default:s3=,s3.ok=1")
                                           << QList<int>{3} << QStringList{QStringLiteral("s3")};
    QTest::addRow("invalid UTF-8")
        << QByteArray("[default]\nregion = \xFF\xFE\nb = 1\n")
        << QStringLiteral("default>default:b=1") << QList<int>{2} << QStringList{QString()};
    QTest::addRow("line numbers count CRLF once")
        << QByteArray("[default]\r\n\r\nbad\r\nx = 1\r\nworse\n")
        << QStringLiteral("default>default:x=1") << QList<int>{3, 5}
        << QStringList{QString(), QString()};
    QTest::addRow("line numbers count CR")
        << QByteArray("[default]\r\rbad\r") << QStringLiteral("default>default:") << QList<int>{3}
        << QStringList{QString()};
    QTest::addRow("byte order mark does not shift lines")
        << QByteArray("\xEF\xBB\xBFoops = 1\n[default]\n") << QStringLiteral("default>default:")
        << QList<int>{1} << QStringList{QStringLiteral("oops")};
    QTest::addRow("key that looks like a secret is not named")
        << QByteArray("AbCdEfGhIjKlMnOpQrStUvWxYz0123456789ABCD=x\n") << QString() << QList<int>{1}
        << QStringList{QString()};
    QTest::addRow("every broken kind at once")
        << QByteArray("x = 1\n[default]\nnope\n[bad\ny = 2\n[profile ok]\nz = 3\n")
        << QStringLiteral("default>default: | profile ok>ok:z=3") << QList<int>{1, 3, 4}
        << QStringList{QStringLiteral("x"), QString(), QString()};
}

void TestAwsConfigFile::skipsBrokenLinesWithDiagnostics()
{
    QFETCH(QByteArray, text);
    QFETCH(QString, expected);
    QFETCH(QList<int>, lines);
    QFETCH(QStringList, keys);

    const AwsConfigFile file = AwsConfigFile::parse(text, AwsConfigFile::Kind::Config, kFile);
    QCOMPARE(render(file), expected);
    QCOMPARE(diagnosticLines(file), lines);
    QCOMPARE(diagnosticKeys(file), keys);
    for (const AwsConfigDiagnostic &d : file.diagnostics()) {
        QCOMPARE(d.file, kFile);
        QVERIFY2(!d.message.isEmpty(), qPrintable(QString::number(d.line)));
    }
}

void TestAwsConfigFile::diagnosticsNeverContainValues_data()
{
    QTest::addColumn<QByteArray>("text");

    const QByteArray s = kSecret;
    QTest::addRow("value before any section") << "aws_secret_access_key = " + s + "\n[default]\n";
    QTest::addRow("secret alone on a line") << "[default]\n" + s + "\n";
    QTest::addRow("secret as a key") << s + " = x\n";
    QTest::addRow("secret as an empty key's value") << "[default]\n= " + s + "\n";
    QTest::addRow("secret in an unclosed header") << "[default " + s + "\n";
    QTest::addRow("secret after a header") << "[default] " + s + "\n";
    QTest::addRow("secret in a profile name") << "[profile a " + s + "]\n";
    QTest::addRow("secret continuing a value")
        << "[default]\naws_secret_access_key = x\n  " + s + "\n";
    QTest::addRow("secret in a nested block") << "[default]\ns3 =\n  " + s + "\n";
    QTest::addRow("secret on an invalid UTF-8 line") << "[default]\nk = " + s + "\xFF\n";
}

void TestAwsConfigFile::diagnosticsNeverContainValues()
{
    QFETCH(QByteArray, text);

    for (const auto kind : {AwsConfigFile::Kind::Config, AwsConfigFile::Kind::Credentials}) {
        const AwsConfigFile file = AwsConfigFile::parse(text, kind, kFile);
        // (The credentials file takes "[profile a b]" as a name; the config file cannot.)
        if (kind == AwsConfigFile::Kind::Config)
            QVERIFY(!file.diagnostics().isEmpty());
        for (const AwsConfigDiagnostic &d : file.diagnostics()) {
            const QString shown = d.toDisplayString() + d.key;
            QVERIFY2(!shown.contains(QStringLiteral("SECRET")), qPrintable(shown));
            QVERIFY2(!shown.contains(QStringLiteral("wJalrXUtnFEMI")), qPrintable(shown));
        }
    }
}

void TestAwsConfigFile::diagnosticsNameFileAndLine()
{
    const AwsConfigFile file = AwsConfigFile::parse("[default]\nregion = a\n\nbroken line\n",
                                                    AwsConfigFile::Kind::Config, kFile);
    QCOMPARE(file.diagnostics().size(), 1);
    const QString shown = file.diagnostics().constFirst().toDisplayString();
    QVERIFY2(shown.startsWith(kFile + QStringLiteral(":4: ")), qPrintable(shown));
}

void TestAwsConfigFile::summarisesFloodsOfBrokenLines()
{
    QByteArray text("[default]\n");
    for (int i = 0; i < 200; ++i)
        text += "not a setting\n";
    const AwsConfigFile file = AwsConfigFile::parse(text, AwsConfigFile::Kind::Config, kFile);
    QCOMPARE(file.diagnostics().size(), 51);
    QCOMPARE(file.diagnostics().at(49).line, 51);
    // The summary points at the first line it did not list and counts the rest.
    QCOMPARE(file.diagnostics().constLast().line, 52);
    QVERIFY2(file.diagnostics().constLast().message.contains(QStringLiteral("(150 in all)")),
             qPrintable(file.diagnostics().constLast().message));
}

void TestAwsConfigFile::findsSectionsAndProfiles()
{
    const AwsConfigFile config = AwsConfigFile::parse(
        "[profile b]\nx = 1\n[sso-session corp]\n[default]\n[a]\n[profile a]\n",
        AwsConfigFile::Kind::Config);
    QCOMPARE(config.profileNames(),
             QStringList({QStringLiteral("b"), QStringLiteral("default"), QStringLiteral("a")}));
    QVERIFY(config.profile(QStringLiteral("b")));
    QCOMPARE(config.profile(QStringLiteral("b"))->value(QStringLiteral("x")), QStringLiteral("1"));
    QVERIFY(!config.profile(QStringLiteral("corp")));
    QVERIFY(!config.profile(QString()));
    QVERIFY(config.section(QStringLiteral("sso-session corp")));
    QVERIFY(!config.section(QStringLiteral("sso-session corp"))->isProfile());
    // [a] is not a profile in the config file; [profile a] is.
    QCOMPARE(config.profile(QStringLiteral("a"))->name, QStringLiteral("profile a"));
    QCOMPARE(config.section(QStringLiteral("a"))->profileName, QString());

    const AwsConfigFile credentials
        = AwsConfigFile::parse("[b]\n[profile c]\n", AwsConfigFile::Kind::Credentials);
    QCOMPARE(credentials.profileNames(),
             QStringList({QStringLiteral("b"), QStringLiteral("profile c")}));
    QVERIFY(!credentials.profile(QStringLiteral("c")));
}

void TestAwsConfigFile::recordsLinesOfSettings()
{
    const AwsConfigFile file = AwsConfigFile::parse(
        "\n[default]\nregion = a\ns3 =\n  x = 1\n[profile b]\n[default]\nregion = b\n",
        AwsConfigFile::Kind::Config);
    const AwsConfigSection *section = file.profile(QStringLiteral("default"));
    QVERIFY(section);
    QCOMPARE(section->line, 2);
    QCOMPARE(section->values.value(QStringLiteral("region")).line, 8);
    QCOMPARE(section->values.value(QStringLiteral("s3")).line, 4);
    QCOMPARE(section->subsections.value(QStringLiteral("s3")).value(QStringLiteral("x")).line, 5);
    QCOMPARE(file.profile(QStringLiteral("b"))->line, 6);
}

void TestAwsConfigFile::parsesRealisticFile()
{
    QFile fixture(QStringLiteral(MANTLE_TEST_DATA "/awsconfig/realistic/config"));
    QVERIFY2(fixture.open(QIODevice::ReadOnly), qPrintable(fixture.fileName()));
    const AwsConfigFile file
        = AwsConfigFile::parse(fixture.readAll(), AwsConfigFile::Kind::Config, fixture.fileName());
    QCOMPARE(diagnosticLines(file), QList<int>());
    QCOMPARE(file.profileNames(),
             QStringList({QStringLiteral("default"), QStringLiteral("dev"), QStringLiteral("prod"),
                          QStringLiteral("sso-user")}));
    const AwsConfigSection *prod = file.profile(QStringLiteral("prod"));
    QVERIFY(prod);
    QCOMPARE(prod->value(QStringLiteral("role_arn")),
             QStringLiteral("arn:aws:iam::123456789012:role/Prod"));
    QCOMPARE(prod->value(QStringLiteral("region")), QStringLiteral("eu-west-1"));
    const AwsConfigSection *defaults = file.profile(QStringLiteral("default"));
    QCOMPARE(defaults->subsections.value(QStringLiteral("s3"))
                 .value(QStringLiteral("max_concurrent_requests"))
                 .value,
             QStringLiteral("20"));
    QCOMPARE(defaults->value(QStringLiteral("output")), QStringLiteral("json"));
    QVERIFY(file.section(QStringLiteral("sso-session corp")));
}

void TestAwsConfigFile::printableKeysExcludeSecretShapes_data()
{
    QTest::addColumn<QString>("key");
    QTest::addColumn<bool>("printable");

    QTest::addRow("snake case") << QStringLiteral("aws_access_key_id") << true;
    QTest::addRow("lower case") << QStringLiteral("region") << true;
    QTest::addRow("upper snake case") << QStringLiteral("AWS_ACCESS_KEY_ID") << true;
    QTest::addRow("mixed case word")
        << QStringLiteral("wJalrXUtnFEMIK7MDENGbPxRfiCYEXAMPLEKEY") << false;
    QTest::addRow("slash") << QString::fromLatin1(kSecret) << false;
    QTest::addRow("space") << QStringLiteral("a b") << false;
    QTest::addRow("empty") << QString() << false;
    QTest::addRow("too long") << QString(65, QLatin1Char('a')) << false;
}

void TestAwsConfigFile::printableKeysExcludeSecretShapes()
{
    QFETCH(QString, key);
    QFETCH(bool, printable);
    QCOMPARE(mantle::aws::isPrintableAwsConfigKey(key), printable);
}

void TestAwsConfigFile::survivesArbitraryBytes_data()
{
    QTest::addColumn<QByteArray>("text");

    QTest::addRow("lone bracket") << QByteArray("[");
    QTest::addRow("lone close bracket") << QByteArray("]");
    QTest::addRow("lone equals") << QByteArray("=");
    QTest::addRow("brackets only") << QByteArray("[]]][[[]");
    QTest::addRow("NUL bytes") << QByteArray("[def\0ault]\nk\0 = v\0\n\0", 20);
    QTest::addRow("only line ends") << QByteArray("\r\r\n\n\r\n\r");
    QTest::addRow("truncated BOM") << QByteArray("\xEF\xBB");
    QTest::addRow("truncated UTF-8") << QByteArray("[default]\nk = \xE2\x82");
    QTest::addRow("deep indentation")
        << QByteArray("[default]\na =\n") + QByteArray(100000, ' ') + "b = 1\n";
    QTest::addRow("long line") << QByteArray("[default]\nk = ") + QByteArray(1 << 20, 'x');
    QTest::addRow("many sections") << QByteArray("[a]\n").repeated(20000);
    QTest::addRow("many nested lines")
        << QByteArray("[default]\ns3 =\n") + QByteArray("  k = v\n").repeated(20000);
    QTest::addRow("staircase indentation") << [] {
        QByteArray text("[default]\n");
        for (int i = 0; i < 2000; ++i)
            text += QByteArray(i, ' ') + "k" + QByteArray::number(i) + " =\n";
        return text;
    }();
}

void TestAwsConfigFile::survivesArbitraryBytes()
{
    QFETCH(QByteArray, text);
    const qsizetype lines = text.count('\n') + text.count('\r') + 1;
    for (const auto kind : {AwsConfigFile::Kind::Config, AwsConfigFile::Kind::Credentials}) {
        const AwsConfigFile file = AwsConfigFile::parse(text, kind, kFile);
        QVERIFY(file.diagnostics().size() <= 51);
        QVERIFY(file.sections().size() <= lines);
        for (const AwsConfigDiagnostic &d : file.diagnostics())
            QVERIFY(d.line >= 1 && d.line <= lines);
    }
}

void TestAwsConfigFile::survivesRandomBytes()
{
    // Fixed seed: the same inputs every run. Mostly the characters the grammar cares about.
    QRandomGenerator random(20240601);
    static constexpr char kAlphabet[] = "[]=#; \t\r\nprofiledefault\xEF\xBB\xBF\xFF\xC3\x80"
                                        "a0_-";
    for (int round = 0; round < 2000; ++round) {
        QByteArray text(random.bounded(300), Qt::Uninitialized);
        for (char &c : text) {
            c = random.bounded(4) == 0 ? char(random.bounded(256))
                                       : kAlphabet[random.bounded(int(sizeof kAlphabet) - 1)];
        }
        const qsizetype lines = text.count('\n') + text.count('\r') + 1;
        const AwsConfigFile file = AwsConfigFile::parse(
            text, round % 2 ? AwsConfigFile::Kind::Config : AwsConfigFile::Kind::Credentials);
        for (const AwsConfigDiagnostic &d : file.diagnostics())
            QVERIFY(d.line >= 1 && d.line <= lines);
        for (const AwsConfigSection &s : file.sections()) {
            QVERIFY(s.line >= 1 && s.line <= lines);
            QVERIFY(!s.name.isEmpty());
            for (const auto &entry : s.values)
                QVERIFY(entry.line >= s.line);
        }
    }
}

QTEST_GUILESS_MAIN(TestAwsConfigFile)
#include "tst_awsconfigfile.moc"

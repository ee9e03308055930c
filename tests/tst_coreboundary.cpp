// The house rule that keeps mantle_core GUI-free, checked on the sources: every Qt header that a
// file under core/ includes must be one of QtCore's, QtNetwork's or QtDBus's. (The configure step
// checks the link graph too: cmake/MantleCoreGuard.cmake.)

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>
#include <QTest>

namespace {

QStringList allowedIncludeDirs()
{
    return QString::fromUtf8(MANTLE_CORE_QT_INCLUDE_DIRS)
        .split(QLatin1Char('|'), Qt::SkipEmptyParts);
}

/// True when `header` ("QString", "QtCore/QString", "QtWidgets") is shipped by an allowed module.
bool isAllowedQtHeader(const QString &header, const QStringList &dirs)
{
    // The include folders hold Qt's root folder too, where every module has a subfolder:
    // a "QtModule/QHeader" form is judged by its module.
    const qsizetype slash = header.indexOf(QLatin1Char('/'));
    if (slash >= 0) {
        static const QStringList allowedModules{
            QStringLiteral("QtCore"), QStringLiteral("QtNetwork"), QStringLiteral("QtDBus")};
        if (!allowedModules.contains(header.left(slash)))
            return false;
    }
    for (const QString &dir : dirs) {
        if (QFileInfo(dir + QLatin1Char('/') + header).isFile())
            return true;
    }
    return false;
}

} // namespace

class TestCoreBoundary : public QObject
{
    Q_OBJECT

private slots:
    void knowsTheAllowedModules();
    void coreIncludesNoGuiHeaders();
};

void TestCoreBoundary::knowsTheAllowedModules()
{
    const QStringList dirs = allowedIncludeDirs();
    QVERIFY(isAllowedQtHeader(QStringLiteral("QString"), dirs));
    QVERIFY(isAllowedQtHeader(QStringLiteral("QNetworkAccessManager"), dirs));
    // The check can fail: Widgets and Gui headers are not found in the allowed folders.
    QVERIFY(!isAllowedQtHeader(QStringLiteral("QWidget"), dirs));
    QVERIFY(!isAllowedQtHeader(QStringLiteral("QImage"), dirs));
    QVERIFY(!isAllowedQtHeader(QStringLiteral("QtWidgets/QLabel"), dirs));
    QVERIFY(!isAllowedQtHeader(QStringLiteral("QtWidgets"), dirs));
    QVERIFY(!isAllowedQtHeader(QStringLiteral("QtGui"), dirs));
    QVERIFY(isAllowedQtHeader(QStringLiteral("QtCore/QString"), dirs));
}

void TestCoreBoundary::coreIncludesNoGuiHeaders()
{
    const QStringList dirs = allowedIncludeDirs();
    static const QRegularExpression include(
        QStringLiteral(R"(^\s*#\s*include\s*[<"]((?:Qt[A-Za-z]*/)?Q[A-Za-z]+)[>"])"),
        QRegularExpression::MultilineOption);
    QStringList offenders;
    int files = 0;
    QDirIterator it(QStringLiteral(MANTLE_SOURCE_DIR "/core"),
                    {QStringLiteral("*.h"), QStringLiteral("*.cpp")}, QDir::Files,
                    QDirIterator::Subdirectories);
    while (it.hasNext()) {
        QFile f(it.next());
        QVERIFY(f.open(QIODevice::ReadOnly));
        ++files;
        const QString text = QString::fromUtf8(f.readAll());
        auto matches = include.globalMatch(text);
        while (matches.hasNext()) {
            const QString header = matches.next().captured(1);
            if (!isAllowedQtHeader(header, dirs))
                offenders << QStringLiteral("%1: %2").arg(f.fileName(), header);
        }
    }
    QVERIFY(files > 10);
    QVERIFY2(offenders.isEmpty(), qPrintable(offenders.join(QLatin1Char('\n'))));
}

QTEST_GUILESS_MAIN(TestCoreBoundary)
#include "tst_coreboundary.moc"

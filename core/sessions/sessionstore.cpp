#include "sessionstore.h"

#include "common/jsonfieldreader.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonParseError>
#include <QSaveFile>

#include <algorithm>

namespace mantle::sessions {

namespace {

struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(mantle::sessions::SessionStore)
};

// Indented is friendlier to read and to diff; on a 2,000-entry session it costs little against
// the JSON work itself (measured: see tst_sessionstore's largeSessionTimings).
constexpr QJsonDocument::JsonFormat kFileFormat = QJsonDocument::Indented;

constexpr QLatin1String kSuffix(".json");

QString nativePath(const QString &path)
{
    return QDir::toNativeSeparators(path);
}

Error invalidIdError(const QString &id)
{
    return makeError(Error::Kind::InvalidInput, Tr::tr("\"%1\" is not a session id.").arg(id));
}

/// The file's top-level JSON object, or why it cannot be had.
Result<QJsonObject> readJsonObject(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        return makeError(Error::Kind::Io,
                         Tr::tr("Cannot open the session file \"%1\": %2.")
                             .arg(nativePath(path), file.errorString()));
    }
    const QByteArray data = file.readAll();
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(data, &parseError);
    if (parseError.error != QJsonParseError::NoError || !document.isObject()) {
        const QString problem = parseError.error != QJsonParseError::NoError
            ? Tr::tr("%1 at byte %2").arg(parseError.errorString()).arg(parseError.offset)
            : Tr::tr("it is not a JSON object");
        return makeError(Error::Kind::Parse,
                         Tr::tr("The session file \"%1\" is not valid JSON: %2.")
                             .arg(nativePath(path), problem));
    }
    return document.object();
}

/// `error` with the file named in its message; kind, code and hint kept.
Error inFile(Error error, const QString &path)
{
    error.message
        = Tr::tr("The session file \"%1\" cannot be used: %2").arg(nativePath(path), error.message);
    return error;
}

/// The file as a session header (format, version and id checked), or why it is not one.
Result<QJsonObject> readSessionHeader(const QString &path)
{
    Result<QJsonObject> json = readJsonObject(path);
    if (!json)
        return json.error();
    if (Status header = Session::checkHeader(*json); !header)
        return inFile(header.error(), path);
    return json;
}

Status writeFile(const QString &path, const QByteArray &data)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(data) != data.size() || !file.commit()) {
        return makeError(
            Error::Kind::Io,
            Tr::tr("Cannot write the file \"%1\": %2.").arg(nativePath(path), file.errorString()),
            Tr::tr("Check that the folder exists, is writable and has free space."));
    }
    return {};
}

QString idOfFile(const QString &fileName)
{
    return fileName.chopped(kSuffix.size());
}

SessionSummary summarize(const QFileInfo &info)
{
    SessionSummary summary;
    summary.filePath = info.absoluteFilePath();
    summary.id = idOfFile(info.fileName());
    const Result<QJsonObject> json = readSessionHeader(summary.filePath);
    if (!json || !Session::isValidId(summary.id)) {
        summary.title = info.fileName();
        summary.updatedAt = info.lastModified().toUTC();
        summary.problem
            = json ? inFile(invalidIdError(summary.id), summary.filePath) : json.error();
        return summary;
    }
    // Only the header is read here: the sidebar needs no entries. A broken entry is reported
    // when the session is opened.
    std::optional<Error> ignored;
    JsonFieldReader reader(*json, {}, &ignored);
    summary.title = reader.string(QLatin1String("title"));
    summary.updatedAt = reader.time(QLatin1String("updated_at"));
    summary.surface = mantle::apiSurfaceFromName(reader.string(QLatin1String("api")))
                          .value_or(mantle::ApiSurface::ChatCompletions);
    summary.model = reader.string(QLatin1String("model"));
    summary.entryCount = int(reader.array(QLatin1String("entries")).size());
    return summary;
}

bool newestFirst(const SessionSummary &a, const SessionSummary &b)
{
    if (a.updatedAt != b.updatedAt)
        return a.updatedAt > b.updatedAt;
    return a.id < b.id;
}

bool matches(const QJsonObject &json, const QString &text)
{
    if (json.value(QLatin1String("title")).toString().contains(text, Qt::CaseInsensitive))
        return true;
    const QJsonArray entries = json.value(QLatin1String("entries")).toArray();
    return std::any_of(entries.begin(), entries.end(), [&text](const QJsonValue &entry) {
        return entry.toObject()
            .value(QLatin1String("text"))
            .toString()
            .contains(text, Qt::CaseInsensitive);
    });
}

} // namespace

SessionStore::SessionStore(QString directory)
    : m_directory(std::move(directory))
{ }

QString SessionStore::filePath(const QString &id) const
{
    return QDir(m_directory).filePath(id + kSuffix);
}

QList<SessionSummary> SessionStore::list() const
{
    QList<SessionSummary> summaries;
    const QFileInfoList files
        = QDir(m_directory).entryInfoList({QStringLiteral("*.json")}, QDir::Files, QDir::NoSort);
    summaries.reserve(files.size());
    for (const QFileInfo &info : files)
        summaries.append(summarize(info));
    std::sort(summaries.begin(), summaries.end(), newestFirst);
    return summaries;
}

Result<Session> SessionStore::load(const QString &id) const
{
    if (!Session::isValidId(id))
        return invalidIdError(id);
    Result<Session> session = loadFile(filePath(id));
    if (!session)
        return session;
    session->id = id; // the file name names the session, even if the file was copied
    // An answer that was streaming when the app stopped, newer than the file.
    const QString partialPath = partialFilePath(id);
    if (QFileInfo::exists(partialPath)) {
        const Result<QJsonObject> json = readJsonObject(partialPath);
        Result<SessionEntry> entry = json
            ? SessionEntry::fromJson(json->value(QLatin1String("entry")).toObject())
            : Result<SessionEntry>(json.error());
        if (entry) {
            auto same = std::find_if(
                session->entries.begin(), session->entries.end(),
                [&entry](const SessionEntry &known) { return known.id == entry->id; });
            if (same != session->entries.end())
                *same = std::move(entry).value();
            else
                session->entries.append(std::move(entry).value());
        }
    }
    return session;
}

QString SessionStore::partialFilePath(const QString &id) const
{
    return QDir(m_directory).filePath(id + QStringLiteral(".partial"));
}

Status SessionStore::savePartial(const QString &sessionId, const SessionEntry &entry) const
{
    if (!Session::isValidId(sessionId))
        return invalidIdError(sessionId);
    if (!QDir().mkpath(m_directory)) {
        return makeError(
            Error::Kind::Io,
            Tr::tr("Cannot create the sessions folder \"%1\".").arg(nativePath(m_directory)));
    }
    const QJsonObject json{{QStringLiteral("format"), QStringLiteral("mantle-playground-partial")},
                           {QStringLiteral("version"), Session::kFormatVersion},
                           {QStringLiteral("entry"), entry.toJson()}};
    return writeFile(partialFilePath(sessionId),
                     QJsonDocument(json).toJson(QJsonDocument::Compact));
}

Status SessionStore::save(const Session &session) const
{
    if (!Session::isValidId(session.id))
        return invalidIdError(session.id);
    if (!QDir().mkpath(m_directory)) {
        return makeError(
            Error::Kind::Io,
            Tr::tr("Cannot create the sessions folder \"%1\".").arg(nativePath(m_directory)));
    }
    const QString path = filePath(session.id);
    if (QFileInfo::exists(path)) {
        if (Result<QJsonObject> existing = readSessionHeader(path); !existing) {
            // A newer version's file says itself that it is left untouched.
            Error error = existing.error();
            if (error.kind != Error::Kind::Config) {
                error.kind = Error::Kind::Io;
                error.message += QLatin1Char(' ') + Tr::tr("It is not overwritten.");
            }
            return error;
        }
    }
    Status written = writeFile(path, QJsonDocument(session.toJson()).toJson(kFileFormat));
    if (written)
        QFile::remove(partialFilePath(session.id)); // the file now holds it
    return written;
}

Status SessionStore::remove(const QString &id) const
{
    if (!Session::isValidId(id))
        return invalidIdError(id);
    const QString path = filePath(id);
    if (!QFileInfo::exists(path)) {
        return makeError(Error::Kind::Io,
                         Tr::tr("The session file \"%1\" does not exist.").arg(nativePath(path)));
    }
    if (Result<QJsonObject> existing = readSessionHeader(path); !existing) {
        Error error = existing.error();
        error.message += QLatin1Char(' ') + Tr::tr("It is not deleted.");
        error.hint = Tr::tr("Move or delete the file yourself if you no longer need it.");
        return error;
    }
    QFile file(path);
    if (!file.remove()) {
        return makeError(Error::Kind::Io,
                         Tr::tr("Cannot delete the session file \"%1\": %2.")
                             .arg(nativePath(path), file.errorString()));
    }
    QFile::remove(partialFilePath(id));
    return {};
}

Result<Session> SessionStore::duplicate(const QString &id) const
{
    Result<Session> original = load(id);
    if (!original)
        return original;
    Session copy = std::move(original).value();
    copy.id = Session::newId();
    copy.title = Tr::tr("%1 (copy)").arg(copy.title);
    copy.createdAt = QDateTime::currentDateTimeUtc();
    copy.updatedAt = copy.createdAt;
    if (Status saved = save(copy); !saved)
        return saved.error();
    return copy;
}

Status SessionStore::rename(const QString &id, const QString &title) const
{
    Result<Session> session = load(id);
    if (!session)
        return session.error();
    // The time of the last change of the conversation stays: renaming does not move a session
    // to the top of the list.
    session->title = title;
    return save(*session);
}

QStringList SessionStore::search(const QString &text) const
{
    QList<SessionSummary> found;
    const QFileInfoList files
        = QDir(m_directory).entryInfoList({QStringLiteral("*.json")}, QDir::Files, QDir::NoSort);
    for (const QFileInfo &info : files) {
        const QString id = idOfFile(info.fileName());
        if (!Session::isValidId(id))
            continue;
        const Result<QJsonObject> json = readSessionHeader(info.absoluteFilePath());
        if (!json || !matches(*json, text))
            continue;
        SessionSummary summary;
        summary.id = id;
        std::optional<Error> ignored;
        summary.updatedAt = JsonFieldReader(*json, {}, &ignored).time(QLatin1String("updated_at"));
        found.append(summary);
    }
    std::sort(found.begin(), found.end(), newestFirst);
    QStringList ids;
    ids.reserve(found.size());
    for (const SessionSummary &summary : std::as_const(found))
        ids.append(summary.id);
    return ids;
}

Status SessionStore::exportJson(const Session &session, const QString &path)
{
    return writeFile(path, QJsonDocument(session.toJson()).toJson(kFileFormat));
}

Status SessionStore::exportMarkdown(const Session &session, const QString &path)
{
    return writeFile(path, session.toMarkdown().toUtf8());
}

Result<Session> SessionStore::importFile(const QString &path) const
{
    Result<Session> imported = isMarkdownPath(path) ? loadMarkdownFile(path) : loadFile(path);
    if (!imported)
        return imported;
    Session session = std::move(imported).value();
    session.id = Session::newId();
    if (Status saved = save(session); !saved)
        return saved.error();
    return session;
}

bool SessionStore::isMarkdownPath(const QString &path)
{
    return path.endsWith(QLatin1String(".md"), Qt::CaseInsensitive)
        || path.endsWith(QLatin1String(".markdown"), Qt::CaseInsensitive);
}

Result<Session> SessionStore::loadMarkdownFile(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        return makeError(
            Error::Kind::Io,
            Tr::tr("Cannot read \"%1\": %2.").arg(nativePath(path), file.errorString()));
    }
    Result<Session> session = Session::fromMarkdown(QString::fromUtf8(file.readAll()),
                                                    mantle::ApiSurface::ChatCompletions);
    if (!session)
        return inFile(session.error(), path);
    return session;
}

Result<Session> SessionStore::loadFile(const QString &path)
{
    const Result<QJsonObject> json = readJsonObject(path);
    if (!json)
        return json.error();
    Result<Session> session = Session::fromJson(*json);
    if (!session)
        return inFile(session.error(), path);
    return session;
}

} // namespace mantle::sessions

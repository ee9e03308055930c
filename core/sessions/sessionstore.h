#pragma once

#include "common/result.h"
#include "session.h"

#include <QDateTime>
#include <QList>
#include <QString>

namespace mantle::sessions {

/// What the sessions sidebar lists about one session file, without keeping its entries.
struct SessionSummary
{
    QString id;
    QString title;
    QDateTime updatedAt;
    mantle::ApiSurface surface = mantle::ApiSurface::ChatCompletions;
    QString model;
    int entryCount = 0;
    QString filePath;
    /// Set when the file could not be read (corrupt, or written by a newer version): the file is
    /// listed so the user knows, and it is never overwritten or deleted by the store.
    std::optional<Error> problem;

    bool operator==(const SessionSummary &) const = default;
};

/// The sessions on disk: one JSON file per session (`<id>.json`) in one directory (the app's
/// QStandardPaths::AppDataLocation + "/sessions"; tests pass a temporary one). Every write goes
/// through QSaveFile, so a crash, a kill or a full disk leaves either the previous file or the
/// new one, never half of one.
///
/// It does not keep sessions in memory (the window does) and does not watch the directory.
class SessionStore
{
public:
    explicit SessionStore(QString directory);

    QString directory() const { return m_directory; }
    QString filePath(const QString &id) const;

    /// Every `*.json` file of the directory, newest first; unreadable ones with their problem.
    QList<SessionSummary> list() const;
    Result<Session> load(const QString &id) const;
    /// Writes atomically; refuses (and leaves the file alone) when the file on disk is a newer
    /// version or cannot be read as a session, so that nothing the user has is destroyed.
    Status save(const Session &session) const;
    Status remove(const QString &id) const;
    /// Writes the answer that is streaming next to the session file (`<id>.partial`): cheap
    /// whatever the session's length, so it can be done every few seconds while an answer
    /// arrives. load() puts it back into the session when the app stopped before the next
    /// save(), which removes it.
    Status savePartial(const QString &sessionId, const SessionEntry &entry) const;
    QString partialFilePath(const QString &id) const;
    /// A copy with a new id and " (copy)" after the title, saved.
    Result<Session> duplicate(const QString &id) const;
    Status rename(const QString &id, const QString &title) const;
    /// Ids of the sessions whose title or entry texts contain `text` (case-insensitive), newest
    /// first.
    QStringList search(const QString &text) const;

    /// Writes the session to `path` as JSON (the file format) or Markdown (Session::toMarkdown).
    static Status exportJson(const Session &session, const QString &path);
    static Status exportMarkdown(const Session &session, const QString &path);
    /// Reads a session file exported elsewhere (JSON, or Markdown for `.md` and `.markdown`:
    /// Session::fromMarkdown), gives it a new id (so it never replaces one the user has) and
    /// saves it here.
    Result<Session> importFile(const QString &path) const;
    /// Loads a session file from anywhere (for `--session FILE`), without copying it.
    static Result<Session> loadFile(const QString &path);
    /// Reads a Markdown conversation (Session::fromMarkdown) from anywhere.
    static Result<Session> loadMarkdownFile(const QString &path);
    static bool isMarkdownPath(const QString &path);

private:
    QString m_directory;
};

} // namespace mantle::sessions

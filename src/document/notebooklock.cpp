#include "document/notebooklock.h"

#include "core/error.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QLockFile>
#include <QRegularExpression>
#include <QSysInfo>

#include <cerrno>
#include <csignal>
#include <unistd.h>

namespace relulab {

namespace {

// One lock per file however its folder is named (relative, through a link), whether the file
// exists yet or not.
QString targetOf(const QString& path) {
    const QFileInfo file(path);
    const QString folder = QFileInfo(file.absolutePath()).canonicalFilePath();
    return (folder.isEmpty() ? file.absolutePath() : folder) + QLatin1Char('/') + file.fileName();
}

// A save writes the whole notebook to ".NAME.XXXXXX" beside it and renames that over NAME; one
// killed before the rename leaves the temporary behind. Every save holds the lock, so once this
// process holds it, any such file is a dead save's: removed when it is a notebook being written
// (SQLite's header) or still empty, and left alone otherwise.
void removeTemporariesOfDeadSaves(const QString& target) {
    const QFileInfo notebook(target);
    const QDir folder = notebook.absoluteDir();
    const QRegularExpression temporaryName(QStringLiteral("^\\.") +
                                           QRegularExpression::escape(notebook.fileName()) +
                                           QStringLiteral("\\.[A-Za-z0-9_-]{6}$"));
    const QStringList names = folder.entryList(QDir::Files | QDir::Hidden | QDir::NoSymLinks);
    for (const QString& name : names) {
        if (!temporaryName.match(name).hasMatch())
            continue;
        QFile file(folder.filePath(name));
        if (!file.open(QIODevice::ReadOnly))
            continue;
        const QByteArray header = file.read(16);
        file.close();
        if (header.isEmpty() || header == QByteArray("SQLite format 3", 16))
            file.remove();
    }
}

} // namespace

NotebookLock::NotebookLock(const QString& path)
    : m_target(targetOf(path)) {
    m_lock = std::make_unique<QLockFile>(m_target + QStringLiteral(".lock"));
    m_lock->setStaleLockTime(0); // held as long as the notebook is open: stale only if its
                                 // process has ended
    if (m_lock->tryLock(0)) {
        removeTemporariesOfDeadSaves(m_target);
        return;
    }
    if (m_lock->error() != QLockFile::LockFailedError) {
        m_lock.reset(); // no lock file here: nothing can write the notebook either
        return;
    }
    qint64 pid = 0;
    QString host, application;
    std::string holder = "another ReLU Lab";
    if (m_lock->getLockInfo(&pid, &host, &application))
        holder += " (process " + std::to_string(pid) +
                  (host.isEmpty() ? std::string() : " on " + host.toStdString()) + ")";
    throw InvalidInput(path.toStdString(), "is open in " + holder +
                                               ": close it there first (a notebook has one "
                                               "writer, so that no runs are lost)");
}

NotebookLock::~NotebookLock() = default; // QLockFile unlocks

std::optional<long long> NotebookLock::holder(const QString& path) {
    const QLockFile lock(targetOf(path) + QStringLiteral(".lock"));
    qint64 pid = 0;
    QString host, application;
    if (!lock.getLockInfo(&pid, &host, &application) || pid <= 0)
        return std::nullopt;
    if (!host.isEmpty() && host != QSysInfo::machineHostName())
        return std::nullopt; // another machine's: its liveness cannot be told from here
    if (pid == ::getpid())
        return std::nullopt; // this process: what it stores, it knows
    if (::kill(pid_t(pid), 0) != 0 && errno != EPERM)
        return std::nullopt; // left by a process that ended
    return pid;
}

bool NotebookLock::covers(const QString& path) const {
    return targetOf(path) == m_target;
}

} // namespace relulab

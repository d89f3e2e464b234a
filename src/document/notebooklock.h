#pragma once

#include <QString>

#include <memory>
#include <optional>

class QLockFile;

namespace relulab {

// Keeps a notebook to one writer: a ReLU Lab process that has a notebook open to change it (the
// app's window, `relulab run`, `relulab import`) holds a lock file beside it ("NAME.lock"), and
// another one that asks for it is refused with who holds it, instead of saving over the runs
// the first is storing. A lock left by a process that ended (a crash, kill -9) is taken over.
// Where no lock file can be made (a folder that is not writable), there is nothing to guard:
// the notebook can only be read there.
class NotebookLock {
public:
    // Throws InvalidInput(path, "is open in another ReLU Lab ...") when another process holds it.
    explicit NotebookLock(const QString& path);
    ~NotebookLock();
    NotebookLock(const NotebookLock&) = delete;
    NotebookLock& operator=(const NotebookLock&) = delete;

    // The other process that holds the lock of `path` now, if one does (alive, on this
    // machine); reads the lock file and creates nothing.
    static std::optional<long long> holder(const QString& path);

    // Whether `path` names the notebook this lock is for.
    bool covers(const QString& path) const;

private:
    QString m_target; // the notebook's canonical path
    std::unique_ptr<QLockFile> m_lock;
};

} // namespace relulab

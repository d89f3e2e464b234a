#pragma once

#include <QProcess>
#include <QStringList>

namespace relulab::test {

// One run of the relulab executable as a user starts it: exit code (-1 when it crashed or did
// not finish in time) and what it printed.
struct ProcessResult {
    int exitCode = -1;
    QString out;
    QString err;
};

inline ProcessResult runRelulab(const QStringList& arguments, int timeoutMs = 300'000) {
    QProcess process;
    process.start(QStringLiteral(RELULAB_EXECUTABLE), arguments);
    const bool finished = process.waitForFinished(timeoutMs);
    return {finished && process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1,
            QString::fromUtf8(process.readAllStandardOutput()),
            QString::fromUtf8(process.readAllStandardError())};
}

} // namespace relulab::test

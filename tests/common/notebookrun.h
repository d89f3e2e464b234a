#pragma once

#include "document/notebookfile.h"

#include <QDeadlineTimer>
#include <QProcess>
#include <QTest>
#include <QThread>

namespace relulab::test {

// Starts `relulab run FILE --threads 1` and waits (up to a minute, while it runs) until
// `ready(notebook)` says the file holds what the test needs. Fails the test otherwise.
template <typename Ready>
void startRunAndWait(QProcess& process, const QString& path, Ready ready) {
    process.start(QStringLiteral(RELULAB_EXECUTABLE),
                  {QStringLiteral("run"), path, QStringLiteral("--threads"), QStringLiteral("1")});
    QVERIFY(process.waitForStarted());
    QDeadlineTimer deadline(60'000);
    for (;;) {
        QVERIFY2(!deadline.hasExpired(), "no snapshots reached the file");
        QVERIFY(process.state() == QProcess::Running);
        if (ready(notebookfile::load(path)))
            return;
        QThread::msleep(50);
    }
}

} // namespace relulab::test

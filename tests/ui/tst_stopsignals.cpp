// SIGTERM and SIGINT in the app: the signal reaches the event loop, the runs end cancelled and
// stored, unsaved changes go to a recovery copy beside the notebook, and the process exits with
// 128 + the signal's number, leaving no lock behind. Real signals, windows, files and processes.
#include "document/notebookfile.h"
#include "document/templates.h"
#include "ui/mainwindow.h"
#include "ui/notebookdocument.h"
#include "ui/stopsignals.h"

#include <QDir>
#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>

using namespace relulab;

namespace {

// The dead-ReLU lesson with a first experiment that trains far longer than any test waits.
QString writeLongNotebook(const QString& path) {
    Notebook notebook = makeTemplate("dead-relu");
    notebook.experiments[0].settings.steps = 100'000'000;
    notebook.experiments[0].settings.snapshotEvery = 100'000;
    notebookfile::save(notebook, path);
    return path;
}

QStringList recoveryCopies(const QDir& folder) {
    return folder.entryList({QStringLiteral("* (unsaved changes *).relulab")}, QDir::Files);
}

} // namespace

class TestStopSignals : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;

private Q_SLOTS:
    void aSignalArrivesInTheEventLoopAndASecondWouldEndTheProgram() {
        // What was there before (QtTest's own handlers here; the defaults in the app).
        struct sigaction termBefore {
        }, intBefore{};
        sigaction(SIGTERM, nullptr, &termBefore);
        sigaction(SIGINT, nullptr, &intBefore);
        StopSignals stopSignals;
        struct sigaction now {};
        sigaction(SIGTERM, nullptr, &now);
        QVERIFY(now.sa_handler != termBefore.sa_handler);
        QSignalSpy requested(&stopSignals, &StopSignals::stopRequested);
        std::raise(SIGTERM);
        QVERIFY(requested.wait(5000));
        QCOMPARE(requested.first().first().toInt(), SIGTERM);
        sigaction(SIGTERM, nullptr, &now);
        QVERIFY(now.sa_handler == termBefore.sa_handler);
        sigaction(SIGINT, nullptr, &now);
        QVERIFY(now.sa_handler == intBefore.sa_handler);
    }

    void theRunsEndCancelledAndTheEditsAreKeptBesideTheNotebook() {
        const QDir folder(m_dir.filePath(QStringLiteral("stop")));
        QVERIFY(QDir().mkpath(folder.path()));
        const QString path = writeLongNotebook(folder.filePath(QStringLiteral("lesson.relulab")));
        MainWindow window;
        QVERIFY2(window.openNotebook(path), qPrintable(window.lastError()));
        NotebookDocument& document = window.document();
        Experiment edited = document.notebook().experiments[1];
        edited.notes = "an edit never saved";
        document.editExperiment(1, edited, QStringLiteral("notes"));
        document.startRuns({0}, false);
        QTRY_VERIFY_WITH_TIMEOUT(document.runSummary(0, 0).status == RunStatus::Running, 20'000);
        QTest::qWait(300);

        const QStringList report = window.stopForSignal(m_dir.path());
        QCOMPARE(report.size(), 2);
        QVERIFY2(report[0].contains(QStringLiteral("1 cancelled")) && report[0].contains(path),
                 qPrintable(report[0]));
        QVERIFY(!document.isTraining());

        // The notebook's own file: the run, cancelled, and the experiments as last saved.
        const Notebook stored = notebookfile::load(path);
        QCOMPARE(stored.experiments[0].runs.size(), std::size_t(1));
        QCOMPARE(stored.experiments[0].runs[0].result.status, RunStatus::Cancelled);
        QVERIFY(stored.experiments[0].runs[0].result.stepsDone > 0);
        QVERIFY(stored.experiments[1].notes != edited.notes);

        // The recovery copy beside it: the edit and the run.
        const QStringList copies = recoveryCopies(folder);
        QCOMPARE(copies.size(), 1);
        QVERIFY(copies[0].startsWith(QStringLiteral("lesson (unsaved changes ")));
        QVERIFY2(report[1].contains(folder.filePath(copies[0])), qPrintable(report[1]));
        const Notebook recovered = notebookfile::load(folder.filePath(copies[0]));
        QCOMPARE(recovered.experiments[1].notes, edited.notes);
        QCOMPARE(recovered.experiments[0].runs.size(), std::size_t(1));
        QCOMPARE(recovered.experiments[0].runs[0].result.status, RunStatus::Cancelled);
    }

    void anUntitledNotebookIsKeptInTheGivenFolder() {
        const QDir folder(m_dir.filePath(QStringLiteral("untitled")));
        QVERIFY(QDir().mkpath(folder.path()));
        MainWindow window;
        window.newFromTemplate(QStringLiteral("xor"));
        QVERIFY(window.document().isModified() || window.document().path().isEmpty());
        Experiment edited = window.document().notebook().experiments[0];
        edited.notes = "typed before the kill";
        window.document().editExperiment(0, edited, QStringLiteral("notes"));

        const QStringList report = window.stopForSignal(folder.path());
        QCOMPARE(report.size(), 1);
        QVERIFY2(report[0].contains(QStringLiteral("the notebook had no file")),
                 qPrintable(report[0]));
        const QStringList copies = recoveryCopies(folder);
        QCOMPARE(copies.size(), 1);
        QVERIFY(copies[0].startsWith(QStringLiteral("Untitled notebook (unsaved changes ")));
        QCOMPARE(notebookfile::load(folder.filePath(copies[0])).experiments[0].notes, edited.notes);
    }

    void nothingUnsavedWritesNothing() {
        const QDir folder(m_dir.filePath(QStringLiteral("clean")));
        QVERIFY(QDir().mkpath(folder.path()));
        const QString path = writeLongNotebook(folder.filePath(QStringLiteral("clean.relulab")));
        MainWindow window;
        QVERIFY(window.openNotebook(path));
        QVERIFY(window.stopForSignal(folder.path()).isEmpty());
        QVERIFY(recoveryCopies(folder).isEmpty());
    }

    void theAppExitsWith128PlusTheSignalAndLeavesNoLock_data() {
        QTest::addColumn<int>("signal");
        QTest::newRow("SIGTERM") << int(SIGTERM);
        QTest::newRow("SIGINT") << int(SIGINT);
    }

    void theAppExitsWith128PlusTheSignalAndLeavesNoLock() {
        QFETCH(int, signal);
        const QString path =
            writeLongNotebook(m_dir.filePath(QStringLiteral("process-%1.relulab").arg(signal)));
        QProcess app;
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        environment.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
        app.setProcessEnvironment(environment);
        app.start(QStringLiteral(RELULAB_EXECUTABLE), {path});
        QVERIFY(app.waitForStarted(10'000));
        QTRY_VERIFY_WITH_TIMEOUT(QFileInfo::exists(path + QStringLiteral(".lock")), 20'000);
        QTest::qWait(500); // the window is up and its event loop running
        ::kill(pid_t(app.processId()), signal);
        QVERIFY(app.waitForFinished(20'000));
        QCOMPARE(app.exitStatus(), QProcess::NormalExit);
        QCOMPARE(app.exitCode(), 128 + signal);
        QVERIFY2(app.readAllStandardError().contains(signal == SIGINT ? "SIGINT: quitting"
                                                                      : "SIGTERM: quitting"),
                 "no word of the signal");
        QVERIFY(!QFileInfo::exists(path + QStringLiteral(".lock")));
        QVERIFY(!QFileInfo::exists(path + QStringLiteral("-wal")));
    }
};

QTEST_MAIN(TestStopSignals)
#include "tst_stopsignals.moc"

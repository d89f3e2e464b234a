// What `relulab run` and `info` say when things go wrong, as a user sees it: a file that can take
// no more, SIGTERM, a run that diverges, a run training in another process, folders of charts
// whose names slug alike, and file names that are not UTF-8. Real processes and real files.
#include "common/notebookrun.h"
#include "common/relulabprocess.h"
#include "document/notebookfile.h"
#include "document/templates.h"

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>
#include <fcntl.h>
#include <unistd.h>

using namespace relulab;

namespace {

using test::runRelulab;
using Result = test::ProcessResult;

// One short run that ends at once, then one long run with a snapshot every 1,000 steps.
void shortThenLong(const QString& path) {
    Notebook notebook = makeTemplate("linearized-features");
    notebook.experiments.resize(2);
    for (Experiment& e : notebook.experiments)
        e.sweep = {};
    notebook.experiments[0].name = "Short";
    notebook.experiments[0].settings.steps = 2000;
    Experiment& e = notebook.experiments[1];
    e.name = "Long";
    e.settings.architecture.layers[0].units = 40;
    e.settings.steps = 50'000'000; // 50,001 snapshots: under the cap, hours to train
    e.settings.snapshotEvery = 1000;
    notebookfile::save(notebook, path);
}

const RunRecord* runOf(const Notebook& notebook, const std::string& experiment) {
    const Experiment* e = notebook.find(experiment);
    return e && !e->runs.empty() ? &e->runs.back() : nullptr;
}

// Starts `relulab run` and waits until the long run has `snapshots` snapshots in the file.
void startAndWait(QProcess& process, const QString& path, std::size_t snapshots) {
    test::startRunAndWait(process, path, [snapshots](const Notebook& seen) {
        const RunRecord* run = runOf(seen, "Long");
        return run && run->result.snapshots.count >= snapshots;
    });
}

} // namespace

class TestRunFailuresCli : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QString file(const QString& name) const { return m_dir.filePath(name); }

private Q_SLOTS:
    // Finding 1: on a full disk `run` trained on to 100 % and exited 0. Now it stops at the
    // first write that fails, says where, exits 1, and the file opens with the finished run.
    // A file size limit (ulimit -f) fails writes as a full disk does.
    void aFileThatTakesNoMoreStopsTheRuns() {
        const QString path = file(QStringLiteral("full.relulab"));
        shortThenLong(path);
        const qint64 limitKb = QFileInfo(path).size() / 1024 + 1024;
        QProcess process;
        process.start(
            QStringLiteral("bash"),
            {QStringLiteral("-c"),
             QStringLiteral("ulimit -f %1; exec \"$0\" run \"$1\" --threads 1").arg(limitKb),
             QStringLiteral(RELULAB_EXECUTABLE), path});
        QVERIFY(process.waitForFinished(120'000)); // not the hours 50 M steps would take
        const QString err = QString::fromUtf8(process.readAllStandardError());
        qInfo().noquote() << err;
        QCOMPARE(process.exitStatus(), QProcess::NormalExit);
        QVERIFY2(process.exitCode() == 1, qPrintable(err));
        QVERIFY2(err.contains(QStringLiteral("while storing run \"Long\" at step ")),
                 qPrintable(err));
        QVERIFY2(err.contains(QStringLiteral("the runs stored so far are kept")), qPrintable(err));

        const Notebook notebook = notebookfile::load(path);
        const RunRecord* finished = runOf(notebook, "Short");
        QVERIFY(finished);
        QCOMPARE(finished->result.status, RunStatus::Finished);
        QCOMPARE(finished->result.snapshots.steps.back(), 2000L);
        const RunRecord* stopped = runOf(notebook, "Long");
        QVERIFY(stopped);
        QCOMPARE(stopped->result.status, RunStatus::Cancelled);
        QVERIFY(stopped->result.snapshots.count > 10);
        QVERIFY(stopped->result.stepsDone >= stopped->result.snapshots.steps.back());
    }

    // Done when: kill -9 during `run` leaves a file that opens with every finished run intact
    // (the one killed shows as interrupted, as far as its snapshots go).
    void killDashNineKeepsTheFinishedRuns() {
        const QString path = file(QStringLiteral("killed.relulab"));
        shortThenLong(path);
        QProcess process;
        startAndWait(process, path, 5);
        process.kill();
        QVERIFY(process.waitForFinished(30'000));
        const Notebook notebook = notebookfile::load(path);
        const RunRecord* finished = runOf(notebook, "Short");
        QVERIFY(finished);
        QCOMPARE(finished->result.status, RunStatus::Finished);
        QCOMPARE(finished->result.stepsDone, 2000L);
        QCOMPARE(finished->result.snapshots.steps.back(), 2000L);
        QCOMPARE(finished->result.snapshots.count, std::size_t{3}); // steps 1, 1000, 2000
        QCOMPARE(finished->result.finalParameters.n_elem,
                 finished->settings.architecture.parameterCount());
        const RunRecord* killed = runOf(notebook, "Long");
        QVERIFY(killed);
        QCOMPARE(killed->result.status, RunStatus::Cancelled);
        QVERIFY(killed->result.snapshots.count >= 5);
    }

    // Finding 9: SIGTERM killed `run` as kill -9 does (exit 143 from the signal, lock and log
    // left, the run "interrupted"). Now it ends the runs as Ctrl-C does.
    void sigtermEndsTheRunsCleanly() {
        const QString path = file(QStringLiteral("terminated.relulab"));
        shortThenLong(path);
        QProcess process;
        startAndWait(process, path, 5);
        ::kill(pid_t(process.processId()), SIGTERM);
        QVERIFY(process.waitForFinished(30'000));
        QCOMPARE(process.exitStatus(), QProcess::NormalExit);
        QCOMPARE(process.exitCode(), 143);
        QVERIFY(process.readAllStandardError().contains("terminated; stopping the runs"));
        const Notebook notebook = notebookfile::load(path);
        const RunRecord* run = runOf(notebook, "Long");
        QVERIFY(run);
        QCOMPARE(run->result.status, RunStatus::Cancelled);
        QVERIFY(run->result.message.empty()); // cancelled, not interrupted
        QVERIFY(!QFile::exists(path + QStringLiteral(".lock")));
        QVERIFY(!QFile::exists(path + QStringLiteral("-wal")));
    }

    // Finding 11: `info` called a run training in another process "interrupted", showed an
    // interrupted run as "0 steps, 0 s".
    void infoTellsARunTrainingElsewhereFromAnInterruptedOne() {
        const QString path = file(QStringLiteral("elsewhere.relulab"));
        shortThenLong(path);
        QProcess process;
        startAndWait(process, path, 5);
        const Result live = runRelulab({QStringLiteral("info"), path});
        QCOMPARE(live.exitCode, 0);
        QVERIFY2(live.out.contains(QStringLiteral("run Long: running, ")) &&
                     live.out.contains(QStringLiteral("(training in another ReLU Lab (process %1))")
                                           .arg(process.processId())),
                 qPrintable(live.out));
        process.kill();
        QVERIFY(process.waitForFinished(30'000));
        const Notebook notebook = notebookfile::load(path);
        const RunRecord* run = runOf(notebook, "Long");
        QVERIFY(run);
        const long lastStep = run->result.snapshots.steps.back();
        QVERIFY(lastStep >= 4000);
        const Result after = runRelulab({QStringLiteral("info"), path});
        QVERIFY2(
            after.out.contains(QStringLiteral("run Long: cancelled, %1 steps, ").arg(lastStep)),
            qPrintable(after.out));
        QVERIFY2(after.out.contains(QStringLiteral("(interrupted: the program stopped")),
                 qPrintable(after.out));
        QVERIFY2(!after.out.contains(QStringLiteral(" 0 s,")), qPrintable(after.out));
    }

    // A diverged run left `run` at exit 0 and `info` showing its step-1 snapshot as its result.
    void aDivergedRunExitsOneAndInfoSaysWhere() {
        Notebook notebook = makeTemplate("linearized-features");
        notebook.experiments.resize(1);
        Experiment& e = notebook.experiments[0];
        e.sweep = {};
        e.settings.training.optimizer.learningRate = 1e30;
        e.settings.steps = 5000;
        const QString path = file(QStringLiteral("diverged.relulab"));
        notebookfile::save(notebook, path);
        const Result run = runRelulab({QStringLiteral("run"), path});
        QVERIFY2(run.exitCode == 1, qPrintable(run.err));
        QVERIFY2(run.err.contains(QStringLiteral(": diverged: the ")), qPrintable(run.err));
        const Result info = runRelulab({QStringLiteral("info"), path});
        QVERIFY2(info.out.contains(QStringLiteral(": diverged, the ")) &&
                     info.out.contains(QStringLiteral(" at step ")) &&
                     !info.out.contains(QStringLiteral("train batch loss")),
                 qPrintable(info.out));
    }

    // Finding 7: experiments "A/B" and "A B" both wrote --out DIR/a-b/, the second over the
    // first.
    void chartFoldersAreOnePerExperiment() {
        Notebook notebook = makeTemplate("linearized-features");
        notebook.experiments.resize(2);
        for (Experiment& e : notebook.experiments) {
            e.sweep = {};
            e.settings.steps = 2000;
        }
        notebook.experiments[0].name = "A/B";
        notebook.experiments[1].name = "A B";
        const QString path = file(QStringLiteral("slugs.relulab"));
        notebookfile::save(notebook, path);
        const QString out = file(QStringLiteral("slugs"));
        const Result run = runRelulab({QStringLiteral("run"), path, QStringLiteral("--out"), out});
        QVERIFY2(run.exitCode == 0, qPrintable(run.err));
        for (const QString& folder : {QStringLiteral("a-b"), QStringLiteral("a-b-2")}) {
            QFile errors(out + QLatin1Char('/') + folder + QStringLiteral("/errors.csv"));
            QVERIFY2(errors.open(QIODevice::ReadOnly), qPrintable(folder));
        }
        QFile first(out + QStringLiteral("/a-b/errors.csv"));
        QVERIFY(first.open(QIODevice::ReadOnly));
        QVERIFY(first.readAll().contains("A/B"));
    }

    // Finding 12: a file name with bytes that are not UTF-8 became another name (U+FFFD).
    void fileNamesThatAreNotUtf8AreRefused() {
        const QByteArray name = QFile::encodeName(m_dir.path()) + "/caf\xe9.relulab";
        const int fd = ::open(name.constData(), O_CREAT | O_WRONLY, 0644);
        QVERIFY(fd >= 0);
        ::close(fd);
        QProcess process;
        process.start(QStringLiteral("bash"),
                      {QStringLiteral("-c"),
                       QStringLiteral("exec \"$0\" info \"$1\"$'\\xe9.relulab'"),
                       QStringLiteral(RELULAB_EXECUTABLE), m_dir.path() + QStringLiteral("/caf")});
        QVERIFY(process.waitForFinished(30'000));
        ::unlink(name.constData()); // QTemporaryDir cannot name it to remove it
        QCOMPARE(process.exitCode(), 2);
        const QString err = QString::fromUtf8(process.readAllStandardError());
        QVERIFY2(err.contains(QStringLiteral("is not valid UTF-8")), qPrintable(err));
    }
};

QTEST_GUILESS_MAIN(TestRunFailuresCli)
#include "tst_runfailurescli.moc"

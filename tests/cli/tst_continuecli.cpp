// `relulab run NOTEBOOK --experiment NAME --from RUN@STEP` on the linearized-features template:
// a run continued with its experiment's own settings goes on exactly as its parent did (every
// snapshot they share, bit for bit, from the file), one continued in another experiment (the
// output layer trained first, then all layers) starts from the parent's snapshot, the parent is
// stored and shown by `info`, and what cannot be continued exits 2 saying why.
#include "common/relulabprocess.h"
#include "document/notebookfile.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>

using namespace relulab;

namespace {

using test::runRelulab;
using Result = test::ProcessResult;

const QString outputOnly = QStringLiteral("1 hidden layer, output layer only");
const QString allLayers = QStringLiteral("1 hidden layer, all layers");

const RunRecord& runNamed(const Experiment& e, const std::string& label) {
    const auto found = std::ranges::find(e.runs, label, &RunRecord::label);
    if (found == e.runs.end())
        throw std::runtime_error("no run " + label);
    return *found;
}

} // namespace

class TestContinueCli : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QString m_path;

    Result run(const QStringList& arguments) const {
        return runRelulab(QStringList{QStringLiteral("run"), m_path} + arguments);
    }

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(m_dir.isValid());
        m_path = m_dir.filePath(QStringLiteral("continued.relulab"));
        const Result created = runRelulab({QStringLiteral("new"), QStringLiteral("--template"),
                                           QStringLiteral("linearized-features"), m_path});
        QVERIFY2(created.exitCode == 0, qPrintable(created.err));
        for (const QString& experiment : {outputOnly, allLayers}) {
            const Result trained = run({QStringLiteral("--experiment"), experiment});
            QVERIFY2(trained.exitCode == 0, qPrintable(trained.err));
        }
    }

    // With the experiment's settings unchanged, the continued run from step 50000 takes the
    // batches its parent took after it: its snapshots at 100000 .. 150000 are the parent's.
    void continuingUnchangedGoesOnExactly() {
        const Result continued = run({QStringLiteral("--experiment"), outputOnly,
                                      QStringLiteral("--from"), QStringLiteral("width 20@50000")});
        QVERIFY2(continued.exitCode == 0, qPrintable(continued.err));
        const Notebook notebook = notebookfile::load(m_path);
        const Experiment& e = *notebook.find(outputOnly.toStdString());
        const RunRecord& parent = runNamed(e, "width 20");
        const RunRecord& child = runNamed(e, "width 20 from 50000");
        QVERIFY(child.parent);
        QCOMPARE(child.parent->uid, parent.uid);
        QCOMPARE(child.parent->step, 50000L);
        QCOMPARE(child.settings.architecture, parent.settings.architecture);
        const SnapshotSeries& p = parent.result.snapshots;
        const SnapshotSeries& c = child.result.snapshots;
        QCOMPARE(c.steps.front(), 50001L);
        QCOMPARE(c.steps.back(), 200000L);
        QCOMPARE(child.result.stepsDone, 150000L);
        const auto at50000 = std::ranges::find(p.steps, 50000L) - p.steps.begin();
        QVERIFY(
            arma::all(child.result.initialParameters == p.parameters.col(std::size_t(at50000))));
        std::size_t shared = 0;
        for (std::size_t i = 0; i < c.count; ++i) {
            const auto same = std::ranges::find(p.steps, c.steps[i]);
            if (same == p.steps.end())
                continue;
            const std::size_t j = std::size_t(same - p.steps.begin());
            QVERIFY2(arma::all(c.parameters.col(i) == p.parameters.col(j)),
                     qPrintable(QStringLiteral("step %1").arg(c.steps[i])));
            QCOMPARE(c.trainError[i], p.trainError[j]);
            QCOMPARE(c.testError[i], p.testError[j]);
            ++shared;
        }
        QCOMPARE(shared, std::size_t(100)); // 51000 .. 150000
    }

    // The seed's "output layer first, then all layers": another experiment's run, continued
    // with this experiment's settings (all layers train): hidden 1 moves from the snapshot's.
    void continuingInAnotherExperimentTrainsItsWay() {
        const Result continued =
            run({QStringLiteral("--experiment"), allLayers, QStringLiteral("--from"),
                 outputOnly + QStringLiteral("/width 40@150000")});
        QVERIFY2(continued.exitCode == 0, qPrintable(continued.err));
        const Notebook notebook = notebookfile::load(m_path);
        const RunRecord& parent = runNamed(*notebook.find(outputOnly.toStdString()), "width 40");
        const RunRecord& child =
            runNamed(*notebook.find(allLayers.toStdString()), "width 40 from 150000");
        QCOMPARE(child.parent->uid, parent.uid);
        QCOMPARE(child.settings.architecture.layers[0].units, 40);
        QVERIFY(arma::all(child.result.initialParameters == parent.result.finalParameters));
        const arma::uword hidden = child.settings.architecture.slices()[0].end();
        // The output-only parent never moved hidden 1; the child does.
        QVERIFY(arma::all(parent.result.finalParameters.head(hidden) ==
                          parent.result.initialParameters.head(hidden)));
        QVERIFY(arma::any(child.result.finalParameters.head(hidden) !=
                          child.result.initialParameters.head(hidden)));
        const Result info = runRelulab({QStringLiteral("info"), m_path});
        QVERIFY2(info.out.contains(QStringLiteral("continued from \"") + outputOnly +
                                   QStringLiteral(" / width 40\" after step 150000")),
                 qPrintable(info.out));
    }

    void whatCannotBeContinuedExitsWithTwo_data() {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<QString>("message");
        QTest::newRow("no snapshot there")
            << QStringList{QStringLiteral("--experiment"), outputOnly, QStringLiteral("--from"),
                           QStringLiteral("width 10@123")}
            << QStringLiteral("run \"width 10\" has no snapshot at step 123; its snapshots: 1, "
                              "1000, 2000");
        QTest::newRow("no such run")
            << QStringList{QStringLiteral("--experiment"), outputOnly, QStringLiteral("--from"),
                           QStringLiteral("width 11@1000")}
            << QStringLiteral("no run \"width 11\" in experiment \"") + outputOnly;
        QTest::newRow("no step") << QStringList{QStringLiteral("--experiment"), outputOnly,
                                                QStringLiteral("--from"),
                                                QStringLiteral("width 10")}
                                 << QStringLiteral("expected RUN@STEP");
        QTest::newRow("no experiment")
            << QStringList{QStringLiteral("--from"), QStringLiteral("width 10@1000")}
            << QStringLiteral("--from needs exactly one --experiment");
        QTest::newRow("another depth")
            << QStringList{QStringLiteral("--experiment"),
                           QStringLiteral("2 hidden layers, all layers"), QStringLiteral("--from"),
                           outputOnly + QStringLiteral("/width 10@1000")}
            << QStringLiteral("run \"width 10\" has 2 layers on 1 input(s), the experiment 3 on 1");
    }

    void whatCannotBeContinuedExitsWithTwo() {
        QFETCH(QStringList, arguments);
        QFETCH(QString, message);
        const QByteArray before = [this] {
            QFile file(m_path);
            return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
        }();
        const Result refused = run(arguments);
        QCOMPARE(refused.exitCode, 2);
        QVERIFY2(refused.err.contains(message), qPrintable(refused.err));
        QFile file(m_path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        QVERIFY(file.readAll() == before); // nothing stored, nothing changed
    }
};

QTEST_GUILESS_MAIN(TestContinueCli)
#include "tst_continuecli.moc"

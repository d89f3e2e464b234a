// relulab new / run / info / export / import as a user runs them: real processes, real files,
// Ctrl-C and kill -9 in the middle of a run.
#include "common/notebookrun.h"
#include "common/relulabprocess.h"
#include "core/datasetspec.h"
#include "core/network.h"
#include "document/notebookfile.h"
#include "document/templates.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QImage>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>

using namespace relulab;

namespace {

using test::runRelulab;
using Result = test::ProcessResult;

// A notebook with one long run (about a minute) to interrupt.
QString longRunNotebook(const QString& path) {
    Notebook notebook = makeTemplate("linearized-features");
    notebook.experiments.resize(1);
    Experiment& e = notebook.experiments[0];
    e.sweep = {};
    e.settings.architecture.layers[0].units = 40;
    e.settings.steps = 50'000'000; // 50,001 snapshots: under the cap, hours to train
    e.settings.snapshotEvery = 1000;
    notebookfile::save(notebook, path);
    return QString::fromStdString(e.name);
}

// Starts a long run and waits until the file holds at least `snapshots` of its snapshots.
void startAndWait(QProcess& process, const QString& path, std::size_t snapshots) {
    test::startRunAndWait(process, path, [snapshots](const Notebook& seen) {
        return !seen.experiments[0].runs.empty() &&
               seen.experiments[0].runs[0].result.snapshots.count >= snapshots;
    });
}

void checkStoredPrefix(const RunRecord& run) {
    const SnapshotSeries& s = run.result.snapshots;
    QVERIFY(s.count >= 5);
    QCOMPARE(s.steps[0], 1L);
    for (std::size_t i = 1; i < s.count; ++i)
        QCOMPARE(s.steps[i], long(1000 * i)); // no gaps: a prefix of the run
    QVERIFY(s.parameters.is_finite());
    QVERIFY(run.result.finalParameters.is_finite());
}

} // namespace

class TestNotebookCli : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QString file(const QString& name) const { return m_dir.filePath(name); }

private Q_SLOTS:
    void everyTemplateRunsHeadlessWithCharts_data() {
        QTest::addColumn<QString>("name");
        for (const NotebookTemplate& t : notebookTemplates())
            QTest::newRow(t.name.c_str()) << QString::fromStdString(t.name);
    }

    void everyTemplateRunsHeadlessWithCharts() {
        QFETCH(QString, name);
        const QString path = file(name + QStringLiteral(".relulab"));
        const QString out = file(name + QStringLiteral("-charts"));
        Result created =
            runRelulab({QStringLiteral("new"), QStringLiteral("--template"), name, path});
        QVERIFY2(created.exitCode == 0, qPrintable(created.err));
        Result again =
            runRelulab({QStringLiteral("new"), QStringLiteral("--template"), name, path});
        QCOMPARE(again.exitCode, 2); // never replaces a file unasked

        Result run = runRelulab({QStringLiteral("run"), path, QStringLiteral("--out"), out});
        QVERIFY2(run.exitCode == 0, qPrintable(run.err));
        QVERIFY(run.err.contains(QLatin1String("100%")));

        const Notebook notebook = notebookfile::load(path);
        for (const Experiment& e : notebook.experiments) {
            QVERIFY2(!e.runs.empty(), e.name.c_str());
            for (const RunRecord& r : e.runs) {
                QCOMPARE(r.result.status, RunStatus::Finished);
                QVERIFY(r.result.snapshots.count > 0);
            }
        }
        // Every run has its charts; PNGs decode and are not blank; CSV headers name the series.
        QStringList pngs, csvs, tables;
        QDirIterator it(out, {QStringLiteral("*.png"), QStringLiteral("*.csv")}, QDir::Files,
                        QDirIterator::Subdirectories);
        while (it.hasNext()) {
            const QString f = it.next();
            if (f.endsWith(QLatin1String("/predictions.csv")) ||
                f.endsWith(QLatin1String("/parameters.csv")))
                tables << f; // tables, not charts: no picture
            else
                (f.endsWith(QLatin1String(".png")) ? pngs : csvs) << f;
        }
        std::size_t runs = 0;
        for (const Experiment& e : notebook.experiments)
            runs += e.runs.size();
        QVERIFY(std::size_t(pngs.size()) >= 2 * runs);  // errors and gradients at least
        QCOMPARE(std::size_t(tables.size()), 2 * runs); // predictions and parameters
        for (const QString& table : tables) {
            QFile f(table);
            QVERIFY(f.open(QIODevice::ReadOnly));
            const QByteArray header = f.readLine();
            QVERIFY2(header.startsWith("set,sample,") || header.startsWith("layer,kind,"),
                     qPrintable(table));
        }
        QCOMPARE(pngs.size(), csvs.size());
        for (const QString& png : pngs) {
            const QImage image(png);
            QVERIFY2(!image.isNull(), qPrintable(png));
            int drawn = 0;
            for (int y = 0; y < image.height(); ++y)
                for (int x = 0; x < image.width(); ++x)
                    drawn += image.pixel(x, y) != image.pixel(0, 0);
            QVERIFY2(drawn > 5000, qPrintable(png)); // axes, labels and data, not a blank page
        }
        for (const QString& csv : csvs) {
            QFile f(csv);
            QVERIFY(f.open(QIODevice::ReadOnly));
            const QByteArray header = f.readLine();
            // Series as "NAME x,NAME y" pairs; heatmaps (surfaces, confusion) first as x, y and
            // a column each.
            QVERIFY2(header.endsWith(" y\n") || header.endsWith(" y\"\n") ||
                         header.startsWith("x,y,"),
                     qPrintable(csv));
        }
        Result info = runRelulab({QStringLiteral("info"), path});
        QCOMPARE(info.exitCode, 0);
        QVERIFY(info.out.contains(QLatin1String(": finished, ")));
        QVERIFY(!info.out.contains(QLatin1String("failed")));
        // Both train errors, labelled: the last batch's loss and the whole training set's.
        const SnapshotSeries& s = notebook.experiments[0].runs.at(0).result.snapshots;
        QVERIFY(std::isfinite(s.trainSetError[s.count - 1]));
        QVERIFY2(info.out.contains(QStringLiteral("train batch loss %1, train set %2, test ")
                                       .arg(QString::number(s.trainError[s.count - 1], 'g', 4),
                                            QString::number(s.trainSetError[s.count - 1], 'g', 4))),
                 qPrintable(info.out));
    }

    void linearizedFeaturesChartsShowTheFit() {
        const QString out = file(QStringLiteral("linearized-features-charts"));
        const QString run = out + QStringLiteral("/1-hidden-layer-output-layer-only/width-10/");
        for (const char* chart :
             {"fit", "errors", "gradients", "dead_units", "singular_values", "principal_features",
              "hidden_features", "depth_profile", "saturation"})
            QVERIFY2(QFile::exists(run + QLatin1String(chart) + QStringLiteral(".png")), chart);
        // The per-layer charts, once for each layer, named after it.
        for (const char* layer : {"_hidden_1", "_output"})
            for (const char* chart :
                 {"gradient_map", "weight_map", "parameter_features", "parameter_features_init",
                  "histogram_weights", "histogram_gradients", "histogram_preactivations",
                  "histogram_activations", "distribution_weights", "distribution_gradients",
                  "distribution_preactivations", "distribution_activations"}) {
                const QString stem = run + QLatin1String(chart) + QLatin1String(layer);
                QVERIFY2(QFile::exists(stem + QStringLiteral(".png")), qPrintable(stem));
            }
        QVERIFY(!QFile::exists(run + QStringLiteral("gradient_map.png")));
        QVERIFY(!QFile::exists(run + QStringLiteral("depth_profile_output.png")));
        for (const char* overlay : {"depth_profile", "fits", "errors"})
            QVERIFY2(QFile::exists(out + QStringLiteral("/1-hidden-layer-output-layer-only/") +
                                   QLatin1String(overlay) + QStringLiteral(".csv")),
                     overlay);
        for (const char* chart : {"elbow_trajectories", "slope_trajectories"})
            QVERIFY2(QFile::exists(run + QLatin1String(chart) + QStringLiteral(".csv")), chart);
        QFile fit(run + QStringLiteral("fit.csv"));
        QVERIFY(fit.open(QIODevice::ReadOnly));
        const QByteArray header = fit.readLine();
        QVERIFY(header.startsWith("training data x,training data y,ground truth (test) x"));
        QVERIFY(header.contains("unit 9 y,elbows x,elbows y"));
        QCOMPARE(fit.readAll().count('\n'), 1200); // the longest series: the test set
    }

    void exportAndImportThroughTheCli() {
        const QString path = file(QStringLiteral("xor.relulab"));
        const QString json = file(QStringLiteral("relu-net.json"));
        Result exported =
            runRelulab({QStringLiteral("export"), path, json, QStringLiteral("--experiment"),
                        QStringLiteral("ReLU net"), QStringLiteral("--runs")});
        QVERIFY2(exported.exitCode == 0, qPrintable(exported.err));
        Result imported = runRelulab({QStringLiteral("import"), path, json});
        QVERIFY2(imported.exitCode == 0, qPrintable(imported.err));
        const Notebook notebook = notebookfile::load(path);
        QCOMPARE(notebook.experiments.size(), std::size_t{4});
        QCOMPARE(notebook.experiments[3].name, std::string("ReLU net (2)"));
        QCOMPARE(notebook.experiments[3].runs[0].result.snapshots.trainError,
                 notebook.experiments[2].runs[0].result.snapshots.trainError);
        QCOMPARE(notebook.experiments[3].runs[0].result.snapshots.testAccuracy,
                 notebook.experiments[2].runs[0].result.snapshots.testAccuracy);
    }

    // The seed's lesson: the ReLU net labels all four XOR points right, the linear nets cannot.
    // The stored accuracy is checked against the labels of the stored parameters' logits.
    void xorAccuracyShowsWhatSolvedIt() {
        const QString path = file(QStringLiteral("xor.relulab"));
        const Notebook notebook = notebookfile::load(path);
        QVERIFY(notebook.experiments.size() >= 3); // and the ReLU net imported again above
        for (const Experiment& e : notebook.experiments) {
            const RunRecord& run = e.runs.at(0);
            const SnapshotSeries& s = run.result.snapshots;
            QVERIFY(s.count > 1);
            const Dataset data = generateDataset(e.settings.dataset);
            for (std::size_t i = 0; i < s.count; i += s.count - 1) {
                const Network<double> net(run.settings.architecture,
                                          arma::conv_to<arma::vec>::from(s.parameters.col(i)));
                const arma::mat logits = net.predict(data.trainX);
                int right = 0;
                for (arma::uword r = 0; r < logits.n_rows; ++r)
                    right += (logits(r, 0) > 0) == (data.trainY(r, 0) > 0.5);
                QCOMPARE(s.trainAccuracy[i], right / double(logits.n_rows));
            }
            const double last = s.trainAccuracy[s.count - 1];
            QVERIFY2(e.name.starts_with("ReLU net") ? last == 1.0 : last <= 0.75, e.name.c_str());
        }
        const Result info = runRelulab({QStringLiteral("info"), path});
        QCOMPARE(info.exitCode, 0);
        QVERIFY2(info.out.contains(QStringLiteral("accuracy train 100.0%, test 100.0%")),
                 qPrintable(info.out));
    }

    // `relulab run` reports the runs it trained, not the ones the notebook had before.
    void runReportsItsOwnRuns() {
        const QString path = file(QStringLiteral("diverging.relulab"));
        Notebook notebook = makeTemplate("linearized-features");
        notebook.experiments.resize(1);
        Experiment& e = notebook.experiments[0];
        e.sweep = {};
        e.settings.steps = 2000;
        e.settings.training.optimizer.learningRate = 1e6;
        notebookfile::save(notebook, path);
        for (int time = 1; time <= 2; ++time) {
            const Result run = runRelulab({QStringLiteral("run"), path});
            QCOMPARE(run.exitCode, 1); // a script must not take a diverged run for a result
            QCOMPARE(run.err.count(QStringLiteral(": diverged: ")), 1);
            QCOMPARE(notebookfile::load(path).experiments[0].runs.size(), std::size_t(time));
        }
    }

    void badInputExitsWithTwoAndSaysWhere() {
        const QString text = file(QStringLiteral("notes.txt"));
        QFile f(text);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(QByteArray(300, 'a'));
        f.close();
        Result r = runRelulab({QStringLiteral("run"), text});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.startsWith(QStringLiteral("relulab run: ") + text +
                                  QStringLiteral(": is not a ReLU Lab notebook")),
                 qPrintable(r.err));
        r = runRelulab({QStringLiteral("info"), text});
        QCOMPARE(r.exitCode, 2);
        r = runRelulab({QStringLiteral("new"), QStringLiteral("--template"), QStringLiteral("nope"),
                        file(QStringLiteral("x.relulab"))});
        QCOMPARE(r.exitCode, 2);
        QVERIFY(
            r.err.contains(QLatin1String("unknown template \"nope\" (known: linearized-features")));
        r = runRelulab({QStringLiteral("run"), file(QStringLiteral("xor.relulab")),
                        QStringLiteral("--experiment"), QStringLiteral("nope")});
        QCOMPARE(r.exitCode, 2);
        QVERIFY(r.err.contains(QLatin1String("no experiment named \"nope\"")));
        QCOMPARE(QFile(text).size(), 300);
    }

    void ctrlCStopsCleanlyAndKeepsTheSnapshots() {
        const QString path = file(QStringLiteral("interrupted.relulab"));
        longRunNotebook(path);
        QProcess process;
        startAndWait(process, path, 5);
        ::kill(pid_t(process.processId()), SIGINT);
        QVERIFY(process.waitForFinished(30'000));
        QCOMPARE(process.exitCode(), 130);
        const Notebook notebook = notebookfile::load(path);
        const RunRecord& run = notebook.experiments[0].runs[0];
        QCOMPARE(run.result.status, RunStatus::Cancelled);
        QVERIFY(run.result.message.empty());
        checkStoredPrefix(run);
        QVERIFY(!QFile::exists(path + QStringLiteral("-wal"))); // closed cleanly: one file
    }

    void killDashNineLosesAtMostTheLastSnapshots() {
        const QString path = file(QStringLiteral("killed.relulab"));
        longRunNotebook(path);
        QProcess process;
        startAndWait(process, path, 5);
        process.kill(); // SIGKILL: no chance to clean up
        QVERIFY(process.waitForFinished(30'000));
        const Notebook notebook = notebookfile::load(path);
        const RunRecord& run = notebook.experiments[0].runs[0];
        QCOMPARE(run.result.status, RunStatus::Cancelled);
        QVERIFY(
            QString::fromStdString(run.result.message).startsWith(QLatin1String("interrupted")));
        checkStoredPrefix(run);
        // The file is still a notebook that takes more runs: the killed run's lock is stale.
        Result info = runRelulab({QStringLiteral("info"), path});
        QCOMPARE(info.exitCode, 0);
        QVERIFY(QFile::exists(path + QStringLiteral(".lock"))); // left behind by kill -9
        const QString json = file(QStringLiteral("killed.json"));
        QCOMPARE(runRelulab({QStringLiteral("export"), path, json, QStringLiteral("--experiment"),
                             QString::fromStdString(notebook.experiments[0].name)})
                     .exitCode,
                 0);
        const Result import = runRelulab({QStringLiteral("import"), path, json});
        QVERIFY2(import.exitCode == 0, qPrintable(import.err));
        QCOMPARE(notebookfile::load(path).experiments.size(), std::size_t{2});
    }

    // While `relulab run` stores runs into a notebook, another writer is refused with who has it
    // and the file is left to the run; readers may still look.
    void oneWriterANotebook() {
        const QString path = file(QStringLiteral("busy.relulab"));
        const QString name = longRunNotebook(path);
        QProcess process;
        startAndWait(process, path, 2);
        const QString pid = QString::number(process.processId());
        for (const QStringList& writer :
             {QStringList{QStringLiteral("run"), path},
              QStringList{QStringLiteral("import"), path, file(QStringLiteral("any.json"))},
              QStringList{QStringLiteral("new"), QStringLiteral("--force"),
                          QStringLiteral("--template"), QStringLiteral("xor"), path}}) {
            const Result refused = runRelulab(writer);
            QCOMPARE(refused.exitCode, 2);
            QVERIFY2(refused.err.contains(path +
                                          QStringLiteral(": is open in another ReLU Lab "
                                                         "(process ") +
                                          pid),
                     qPrintable(refused.err));
        }
        QCOMPARE(runRelulab({QStringLiteral("info"), path}).exitCode, 0);
        ::kill(pid_t(process.processId()), SIGINT);
        QVERIFY(process.waitForFinished(30'000));
        QCOMPARE(process.exitCode(), 130);
        const Notebook notebook = notebookfile::load(path);
        QCOMPARE(notebook.experiments.size(), std::size_t{1}); // not replaced by xor's
        QCOMPARE(notebook.experiments[0].name, name.toStdString());
        checkStoredPrefix(notebook.experiments[0].runs.at(0));
        QVERIFY(!QFile::exists(path + QStringLiteral(".lock"))); // let go on the way out
    }
};

QTEST_GUILESS_MAIN(TestNotebookCli)
#include "tst_notebookcli.moc"

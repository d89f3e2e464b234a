// `relulab evaluate NOTEBOOK --experiment ...` and `relulab export NOTEBOOK OUT --case` on the
// committed notebook tests/data/stored-runs/stored-runs.relulab (made by its make_notebook.sh),
// against PyTorch's numbers for the same snapshots (its make_fixtures.py): stored parameters,
// not a run trained again, so that the numbers hold on every CPU.
#include "common/fuzzycompare.h"
#include "common/relulabprocess.h"
#include "document/casefile.h"
#include "document/jsonfields.h"
#include "document/notebookfile.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>

using namespace relulab;

namespace {

using test::runRelulab;
using Outcome = test::ProcessResult;

const QString storedRuns = QStringLiteral(RELULAB_TEST_DATA_DIR "/stored-runs/");

QByteArray readFile(const QString& path) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        qFatal("cannot read %s", qPrintable(path));
    return file.readAll();
}

QJsonObject readObject(const QString& path) {
    return json::parse(readFile(path)).object();
}

// --run and --snapshot where the row names them.
QStringList choice(const QString& experiment, const QString& run, const QString& step) {
    QStringList arguments{QStringLiteral("--experiment"), experiment};
    if (!run.isEmpty())
        arguments << QStringLiteral("--run") << run;
    if (!step.isEmpty())
        arguments << QStringLiteral("--snapshot") << step;
    return arguments;
}

// Every file of a folder with a digest of its bytes: what "nothing was written" means.
QMap<QString, QByteArray> folderState(const QString& path) {
    QMap<QString, QByteArray> state;
    const QDir dir(path);
    for (const QString& name : dir.entryList(QDir::Files | QDir::Hidden))
        state.insert(name, QCryptographicHash::hash(readFile(dir.filePath(name)),
                                                    QCryptographicHash::Sha256));
    return state;
}

} // namespace

class TestStoredRunCli : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;
    QString m_notebook; // a copy, so a command that wrote to it could not harm the repository's

    QString path(const QString& name) const { return m_dir.filePath(name); }

    Outcome evaluate(const QString& file, const QStringList& options) {
        return runRelulab(QStringList{QStringLiteral("evaluate"), file} + options);
    }

    // The rows of make_fixtures.py's FIXTURES: a run and step left empty is the default.
    static void fixtureRows() {
        QTest::addColumn<QString>("fixture");
        QTest::addColumn<QString>("experiment");
        QTest::addColumn<QString>("run");
        QTest::addColumn<QString>("step");
        QTest::newRow("7-layer sigmoid, step 100") << "sigmoid_7layers_step100.json"
                                                   << "Sigmoid, 7 layers, constant hidden 3"
                                                   << ""
                                                   << "100";
        QTest::newRow("depth sweep, 4 hidden, step 100") << "sigmoid_sweep_4hidden_step100.json"
                                                         << "Sigmoid depth sweep"
                                                         << "4 hidden"
                                                         << "100";
        QTest::newRow("dead ReLUs, initial parameters") << "relu_negative_step0.json"
                                                        << "ReLU, negative initializer"
                                                        << ""
                                                        << "0";
        QTest::newRow("dead ReLUs, last snapshot") << "relu_negative_last.json"
                                                   << "ReLU, negative initializer"
                                                   << ""
                                                   << "";
        QTest::newRow("xor ReLU net, one output, last snapshot") << "xor_relu_last.json"
                                                                 << "ReLU net"
                                                                 << ""
                                                                 << "";
    }

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(m_dir.isValid());
        m_notebook = path(QStringLiteral("stored-runs.relulab"));
        QVERIFY(QFile::copy(storedRuns + QStringLiteral("stored-runs.relulab"), m_notebook));
    }

    void matchesPyTorch_data() { fixtureRows(); }

    // The snapshot's output, loss, gradients, dead units, gradient norms and (one output)
    // Jacobian and singular values on the run's training set, as PyTorch computed them.
    void matchesPyTorch() {
        QFETCH(QString, fixture);
        QFETCH(QString, experiment);
        QFETCH(QString, run);
        QFETCH(QString, step);
        const QJsonObject expected = readObject(storedRuns + fixture);
        const Outcome outcome = evaluate(m_notebook, choice(experiment, run, step));
        QVERIFY2(outcome.exitCode == 0, qPrintable(outcome.err));
        QVERIFY2(outcome.err.isEmpty(), qPrintable(outcome.err));
        const QJsonObject got = json::parse(outcome.out.toUtf8()).object();
        QCOMPARE(got.value(QLatin1String("network")), expected.value(QLatin1String("network")));
        QCOMPARE(got.value(QLatin1String("loss")), expected.value(QLatin1String("loss")));
        const Architecture network = architectureFromJson(got.value(QLatin1String("network")), "");
        const auto matrix = [](const QJsonObject& o, const char* key) {
            return json::toMatrix(o.value(QLatin1String(key)), key);
        };
        const auto vector = [](const QJsonObject& o, const char* key) {
            return json::toVector(o.value(QLatin1String(key)), key);
        };
        const auto gradients = [&network](const QJsonObject& o) {
            return parametersFromJson(o.value(QLatin1String("loss_gradients")), network, "g");
        };
        RELULAB_COMPARE_RELATIVE(matrix(got, "output"), matrix(expected, "output"), 1e-9);
        RELULAB_COMPARE_RELATIVE(arma::vec{got.value(QLatin1String("loss_value")).toDouble()},
                                 arma::vec{expected.value(QLatin1String("loss_value")).toDouble()},
                                 1e-9);
        RELULAB_COMPARE_RELATIVE(gradients(got), gradients(expected), 1e-9);
        RELULAB_COMPARE_RELATIVE(vector(got, "gradient_norm_per_layer"),
                                 vector(expected, "gradient_norm_per_layer"), 1e-9);
        QCOMPARE(got.value(QLatin1String("dead_units_per_layer")),
                 expected.value(QLatin1String("dead_units_per_layer")));
        QCOMPARE(got.contains(QLatin1String("jacobian")),
                 expected.contains(QLatin1String("jacobian")));
        if (expected.contains(QLatin1String("jacobian"))) {
            RELULAB_COMPARE_RELATIVE(matrix(got, "jacobian"), matrix(expected, "jacobian"), 1e-9);
            RELULAB_COMPARE_RELATIVE(vector(got, "singular_values"),
                                     vector(expected, "singular_values"), 1e-9);
        }
    }

    void exportWritesTheFixturesCase_data() { fixtureRows(); }

    // The case PyTorch was given is the one export writes now: the same parameters and the
    // training set generated again bit for bit.
    void exportWritesTheFixturesCase() {
        QFETCH(QString, fixture);
        QFETCH(QString, experiment);
        QFETCH(QString, run);
        QFETCH(QString, step);
        const QString out = path(QStringLiteral("case.json"));
        const Outcome exported = runRelulab(
            QStringList{QStringLiteral("export"), m_notebook, out, QStringLiteral("--case")} +
            choice(experiment, run, step));
        QVERIFY2(exported.exitCode == 0, qPrintable(exported.err));
        const QJsonObject got = readObject(out);
        const QJsonObject expected = readObject(storedRuns + fixture);
        for (const char* key : {"name", "network", "loss", "parameters", "x", "y"})
            QVERIFY2(got.value(QLatin1String(key)) == expected.value(QLatin1String(key)), key);
    }

    void exportedCaseEvaluatesTheSame_data() {
        QTest::addColumn<QString>("experiment");
        QTest::addColumn<QString>("run");
        QTest::addColumn<QString>("step");
        QTest::addColumn<QStringList>("flags");
        for (const char* dtype : {"float64", "float32"})
            QTest::addRow("sweep run, %s, compact", dtype)
                << "Sigmoid depth sweep"
                << "2 hidden"
                << "250"
                << QStringList{QStringLiteral("--dtype"), QLatin1String(dtype),
                               QStringLiteral("--compact")};
        QTest::addRow("xor, float32")
            << "ReLU net"
            << ""
            << "" << QStringList{QStringLiteral("--dtype"), QStringLiteral("float32")};
        QTest::addRow("dead ReLUs, last") << "ReLU, negative initializer"
                                          << ""
                                          << "" << QStringList{};
    }

    // export --case, then evaluate that file: the very bytes evaluate prints for the notebook.
    void exportedCaseEvaluatesTheSame() {
        QFETCH(QString, experiment);
        QFETCH(QString, run);
        QFETCH(QString, step);
        QFETCH(QStringList, flags);
        const QString out = path(QStringLiteral("roundtrip.json"));
        const QStringList chosen = choice(experiment, run, step);
        const Outcome exported = runRelulab(
            QStringList{QStringLiteral("export"), m_notebook, out, QStringLiteral("--case")} +
            chosen);
        QVERIFY2(exported.exitCode == 0, qPrintable(exported.err));
        const Outcome fromNotebook = evaluate(m_notebook, chosen + flags);
        const Outcome fromCase = evaluate(out, flags);
        QVERIFY2(fromNotebook.exitCode == 0, qPrintable(fromNotebook.err));
        QVERIFY2(fromCase.exitCode == 0, qPrintable(fromCase.err));
        QVERIFY(!fromNotebook.out.isEmpty());
        QCOMPARE(fromCase.out, fromNotebook.out);
    }

    void exportPicksTheStoredParameters_data() {
        QTest::addColumn<QString>("run");
        QTest::addColumn<QString>("step");
        QTest::addColumn<int>("column"); // -1: the initial parameters
        QTest::newRow("step 0: initial") << "2 hidden"
                                         << "0" << -1;
        QTest::newRow("step 1: first snapshot") << "2 hidden"
                                                << "1" << 0;
        QTest::newRow("step 100") << "4 hidden"
                                  << "100" << 10;
        QTest::newRow("default: last") << "1 hidden"
                                       << "" << 50;
    }

    // The parameters of the case are the run's own at that step, as the notebook stores them.
    void exportPicksTheStoredParameters() {
        QFETCH(QString, run);
        QFETCH(QString, step);
        QFETCH(int, column);
        const QString out = path(QStringLiteral("picked.json"));
        const QString experiment = QStringLiteral("Sigmoid depth sweep");
        const Outcome exported = runRelulab(
            QStringList{QStringLiteral("export"), m_notebook, out, QStringLiteral("--case")} +
            choice(experiment, run, step));
        QVERIFY2(exported.exitCode == 0, qPrintable(exported.err));
        const Notebook notebook = notebookfile::load(m_notebook);
        const Experiment& stored = *notebook.find(experiment.toStdString());
        const auto record = std::ranges::find(stored.runs, run.toStdString(), &RunRecord::label);
        QVERIFY(record != stored.runs.end());
        const RunResult& result = record->result;
        const arma::fvec expected = column < 0
                                        ? result.initialParameters
                                        : arma::fvec(result.snapshots.parameters.col(column));
        const EvaluationCase input = readEvaluationCase(out);
        QVERIFY(arma::approx_equal(input.parameters, arma::conv_to<arma::vec>::from(expected),
                                   "absdiff", 0.0));
        QVERIFY(column < 0 ||
                !arma::approx_equal(result.initialParameters, expected, "absdiff", 0.0f));
        const QString name = readObject(out).value(QLatin1String("name")).toString();
        const long atStep = column < 0 ? 0 : result.snapshots.steps[std::size_t(column)];
        QCOMPARE(name, QStringLiteral("Sigmoid depth sweep, run %1, step %2").arg(run).arg(atStep));
    }

    // The defaults are the only run and the last snapshot (the app's last step).
    void defaultsAreTheOnlyRunAndTheLastSnapshot() {
        const QString experiment = QStringLiteral("Sigmoid, 7 layers, constant hidden 3");
        const Outcome last = evaluate(m_notebook, choice(experiment, {}, QStringLiteral("500")));
        const Outcome plain = evaluate(m_notebook, choice(experiment, {}, {}));
        const Outcome named = evaluate(m_notebook, choice(experiment, experiment, {}));
        const Outcome before = evaluate(m_notebook, choice(experiment, {}, QStringLiteral("490")));
        QVERIFY2(last.exitCode == 0, qPrintable(last.err));
        QCOMPARE(plain.out, last.out);
        QCOMPARE(named.out, last.out);
        QVERIFY2(before.exitCode == 0, qPrintable(before.err));
        QVERIFY(before.out != last.out);
    }

    void errorsNameWhatIsMissing_data() {
        QTest::addColumn<QStringList>("options");
        QTest::addColumn<QString>("mentions");
        const QString sigmoid = QStringLiteral("Sigmoid, 7 layers, constant hidden 3");
        const QString sweep = QStringLiteral("Sigmoid depth sweep");
        QTest::newRow("unknown experiment")
            << choice(QStringLiteral("Sigmoid"), {}, {})
            << "no experiment named \"Sigmoid\" (it has \"Single linear layer\", \"Two linear "
               "layers\", \"ReLU net\", \"Sigmoid, 7 layers, constant hidden 3\", \"ReLU, "
               "negative initializer\", \"Sigmoid depth sweep\")";
        QTest::newRow("unknown run")
            << choice(sweep, QStringLiteral("3 hidden"), {})
            << "experiment \"Sigmoid depth sweep\": no run labelled \"3 hidden\" (its runs: "
               "\"1 hidden\", \"2 hidden\", \"4 hidden\")";
        QTest::newRow("sweep without --run")
            << choice(sweep, {}, {})
            << "experiment \"Sigmoid depth sweep\": has 3 runs; choose one with --run LABEL: "
               "\"1 hidden\", \"2 hidden\", \"4 hidden\"";
        QTest::newRow("experiment without runs")
            << choice(QStringLiteral("Single linear layer"), {}, {})
            << "experiment \"Single linear layer\": has no runs yet (train it with relulab run)";
        QTest::newRow("step between snapshots")
            << choice(sigmoid, {}, QStringLiteral("15"))
            << "experiment \"Sigmoid, 7 layers, constant hidden 3\", run \"Sigmoid, 7 layers, "
               "constant hidden 3\": has no snapshot at step 15 (nearest: 10 and 20; its 51 "
               "snapshots are at steps 1 to 500, and step 0 is its initial parameters)";
        QTest::newRow("step past the end")
            << choice(sweep, QStringLiteral("4 hidden"), QStringLiteral("501"))
            << "run \"4 hidden\": has no snapshot at step 501 (nearest: 500; its 51";
        QTest::newRow("step is no number")
            << choice(sigmoid, {}, QStringLiteral("last"))
            << "--snapshot: expects the step of a snapshot (0, 1, 10, ...), got \"last\"";
        QTest::newRow("negative step") << choice(sigmoid, {}, QStringLiteral("-10"))
                                       << "--snapshot: expects the step of a snapshot";
    }

    // Exit 2, nothing on stdout, one line on stderr naming the notebook and what is not in it,
    // from evaluate and from export --case alike; the notebook's folder as it was.
    void errorsNameWhatIsMissing() {
        QFETCH(QStringList, options);
        QFETCH(QString, mentions);
        const QMap<QString, QByteArray> before = folderState(m_dir.path());
        const QString out = path(QStringLiteral("never.json"));
        for (const QStringList& arguments :
             {QStringList{QStringLiteral("evaluate"), m_notebook} + options,
              QStringList{QStringLiteral("export"), m_notebook, out, QStringLiteral("--case")} +
                  options}) {
            const Outcome outcome = runRelulab(arguments);
            QCOMPARE(outcome.exitCode, 2);
            QVERIFY(outcome.out.isEmpty());
            QCOMPARE(outcome.err.count(QLatin1Char('\n')), 1);
            QVERIFY2(outcome.err.contains(mentions), qPrintable(outcome.err));
            if (!mentions.startsWith(QLatin1String("--")))
                QVERIFY2(outcome.err.contains(m_notebook + QStringLiteral(": ")),
                         qPrintable(outcome.err));
        }
        QCOMPARE(folderState(m_dir.path()), before);
    }

    // A run that stored no snapshot (it failed at once).
    void nothingToEvaluate() {
        Notebook notebook = notebookfile::load(m_notebook);
        RunRecord& run = notebook.find("ReLU net")->runs.front();
        run.result.status = RunStatus::Failed;
        run.result.message = "out of memory";
        run.result.snapshots = {};
        const QString edited = path(QStringLiteral("edited.relulab"));
        notebookfile::save(notebook, edited);
        const QByteArray bytes = readFile(edited);
        for (const QString& step : {QString(), QStringLiteral("0")}) {
            const Outcome outcome = evaluate(edited, choice(QStringLiteral("ReLU net"), {}, step));
            QCOMPARE(outcome.exitCode, 2);
            QVERIFY2(outcome.err.contains(edited + QStringLiteral(": experiment \"ReLU net\", run "
                                                                  "\"ReLU net\": has no snapshots "
                                                                  "(it is failed: out of memory)")),
                     qPrintable(outcome.err));
        }
        QCOMPARE(readFile(edited), bytes);
    }

    void notANotebook_data() {
        QTest::addColumn<QByteArray>("content");
        QTest::addColumn<QString>("mentions");
        QTest::newRow("a case file") << readFile(storedRuns + QStringLiteral("xor_relu_last.json"))
                                     << "is not a ReLU Lab notebook (not an SQLite database)";
        QTest::newRow("empty") << QByteArray() << "is empty, not a ReLU Lab notebook";
        QTest::newRow("truncated")
            << readFile(storedRuns + QStringLiteral("stored-runs.relulab")).left(3000)
            << "cannot be read: database disk image is malformed";
    }

    void notANotebook() {
        QFETCH(QByteArray, content);
        QFETCH(QString, mentions);
        const QString file = path(QStringLiteral("not-a-notebook.relulab"));
        QFile f(file);
        QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
        QCOMPARE(f.write(content), content.size());
        f.close();
        const QMap<QString, QByteArray> before = folderState(m_dir.path());
        for (const QStringList& arguments :
             {QStringList{QStringLiteral("evaluate"), file, QStringLiteral("--experiment"),
                          QStringLiteral("ReLU net")},
              QStringList{QStringLiteral("export"), file, path(QStringLiteral("never.json")),
                          QStringLiteral("--experiment"), QStringLiteral("ReLU net"),
                          QStringLiteral("--case")}}) {
            const Outcome outcome = runRelulab(arguments);
            QCOMPARE(outcome.exitCode, 2);
            QVERIFY(outcome.out.isEmpty());
            QVERIFY2(outcome.err.contains(file + QStringLiteral(": ")) &&
                         outcome.err.contains(mentions),
                     qPrintable(outcome.err));
        }
        QCOMPARE(folderState(m_dir.path()), before);
    }

    void badArguments_data() {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<QString>("mentions");
        const QString notebook = QStringLiteral("NOTEBOOK");
        QTest::newRow("a notebook without --experiment")
            << QStringList{QStringLiteral("evaluate"), notebook}
            << "is a notebook; name the experiment to evaluate with --experiment NAME";
        QTest::newRow("--run without --experiment")
            << QStringList{QStringLiteral("evaluate"), notebook, QStringLiteral("--run"),
                           QStringLiteral("4 hidden")}
            << "--run and --snapshot choose a stored run: they need --experiment NAME";
        QTest::newRow("--case with --runs")
            << QStringList{QStringLiteral("export"),   notebook,
                           QStringLiteral("out.json"), QStringLiteral("--experiment"),
                           QStringLiteral("ReLU net"), QStringLiteral("--case"),
                           QStringLiteral("--runs")}
            << "--case writes one snapshot, --runs the whole experiment";
        QTest::newRow("--snapshot without --case")
            << QStringList{QStringLiteral("export"),   notebook,
                           QStringLiteral("out.json"), QStringLiteral("--experiment"),
                           QStringLiteral("ReLU net"), QStringLiteral("--snapshot"),
                           QStringLiteral("0")}
            << "--run and --snapshot choose the snapshot --case writes";
        QTest::newRow("export without --experiment")
            << QStringList{QStringLiteral("export"), notebook, QStringLiteral("out.json"),
                           QStringLiteral("--case")}
            << "--experiment NAME is required";
        QTest::newRow("export over the notebook") << QStringList{QStringLiteral("export"),
                                                                 notebook,
                                                                 notebook,
                                                                 QStringLiteral("--experiment"),
                                                                 QStringLiteral("ReLU net"),
                                                                 QStringLiteral("--case")}
                                                  << "is the notebook itself";
    }

    void badArguments() {
        QFETCH(QStringList, arguments);
        QFETCH(QString, mentions);
        arguments.replaceInStrings(QStringLiteral("NOTEBOOK"), m_notebook);
        arguments.replaceInStrings(QStringLiteral("out.json"), path(QStringLiteral("out.json")));
        const QMap<QString, QByteArray> before = folderState(m_dir.path());
        const Outcome outcome = runRelulab(arguments);
        QCOMPARE(outcome.exitCode, 2);
        QVERIFY(outcome.out.isEmpty());
        QVERIFY2(outcome.err.contains(mentions), qPrintable(outcome.err));
        QCOMPARE(folderState(m_dir.path()), before);
    }

    // A failed export leaves a file already at OUT.json as it was.
    void aFailedExportKeepsTheOldFile() {
        const QString out = path(QStringLiteral("kept.json"));
        QFile file(out);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("{\"old\": true}\n");
        file.close();
        const Outcome outcome =
            runRelulab({QStringLiteral("export"), m_notebook, out, QStringLiteral("--case"),
                        QStringLiteral("--experiment"), QStringLiteral("ReLU net"),
                        QStringLiteral("--snapshot"), QStringLiteral("7")});
        QCOMPARE(outcome.exitCode, 2);
        QCOMPARE(readFile(out), QByteArray("{\"old\": true}\n"));
        QVERIFY(QFile::remove(out));
    }

    void helpSaysHowANotebookIsTold() {
        const Outcome evaluateHelp =
            runRelulab({QStringLiteral("evaluate"), QStringLiteral("--help")});
        QCOMPARE(evaluateHelp.exitCode, 0);
        for (const char* text :
             {"With --experiment, FILE is a notebook", "--run <LABEL>", "--snapshot <STEP>"})
            QVERIFY2(evaluateHelp.out.contains(QLatin1String(text)), text);
        const Outcome exportHelp = runRelulab({QStringLiteral("export"), QStringLiteral("--help")});
        for (const char* text : {"With --case", "--run <LABEL>", "--snapshot <STEP>"})
            QVERIFY2(exportHelp.out.contains(QLatin1String(text)), text);
    }

    // Every command above only read the notebook.
    void cleanupTestCase() {
        QCOMPARE(readFile(m_notebook),
                 readFile(storedRuns + QStringLiteral("stored-runs.relulab")));
    }
};

QTEST_GUILESS_MAIN(TestStoredRunCli)
#include "tst_storedruncli.moc"

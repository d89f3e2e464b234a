// new, info, export and import: the notebook file from the command line.
#include "cli/commandline.h"
#include "cli/commands.h"
#include "cli/storedsnapshot.h"
#include "core/error.h"
#include "document/casefile.h"
#include "document/experimentjson.h"
#include "document/notebookfile.h"
#include "document/notebooklock.h"
#include "document/runplan.h"
#include "document/templates.h"

#include <QCommandLineParser>
#include <QFileInfo>
#include <QTextStream>

#include <cmath>
#include <exception>

namespace relulab::cli {

namespace {

QString qs(const std::string& text) {
    return QString::fromStdString(text);
}

QString number(double value) {
    return std::isfinite(value) ? QString::number(value, 'g', 4) : QStringLiteral("-");
}

// One positional argument or a message; returns false after saying what is wrong.
bool positionals(const QCommandLineParser& parser, const char* command, qsizetype count,
                 QStringList& out) {
    out = parser.positionalArguments();
    if (out.size() == count)
        return true;
    QTextStream(stderr) << "relulab " << command << ": expected " << count << " argument(s), got "
                        << out.size() << " (see --help)\n";
    return false;
}

QString architectureSummary(const Architecture& a) {
    QString text = QString::number(a.inputs);
    for (const LayerSpec& layer : a.layers)
        text += QStringLiteral("-%1").arg(layer.units);
    if (a.layers.size() > 1)
        text += QLatin1Char(' ') +
                QLatin1String(activationKinds.name(a.layers.front().activation.kind));
    return text;
}

// "finished, 5000 steps, train batch loss 0.01, train set 0.009, test 0.02, 1.2 s, cpu-avx2"
// (classifiers add "accuracy train 100.0%, test 97.5%, " before the time):
// the batch's loss before the last snapshot's step, the training and test sets' after it (runs
// of older notebooks have no training set error: "-"). A diverged run has no
// errors to show (its last snapshot is from before it diverged), a run that is not over shows
// how far it got, and one whose time was never stored shows none.
QString runSummary(const RunResult& r) {
    QString text = QLatin1String(runStatusKinds.name(r.status)) + QStringLiteral(", ");
    if (r.status == RunStatus::Diverged)
        return text + qs(r.message);
    const SnapshotSeries& snaps = r.snapshots;
    auto last = [&snaps](const std::vector<double>& values) {
        return number(snaps.count ? values[snaps.count - 1] : NAN);
    };
    text += QStringLiteral("%1 steps, train batch loss %2, train set %3, test %4, ")
                .arg(r.stepsDone)
                .arg(last(snaps.trainError), last(snaps.trainSetError), last(snaps.testError));
    // Classifiers: the share of labels right, on each set ("-" without a test set).
    if (snaps.count > 0 && std::isfinite(snaps.trainAccuracy[snaps.count - 1])) {
        auto percent = [&snaps](const std::vector<double>& values) {
            const double value = values[snaps.count - 1];
            return std::isfinite(value) ? QString::number(100.0 * value, 'f', 1) + QLatin1Char('%')
                                        : QStringLiteral("-");
        };
        text += QStringLiteral("accuracy train %1, test %2, ")
                    .arg(percent(snaps.trainAccuracy), percent(snaps.testAccuracy));
    }
    text += r.wallSeconds > 0 || r.status == RunStatus::Finished
                ? number(r.wallSeconds) + QStringLiteral(" s, ")
                : QString();
    text += qs(r.backend);
    if (!r.message.empty())
        text += QStringLiteral(" (") + qs(r.message) + QLatin1Char(')');
    return text;
}

} // namespace

int newCommand(const QStringList& arguments) {
    QCommandLineParser parser;
    QString description =
        QStringLiteral("Creates a notebook of experiments ready to run.\n\nTemplates:\n");
    for (const NotebookTemplate& t : notebookTemplates())
        description += QStringLiteral("  %1  %2\n").arg(qs(t.name), -20).arg(qs(t.description));
    parser.setApplicationDescription(description);
    parser.addHelpOption();
    parser.addPositionalArgument(QStringLiteral("FILE"), QStringLiteral("the notebook to create"));
    const QCommandLineOption templateOption(
        QStringLiteral("template"), QStringLiteral("the template's name"), QStringLiteral("NAME"));
    const QCommandLineOption forceOption(QStringLiteral("force"),
                                         QStringLiteral("replace FILE if it exists"));
    parser.addOption(templateOption);
    parser.addOption(forceOption);
    if (const auto exitCode = parseOrExit(parser, "new", arguments))
        return *exitCode;
    QStringList files;
    if (!positionals(parser, "new", 1, files))
        return exitBadInput;
    QTextStream err(stderr);
    if (!parser.isSet(templateOption)) {
        err << "relulab new: --template NAME is required (see --help for the names)\n";
        return exitBadInput;
    }
    if (QFileInfo::exists(files[0]) && !parser.isSet(forceOption)) {
        err << "relulab new: " << files[0] << " exists; use --force to replace it\n";
        return exitBadInput;
    }
    try {
        const Notebook notebook = makeTemplate(parser.value(templateOption).toStdString());
        const NotebookLock lock(files[0]); // --force must not replace a notebook open elsewhere
        notebookfile::save(notebook, files[0]);
        QTextStream(stdout) << files[0] << ": " << notebook.experiments.size()
                            << " experiments from template " << parser.value(templateOption)
                            << "\n";
        return exitOk;
    } catch (const InvalidInput& error) {
        err << "relulab new: " << error.what() << "\n";
        return exitBadInput;
    } catch (const std::exception& error) {
        err << "relulab new: " << error.what() << "\n";
        return exitFailure;
    }
}

int infoCommand(const QStringList& arguments) {
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Lists a notebook's experiments and their runs with final errors."));
    parser.addHelpOption();
    parser.addPositionalArgument(QStringLiteral("FILE"), QStringLiteral("the notebook"));
    if (const auto exitCode = parseOrExit(parser, "info", arguments))
        return *exitCode;
    QStringList files;
    if (!positionals(parser, "info", 1, files))
        return exitBadInput;
    try {
        const Notebook notebook = notebookfile::load(files[0]);
        QTextStream out(stdout);
        out << files[0] << ": " << notebook.experiments.size() << " experiment(s)\n";
        int index = 0;
        for (const Experiment& e : notebook.experiments) {
            const ExperimentSettings& s = e.settings;
            out << ++index << ". " << qs(e.name) << "\n   "
                << QLatin1String(datasetKinds.name(s.dataset.kind)) << ", "
                << architectureSummary(s.architecture) << ", "
                << QLatin1String(lossKinds.name(s.loss)) << ", "
                << QLatin1String(optimizerKinds.name(s.training.optimizer.kind)) << " lr "
                << number(s.training.optimizer.learningRate) << ", " << s.steps << " steps";
            if (s.ridgeLambda)
                out << ", ridge " << number(*s.ridgeLambda);
            out << "\n";
            for (const RunRecord& run : e.runs) {
                out << "   run " << qs(run.label) << ": " << runSummary(run.result) << "\n";
                if (run.parent)
                    out << "      " << qs(notebook.describeParent(*run.parent)) << "\n";
            }
        }
        return exitOk;
    } catch (const InvalidInput& error) {
        QTextStream(stderr) << "relulab info: " << error.what() << "\n";
        return exitBadInput;
    }
}

int exportCommand(const QStringList& arguments) {
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Writes one experiment's settings (and with --runs, its runs) to a JSON file.\n\n"
        "With --case, writes instead one snapshot of one of its stored runs (--run, --snapshot)\n"
        "as an evaluation case: the network, loss, parameters (per layer the weight, out x in,\n"
        "then the bias: PyTorch's state_dict order) and the run's training set x, y, which\n"
        "`relulab evaluate OUT.json` reads (and a PyTorch user can load). Either file is\n"
        "written to a temporary file first and renamed, so a failure leaves no half file."));
    parser.addHelpOption();
    parser.addPositionalArgument(QStringLiteral("FILE"), QStringLiteral("the notebook"));
    parser.addPositionalArgument(QStringLiteral("OUT.json"), QStringLiteral("the file to write"));
    const QCommandLineOption experimentOption(QStringLiteral("experiment"),
                                              QStringLiteral("the experiment's name"),
                                              QStringLiteral("NAME"));
    const QCommandLineOption runsOption(QStringLiteral("runs"),
                                        QStringLiteral("include the runs and their snapshots"));
    const QCommandLineOption caseOption(
        QStringLiteral("case"), QStringLiteral("write a run's snapshot as an evaluation case"));
    const QCommandLineOption runChoice = runOption();
    const QCommandLineOption snapshotChoice = snapshotOption();
    parser.addOption(experimentOption);
    parser.addOption(runsOption);
    parser.addOption(caseOption);
    parser.addOption(runChoice);
    parser.addOption(snapshotChoice);
    if (const auto exitCode = parseOrExit(parser, "export", arguments))
        return *exitCode;
    QStringList files;
    if (!positionals(parser, "export", 2, files))
        return exitBadInput;
    QTextStream err(stderr);
    const bool asCase = parser.isSet(caseOption);
    if (asCase && parser.isSet(runsOption)) {
        err << "relulab export: --case writes one snapshot, --runs the whole experiment: choose "
               "one\n";
        return exitBadInput;
    }
    if (!asCase && (parser.isSet(runChoice) || parser.isSet(snapshotChoice))) {
        err << "relulab export: --run and --snapshot choose the snapshot --case writes\n";
        return exitBadInput;
    }
    if (!parser.isSet(experimentOption)) {
        err << "relulab export: --experiment NAME is required (relulab info lists them)\n";
        return exitBadInput;
    }
    // export only reads the notebook: OUT.json must not replace it.
    if (QFileInfo(files[1]).exists() &&
        QFileInfo(files[1]).canonicalFilePath() == QFileInfo(files[0]).canonicalFilePath()) {
        err << "relulab export: " << files[1] << ": is the notebook itself; write elsewhere\n";
        return exitBadInput;
    }
    try {
        if (asCase) {
            const SnapshotCase snapshot = readSnapshotCase(files[0], parser.value(experimentOption),
                                                           optionValue(parser, runChoice),
                                                           optionValue(parser, snapshotChoice));
            const QString name = QStringLiteral("%1, run %2, step %3")
                                     .arg(qs(snapshot.experiment), qs(snapshot.run))
                                     .arg(snapshot.step);
            const QString note = QStringLiteral("A snapshot of a stored run of %1 on its training "
                                                "set, exported by relulab export --case")
                                     .arg(QFileInfo(files[0]).fileName());
            writeCaseFile(evaluationCaseToJson(snapshot.input, name, note), files[1]);
            return exitOk;
        }
        const Notebook notebook = notebookfile::load(files[0]);
        const std::string name = parser.value(experimentOption).toStdString();
        const Experiment* experiment = notebook.find(name);
        if (!experiment) {
            err << "relulab export: " << files[0] << ": no experiment named \"" << qs(name)
                << "\"\n";
            return exitBadInput;
        }
        exportExperiment(*experiment, parser.isSet(runsOption), files[1]);
        return exitOk;
    } catch (const InvalidInput& error) {
        err << "relulab export: " << error.what() << "\n";
        return exitBadInput;
    } catch (const std::exception& error) {
        err << "relulab export: " << error.what() << "\n";
        return exitFailure;
    }
}

int importCommand(const QStringList& arguments) {
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Adds the experiment of a JSON export file to a notebook (its runs too, if it has them).\n"
        "The notebook is replaced atomically; a failed import leaves it as it was."));
    parser.addHelpOption();
    parser.addPositionalArgument(QStringLiteral("FILE"), QStringLiteral("the notebook"));
    parser.addPositionalArgument(QStringLiteral("IN.json"), QStringLiteral("the export file"));
    if (const auto exitCode = parseOrExit(parser, "import", arguments))
        return *exitCode;
    QStringList files;
    if (!positionals(parser, "import", 2, files))
        return exitBadInput;
    QTextStream err(stderr);
    try {
        const NotebookLock lock(files[0]);
        Notebook notebook = notebookfile::load(files[0]);
        Experiment experiment = importExperiment(files[1]);
        // What `run` would refuse is refused now, with its relative CSV paths from the notebook.
        try {
            validateExperiment(
                experiment, generatingDatasets(QFileInfo(files[0]).absolutePath().toStdString()));
        } catch (const InvalidInput& error) {
            throw error.under(files[1].toStdString());
        }
        std::string name = experiment.name;
        for (int copy = 2; notebook.find(name); ++copy)
            name = experiment.name + " (" + std::to_string(copy) + ")";
        experiment.name = name;
        notebook.experiments.push_back(std::move(experiment));
        notebookfile::save(notebook, files[0]);
        QTextStream(stdout) << files[0] << ": imported \"" << qs(name) << "\"\n";
        return exitOk;
    } catch (const InvalidInput& error) {
        err << "relulab import: " << error.what() << "\n";
        return exitBadInput;
    } catch (const std::exception& error) {
        err << "relulab import: " << error.what() << "\n";
        return exitFailure;
    }
}

} // namespace relulab::cli

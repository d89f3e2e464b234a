// relulab run: trains a notebook's experiments headless, storing runs as they go.
#include "cli/commandline.h"
#include "cli/commands.h"
#include "core/error.h"
#include "document/notebookfile.h"
#include "document/notebooklock.h"
#include "document/runsession.h"
#include "plots/chartfiles.h"
#include "plots/runcharts.h"

#include <QCommandLineParser>
#include <QDir>
#include <QFileInfo>
#include <QTextStream>

#include <chrono>
#include <cmath>
#include <csignal>
#include <deque>
#include <exception>
#include <optional>
#include <set>
#include <thread>
#include <unistd.h>

namespace relulab::cli {

namespace {

volatile std::sig_atomic_t stopSignal = 0; // SIGINT or SIGTERM once one came

void onStopSignal(int signal) {
    stopSignal = signal;
    std::signal(signal, SIG_DFL); // a second one stops at once
}

// Ctrl-C and a polite kill (SIGTERM, as from systemd, Slurm or `kill`) end the runs cleanly:
// they are cancelled, stored, and the lock and log removed. Restores the handlers it replaced.
class StopSignals {
public:
    StopSignals()
        : m_int(std::signal(SIGINT, onStopSignal))
        , m_term(std::signal(SIGTERM, onStopSignal)) {
        stopSignal = 0;
    }
    ~StopSignals() {
        std::signal(SIGINT, m_int);
        std::signal(SIGTERM, m_term);
    }
    StopSignals(const StopSignals&) = delete;
    StopSignals& operator=(const StopSignals&) = delete;

private:
    using Handler = void (*)(int);
    Handler m_int, m_term;
};

QString duration(double seconds) {
    if (seconds < 0)
        return QStringLiteral("?");
    if (seconds < 60)
        return QStringLiteral("%1 s").arg(seconds, 0, 'f', seconds < 10 ? 1 : 0);
    return QStringLiteral("%1 min %2 s").arg(int(seconds) / 60).arg(int(seconds) % 60);
}

// A file-system friendly name: letters, digits and dashes.
QString slug(const std::string& name) {
    QString out;
    for (const QChar c : QString::fromStdString(name).toLower()) {
        if (c.isLetterOrNumber())
            out += c;
        else if (!out.endsWith(QLatin1Char('-')))
            out += QLatin1Char('-');
    }
    while (out.endsWith(QLatin1Char('-')))
        out.chop(1);
    return out.isEmpty() ? QStringLiteral("unnamed") : out;
}

// A slug no other folder in `used` has: names that slug alike ("A/B", "A B") get "-2", "-3".
QString uniqueSlug(const std::string& name, std::set<QString>& used) {
    const QString base = slug(name);
    QString candidate = base;
    for (int copy = 2; used.contains(candidate); ++copy)
        candidate = base + QStringLiteral("-%1").arg(copy);
    used.insert(candidate);
    return candidate;
}

class ProgressPrinter {
public:
    ProgressPrinter()
        : m_terminal(isatty(STDERR_FILENO) == 1) {}

    void show(const RunSession::Progress& p, bool last) {
        const double fraction = p.stepsTotal > 0 ? double(p.stepsDone) / double(p.stepsTotal) : 1;
        const int percent = int(std::floor(100.0 * fraction));
        QTextStream err(stderr);
        if (m_terminal) {
            constexpr int width = 30;
            const int filled = int(fraction * width);
            err << "\r[" << QString(filled, QLatin1Char('#'))
                << QString(width - filled, QLatin1Char('.')) << "] " << qSetFieldWidth(3) << percent
                << qSetFieldWidth(0) << "%  " << p.runsDone << "/" << p.runs << " runs  "
                << (last ? QStringLiteral("in ") + duration(p.elapsedSeconds)
                         : QStringLiteral("ETA ") + duration(p.etaSeconds))
                << "   " << (last ? "\n" : "");
            err.flush();
            return;
        }
        // Plain lines for logs: every 10 % or 10 s.
        if (!last && percent < m_lastPercent + 10 && p.elapsedSeconds < m_lastTime + 10)
            return;
        m_lastPercent = percent;
        m_lastTime = p.elapsedSeconds;
        err << "relulab run: " << percent << "% (" << p.runsDone << "/" << p.runs << " runs, "
            << duration(p.elapsedSeconds) << " elapsed"
            << (last ? QString() : QStringLiteral(", ETA ") + duration(p.etaSeconds)) << ")\n";
    }

private:
    bool m_terminal;
    int m_lastPercent = -10;
    double m_lastTime = -10;
};

void writeCharts(const Notebook& notebook, const std::vector<std::size_t>& experiments,
                 const QString& notebookPath, const QString& out) {
    const std::string baseDirectory = QFileInfo(notebookPath).absolutePath().toStdString();
    std::set<QString> experimentFolders;
    for (std::size_t index : experiments) {
        const Experiment& e = notebook.experiments[index];
        const QString folder = out + QLatin1Char('/') + uniqueSlug(e.name, experimentFolders);
        if (!QDir().mkpath(folder))
            throw std::runtime_error(folder.toStdString() + ": cannot create the folder");
        std::vector<const RunRecord*> runs;
        for (const RunRecord& run : e.runs)
            runs.push_back(&run);
        writeChartFiles(errorsOverlay(runs, "Errors: " + e.name),
                        folder + QStringLiteral("/errors"));
        std::deque<Dataset> datasets;
        std::vector<const Dataset*> data;
        std::vector<const RunRecord*> trained;
        for (const RunRecord& run : e.runs)
            if (run.result.snapshots.count > 0) {
                trained.push_back(&run);
                data.push_back(
                    &datasets.emplace_back(generateDataset(run.settings.dataset, baseDirectory)));
            }
        if (!trained.empty()) // at each run's last snapshot: where a depth sweep's vanishes
            writeChartFiles(depthProfileOverlay(trained, data,
                                                std::vector<long>(trained.size(), -1),
                                                "Gradient norm through the depth: " + e.name),
                            folder + QStringLiteral("/depth_profile"));
        if (!trained.empty() && trained.front()->settings.architecture.inputs == 1 &&
            trained.front()->settings.architecture.outputs() == 1) // 1-D: a width sweep's fits
            writeChartFiles(fitsOverlay(trained, data, std::vector<long>(trained.size(), -1),
                                        "Fits: " + e.name),
                            folder + QStringLiteral("/fits"));
        std::set<QString> runFolders{QStringLiteral("errors"), QStringLiteral("depth_profile"),
                                     QStringLiteral("fits")};
        for (const RunRecord& run : e.runs) {
            const Dataset data = generateDataset(run.settings.dataset, baseDirectory);
            const QString runFolder = folder + QLatin1Char('/') + uniqueSlug(run.label, runFolders);
            if (!QDir().mkpath(runFolder))
                throw std::runtime_error(runFolder.toStdString() + ": cannot create the folder");
            for (const Chart& chart : titledWithRun(runChartsOfEveryLayer(run, data), run))
                writeChartFiles(chart,
                                runFolder + QLatin1Char('/') + QString::fromStdString(chart.id));
            for (const Table& table : panelTables(Panel::Predictions, run, data))
                writeTableFile(table, runFolder + QLatin1Char('/') +
                                          QString::fromStdString(table.id) +
                                          QStringLiteral(".csv"));
        }
    }
}

} // namespace

int runCommand(const QStringList& arguments) {
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Trains the experiments of a notebook (all of them, or those named with --experiment),\n"
        "storing each run's snapshots in the notebook as they are produced. Ctrl-C or SIGTERM\n"
        "stops the runs and keeps what they did (exit 130 or 143). A run that fails or\n"
        "diverges, or a notebook that cannot store more (a full disk), ends with exit 1.\n"
        "With --out, writes every chart of each run as CSV and PNG into\n"
        "DIR/<experiment>/<run>/. With --from RUN@STEP, one run continues that run\n"
        "from its snapshot: the output layer trained first, then all layers, say."));
    parser.addHelpOption();
    parser.addPositionalArgument(QStringLiteral("FILE"), QStringLiteral("the notebook"));
    const QCommandLineOption experimentOption(
        QStringLiteral("experiment"), QStringLiteral("run only this experiment (repeatable)"),
        QStringLiteral("NAME"));
    const QCommandLineOption outOption(QStringLiteral("out"),
                                       QStringLiteral("write the charts into this folder"),
                                       QStringLiteral("DIR"));
    const QCommandLineOption threadsOption(QStringLiteral("threads"),
                                           QStringLiteral("worker threads (default: every core)"),
                                           QStringLiteral("N"), QStringLiteral("0"));
    const QCommandLineOption fromOption(
        QStringLiteral("from"),
        QStringLiteral("continue run RUN (or EXPERIMENT/RUN) from its snapshot after STEP,\n"
                       "as one new run of the one --experiment, with that experiment's\n"
                       "settings as they are now (steps: how many more)"),
        QStringLiteral("RUN@STEP"));
    const QCommandLineOption backend = backendOption(QStringLiteral("auto"));
    parser.addOption(experimentOption);
    parser.addOption(fromOption);
    parser.addOption(outOption);
    parser.addOption(threadsOption);
    parser.addOption(backend);
    if (const auto exitCode = parseOrExit(parser, "run", arguments))
        return *exitCode;
    QTextStream err(stderr);
    const QStringList files = parser.positionalArguments();
    if (files.size() != 1) {
        err << "relulab run: expected one notebook file, got " << files.size() << "\n";
        return exitBadInput;
    }
    bool threadsOk = false;
    const int threads = parser.value(threadsOption).toInt(&threadsOk);
    if (!threadsOk || threads < 0 || threads > 1024) {
        err << "relulab run: --threads must be a number from 0 to 1024\n";
        return exitBadInput;
    }
    const std::optional<BackendSelection> selection = selectBackend(parser.value(backend), "run");
    if (!selection)
        return exitBadInput;
    const QString& path = files[0];
    try {
        const NotebookLock lock(path); // no other writer while the runs are stored
        Notebook notebook = notebookfile::load(path);
        std::vector<std::size_t> chosen;
        if (parser.isSet(experimentOption)) {
            for (const QString& name : parser.values(experimentOption)) {
                const Experiment* e = notebook.find(name.toStdString());
                if (!e) {
                    err << "relulab run: " << path << ": no experiment named \"" << name << "\"\n";
                    return exitBadInput;
                }
                chosen.push_back(static_cast<std::size_t>(e - notebook.experiments.data()));
            }
        } else {
            for (std::size_t i = 0; i < notebook.experiments.size(); ++i)
                chosen.push_back(i);
        }

        std::optional<RunSession::Continuation> continuation;
        if (parser.isSet(fromOption)) {
            if (chosen.size() != 1 || !parser.isSet(experimentOption)) {
                err << "relulab run: --from needs exactly one --experiment\n";
                return exitBadInput;
            }
            const QString from = parser.value(fromOption);
            const qsizetype at = from.lastIndexOf(QLatin1Char('@'));
            bool stepOk = false;
            const long step = at > 0 ? from.mid(at + 1).toLong(&stepOk) : 0;
            if (!stepOk || step < 0) {
                err << "relulab run: --from \"" << from
                    << "\": expected RUN@STEP, a run's label and a snapshot's step\n";
                return exitBadInput;
            }
            // RUN is a run of the experiment, or EXPERIMENT/RUN another experiment's.
            const std::string label = from.left(at).toStdString();
            for (std::size_t e = 0; e < notebook.experiments.size() && !continuation; ++e) {
                const Experiment& owner = notebook.experiments[e];
                const std::string prefix = e == chosen[0] ? "" : owner.name + "/";
                if (label.rfind(prefix, 0) != 0)
                    continue;
                const auto parent =
                    std::ranges::find(owner.runs, label.substr(prefix.size()), &RunRecord::label);
                if (parent != owner.runs.end())
                    continuation = RunSession::Continuation{
                        chosen[0], e, std::size_t(parent - owner.runs.begin()), step};
            }
            if (!continuation) {
                err << "relulab run: " << path << ": no run \"" << QString::fromStdString(label)
                    << "\" in experiment \""
                    << QString::fromStdString(notebook.experiments[chosen[0]].name)
                    << "\" (another experiment's: EXPERIMENT/RUN)\n";
                return exitBadInput;
            }
        }

        // What this command adds: the runs of the chosen experiments past those they had.
        std::vector<std::size_t> runsBefore;
        for (std::size_t index : chosen)
            runsBefore.push_back(notebook.experiments[index].runs.size());
        auto forEachNewRun = [&](auto visit) {
            for (std::size_t c = 0; c < chosen.size(); ++c) {
                const Experiment& experiment = notebook.experiments[chosen[c]];
                for (std::size_t r = runsBefore[c]; r < experiment.runs.size(); ++r)
                    visit(experiment, experiment.runs[r]);
            }
        };

        ProgressPrinter printer;
        int stoppedBy = 0; // the signal that stopped the runs
        std::string storageError;
        {
            const StopSignals signals;
            std::optional<RunSession> running;
            if (continuation)
                running.emplace(notebook, *continuation, threads, path, selection->accelerator);
            else
                running.emplace(notebook, chosen, threads, path, true, selection->accelerator);
            RunSession& session = *running;
            while (session.poll()) {
                if (stopSignal && !stoppedBy) {
                    session.cancel();
                    stoppedBy = stopSignal;
                    err << "\nrelulab run: " << (stoppedBy == SIGINT ? "interrupted" : "terminated")
                        << "; stopping the runs and keeping their snapshots\n";
                    err.flush();
                }
                if (!session.storageError().empty() && storageError.empty()) {
                    // Training on would only lose more: stop, keeping what the file has.
                    session.cancel();
                    storageError = session.storageError();
                    err << "\nrelulab run: " << path << ": " << QString::fromStdString(storageError)
                        << "; stopping the runs; the runs stored so far are kept\n";
                    err.flush();
                }
                printer.show(session.progress(), false);
                std::this_thread::sleep_for(std::chrono::milliseconds(100));
            }
            printer.show(session.progress(), true);
        }

        // Runs that the GPU asked for could not take, once per reason.
        std::set<std::string> notes;
        forEachNewRun([&](const Experiment& experiment, const RunRecord& run) {
            if (!run.result.backendNote.empty() && notes.insert(run.result.backendNote).second)
                err << "relulab run: " << QString::fromStdString(experiment.name) << " / "
                    << QString::fromStdString(run.label)
                    << " (and any like it): " << QString::fromStdString(run.result.backendNote)
                    << "\n";
        });
        int failed = 0;
        forEachNewRun([&](const Experiment& experiment, const RunRecord& run) {
            if (run.result.status != RunStatus::Failed && run.result.status != RunStatus::Diverged)
                return;
            err << "relulab run: " << QString::fromStdString(experiment.name) << " / "
                << QString::fromStdString(run.label) << ": "
                << QLatin1String(runStatusKinds.name(run.result.status)) << ": "
                << QString::fromStdString(run.result.message) << "\n";
            ++failed; // a diverged run has no result to show either
        });
        if (parser.isSet(outOption)) {
            writeCharts(notebook, chosen, path, parser.value(outOption));
            err << "relulab run: charts written to " << parser.value(outOption) << "\n";
        }
        if (!storageError.empty())
            return exitFailure;
        if (stoppedBy)
            return 128 + stoppedBy; // as a shell reports a process its signal ended: 130, 143
        return failed > 0 ? exitFailure : exitOk;
    } catch (const InvalidInput& error) {
        err << "relulab run: "
            << (error.where().rfind(path.toStdString(), 0) == 0 ? QString()
                                                                : path + QStringLiteral(": "))
            << error.what() << "\n";
        return exitBadInput;
    } catch (const std::exception& error) {
        err << "relulab run: " << path << ": " << error.what() << "\n";
        return exitFailure;
    }
}

} // namespace relulab::cli

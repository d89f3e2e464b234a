#include "cli/commandline.h"
#include "cli/commands.h"
#include "core/jacobian.h"
#include "runner/homework.h"
#include "runner/runner.h"
#include "runner/trainrun.h"

#include <QCommandLineParser>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTextStream>

#include <chrono>
#include <sys/resource.h>

namespace relulab::cli {

namespace {

using Clock = std::chrono::steady_clock;

double secondsSince(Clock::time_point start) {
    return std::chrono::duration<double>(Clock::now() - start).count();
}

double peakMemoryMb() {
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return static_cast<double>(usage.ru_maxrss) / 1024.0; // kB on Linux
}

// The per-sample Jacobian on the training points and its thin SVD, best of a few tries.
double jacobianSvdMilliseconds(int hiddenLayers, int width,
                               const std::shared_ptr<const Dataset>& data) {
    const RunSpec spec = linearizedFeaturesRun(hiddenLayers, width, false, 1, data);
    Network<double> network(spec.architecture);
    initializeNetwork(network, spec.initializers, spec.initSeed);
    double best = 1e300;
    for (int attempt = 0; attempt < 5; ++attempt) {
        const auto start = Clock::now();
        const JacobianSvd<double> svd = thinSvd(outputJacobian(network, data->trainX));
        best = std::min(best, secondsSince(start) * 1e3);
        if (svd.singularValues.is_empty())
            return -1;
    }
    return best;
}

} // namespace

int benchCommand(const QStringList& arguments) {
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Runs the homework workload (HW1 Q5: piecewise-linear data, batch 40 of 200 without\n"
        "replacement, SGD lr 0.02 on all layers, snapshots with the full test MSE every 1000\n"
        "steps) for widths 10, 20, 40 and 1 and 2 hidden layers, one thread per run; then the\n"
        "whole linearized-features notebook (both depths and training modes, 3 widths) on all\n"
        "threads, and the per-sample Jacobian with its SVD."));
    parser.addHelpOption();
    const QCommandLineOption jsonOption(QStringLiteral("json"), QStringLiteral("print JSON"));
    const QCommandLineOption stepsOption(QStringLiteral("steps"),
                                         QStringLiteral("steps per run (default 150000)"),
                                         QStringLiteral("N"), QStringLiteral("150000"));
    const QCommandLineOption threadsOption(
        QStringLiteral("threads"), QStringLiteral("threads for the notebook (default: all)"),
        QStringLiteral("N"), QStringLiteral("0"));
    const QCommandLineOption generalOption(
        QStringLiteral("general"), QStringLiteral("use the general path, not the fast kernels"));
    parser.addOptions({jsonOption, stepsOption, threadsOption, generalOption});

    QTextStream err(stderr);
    if (!parser.parse(QStringList{QStringLiteral("relulab bench")} + arguments)) {
        err << "relulab bench: " << parser.errorText() << "\n";
        return exitBadInput;
    }
    if (parser.isSet(QStringLiteral("help"))) {
        QTextStream(stdout) << parser.helpText();
        return exitOk;
    }
    bool stepsOk = false, threadsOk = false;
    const long steps = parser.value(stepsOption).toLong(&stepsOk);
    const int threads = parser.value(threadsOption).toInt(&threadsOk);
    if (!stepsOk || steps < 1) {
        err << "relulab bench: --steps must be a whole number >= 1\n";
        return exitBadInput;
    }
    if (!threadsOk || threads < 0) {
        err << "relulab bench: --threads must be a whole number >= 0\n";
        return exitBadInput;
    }
    const bool json = parser.isSet(jsonOption);
    const bool general = parser.isSet(generalOption);
    QTextStream out(stdout);

    const auto data =
        std::make_shared<const Dataset>(homeworkDataset(TargetFunction::PiecewiseLinear));
    QJsonArray cases;
    if (!json)
        out << "layers width     steps  seconds   steps/s  final_test_mse  backend\n";
    for (int layers : {1, 2}) {
        for (int width : {10, 20, 40}) {
            RunSpec spec = linearizedFeaturesRun(layers, width, false, steps, data);
            spec.allowFastKernel = !general;
            RunProgress progress;
            const RunResult result = trainRun(spec, progress);
            if (result.status != RunStatus::Finished) {
                err << "relulab bench: run " << QString::fromStdString(spec.name) << " "
                    << QString::fromLatin1(runStatusName(result.status)) << ": "
                    << QString::fromStdString(result.message) << "\n";
                return exitFailure;
            }
            const double rate = static_cast<double>(steps) / result.wallSeconds;
            const double testMse = result.snapshots.testError[result.snapshots.count - 1];
            cases.append(
                QJsonObject{{QStringLiteral("layers"), layers},
                            {QStringLiteral("width"), width},
                            {QStringLiteral("steps"), static_cast<qint64>(steps)},
                            {QStringLiteral("seconds"), result.wallSeconds},
                            {QStringLiteral("steps_per_s"), rate},
                            {QStringLiteral("final_test_mse"), testMse},
                            {QStringLiteral("backend"), QString::fromStdString(result.backend)}});
            if (!json)
                out << QStringLiteral("%1 %2 %3 %4 %5 %6  %7\n")
                           .arg(layers, 6)
                           .arg(width, 5)
                           .arg(steps, 9)
                           .arg(result.wallSeconds, 8, 'f', 3)
                           .arg(rate, 9, 'f', 0)
                           .arg(testMse, 14, 'g', 5)
                           .arg(QString::fromStdString(result.backend));
            out.flush();
        }
    }

    std::vector<RunSpec> notebook;
    for (int layers : {1, 2})
        for (bool outputOnly : {true, false})
            for (int width : {10, 20, 40}) {
                notebook.push_back(linearizedFeaturesRun(layers, width, outputOnly, steps, data));
                notebook.back().allowFastKernel = !general;
            }
    const Runner runner(threads);
    ProgressBoard board(notebook.size());
    const auto start = Clock::now();
    const std::vector<RunResult> results = runner.run(notebook, board);
    const double notebookSeconds = secondsSince(start);
    for (const RunResult& result : results)
        if (result.status != RunStatus::Finished) {
            err << "relulab bench: a notebook run ended "
                << QString::fromLatin1(runStatusName(result.status)) << ": "
                << QString::fromStdString(result.message) << "\n";
            return exitFailure;
        }

    QJsonArray jacobians;
    for (int layers : {1, 2})
        for (int width : {10, 20, 40}) {
            const double ms = jacobianSvdMilliseconds(layers, width, data);
            jacobians.append(QJsonObject{{QStringLiteral("layers"), layers},
                                         {QStringLiteral("width"), width},
                                         {QStringLiteral("ms"), ms}});
        }

    if (json) {
        const QJsonObject report{{QStringLiteral("cases"), cases},
                                 {QStringLiteral("homework_total_s"), notebookSeconds},
                                 {QStringLiteral("homework_threads"), runner.threads()},
                                 {QStringLiteral("jacobian_svd_ms"), jacobians},
                                 {QStringLiteral("peak_memory_mb"), peakMemoryMb()}};
        out << QJsonDocument(report).toJson(QJsonDocument::Indented);
    } else {
        out << QStringLiteral(
                   "\nlinearized-features notebook (12 runs x %1 steps) on %2 threads: %3 s\n")
                   .arg(steps)
                   .arg(runner.threads())
                   .arg(notebookSeconds, 0, 'f', 3);
        out << "Jacobian on the 200 training points + thin SVD:";
        for (const auto& value : jacobians) {
            const QJsonObject o = value.toObject();
            out << QStringLiteral(" %1x%2 %3 ms;")
                       .arg(o.value(QLatin1String("layers")).toInt())
                       .arg(o.value(QLatin1String("width")).toInt())
                       .arg(o.value(QLatin1String("ms")).toDouble(), 0, 'f', 2);
        }
        out << QStringLiteral("\npeak memory: %1 MB\n").arg(peakMemoryMb(), 0, 'f', 1);
    }
    return exitOk;
}

} // namespace relulab::cli

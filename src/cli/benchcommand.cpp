#include "cli/benchfilereading.h"
#include "cli/benchhandson.h"
#include "cli/benchlayercharts.h"
#include "cli/commandline.h"
#include "cli/commands.h"
#include "core/initializer.h"
#include "core/jacobian.h"
#include "core/linearregions.h"
#include "plots/surfacecharts.h"
#include "runner/homework.h"
#include "runner/runner.h"
#include "runner/trainrun.h"

#include <QCommandLineParser>
#include <QDir>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTextStream>

#include <algorithm>
#include <chrono>
#include <optional>
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

// The per-sample Jacobian on the training points and its thin SVD, best of a few tries: the
// kernel route the charts use, and (for comparison) LAPACK on J.
struct SvdTimes {
    double kernelMs = 1e300;
    double lapackMs = 1e300;
};

SvdTimes jacobianSvdMilliseconds(int hiddenLayers, int width,
                                 const std::shared_ptr<const Dataset>& data) {
    const RunSpec spec = linearizedFeaturesRun(hiddenLayers, width, false, 1, data);
    Network<double> network(spec.architecture);
    initializeNetwork(network, spec.initializers, spec.initSeed);
    SvdTimes times;
    for (int attempt = 0; attempt < 5; ++attempt) {
        auto start = Clock::now();
        const JacobianSvd<double> svd = jacobianSvd(network, data->trainX);
        times.kernelMs = std::min(times.kernelMs, secondsSince(start) * 1e3);
        start = Clock::now();
        const JacobianSvd<double> exact = thinSvd(outputJacobian(network, data->trainX));
        times.lapackMs = std::min(times.lapackMs, secondsSince(start) * 1e3);
        if (svd.singularValues.is_empty() || exact.singularValues.is_empty())
            return {-1, -1};
    }
    return times;
}

// The exact linear regions of a 2-32-32-1 relu net (PyTorch's default initialization, seed 1)
// on [-2, 2]^2, polygons and patterns, best of a few tries.
struct RegionTimes {
    std::size_t count = 0;
    double ms = 1e300;
};

RegionTimes linearRegionMilliseconds() {
    Network<double> network(Architecture{
        2, {{32, Activation::relu()}, {32, Activation::relu()}, {1, Activation::identity()}}});
    initializeNetwork(network, {}, 1);
    RegionTimes times;
    for (int attempt = 0; attempt < 5; ++attempt) {
        const auto start = Clock::now();
        times.count = linearRegions(network, {-2, 2}, {-2, 2}).size();
        times.ms = std::min(times.ms, secondsSince(start) * 1e3);
    }
    return times;
}

// The decision surface and every hidden unit's map of a 2-16-16-2 relu net (PyTorch's default
// initialization, seed 1) over [-2, 2]^2 on a 200 x 200 grid, as the Surface panel computes them
// from one forward pass, best of a few tries.
struct SurfaceTimes {
    std::size_t cells = 0;
    std::size_t units = 0;
    double ms = 1e300;
};

SurfaceTimes decisionSurfaceMilliseconds() {
    Network<double> network(Architecture{
        2, {{16, Activation::relu()}, {16, Activation::relu()}, {2, Activation::identity()}}});
    initializeNetwork(network, {}, 1);
    InputPlane plane;
    plane.base = arma::zeros<arma::rowvec>(2);
    plane.xLow = plane.yLow = -2;
    plane.xHigh = plane.yHigh = 2;
    SurfaceTimes times;
    for (int attempt = 0; attempt < 5; ++attempt) {
        const auto start = Clock::now();
        const PlaneFields fields =
            planeFields(network, LossKind::CrossEntropy, planeInputs(plane, planeGrid(plane, 200)));
        times.ms = std::min(times.ms, secondsSince(start) * 1e3);
        times.cells = fields.surface.values.size();
        times.units = fields.units.size();
    }
    return times;
}

// Steps per second of the hand-written yardstick (shared/yardstick/limit_sgd) per width, for
// one depth, run now so that the comparison is a ratio taken on the same machine state.
QHash<int, double> yardstickRates(const QString& program, int layers, long steps, QString& error) {
    QProcess process;
    process.start(program,
                  {QStringLiteral("--layers"), QString::number(layers), QStringLiteral("--impl"),
                   layers == 1 ? QStringLiteral("simdb") : QStringLiteral("simd"),
                   QStringLiteral("--steps"), QString::number(steps)});
    QHash<int, double> rates;
    if (!process.waitForFinished(600000) || process.exitCode() != 0) {
        error = QStringLiteral("the yardstick did not run: ") + process.errorString();
        return rates;
    }
    // Rows: impl width params wall_s steps/s ...
    for (const QByteArray& line : process.readAllStandardOutput().split('\n')) {
        const QList<QByteArray> columns = line.simplified().split(' ');
        if (columns.size() >= 5 && (columns[0] == "simdb" || columns[0] == "simd")) {
            bool widthOk = false, rateOk = false;
            const int width = columns[1].toInt(&widthOk);
            const double rate = columns[4].toDouble(&rateOk);
            if (widthOk && rateOk)
                rates.insert(width, rate);
        }
    }
    if (rates.isEmpty())
        error = QStringLiteral("no figures in the yardstick's output");
    return rates;
}

// `count` homework runs of one shape with seeds of their own, trained together by `runner`:
// seconds of wall time, or a negative number after saying on stderr what went wrong.
double concurrentSeconds(const Runner& runner, int hiddenLayers, int width, int count, long steps,
                         const std::shared_ptr<const Dataset>& data) {
    std::vector<RunSpec> runs;
    for (int k = 0; k < count; ++k) {
        runs.push_back(linearizedFeaturesRun(hiddenLayers, width, false, steps, data));
        runs.back().initSeed += static_cast<std::uint64_t>(k) * 7919;
        runs.back().training.samplingSeed += static_cast<std::uint64_t>(k) * 7919;
    }
    ProgressBoard board(runs.size());
    const auto start = Clock::now();
    const std::vector<RunResult> results = runner.run(runs, board);
    const double seconds = secondsSince(start);
    for (const RunResult& result : results)
        if (result.status != RunStatus::Finished) {
            QTextStream(stderr) << "relulab bench: a concurrent run ended "
                                << QString::fromLatin1(runStatusKinds.name(result.status)) << ": "
                                << QString::fromStdString(result.message) << "\n";
            return -1;
        }
    return seconds;
}

// --runs: whole numbers >= 1, comma-separated.
std::optional<std::vector<int>> parseRunCounts(const QString& text) {
    std::vector<int> counts;
    for (const QString& part : text.split(QLatin1Char(','))) {
        bool ok = false;
        const int count = part.trimmed().toInt(&ok);
        if (!ok || count < 1 || count > 1 << 20)
            return std::nullopt;
        counts.push_back(count);
    }
    return counts;
}

} // namespace

int benchCommand(const QStringList& arguments) {
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Runs the homework workload (HW1 Q5: piecewise-linear data, batch 40 of 200 without\n"
        "replacement, SGD lr 0.02 on all layers, snapshots with the full test MSE every 1000\n"
        "steps) for widths 10, 20, 40 and 1 and 2 hidden layers, one thread per run; then the\n"
        "whole linearized-features notebook (both depths and training modes, 3 widths) on all\n"
        "threads, the per-sample Jacobian with its SVD, the exact linear regions of a\n"
        "2-32-32-1 net, the decision surface and unit maps of a 2-16-16-2 net on 200 x 200\n"
        "cells, every weight, gradient and unit distribution of a 151-snapshot run and the\n"
        "gradient map of a 256 x 256 layer, and the reading of experiment exports."));
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
    const QCommandLineOption yardstickOption(
        QStringLiteral("yardstick"),
        QStringLiteral("also run this limit_sgd binary and report each case as a ratio to it"),
        QStringLiteral("PATH"));
    const QCommandLineOption backend = backendOption(QStringLiteral("cpu"));
    const QCommandLineOption runsOption(
        QStringLiteral("runs"),
        QStringLiteral("with --backend cuda: concurrent runs per case, comma-separated "
                       "(default 256,1024,4096)"),
        QStringLiteral("N[,N...]"), QStringLiteral("256,1024,4096"));
    parser.addOptions({jsonOption, stepsOption, threadsOption, generalOption, yardstickOption,
                       backend, runsOption});

    QTextStream err(stderr);
    if (const auto exitCode = parseOrExit(parser, "bench", arguments))
        return *exitCode;
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
    const std::optional<std::vector<int>> runCounts = parseRunCounts(parser.value(runsOption));
    if (!runCounts) {
        err << "relulab bench: --runs must be whole numbers >= 1, comma-separated\n";
        return exitBadInput;
    }
    const std::optional<BackendSelection> selection = selectBackend(parser.value(backend), "bench");
    if (!selection)
        return exitBadInput;
    const bool json = parser.isSet(jsonOption);
    const bool general = parser.isSet(generalOption);
    QTextStream out(stdout);

    const auto data =
        std::make_shared<const Dataset>(homeworkDataset(TargetFunction::PiecewiseLinear));
    const QString yardstick = parser.value(yardstickOption);
    QJsonArray cases;
    if (!json)
        out << "layers width     steps  seconds   steps/s  final_test_mse  backend"
            << (yardstick.isEmpty() ? "" : "  yardstick_steps/s  ratio") << "\n";
    for (int layers : {1, 2}) {
        QHash<int, double> reference;
        if (!yardstick.isEmpty()) {
            // Before and after our runs, the faster of the two (ours are the faster of two too).
            QString error;
            reference = yardstickRates(yardstick, layers, steps, error);
            if (!error.isEmpty()) {
                err << "relulab bench: " << error << "\n";
                return exitFailure;
            }
        }
        QList<QJsonObject> layerCases;
        for (int width : {10, 20, 40}) {
            RunSpec spec = linearizedFeaturesRun(layers, width, false, steps, data);
            spec.allowFastKernel = !general;
            // The faster of two runs, as for the yardstick: a run of 20 ms is easily disturbed.
            RunResult result;
            double seconds = 1e300;
            for (int attempt = 0; attempt < 2; ++attempt) {
                RunProgress progress;
                result = trainRun(spec, progress);
                if (result.status != RunStatus::Finished) {
                    err << "relulab bench: run " << QString::fromStdString(spec.name) << " "
                        << QString::fromLatin1(runStatusKinds.name(result.status)) << ": "
                        << QString::fromStdString(result.message) << "\n";
                    return exitFailure;
                }
                seconds = std::min(seconds, result.wallSeconds);
            }
            const double rate = static_cast<double>(steps) / seconds;
            const double testMse = result.snapshots.testError[result.snapshots.count - 1];
            layerCases.append(
                QJsonObject{{QStringLiteral("layers"), layers},
                            {QStringLiteral("width"), width},
                            {QStringLiteral("steps"), static_cast<qint64>(steps)},
                            {QStringLiteral("seconds"), seconds},
                            {QStringLiteral("steps_per_s"), rate},
                            {QStringLiteral("final_test_mse"), testMse},
                            {QStringLiteral("backend"), QString::fromStdString(result.backend)}});
        }
        if (!yardstick.isEmpty()) {
            QString error;
            const QHash<int, double> after = yardstickRates(yardstick, layers, steps, error);
            for (auto it = after.begin(); it != after.end(); ++it)
                reference[it.key()] = std::max(reference.value(it.key()), it.value());
        }
        for (QJsonObject& c : layerCases) {
            const int width = c.value(QLatin1String("width")).toInt();
            const double rate = c.value(QLatin1String("steps_per_s")).toDouble();
            if (reference.contains(width)) {
                c.insert(QStringLiteral("yardstick_steps_per_s"), reference.value(width));
                c.insert(QStringLiteral("ratio_to_yardstick"), rate / reference.value(width));
            }
            cases.append(c);
            if (json)
                continue;
            out << QStringLiteral("%1 %2 %3 %4 %5 %6  %7")
                       .arg(layers, 6)
                       .arg(width, 5)
                       .arg(steps, 9)
                       .arg(c.value(QLatin1String("seconds")).toDouble(), 8, 'f', 3)
                       .arg(rate, 9, 'f', 0)
                       .arg(c.value(QLatin1String("final_test_mse")).toDouble(), 14, 'g', 5)
                       .arg(c.value(QLatin1String("backend")).toString());
            if (reference.contains(width))
                out << QStringLiteral("  %1  %2")
                           .arg(reference.value(width), 17, 'f', 0)
                           .arg(rate / reference.value(width), 5, 'f', 2);
            out << "\n";
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
                << QString::fromLatin1(runStatusKinds.name(result.status)) << ": "
                << QString::fromStdString(result.message) << "\n";
            return exitFailure;
        }

    // The accelerator: many homework runs at once, against the CPU single-threaded (the cases
    // above) and on all threads (as many runs as threads, measured here).
    QJsonArray acceleratorCases;
    if (selection->accelerator) {
        const Runner accelerated(threads, selection->accelerator);
        if (!json)
            out << "\n"
                << QString::fromStdString(selection->accelerator->name())
                << ": net-steps/s of concurrent runs\nlayers width    runs  seconds  "
                   "net-steps/s  x CPU 1 thread  x CPU all threads\n";
        for (int layers : {1, 2})
            for (int width : {10, 20, 40}) {
                double singleRate = 0;
                for (const auto& value : cases) {
                    const QJsonObject c = value.toObject();
                    if (c.value(QLatin1String("layers")).toInt() == layers &&
                        c.value(QLatin1String("width")).toInt() == width)
                        singleRate = c.value(QLatin1String("steps_per_s")).toDouble();
                }
                const double cpuSeconds =
                    concurrentSeconds(runner, layers, width, runner.threads(), steps, data);
                if (cpuSeconds < 0)
                    return exitFailure;
                const double allThreadsRate = runner.threads() * double(steps) / cpuSeconds;
                for (int count : *runCounts) {
                    const double seconds =
                        concurrentSeconds(accelerated, layers, width, count, steps, data);
                    if (seconds < 0)
                        return exitFailure;
                    const double rate = count * double(steps) / seconds;
                    acceleratorCases.append(QJsonObject{
                        {QStringLiteral("layers"), layers},
                        {QStringLiteral("width"), width},
                        {QStringLiteral("runs"), count},
                        {QStringLiteral("steps"), static_cast<qint64>(steps)},
                        {QStringLiteral("seconds"), seconds},
                        {QStringLiteral("net_steps_per_s"), rate},
                        {QStringLiteral("cpu_single_thread_steps_per_s"), singleRate},
                        {QStringLiteral("cpu_all_threads_net_steps_per_s"), allThreadsRate},
                        {QStringLiteral("speedup_over_single_thread"), rate / singleRate},
                        {QStringLiteral("speedup_over_all_threads"), rate / allThreadsRate}});
                    if (!json) {
                        out << QStringLiteral("%1 %2 %3 %4 %5 %6 %7\n")
                                   .arg(layers, 6)
                                   .arg(width, 5)
                                   .arg(count, 7)
                                   .arg(seconds, 8, 'f', 3)
                                   .arg(rate, 12, 'e', 3)
                                   .arg(rate / singleRate, 15, 'f', 1)
                                   .arg(rate / allThreadsRate, 18, 'f', 1);
                        out.flush();
                    }
                }
            }
    }

    QJsonArray jacobians;
    for (int layers : {1, 2})
        for (int width : {10, 20, 40}) {
            const SvdTimes times = jacobianSvdMilliseconds(layers, width, data);
            jacobians.append(QJsonObject{{QStringLiteral("layers"), layers},
                                         {QStringLiteral("width"), width},
                                         {QStringLiteral("ms"), times.kernelMs},
                                         {QStringLiteral("lapack_ms"), times.lapackMs}});
        }

    const RegionTimes regions = linearRegionMilliseconds();
    const QJsonObject regionsReport{{QStringLiteral("network"), QStringLiteral("2-32-32-1 relu")},
                                    {QStringLiteral("box"), QStringLiteral("[-2, 2]^2")},
                                    {QStringLiteral("count"), static_cast<qint64>(regions.count)},
                                    {QStringLiteral("ms"), regions.ms},
                                    {QStringLiteral("goal_ms"), 50}};

    const SurfaceTimes surface = decisionSurfaceMilliseconds();
    const QJsonObject surfaceReport{
        {QStringLiteral("network"), QStringLiteral("2-16-16-2 relu")},
        {QStringLiteral("grid"), QStringLiteral("200 x 200 on [-2, 2]^2")},
        {QStringLiteral("cells"), static_cast<qint64>(surface.cells)},
        {QStringLiteral("unit_maps"), static_cast<qint64>(surface.units)},
        {QStringLiteral("ms"), surface.ms},
        {QStringLiteral("goal_ms"), 20}};

    const LayerChartTimes layerCharts = measureLayerCharts();
    const QJsonObject layerChartsReport{
        {QStringLiteral("distributions_ms"), layerCharts.distributionsMs},
        {QStringLiteral("distributions_goal_ms"), 100},
        {QStringLiteral("gradient_map_ms"), layerCharts.gradientMapMs},
        {QStringLiteral("gradient_map_goal_ms"), 10}};

    const HandsOnTimes handsOn = measureHandsOn();
    const QJsonObject handsOnReport{
        {QStringLiteral("preview_ms"), handsOn.previewMs},
        {QStringLiteral("preview_slowest"), QString::fromStdString(handsOn.previewCase)},
        {QStringLiteral("preview_goal_ms"), 50},
        {QStringLiteral("drag_step_ms"), handsOn.dragMs},
        {QStringLiteral("drag_step_slowest"), QString::fromStdString(handsOn.dragCase)},
        {QStringLiteral("drag_step_goal_ms"), 16}};

    // The training's memory, before the file reading below holds an export in memory.
    const double trainingPeakMb = peakMemoryMb();
    const FileReadingTimes reading = measureFileReading(QDir::tempPath().toStdString());
    if (!reading.error.empty()) {
        err << "relulab bench: reading an export: " << QString::fromStdString(reading.error)
            << "\n";
        return exitFailure;
    }
    const QJsonObject readingReport{
        {QStringLiteral("small_runs"), reading.smallRuns},
        {QStringLiteral("large_runs"), reading.largeRuns},
        {QStringLiteral("large_mb"), reading.largeMegabytes},
        {QStringLiteral("small_s"), reading.smallSeconds},
        {QStringLiteral("large_s"), reading.largeSeconds},
        {QStringLiteral("growth"), reading.largeSeconds / reading.smallSeconds},
        {QStringLiteral("qt_parse_s"), reading.qtParseSeconds},
        {QStringLiteral("x_qt_parse"), reading.largeSeconds / reading.qtParseSeconds}};

    if (json) {
        QJsonObject report{{QStringLiteral("cases"), cases},
                           {QStringLiteral("homework_total_s"), notebookSeconds},
                           {QStringLiteral("homework_threads"), runner.threads()},
                           {QStringLiteral("jacobian_svd_ms"), jacobians},
                           {QStringLiteral("linear_regions"), regionsReport},
                           {QStringLiteral("decision_surface"), surfaceReport},
                           {QStringLiteral("layer_charts"), layerChartsReport},
                           {QStringLiteral("hands_on"), handsOnReport},
                           {QStringLiteral("peak_memory_mb"), trainingPeakMb},
                           {QStringLiteral("import"), readingReport}};
        if (selection->accelerator) {
            report.insert(QStringLiteral("accelerator"),
                          QString::fromStdString(selection->accelerator->name()));
            report.insert(QStringLiteral("accelerator_cases"), acceleratorCases);
        }
        out << QJsonDocument(report).toJson(QJsonDocument::Indented);
    } else {
        out << QStringLiteral(
                   "\nlinearized-features notebook (12 runs x %1 steps) on %2 threads: %3 s\n")
                   .arg(steps)
                   .arg(runner.threads())
                   .arg(notebookSeconds, 0, 'f', 3);
        out << "Jacobian on the 200 training points + thin SVD, ms (LAPACK on J for comparison):";
        for (const auto& value : jacobians) {
            const QJsonObject o = value.toObject();
            out << QStringLiteral(" %1x%2 %3 (%4);")
                       .arg(o.value(QLatin1String("layers")).toInt())
                       .arg(o.value(QLatin1String("width")).toInt())
                       .arg(o.value(QLatin1String("ms")).toDouble(), 0, 'f', 2)
                       .arg(o.value(QLatin1String("lapack_ms")).toDouble(), 0, 'f', 2);
        }
        out << QStringLiteral("\nexact linear regions of a 2-32-32-1 relu net on [-2, 2]^2: %1 "
                              "regions in %2 ms (goal: under 50 ms)")
                   .arg(regions.count)
                   .arg(regions.ms, 0, 'f', 2);
        out << QStringLiteral("\ndecision surface + unit maps of a 2-16-16-2 net on a 200 x 200 "
                              "grid: %1 unit maps in %2 ms (goal: under 20 ms)")
                   .arg(surface.units)
                   .arg(surface.ms, 0, 'f', 2);
        out << QStringLiteral(
                   "\nevery distribution of a 151-snapshot 1-40-40-1 run on 200 samples: "
                   "%1 ms (goal: under 100 ms); the gradient map of a 256 x 256 layer: "
                   "%2 ms (goal: under 10 ms)")
                   .arg(layerCharts.distributionsMs, 0, 'f', 2)
                   .arg(layerCharts.gradientMapMs, 0, 'f', 2);
        out << QStringLiteral("\npreview before training, the slowest tab of the seeds' nets: "
                              "%1 ms (%2; goal: under 50 ms); one step of a drag in the Fit "
                              "chart: %3 ms (%4; goal: under 16 ms)")
                   .arg(handsOn.previewMs, 0, 'f', 2)
                   .arg(QString::fromStdString(handsOn.previewCase))
                   .arg(handsOn.dragMs, 0, 'f', 2)
                   .arg(QString::fromStdString(handsOn.dragCase));
        out << QStringLiteral("\npeak memory of the training: %1 MB\n")
                   .arg(trainingPeakMb, 0, 'f', 1);
        out << QStringLiteral("import of %1 and %2 runs (%3 MB): %4 s and %5 s, %6x for %7x the "
                              "runs; %8x Qt's JSON parser alone\n")
                   .arg(reading.smallRuns)
                   .arg(reading.largeRuns)
                   .arg(reading.largeMegabytes, 0, 'f', 1)
                   .arg(reading.smallSeconds, 0, 'f', 3)
                   .arg(reading.largeSeconds, 0, 'f', 3)
                   .arg(reading.largeSeconds / reading.smallSeconds, 0, 'f', 2)
                   .arg(reading.largeRuns / reading.smallRuns)
                   .arg(reading.largeSeconds / reading.qtParseSeconds, 0, 'f', 2);
    }
    return exitOk;
}

} // namespace relulab::cli

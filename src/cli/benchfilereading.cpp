#include "cli/benchfilereading.h"

#include "document/experimentjson.h"
#include "document/runplan.h"
#include "document/templates.h"
#include "runner/trainrun.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>

#include <algorithm>
#include <chrono>
#include <exception>
#include <stdexcept>
#include <utility>

namespace relulab::cli {

namespace {

using Clock = std::chrono::steady_clock;

template <typename Read> double bestSeconds(int attempts, Read read) {
    double best = 1e300;
    for (int attempt = 0; attempt < attempts; ++attempt) {
        const auto start = Clock::now();
        read();
        best = std::min(best, std::chrono::duration<double>(Clock::now() - start).count());
    }
    return best;
}

} // namespace

FileReadingTimes measureFileReading(const std::string& temporaryFolder) {
    FileReadingTimes times;
    times.smallRuns = 100;
    times.largeRuns = 400;
    const QDir folder(QString::fromStdString(temporaryFolder));
    const QString small = folder.filePath(QStringLiteral("relulab-bench-small.json"));
    const QString large = folder.filePath(QStringLiteral("relulab-bench-large.json"));
    try {
        // One real run of the dead-ReLU lesson (20 snapshots), copied: what a sweep exports.
        Experiment experiment = makeTemplate("dead-relu").experiments.front();
        experiment.settings.snapshotEvery = std::max(1L, experiment.settings.steps / 20);
        const std::vector<PreparedRun> prepared =
            prepareRuns(experiment, false, generatingDatasets(temporaryFolder));
        RunProgress progress;
        RunRecord record{newUid(), prepared.front().planned.label, "2026-01-01T00:00:00Z",
                         prepared.front().planned.settings,
                         trainRun(prepared.front().spec, progress)};
        for (const auto& [runs, path] :
             {std::pair(times.smallRuns, small), {times.largeRuns, large}}) {
            experiment.runs.assign(static_cast<std::size_t>(runs), record);
            exportExperiment(experiment, true, path);
        }
        experiment.runs.clear();

        times.smallSeconds = bestSeconds(3, [&] { (void)importExperiment(small); });
        times.largeSeconds = bestSeconds(3, [&] { (void)importExperiment(large); });
        QFile file(large);
        if (!file.open(QIODevice::ReadOnly))
            throw std::runtime_error(large.toStdString() + ": cannot be read back");
        const QByteArray bytes = file.readAll();
        times.largeMegabytes = static_cast<double>(bytes.size()) / 1e6;
        times.qtParseSeconds = bestSeconds(3, [&] { (void)QJsonDocument::fromJson(bytes); });
    } catch (const std::exception& error) {
        times.error = error.what();
    }
    QFile::remove(small);
    QFile::remove(large);
    return times;
}

} // namespace relulab::cli

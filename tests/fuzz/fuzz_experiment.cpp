// The experiment export format (relulab export / import): any bytes either import as an
// experiment that passes `run`'s validation, or are refused naming the file and field. What
// imports writes back to JSON and reads again the same.
#include "fuzzsupport.h"

#include "document/experimentjson.h"
#include "document/runplan.h"

#include <QJsonDocument>

using namespace relulab;

namespace {

// The CSV file experiments in the corpus name ("data.csv", beside the export).
constexpr char csvFile[] = "x1,x2,label\n0.5,0.25,1\n-0.5,0.75,0\n-0.25,-0.5,1\n0.75,-0.5,0\n";

// Generating data takes time in proportion to the samples, and validation prepares every run
// of a sweep; beyond these the import alone is what is fuzzed.
bool cheapToValidate(const Experiment& experiment) {
    const DatasetSpec& data = experiment.settings.dataset;
    const std::size_t runs = experiment.sweep.runCount();
    const bool refusedUnplanned = runs > SweepSpec::maxRuns;
    return refusedUnplanned ||
           (static_cast<long long>(data.samples) + data.testSamples <= 20'000 && runs <= 64);
}

void checkRoundTrip(const Experiment& experiment) {
    const QJsonObject written = experimentToJson(experiment, true);
    Experiment again;
    try {
        again = experimentFromJson(written, "again");
    } catch (const std::exception& error) {
        fuzz::fail(std::string("what imported is refused once written: ") + error.what());
    }
    if (again.name != experiment.name || again.notes != experiment.notes)
        fuzz::fail("the name or notes change when written and read again");
    if (!(again.settings == experiment.settings) || !(again.sweep == experiment.sweep))
        fuzz::fail("the settings change when written and read again: " +
                   QJsonDocument(written).toJson().toStdString());
    if (again.runs.size() != experiment.runs.size())
        fuzz::fail("the runs change when written and read again");
    for (std::size_t i = 0; i < again.runs.size(); ++i)
        if (again.runs[i].result.snapshots.count != experiment.runs[i].result.snapshots.count ||
            !(again.runs[i].settings == experiment.runs[i].settings))
            fuzz::fail("run " + std::to_string(i) + " changes when written and read again");
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    fuzz::initialize();
    static const bool csvWritten = [] {
        fuzz::writeScratchFile("data.csv", reinterpret_cast<const std::uint8_t*>(csvFile),
                               sizeof csvFile - 1);
        return true;
    }();
    (void)csvWritten;
    const QString path = fuzz::writeScratchFile("experiment.json", data, size);
    fuzz::expectOnlyUserErrors(fuzz::Allowed::InvalidInputOnly, [&] {
        const Experiment experiment = importExperiment(path);
        checkRoundTrip(experiment);
        if (cheapToValidate(experiment))
            validateExperiment(experiment, generatingDatasets(fuzz::scratchPath("").toStdString()));
    });
    return 0;
}

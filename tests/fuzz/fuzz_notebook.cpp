// The notebook file (.relulab, SQLite): any bytes either load, never written to, as a notebook
// that saves and loads again the same, or are refused with a message naming the file.
#include "fuzzsupport.h"

#include "document/experimentjson.h"
#include "document/notebookfile.h"

#include <QFile>

using namespace relulab;

namespace {

QByteArray contents(const QString& path) {
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

void checkSavesTheSame(const Notebook& notebook) {
    const QString path = fuzz::scratchPath("again.relulab");
    QFile::remove(path);
    Notebook again;
    try {
        notebookfile::save(notebook, path);
        again = notebookfile::load(path);
    } catch (const std::exception& error) {
        fuzz::fail(std::string("a notebook that loaded cannot be saved and loaded again: ") +
                   error.what());
    }
    if (again.experiments.size() != notebook.experiments.size())
        fuzz::fail("a saved notebook loads with another number of experiments");
    for (std::size_t e = 0; e < again.experiments.size(); ++e) {
        const Experiment& before = notebook.experiments[e];
        const Experiment& after = again.experiments[e];
        if (after.name != before.name || after.notes != before.notes ||
            !(after.settings == before.settings) || !(after.sweep == before.sweep) ||
            after.runs.size() != before.runs.size())
            fuzz::fail("experiment " + std::to_string(e + 1) + " changes when saved and loaded");
        try { // what a notebook holds exports, and the export imports
            (void)experimentFromJson(experimentToJson(before, true), "export");
        } catch (const std::exception& error) {
            fuzz::fail("experiment " + std::to_string(e + 1) +
                       " of a loaded notebook does not read back from its export: " + error.what());
        }
        for (std::size_t r = 0; r < after.runs.size(); ++r) {
            const RunResult& b = before.runs[r].result;
            const RunResult& a = after.runs[r].result;
            if (a.snapshots.count != b.snapshots.count || a.status != b.status ||
                a.stepsDone != b.stepsDone || a.snapshots.steps != b.snapshots.steps)
                fuzz::fail("run " + std::to_string(r + 1) + " of experiment " +
                           std::to_string(e + 1) + " changes when saved and loaded");
        }
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    fuzz::initialize();
    const QString path = fuzz::writeScratchFile("input.relulab", data, size);
    const QByteArray written(reinterpret_cast<const char*>(data), static_cast<qsizetype>(size));
    fuzz::expectOnlyUserErrors(fuzz::Allowed::InvalidInputOrIoErrors, [&] {
        const Notebook notebook = notebookfile::load(path);
        checkSavesTheSame(notebook);
    });
    // Loading only reads, whether it succeeded or not.
    if (contents(path) != written)
        fuzz::fail("loading changed the file");
    for (const char* left : {"input.relulab-wal", "input.relulab-shm", "input.relulab-journal"})
        if (QFile::exists(fuzz::scratchPath(left)))
            fuzz::fail(std::string("loading left ") + left + " beside the file");
    return 0;
}

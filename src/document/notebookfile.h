#pragma once

#include "document/experiment.h"
#include "document/notebookschema.h"

#include <QString>

#include <memory>
#include <string>
#include <unordered_map>

namespace relulab {

class SqliteConnection;

// The notebook file (.relulab): one SQLite database ("SQLite as an application file format"),
// experiments with their settings as JSON text, runs, and one row per snapshot with its arrays
// as blobs (arrayblob.h). PRAGMA application_id marks it as ours and PRAGMA user_version holds
// the schema version, upgraded by the migrations in notebookfile.cpp.
namespace notebookfile {

inline constexpr int schemaVersion = notebookschema::version;
inline constexpr char suffix[] = ".relulab";

// Reads a whole notebook. Never writes to `path` or its write-ahead log: it is read read-only
// (or, where SQLite cannot do that in place, from a private copy), and an older schema is
// migrated in a temporary copy. A file holding SQL objects a notebook does not have (triggers,
// views, other tables or indexes) is refused. Throws InvalidInput naming the file (and the
// experiment and field where one is at fault) for anything that is not a notebook this version can
// read.
Notebook load(const QString& path);

// Writes the whole notebook to a temporary file beside `path` and renames it over `path`, so
// `path` holds either the old or the new notebook, never a mix. Throws std::runtime_error.
void save(const Notebook& notebook, const QString& path);

} // namespace notebookfile

// Appends runs to a saved notebook while they train: a crash or kill -9 keeps every snapshot
// written so far (SQLite's write-ahead log, synchronous=NORMAL: no fsync per commit, and no
// corruption on power loss). Runs of experiments the file does not have yet are stored all the
// same; loading attaches them to a recovered experiment.
class RunWriter {
public:
    explicit RunWriter(const QString& path); // throws InvalidInput if not a notebook
    ~RunWriter();                            // folds the log back into the one file
    RunWriter(const RunWriter&) = delete;
    RunWriter& operator=(const RunWriter&) = delete;

    void beginTransaction();
    void commit();
    void rollback() noexcept;

    void addRun(const std::string& experimentUid, const RunRecord& run);
    // Goes on with a run the file already has (after a save moved the runs to a new file).
    void resumeRun(const std::string& runUid);
    // Writes snapshot columns [from, to) of a run added before.
    void addSnapshots(const std::string& runUid, const SnapshotSeries& snapshots, std::size_t from,
                      std::size_t to);
    // Status, message, steps, time, backend and parameters.
    void updateRun(const std::string& runUid, const RunResult& result);

private:
    std::unique_ptr<SqliteConnection> m_connection;
    std::unordered_map<std::string, long long> m_rowIds; // run uid -> runs.id
};

} // namespace relulab

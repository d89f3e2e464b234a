#include "document/notebookschema.h"

#include "core/error.h"
#include "document/sqliteconnection.h"

#include <QSqlError>

#include <functional>
#include <map>
#include <mutex>
#include <stdexcept>
#include <vector>

namespace relulab::notebookschema {

namespace {

// Each migration upgrades the schema from version i to i + 1; a new file runs them all from 0.
const std::vector<std::function<void(const QSqlDatabase&)>>& migrations() {
    static const std::vector<std::function<void(const QSqlDatabase&)>> steps{
        [](const QSqlDatabase& db) { // 0 -> 1: the first schema
            exec(db, QStringLiteral("CREATE TABLE experiments ("
                                    "uid TEXT PRIMARY KEY, position INTEGER NOT NULL, "
                                    "name TEXT NOT NULL, notes TEXT NOT NULL, "
                                    "settings TEXT NOT NULL, sweep TEXT NOT NULL)"));
            exec(db, QStringLiteral("CREATE TABLE runs ("
                                    "id INTEGER PRIMARY KEY, uid TEXT UNIQUE NOT NULL, "
                                    "experiment_uid TEXT NOT NULL, label TEXT NOT NULL, "
                                    "started_at TEXT NOT NULL, settings TEXT NOT NULL, "
                                    "status TEXT NOT NULL, message TEXT NOT NULL, "
                                    "steps_done INTEGER NOT NULL, wall_seconds REAL NOT NULL, "
                                    "backend TEXT NOT NULL, initial_parameters BLOB, "
                                    "final_parameters BLOB)"));
            exec(db,
                 QStringLiteral("CREATE TABLE snapshots ("
                                "run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE, "
                                "position INTEGER NOT NULL, step INTEGER NOT NULL, "
                                "train_error REAL, test_error REAL, "
                                "parameters BLOB NOT NULL, gradient_norms BLOB NOT NULL, "
                                "dead_units BLOB NOT NULL, PRIMARY KEY (run_id, position))"));
        },
        [](const QSqlDatabase& db) { // 1 -> 2: the training set's error beside the batch loss
            exec(db, QStringLiteral("ALTER TABLE snapshots ADD COLUMN train_set_error REAL"));
        },
        [](const QSqlDatabase& db) { // 2 -> 3: classifiers' accuracy on the training and test sets
            exec(db, QStringLiteral("ALTER TABLE snapshots ADD COLUMN train_accuracy REAL"));
            exec(db, QStringLiteral("ALTER TABLE snapshots ADD COLUMN test_accuracy REAL"));
        },
        [](const QSqlDatabase& db) { // 3 -> 4: a continued run's parent run and snapshot step
            exec(db, QStringLiteral("ALTER TABLE runs ADD COLUMN parent_uid TEXT"));
            exec(db, QStringLiteral("ALTER TABLE runs ADD COLUMN parent_step INTEGER"));
        },
    };
    static_assert(version == 4, "one migration per schema version");
    return steps;
}

struct SchemaObject {
    std::string type;
    std::string table;
    std::string sql;
    bool operator==(const SchemaObject&) const = default;
};

// name -> what it is, as sqlite_master lists it.
std::map<std::string, SchemaObject> objectsOf(const QSqlDatabase& db) {
    std::map<std::string, SchemaObject> objects;
    QSqlQuery rows =
        exec(db, QStringLiteral("SELECT type, name, tbl_name, sql FROM sqlite_master"));
    while (rows.next())
        objects[rows.value(1).toString().toStdString()] = {rows.value(0).toString().toStdString(),
                                                           rows.value(2).toString().toStdString(),
                                                           rows.value(3).toString().toStdString()};
    return objects;
}

// What a notebook of `fileVersion` holds: the migrations run on an empty database in memory.
const std::map<std::string, SchemaObject>& expectedObjects(long long fileVersion) {
    static std::map<long long, std::map<std::string, SchemaObject>> cache;
    static std::mutex mutex;
    const std::lock_guard lock(mutex);
    auto it = cache.find(fileVersion);
    if (it == cache.end()) {
        const SqliteConnection memory(QStringLiteral(":memory:"));
        const QSqlDatabase db = memory.database();
        for (long long v = 0; v < fileVersion; ++v)
            migrations()[static_cast<std::size_t>(v)](db);
        it = cache.emplace(fileVersion, objectsOf(db)).first;
    }
    return it->second;
}

std::string describe(const std::string& name, const SchemaObject& object) {
    std::string text = object.type + " \"" + name + "\"";
    if (object.type != "table" && object.table != name)
        text += " on " + object.table;
    return text;
}

} // namespace

void migrate(const QSqlDatabase& db, long long from, long long to) {
    QSqlDatabase handle = db;
    if (!handle.transaction())
        throw std::runtime_error(sqlErrorText(handle.lastError()));
    try {
        for (auto v = static_cast<std::size_t>(from); v < static_cast<std::size_t>(to); ++v)
            migrations().at(v)(db);
        exec(db, QStringLiteral("PRAGMA application_id = %1").arg(applicationId));
        exec(db, QStringLiteral("PRAGMA user_version = %1").arg(to));
        if (!handle.commit())
            throw std::runtime_error(sqlErrorText(handle.lastError()));
    } catch (...) {
        handle.rollback();
        throw;
    }
}

void checkObjects(const QSqlDatabase& db, long long fileVersion, const std::string& where) {
    const std::map<std::string, SchemaObject>& expected = expectedObjects(fileVersion);
    const std::map<std::string, SchemaObject> found = objectsOf(db);
    std::vector<std::string> extra, missing, changed;
    for (const auto& [name, object] : found) {
        const auto it = expected.find(name);
        if (it == expected.end())
            extra.push_back(describe(name, object));
        else if (!(it->second == object))
            changed.push_back(describe(name, object));
    }
    for (const auto& [name, object] : expected)
        if (!found.contains(name))
            missing.push_back(describe(name, object));
    if (extra.empty() && missing.empty() && changed.empty())
        return;
    auto list = [](const char* what, const std::vector<std::string>& items) {
        std::string text;
        for (std::size_t i = 0; i < items.size(); ++i)
            text += (i == 0 ? std::string(what) + " " : std::string(", ")) + items[i];
        return text;
    };
    std::string summary;
    for (const std::string& part :
         {list("it has", extra), list("it lacks", missing), list("it has another", changed)})
        if (!part.empty())
            summary += (summary.empty() ? "" : "; ") + part;
    throw InvalidInput(where, "is not a notebook as ReLU Lab writes it (" + summary +
                                  "): refused, so that nothing in it runs on the file or "
                                  "stands in for its data");
}

} // namespace relulab::notebookschema

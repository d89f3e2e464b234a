#include "document/notebookfile.h"

#include "core/error.h"
#include "document/arrayblob.h"
#include "document/experimentjson.h"
#include "document/jsonfields.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryFile>
#include <QVariant>
#include <QtEndian>

#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <functional>
#include <map>
#include <stdexcept>
#include <unistd.h>

namespace relulab {

namespace {

constexpr std::uint32_t applicationId = 0x524C4142; // "RLAB"

QString newConnectionName() {
    static std::atomic<int> counter{0};
    return QStringLiteral("relulab-notebook-%1").arg(counter.fetch_add(1));
}

QString qs(const std::string& text) {
    return QString::fromStdString(text);
}

// Runs one statement; SQL errors become std::runtime_error with SQLite's text.
QSqlQuery exec(const QSqlDatabase& db, const QString& sql,
               const std::vector<QVariant>& values = {}) {
    QSqlQuery query(db);
    if (!query.prepare(sql))
        throw std::runtime_error(query.lastError().text().toStdString());
    for (const QVariant& v : values)
        query.addBindValue(v);
    if (!query.exec())
        throw std::runtime_error(query.lastError().text().toStdString());
    return query;
}

long long pragma(const QSqlDatabase& db, const char* name) {
    QSqlQuery query = exec(db, QStringLiteral("PRAGMA %1").arg(QLatin1String(name)));
    return query.next() ? query.value(0).toLongLong() : 0;
}

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
    };
    return steps;
}

void migrate(const QSqlDatabase& db, long long from) {
    QSqlDatabase handle = db;
    if (!handle.transaction())
        throw std::runtime_error(handle.lastError().text().toStdString());
    try {
        for (auto version = static_cast<std::size_t>(from); version < migrations().size();
             ++version)
            migrations()[version](db);
        exec(db, QStringLiteral("PRAGMA application_id = %1").arg(applicationId));
        exec(db, QStringLiteral("PRAGMA user_version = %1").arg(notebookfile::schemaVersion));
        if (!handle.commit())
            throw std::runtime_error(handle.lastError().text().toStdString());
    } catch (...) {
        handle.rollback();
        throw;
    }
}

// What the file's first 100 bytes say, checked before SQLite touches it.
void checkHeader(const QString& path) {
    const std::string name = path.toStdString();
    QFile file(path);
    if (!file.exists())
        throw InvalidInput(name, "does not exist");
    if (!file.open(QIODevice::ReadOnly))
        throw InvalidInput(name, "cannot be opened: " + file.errorString().toStdString());
    const QByteArray header = file.read(100);
    if (header.isEmpty())
        throw InvalidInput(name, "is empty, not a ReLU Lab notebook");
    if (header.size() < 100 || !header.startsWith(QByteArrayLiteral("SQLite format 3\0")))
        throw InvalidInput(name, "is not a ReLU Lab notebook (not an SQLite database)");
    const auto id = qFromBigEndian<std::uint32_t>(header.constData() + 68);
    if (id != applicationId)
        throw InvalidInput(name, "is an SQLite database but not a ReLU Lab notebook");
}

RunStatus statusFromName(const QString& name, const std::string& where) {
    if (const auto status = runStatusKinds.fromName(name.toStdString()))
        return *status;
    throw InvalidInput(where, "unknown run status \"" + name.toStdString() + "\"");
}

QJsonObject jsonObject(const QString& text, const std::string& where) {
    try {
        return json::parse(text.toUtf8()).object();
    } catch (const InvalidInput& error) {
        throw InvalidInput(where, error.what());
    }
}

void readSnapshots(const QSqlDatabase& db, long long runId, RunRecord& run,
                   const std::string& where) {
    const auto parameters = run.settings.architecture.parameterCount();
    const auto layers = run.settings.architecture.layerCount();
    QSqlQuery rows = exec(db,
                          QStringLiteral("SELECT step, train_error, test_error, parameters, "
                                         "gradient_norms, dead_units FROM snapshots "
                                         "WHERE run_id = ? ORDER BY position"),
                          {runId});
    std::vector<long> steps;
    std::vector<double> train, test;
    std::vector<arma::fvec> params;
    std::vector<arma::vec> norms;
    std::vector<arma::imat> dead;
    while (rows.next()) {
        const std::string at = where + ".snapshots[" + std::to_string(steps.size()) + "]";
        steps.push_back(static_cast<long>(rows.value(0).toLongLong()));
        train.push_back(rows.value(1).isNull() ? NAN : rows.value(1).toDouble());
        test.push_back(rows.value(2).isNull() ? NAN : rows.value(2).toDouble());
        params.push_back(floatVectorFromBlob(rows.value(3).toByteArray(), at + ".parameters"));
        norms.push_back(doubleVectorFromBlob(rows.value(4).toByteArray(), at + ".gradient_norms"));
        dead.push_back(integerMatrixFromBlob(rows.value(5).toByteArray(), at + ".dead_units"));
        if (params.back().n_elem != parameters || norms.back().n_elem != layers ||
            dead.back().n_elem != (layers > 0 ? layers - 1 : 0))
            throw InvalidInput(at, "arrays do not match the run's network");
    }
    SnapshotSeries& s = run.result.snapshots;
    s.allocate(steps, parameters, layers);
    for (std::size_t i = 0; i < steps.size(); ++i) {
        s.trainError[i] = train[i];
        s.testError[i] = test[i];
        s.parameters.col(i) = params[i];
        s.gradientNorms.col(i) = norms[i];
        if (s.deadUnits.n_rows > 0)
            s.deadUnits.col(i) = arma::vectorise(dead[i]);
    }
    s.count = steps.size();
}

Notebook readNotebook(const QSqlDatabase& db) {
    Notebook notebook;
    std::map<std::string, std::size_t> byUid;
    QSqlQuery experiments = exec(db, QStringLiteral("SELECT uid, name, notes, settings, sweep "
                                                    "FROM experiments ORDER BY position"));
    while (experiments.next()) {
        Experiment e;
        e.uid = experiments.value(0).toString().toStdString();
        e.name = experiments.value(1).toString().toStdString();
        e.notes = experiments.value(2).toString().toStdString();
        const std::string where = "experiment \"" + e.name + "\"";
        e.settings = settingsFromJson(jsonObject(experiments.value(3).toString(), where), where);
        e.sweep = sweepFromJson(jsonObject(experiments.value(4).toString(), where + ".sweep"),
                                where + ".sweep");
        byUid[e.uid] = notebook.experiments.size();
        notebook.experiments.push_back(std::move(e));
    }
    QSqlQuery runs =
        exec(db, QStringLiteral("SELECT id, uid, experiment_uid, label, started_at, settings, "
                                "status, message, steps_done, wall_seconds, backend, "
                                "initial_parameters, final_parameters FROM runs ORDER BY id"));
    while (runs.next()) {
        RunRecord run;
        run.uid = runs.value(1).toString().toStdString();
        const std::string experimentUid = runs.value(2).toString().toStdString();
        run.label = runs.value(3).toString().toStdString();
        run.startedAt = runs.value(4).toString().toStdString();
        const std::string where = "run \"" + run.label + "\" (" + run.startedAt + ")";
        run.settings = settingsFromJson(jsonObject(runs.value(5).toString(), where), where);
        RunResult& r = run.result;
        r.status = statusFromName(runs.value(6).toString(), where + ".status");
        r.message = runs.value(7).toString().toStdString();
        if (!hasEnded(r.status)) {
            r.status = RunStatus::Cancelled; // the program stopped while it trained
            r.message = "interrupted: the program stopped during this run";
        }
        r.stepsDone = static_cast<long>(runs.value(8).toLongLong());
        r.wallSeconds = runs.value(9).toDouble();
        r.backend = runs.value(10).toString().toStdString();
        if (!runs.value(11).isNull())
            r.initialParameters =
                floatVectorFromBlob(runs.value(11).toByteArray(), where + ".initial_parameters");
        if (!runs.value(12).isNull())
            r.finalParameters =
                floatVectorFromBlob(runs.value(12).toByteArray(), where + ".final_parameters");
        readSnapshots(db, runs.value(0).toLongLong(), run, where);
        if (r.finalParameters.is_empty() && r.snapshots.count > 0)
            r.finalParameters = r.snapshots.parameters.col(r.snapshots.count - 1);

        auto it = byUid.find(experimentUid);
        if (it == byUid.end()) { // its experiment was never saved: rebuild one from the run
            Experiment recovered;
            recovered.uid = experimentUid;
            recovered.name = "Recovered: " + run.label;
            recovered.settings = run.settings;
            recovered.notes = "Runs found in the file without their experiment (it was not "
                              "saved before they ran).";
            it = byUid.emplace(experimentUid, notebook.experiments.size()).first;
            notebook.experiments.push_back(std::move(recovered));
        }
        notebook.experiments[it->second].runs.push_back(std::move(run));
    }
    return notebook;
}

void writeRun(const QSqlDatabase& db, const std::string& experimentUid, const RunRecord& run) {
    exec(db,
         QStringLiteral("INSERT INTO runs (uid, experiment_uid, label, started_at, settings, "
                        "status, message, steps_done, wall_seconds, backend, initial_parameters, "
                        "final_parameters) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"),
         {qs(run.uid), qs(experimentUid), qs(run.label), qs(run.startedAt),
          QString::fromUtf8(
              QJsonDocument(settingsToJson(run.settings)).toJson(QJsonDocument::Compact)),
          QString::fromLatin1(runStatusKinds.name(run.result.status)), qs(run.result.message),
          static_cast<qlonglong>(run.result.stepsDone), run.result.wallSeconds,
          qs(run.result.backend),
          run.result.initialParameters.is_empty() ? QVariant(QMetaType::fromType<QByteArray>())
                                                  : QVariant(toBlob(run.result.initialParameters)),
          run.result.finalParameters.is_empty() ? QVariant(QMetaType::fromType<QByteArray>())
                                                : QVariant(toBlob(run.result.finalParameters))});
}

void writeSnapshots(const QSqlDatabase& db, long long runId, const SnapshotSeries& s,
                    std::size_t from, std::size_t to) {
    QSqlQuery insert(db);
    insert.prepare(QStringLiteral("INSERT OR REPLACE INTO snapshots (run_id, position, step, "
                                  "train_error, test_error, parameters, gradient_norms, "
                                  "dead_units) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"));
    auto nullable = [](double v) {
        return std::isfinite(v) ? QVariant(v) : QVariant(QMetaType::fromType<double>());
    };
    for (std::size_t i = from; i < to; ++i) {
        insert.addBindValue(runId);
        insert.addBindValue(static_cast<qlonglong>(i));
        insert.addBindValue(static_cast<qlonglong>(s.steps[i]));
        insert.addBindValue(nullable(s.trainError[i]));
        insert.addBindValue(nullable(s.testError[i]));
        insert.addBindValue(toBlob(arma::fvec(s.parameters.col(i))));
        insert.addBindValue(toBlob(arma::vec(s.gradientNorms.col(i))));
        insert.addBindValue(toBlob(arma::imat(s.deadUnits.col(i))));
        if (!insert.exec())
            throw std::runtime_error(insert.lastError().text().toStdString());
    }
}

long long lastRowId(const QSqlDatabase& db) {
    QSqlQuery q = exec(db, QStringLiteral("SELECT last_insert_rowid()"));
    return q.next() ? q.value(0).toLongLong() : 0;
}

void syncFile(const QString& path) {
    const int fd = ::open(QFile::encodeName(path).constData(), O_RDONLY);
    if (fd >= 0) {
        ::fsync(fd);
        ::close(fd);
    }
}

} // namespace

// A named SQLite connection, removed from Qt's registry when it goes out of scope.
class NotebookConnection {
public:
    explicit NotebookConnection(const QString& path)
        : m_name(newConnectionName()) {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_name);
        db.setDatabaseName(path);
        if (!db.open()) {
            const std::string error = db.lastError().text().toStdString();
            db = QSqlDatabase();
            QSqlDatabase::removeDatabase(m_name);
            throw std::runtime_error(error);
        }
    }
    ~NotebookConnection() {
        {
            QSqlDatabase db = QSqlDatabase::database(m_name, false);
            db.close();
        }
        QSqlDatabase::removeDatabase(m_name);
    }
    QSqlDatabase database() const { return QSqlDatabase::database(m_name, false); }
    const QString& name() const { return m_name; }

private:
    QString m_name;
};

namespace notebookfile {

Notebook load(const QString& path) {
    const std::string name = path.toStdString();
    checkHeader(path);
    try {
        std::unique_ptr<QTemporaryFile> migrated;
        QString source = path;
        long long version = 0;
        {
            NotebookConnection connection(path);
            QSqlDatabase db = connection.database();
            exec(db, QStringLiteral("PRAGMA query_only = 1")); // never write to the user's file
            version = pragma(db, "user_version");
            if (version > schemaVersion)
                throw InvalidInput(name, "was written by a newer ReLU Lab (notebook format " +
                                             std::to_string(version) +
                                             "; this version reads up to " +
                                             std::to_string(schemaVersion) + ")");
            if (version == schemaVersion) {
                if (!db.transaction())
                    throw std::runtime_error(db.lastError().text().toStdString());
                Notebook notebook = readNotebook(db);
                db.rollback();
                return notebook;
            }
        }
        // An older schema: upgrade a copy; the file itself is upgraded by the next save.
        migrated = std::make_unique<QTemporaryFile>();
        if (!migrated->open())
            throw std::runtime_error("cannot create a temporary file to upgrade the notebook");
        migrated->close();
        QFile::remove(migrated->fileName());
        if (!QFile::copy(path, migrated->fileName()))
            throw std::runtime_error("cannot copy the notebook to upgrade it");
        NotebookConnection connection(migrated->fileName());
        migrate(connection.database(), version);
        return readNotebook(connection.database());
    } catch (const InvalidInput& error) {
        if (error.where().rfind(name, 0) == 0)
            throw;
        throw error.under(name);
    } catch (const std::exception& error) {
        throw InvalidInput(name, std::string("cannot be read: ") + error.what());
    }
}

void save(const Notebook& notebook, const QString& path) {
    const QFileInfo target(path);
    QTemporaryFile temporary(target.absolutePath() + QStringLiteral("/.") + target.fileName() +
                             QStringLiteral(".XXXXXX"));
    temporary.setAutoRemove(true);
    if (!temporary.open())
        throw std::runtime_error(path.toStdString() + ": cannot write in " +
                                 target.absolutePath().toStdString() + ": " +
                                 temporary.errorString().toStdString());
    temporary.close();
    try {
        NotebookConnection connection(temporary.fileName());
        QSqlDatabase db = connection.database();
        exec(db, QStringLiteral("PRAGMA journal_mode = OFF")); // the rename is the commit
        exec(db, QStringLiteral("PRAGMA synchronous = OFF"));  // one fsync below instead
        migrate(db, 0);
        if (!db.transaction())
            throw std::runtime_error(db.lastError().text().toStdString());
        int position = 0;
        for (const Experiment& e : notebook.experiments) {
            exec(db,
                 QStringLiteral("INSERT INTO experiments (uid, position, name, notes, settings, "
                                "sweep) VALUES (?, ?, ?, ?, ?, ?)"),
                 {qs(e.uid), position++, qs(e.name), qs(e.notes),
                  QString::fromUtf8(
                      QJsonDocument(settingsToJson(e.settings)).toJson(QJsonDocument::Compact)),
                  QString::fromUtf8(
                      QJsonDocument(sweepToJson(e.sweep)).toJson(QJsonDocument::Compact))});
            for (const RunRecord& run : e.runs) {
                writeRun(db, e.uid, run);
                writeSnapshots(db, lastRowId(db), run.result.snapshots, 0,
                               run.result.snapshots.count);
            }
        }
        if (!db.commit())
            throw std::runtime_error(db.lastError().text().toStdString());
    } catch (const std::exception& error) {
        throw std::runtime_error(path.toStdString() + ": cannot save: " + error.what());
    }
    // Keep the permissions of the file replaced; a new one gets the usual rw-r--r--.
    const QFileDevice::Permissions permissions =
        target.exists() ? QFile::permissions(target.absoluteFilePath())
                        : QFileDevice::ReadOwner | QFileDevice::WriteOwner |
                              QFileDevice::ReadGroup | QFileDevice::ReadOther;
    QFile::setPermissions(temporary.fileName(), permissions);
    syncFile(temporary.fileName());
    if (::rename(QFile::encodeName(temporary.fileName()).constData(),
                 QFile::encodeName(target.absoluteFilePath()).constData()) != 0)
        throw std::runtime_error(path.toStdString() +
                                 ": cannot replace the file: " + std::strerror(errno));
    temporary.setAutoRemove(false);  // it is `path` now
    syncFile(target.absolutePath()); // the rename itself
}

} // namespace notebookfile

RunWriter::RunWriter(const QString& path) {
    checkHeader(path);
    try {
        m_connection = std::make_unique<NotebookConnection>(path);
    } catch (const std::exception& error) {
        throw InvalidInput(path.toStdString(),
                           std::string("cannot be opened for writing: ") + error.what());
    }
    const QSqlDatabase db = m_connection->database();
    const long long version = pragma(db, "user_version");
    if (version != notebookfile::schemaVersion)
        throw InvalidInput(path.toStdString(),
                           version > notebookfile::schemaVersion
                               ? "was written by a newer ReLU Lab"
                               : "is an older notebook: save it once before running into it");
    exec(db, QStringLiteral("PRAGMA journal_mode = WAL"));
    exec(db, QStringLiteral("PRAGMA synchronous = NORMAL"));
}

RunWriter::~RunWriter() {
    QSqlQuery(m_connection->database())
        .exec(QStringLiteral("PRAGMA journal_mode = DELETE")); // one file again
}

void RunWriter::beginTransaction() {
    QSqlDatabase db = m_connection->database();
    if (!db.transaction())
        throw std::runtime_error(db.lastError().text().toStdString());
}

void RunWriter::commit() {
    QSqlDatabase db = m_connection->database();
    if (!db.commit())
        throw std::runtime_error(db.lastError().text().toStdString());
}

void RunWriter::addRun(const std::string& experimentUid, const RunRecord& run) {
    const QSqlDatabase db = m_connection->database();
    writeRun(db, experimentUid, run);
    m_rowIds[run.uid] = lastRowId(db);
}

void RunWriter::resumeRun(const std::string& runUid) {
    QSqlQuery query = exec(m_connection->database(),
                           QStringLiteral("SELECT id FROM runs WHERE uid = ?"), {qs(runUid)});
    if (!query.next())
        throw std::runtime_error("run " + runUid + " is not in the notebook file");
    m_rowIds[runUid] = query.value(0).toLongLong();
}

void RunWriter::addSnapshots(const std::string& runUid, const SnapshotSeries& snapshots,
                             std::size_t from, std::size_t to) {
    writeSnapshots(m_connection->database(), m_rowIds.at(runUid), snapshots, from, to);
}

void RunWriter::updateRun(const std::string& runUid, const RunResult& r) {
    exec(m_connection->database(),
         QStringLiteral("UPDATE runs SET status = ?, message = ?, steps_done = ?, "
                        "wall_seconds = ?, backend = ?, initial_parameters = ?, "
                        "final_parameters = ? WHERE id = ?"),
         {QString::fromLatin1(runStatusKinds.name(r.status)), qs(r.message),
          static_cast<qlonglong>(r.stepsDone), r.wallSeconds, qs(r.backend),
          r.initialParameters.is_empty() ? QVariant(QMetaType::fromType<QByteArray>())
                                         : QVariant(toBlob(r.initialParameters)),
          r.finalParameters.is_empty() ? QVariant(QMetaType::fromType<QByteArray>())
                                       : QVariant(toBlob(r.finalParameters)),
          m_rowIds.at(runUid)});
}

} // namespace relulab

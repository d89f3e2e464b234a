#include "document/notebookfile.h"

#include "core/error.h"
#include "core/regularfile.h"
#include "document/arrayblob.h"
#include "document/experimentjson.h"
#include "document/jsonfields.h"
#include "document/notebooklock.h"
#include "document/notebookschema.h"
#include "document/snapshotarrays.h"
#include "document/sqliteconnection.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTemporaryFile>
#include <QVariant>
#include <QtEndian>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <map>
#include <set>
#include <stdexcept>
#include <unistd.h>

namespace relulab {

namespace {

QString qs(const std::string& text) {
    return QString::fromStdString(text);
}

// What the file's first 100 bytes say, checked before SQLite touches it.
void checkHeader(const QString& path) {
    const std::string name = path.toStdString();
    checkRegularFile(name);
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
    if (id != notebookschema::applicationId)
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

// A stored accuracy: NULL (mse, no test data, older notebooks) reads as NaN.
double checkedAccuracy(const QVariant& value, LossKind loss, const std::string& where) {
    if (value.isNull())
        return NAN;
    bool number = false;
    const double accuracy = value.toDouble(&number);
    checkAccuracy(number ? accuracy : NAN, loss, where);
    return accuracy;
}

void readSnapshots(const QSqlDatabase& db, long long runId, RunRecord& run,
                   const std::string& where) {
    const auto parameters = run.settings.architecture.parameterCount();
    const auto layers = run.settings.architecture.layerCount();
    QSqlQuery rows = exec(db,
                          QStringLiteral("SELECT step, train_error, test_error, parameters, "
                                         "gradient_norms, dead_units, train_set_error, "
                                         "train_accuracy, test_accuracy FROM snapshots "
                                         "WHERE run_id = ? ORDER BY position"),
                          {runId});
    std::vector<long> steps;
    std::vector<double> train, test, trainSet, trainAccuracy, testAccuracy;
    std::vector<arma::fvec> params;
    std::vector<arma::vec> norms;
    std::vector<arma::imat> dead;
    while (rows.next()) {
        const std::string at = where + ".snapshots[" + std::to_string(steps.size()) + "]";
        steps.push_back(static_cast<long>(rows.value(0).toLongLong()));
        train.push_back(rows.value(1).isNull() ? NAN : rows.value(1).toDouble());
        test.push_back(rows.value(2).isNull() ? NAN : rows.value(2).toDouble());
        trainSet.push_back(rows.value(6).isNull() ? NAN : rows.value(6).toDouble());
        trainAccuracy.push_back(
            checkedAccuracy(rows.value(7), run.settings.loss, at + ".train_accuracy"));
        testAccuracy.push_back(
            checkedAccuracy(rows.value(8), run.settings.loss, at + ".test_accuracy"));
        params.push_back(floatVectorFromBlob(rows.value(3).toByteArray(), at + ".parameters"));
        norms.push_back(doubleVectorFromBlob(rows.value(4).toByteArray(), at + ".gradient_norms"));
        dead.push_back(integerMatrixFromBlob(rows.value(5).toByteArray(), at + ".dead_units"));
        if (params.back().n_elem != parameters || norms.back().n_elem != layers ||
            dead.back().n_elem != (layers > 0 ? layers - 1 : 0))
            throw InvalidInput(at, "arrays do not match the run's network");
        checkDeadUnitCounts(arma::conv_to<arma::vec>::from(arma::vectorise(dead.back())),
                            run.settings.architecture, at + ".dead_units");
    }
    SnapshotSeries& s = run.result.snapshots;
    s.allocate(steps, parameters, layers);
    for (std::size_t i = 0; i < steps.size(); ++i) {
        s.trainError[i] = train[i];
        s.testError[i] = test[i];
        s.trainSetError[i] = trainSet[i];
        s.trainAccuracy[i] = trainAccuracy[i];
        s.testAccuracy[i] = testAccuracy[i];
        s.parameters.col(i) = params[i];
        s.gradientNorms.col(i) = norms[i];
        if (s.deadUnits.n_rows > 0)
            s.deadUnits.col(i) = arma::vectorise(dead[i]);
    }
    s.count = steps.size();
}

// A run stored as still training: it goes on in the process that holds the notebook's lock,
// or that process stopped during it (a crash, kill -9), leaving it as far as its snapshots go.
void describeUnfinished(RunResult& r, std::optional<long long> trainer) {
    if (r.snapshots.count > 0)
        r.stepsDone = std::max(r.stepsDone, r.snapshots.steps[r.snapshots.count - 1]);
    if (trainer) {
        r.status = RunStatus::Running;
        r.message = "training in another ReLU Lab (process " + std::to_string(*trainer) + ")";
    } else {
        r.status = RunStatus::Cancelled;
        r.message = "interrupted: the program stopped during this run";
    }
}

// `trainer`: the process that has the file open to store runs, if one does.
Notebook readNotebook(const QSqlDatabase& db, std::optional<long long> trainer) {
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
        // The table's primary key keeps uids unique; a damaged index no longer does.
        if (!byUid.emplace(e.uid, notebook.experiments.size()).second)
            throw InvalidInput(where + ".uid", "\"" + e.uid +
                                                   "\" is an earlier experiment's uid too: the "
                                                   "file is damaged");
        notebook.experiments.push_back(std::move(e));
    }
    QSqlQuery runs =
        exec(db, QStringLiteral("SELECT id, uid, experiment_uid, label, started_at, settings, "
                                "status, message, steps_done, wall_seconds, backend, "
                                "initial_parameters, final_parameters, parent_uid, "
                                "parent_step FROM runs ORDER BY id"));
    std::set<std::string> runUids;
    while (runs.next()) {
        RunRecord run;
        run.uid = runs.value(1).toString().toStdString();
        const std::string experimentUid = runs.value(2).toString().toStdString();
        run.label = runs.value(3).toString().toStdString();
        run.startedAt = runs.value(4).toString().toStdString();
        const std::string where = "run \"" + run.label + "\" (" + run.startedAt + ")";
        if (!runUids.insert(run.uid).second)
            throw InvalidInput(where + ".uid", "\"" + run.uid +
                                                   "\" is an earlier run's uid too: the file is "
                                                   "damaged");
        run.settings = settingsFromJson(jsonObject(runs.value(5).toString(), where), where);
        RunResult& r = run.result;
        r.status = statusFromName(runs.value(6).toString(), where + ".status");
        r.message = runs.value(7).toString().toStdString();
        r.stepsDone = static_cast<long>(runs.value(8).toLongLong());
        r.wallSeconds = runs.value(9).toDouble();
        r.backend = runs.value(10).toString().toStdString();
        if (!runs.value(11).isNull())
            r.initialParameters =
                floatVectorFromBlob(runs.value(11).toByteArray(), where + ".initial_parameters");
        if (!runs.value(12).isNull())
            r.finalParameters =
                floatVectorFromBlob(runs.value(12).toByteArray(), where + ".final_parameters");
        for (const auto& [blob, column] : {std::pair{&r.initialParameters, "initial_parameters"},
                                           std::pair{&r.finalParameters, "final_parameters"}})
            if (!blob->is_empty() && blob->n_elem != run.settings.architecture.parameterCount())
                throw InvalidInput(where + "." + column,
                                   "holds " + std::to_string(blob->n_elem) +
                                       " values where the run's network has " +
                                       std::to_string(run.settings.architecture.parameterCount()) +
                                       " parameters");
        if (!runs.value(13).isNull())
            run.parent = RunParent{runs.value(13).toString().toStdString(),
                                   static_cast<long>(runs.value(14).toLongLong())};
        readSnapshots(db, runs.value(0).toLongLong(), run, where);
        if (!hasEnded(r.status))
            describeUnfinished(r, trainer);
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
                        "final_parameters, parent_uid, parent_step) "
                        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"),
         {qs(run.uid), qs(experimentUid), qs(run.label), qs(run.startedAt),
          QString::fromUtf8(
              QJsonDocument(settingsToJson(run.settings)).toJson(QJsonDocument::Compact)),
          QString::fromLatin1(runStatusKinds.name(run.result.status)), qs(run.result.message),
          static_cast<qlonglong>(run.result.stepsDone), run.result.wallSeconds,
          qs(run.result.backend),
          run.result.initialParameters.is_empty() ? QVariant(QMetaType::fromType<QByteArray>())
                                                  : QVariant(toBlob(run.result.initialParameters)),
          run.result.finalParameters.is_empty() ? QVariant(QMetaType::fromType<QByteArray>())
                                                : QVariant(toBlob(run.result.finalParameters)),
          run.parent ? QVariant(qs(run.parent->uid)) : QVariant(QMetaType::fromType<QString>()),
          run.parent ? QVariant(static_cast<qlonglong>(run.parent->step))
                     : QVariant(QMetaType::fromType<qlonglong>())});
}

void writeSnapshots(const QSqlDatabase& db, long long runId, const SnapshotSeries& s,
                    std::size_t from, std::size_t to) {
    QSqlQuery insert(db);
    insert.prepare(QStringLiteral("INSERT OR REPLACE INTO snapshots (run_id, position, step, "
                                  "train_error, test_error, parameters, gradient_norms, "
                                  "dead_units, train_set_error, train_accuracy, test_accuracy) "
                                  "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
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
        // A net without hidden layers has no rows of dead units: no column to take.
        insert.addBindValue(
            toBlob(s.deadUnits.n_rows > 0 ? arma::imat(s.deadUnits.col(i)) : arma::imat(0, 1)));
        insert.addBindValue(nullable(s.trainSetError[i]));
        insert.addBindValue(nullable(s.trainAccuracy[i]));
        insert.addBindValue(nullable(s.testAccuracy[i]));
        if (!insert.exec())
            throw std::runtime_error(sqlErrorText(insert.lastError()));
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

// What SQLite may keep beside a database: its write-ahead log, or its rollback journal.
const std::array<QString, 2>& logSuffixes() {
    static const std::array<QString, 2> suffixes{QStringLiteral("-wal"),
                                                 QStringLiteral("-journal")};
    return suffixes;
}

bool hasLog(const QString& path) {
    return std::ranges::any_of(
        logSuffixes(), [&path](const QString& suffix) { return QFileInfo::exists(path + suffix); });
}

// A copy of a notebook with its write-ahead log or journal in a folder of its own, removed with
// it: where an older file is upgraded, or a log is recovered, without touching the user's file.
class PrivateCopy {
public:
    explicit PrivateCopy(const QString& path) {
        if (!m_folder.isValid())
            throw std::runtime_error("cannot create a temporary folder to read the notebook in");
        m_path = m_folder.filePath(QStringLiteral("notebook"));
        if (!QFile::copy(path, m_path))
            throw std::runtime_error("cannot copy the notebook to read it");
        for (const QString& suffix : logSuffixes())
            if (QFileInfo::exists(path + suffix) && !QFile::copy(path + suffix, m_path + suffix))
                throw std::runtime_error("cannot copy the notebook's " +
                                         suffix.mid(1).toStdString() + " to read it");
        QFile::setPermissions(m_path, QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    }
    const QString& path() const { return m_path; }

private:
    QTemporaryDir m_folder;
    QString m_path;
};

void checkVersion(long long version, const std::string& name) {
    if (version > notebookfile::schemaVersion)
        throw InvalidInput(name, "was written by a newer ReLU Lab (notebook format " +
                                     std::to_string(version) + "; this version reads up to " +
                                     std::to_string(notebookfile::schemaVersion) + ")");
    if (version < 0)
        throw InvalidInput(name, "has no valid notebook format (user_version " +
                                     std::to_string(version) + ")");
}

// Reads `file` (the notebook itself, or a private copy of it, named `name` in messages) in one
// read transaction, so that runs another process appends meanwhile are seen whole or not at
// all. An older schema is upgraded in a private copy.
Notebook readFile(const QString& file, const std::string& name, SqliteConnection::Mode mode,
                  std::optional<long long> trainer) {
    long long version = 0;
    {
        const SqliteConnection connection(file, mode);
        QSqlDatabase db = connection.database();
        exec(db, QStringLiteral("PRAGMA query_only = 1"));
        if (!db.transaction())
            throw std::runtime_error(sqlErrorText(db.lastError()));
        version = pragma(db, "user_version");
        checkVersion(version, name);
        notebookschema::checkObjects(db, version, name);
        if (version == notebookfile::schemaVersion) {
            Notebook notebook = readNotebook(db, trainer);
            db.rollback();
            return notebook;
        }
    }
    const PrivateCopy copy(file);
    const SqliteConnection connection(copy.path());
    notebookschema::migrate(connection.database(), version);
    return readNotebook(connection.database(), trainer);
}

} // namespace

namespace notebookfile {

Notebook load(const QString& path) {
    const std::string name = path.toStdString();
    checkHeader(path);
    const std::optional<long long> trainer = NotebookLock::holder(path);
    try {
        try {
            return readFile(path, name, SqliteConnection::Mode::ReadOnly, trainer);
        } catch (const InvalidInput&) {
            throw;
        } catch (const std::exception&) {
            // A log or journal beside a file SQLite cannot read in place (a folder it cannot
            // write its index into): read a private copy, which recovers them there.
            if (!hasLog(path))
                throw;
        }
        const PrivateCopy copy(path);
        return readFile(copy.path(), name, SqliteConnection::Mode::ReadWrite, trainer);
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
        SqliteConnection connection(temporary.fileName());
        QSqlDatabase db = connection.database();
        exec(db, QStringLiteral("PRAGMA journal_mode = OFF")); // the rename is the commit
        exec(db, QStringLiteral("PRAGMA synchronous = OFF"));  // one fsync below instead
        notebookschema::migrate(db, 0);
        if (!db.transaction())
            throw std::runtime_error(sqlErrorText(db.lastError()));
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
            throw std::runtime_error(sqlErrorText(db.lastError()));
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
        m_connection = std::make_unique<SqliteConnection>(path);
    } catch (const std::exception& error) {
        throw InvalidInput(path.toStdString(),
                           std::string("cannot be opened for writing: ") + error.what());
    }
    const QSqlDatabase db = m_connection->database();
    const long long version = pragma(db, "user_version");
    checkVersion(version, path.toStdString());
    notebookschema::checkObjects(db, version, path.toStdString());
    // Runs go into the current schema: an older file is upgraded in place, in one transaction
    // (a failed upgrade leaves it as it was).
    if (version != notebookfile::schemaVersion)
        notebookschema::migrate(db, version);
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
        throw std::runtime_error(sqlErrorText(db.lastError()));
}

void RunWriter::commit() {
    QSqlDatabase db = m_connection->database();
    if (!db.commit())
        throw std::runtime_error(sqlErrorText(db.lastError()));
}

void RunWriter::rollback() noexcept {
    QSqlDatabase db = m_connection->database();
    db.rollback();
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

// A notebook file holds data and nothing else, and reading one never writes: SQL objects that
// could run on the user's file are refused, a write-ahead log left beside a file is read and left
// alone, and arrays that do not fit the run's network are refused by name.
#include "core/error.h"
#include "document/arrayblob.h"
#include "document/notebookfile.h"
#include "document/notebookschema.h"
#include "document/runsession.h"
#include "document/sqliteconnection.h"
#include "document/templates.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

#include <sys/stat.h>
#include <unistd.h>

using namespace relulab;

namespace {

QByteArray readAll(const QString& path) {
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

// Runs SQL statements on a file as another tool would, outside ReLU Lab.
void changeOutside(const QString& path, const QStringList& statements,
                   const std::vector<QVariant>& values = {}) {
    const QString name = QStringLiteral("outside");
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
        db.setDatabaseName(path);
        QVERIFY(db.open());
        for (const QString& sql : statements) {
            QSqlQuery query(db);
            QVERIFY2(query.prepare(sql), qPrintable(query.lastError().text()));
            for (const QVariant& v : values)
                query.addBindValue(v);
            QVERIFY2(query.exec(), qPrintable(query.lastError().text()));
        }
        db.close();
    }
    QSqlDatabase::removeDatabase(name);
}

long long countRows(const QString& path, const QString& table) {
    const QString name = QStringLiteral("count");
    long long rows = -1;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
        db.setDatabaseName(path);
        db.setConnectOptions(QStringLiteral("QSQLITE_OPEN_READONLY"));
        if (db.open()) {
            QSqlQuery query(db);
            if (query.exec(QStringLiteral("SELECT count(*) FROM ") + table) && query.next())
                rows = query.value(0).toLongLong();
        }
        db.close();
    }
    QSqlDatabase::removeDatabase(name);
    return rows;
}

QString refusal(const QString& path) {
    try {
        notebookfile::load(path);
    } catch (const InvalidInput& error) {
        return QString::fromStdString(error.what());
    }
    return {};
}

} // namespace

class TestNotebookIntegrity : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QString file(const QString& name) const { return m_dir.filePath(name); }

    // The xor template with its runs, saved to `name`.
    QString savedWithRuns(const QString& name) {
        Notebook notebook = makeTemplate("xor");
        {
            RunSession session(notebook, {2}, 1, {});
            while (session.poll())
                QThread::msleep(5);
        }
        const QString path = file(name);
        notebookfile::save(notebook, path);
        return path;
    }

private Q_SLOTS:
    // Finding 3: SQL objects in a file ran on it (a trigger wiped the experiments during `run`)
    // or stood in for its tables (a view). Now neither loading nor running touches such a file.
    void sqlObjectsAreRefused_data() {
        QTest::addColumn<QStringList>("statements");
        QTest::addColumn<QString>("named");
        QTest::newRow("trigger")
            << QStringList{QStringLiteral(
                   "CREATE TRIGGER wipe AFTER INSERT ON runs BEGIN DELETE FROM experiments; END")}
            << QStringLiteral("it has trigger \"wipe\" on runs");
        QTest::newRow("view") << QStringList{QStringLiteral("DROP TABLE snapshots"),
                                             QStringLiteral("CREATE VIEW snapshots AS SELECT "
                                                            "1 AS run_id")}
                              << QStringLiteral("it has another view \"snapshots\"");
        QTest::newRow("index") << QStringList{QStringLiteral("CREATE INDEX i ON runs (label)")}
                               << QStringLiteral("it has index \"i\" on runs");
        QTest::newRow("table") << QStringList{QStringLiteral("CREATE TABLE extra (x)")}
                               << QStringLiteral("it has table \"extra\"");
        QTest::newRow("missing") << QStringList{QStringLiteral("DROP TABLE snapshots")}
                                 << QStringLiteral("it lacks table \"snapshots\"");
    }

    void sqlObjectsAreRefused() {
        QFETCH(QStringList, statements);
        QFETCH(QString, named);
        const QString path = savedWithRuns(QStringLiteral("objects.relulab"));
        changeOutside(path, statements);
        const QByteArray before = readAll(path);
        const QString message = refusal(path);
        QVERIFY2(message.startsWith(path + QStringLiteral(": is not a notebook as ReLU Lab")),
                 qPrintable(message));
        QVERIFY2(message.contains(named), qPrintable(message));
        QCOMPARE(readAll(path), before);

        // Running into it is refused before anything is written, so no trigger fires.
        Notebook notebook = makeTemplate("xor");
        const long long experiments = countRows(path, QStringLiteral("experiments"));
        QVERIFY_THROWS_EXCEPTION(InvalidInput, RunSession(notebook, {0}, 1, path));
        QCOMPARE(readAll(path), before);
        QCOMPARE(countRows(path, QStringLiteral("experiments")), experiments);
    }

    // Finding 4: a failed or a good load, `info` and `export` checkpointed a -wal left beside
    // the file into it on close. Now the file and its log are read and left byte for byte.
    void readingLeavesTheLogAlone() {
        const QString source = savedWithRuns(QStringLiteral("live.relulab"));
        const QString left = file(QStringLiteral("left.relulab"));
        {
            // A run stored into the file, its process killed before it folded the log back:
            // the file, its -wal and -shm as they are on disk while the writer is open.
            RunWriter writer(source);
            writer.beginTransaction();
            RunRecord run;
            run.uid = "left-in-the-log";
            run.label = "in the log";
            run.settings = makeTemplate("xor").experiments[0].settings;
            run.result.status = RunStatus::Running;
            writer.addRun("not-saved-yet", run);
            writer.commit();
            for (const QString& suffix :
                 {QString(), QStringLiteral("-wal"), QStringLiteral("-shm")})
                QVERIFY(QFile::copy(source + suffix, left + suffix));
        }
        QVERIFY(QFileInfo(left + QStringLiteral("-wal")).size() > 0);
        const QByteArray file = readAll(left), log = readAll(left + QStringLiteral("-wal"));

        const Notebook notebook = notebookfile::load(left);
        QCOMPARE(readAll(left), file);
        QCOMPARE(readAll(left + QStringLiteral("-wal")), log);
        // What the log holds is read: the run it stored, recovered with its experiment.
        QCOMPARE(notebook.experiments.back().name, std::string("Recovered: in the log"));
        QCOMPARE(notebook.experiments.back().runs[0].result.status, RunStatus::Cancelled);

        // The same without its -shm in a folder SQLite may not write to: a private copy.
        QVERIFY(QFile::remove(left + QStringLiteral("-shm")));
        if (::geteuid() != 0) { // root writes anywhere
            QVERIFY(QFile::setPermissions(m_dir.path(),
                                          QFileDevice::ReadOwner | QFileDevice::ExeOwner));
            const Notebook copy = notebookfile::load(left);
            QVERIFY(QFile::setPermissions(m_dir.path(), QFileDevice::ReadOwner |
                                                            QFileDevice::WriteOwner |
                                                            QFileDevice::ExeOwner));
            QCOMPARE(copy.experiments.size(), notebook.experiments.size());
        }
        const Notebook again = notebookfile::load(left);
        QCOMPARE(again.experiments.size(), notebook.experiments.size());
        QCOMPARE(readAll(left), file);
        QCOMPARE(readAll(left + QStringLiteral("-wal")), log);
    }

    void onlyFilesAreOpenedAsNotebooks() {
        const QString fifo = file(QStringLiteral("pipe.relulab"));
        QCOMPARE(::mkfifo(QFile::encodeName(fifo).constData(), 0600), 0);
        QVERIFY2(refusal(fifo).contains(QStringLiteral("is a named pipe (FIFO), not a file")),
                 qPrintable(refusal(fifo)));
    }

    void formatNumbersBelowZeroAreRefused() {
        const QString path = savedWithRuns(QStringLiteral("negative.relulab"));
        changeOutside(path, {QStringLiteral("PRAGMA user_version = -3")});
        const QByteArray before = readAll(path);
        const QString message = refusal(path);
        QVERIFY2(message.contains(QStringLiteral("no valid notebook format (user_version -3)")),
                 qPrintable(message));
        QCOMPARE(readAll(path), before);
    }

    // Finding 12: a run's initial or final parameters of the wrong length were taken as they
    // were, and charts read past them.
    void arraysThatDoNotFitTheNetworkAreRefused_data() {
        QTest::addColumn<QString>("column");
        QTest::newRow("initial") << QStringLiteral("initial_parameters");
        QTest::newRow("final") << QStringLiteral("final_parameters");
    }

    void arraysThatDoNotFitTheNetworkAreRefused() {
        QFETCH(QString, column);
        const QString path = savedWithRuns(QStringLiteral("blobs.relulab"));
        changeOutside(
            path,
            {QStringLiteral("UPDATE runs SET %1 = ? WHERE id = (SELECT min(id) FROM runs)")
                 .arg(column)},
            {QVariant(toBlob(arma::fvec(3, arma::fill::ones)))});
        const QString message = refusal(path);
        QVERIFY2(message.contains(
                     QStringLiteral(".%1: holds 3 values where the run's network has").arg(column)),
                 qPrintable(message));
    }

    // Found by fuzz_notebook: a snapshot's dead units were taken as any integer (negative, or
    // more than the layer has) and drawn as such.
    void deadUnitCountsOutsideTheLayerAreRefused() {
        const QString path = savedWithRuns(QStringLiteral("dead.relulab"));
        changeOutside(path,
                      {QStringLiteral("UPDATE snapshots SET dead_units = ? WHERE position = 1 AND "
                                      "run_id = (SELECT min(id) FROM runs)")},
                      {QVariant(toBlob(arma::imat(1, 1, arma::fill::value(-3))))});
        const QString message = refusal(path);
        QVERIFY2(message.contains(QStringLiteral(".snapshots[1].dead_units[0]: dead units of "
                                                 "hidden 1 must be a whole number from 0 to ")),
                 qPrintable(message));
    }

    // Found by fuzz_notebook: in a file whose index is damaged two experiments had one uid;
    // it loaded, and saving it failed on the uniqueness the index should have kept.
    void duplicateUidsAreRefused() {
        const QString damaged =
            QStringLiteral(RELULAB_TEST_DATA_DIR "/../fuzz/corpus/notebook/duplicate-uids.relulab");
        QVERIFY(QFile::exists(damaged));
        const QByteArray before = readAll(damaged);
        const QString message = refusal(damaged);
        QVERIFY2(message.contains(QStringLiteral("experiment \"ReLU net (2)\".uid: "
                                                 "\"60758d7f-d674-43ef-a1b0-7de839621d78\" is "
                                                 "an earlier experiment's uid too: the file is "
                                                 "damaged")),
                 qPrintable(message));
        QCOMPARE(readAll(damaged), before);
    }

    // Finding 8: a net without hidden layers has no dead units to store; taking a column of
    // its empty matrix was undefined behaviour on every snapshot.
    void aNetWithoutHiddenLayersRoundTrips() {
        Notebook notebook = makeTemplate("xor");
        notebook.experiments.resize(1);
        ExperimentSettings& s = notebook.experiments[0].settings;
        s.architecture.layers.erase(s.architecture.layers.begin(), s.architecture.layers.end() - 1);
        s.initializers.erase(s.initializers.begin(), s.initializers.end() - 1);
        s.training.trainableLayers.clear();
        notebook.experiments[0].sweep = {};
        {
            RunSession session(notebook, {0}, 1, {});
            while (session.poll())
                QThread::msleep(5);
        }
        const SnapshotSeries& trained = notebook.experiments[0].runs.at(0).result.snapshots;
        QVERIFY(trained.count > 1);
        QCOMPARE(trained.deadUnits.n_rows, arma::uword{0});
        const QString path = file(QStringLiteral("linear.relulab"));
        notebookfile::save(notebook, path);
        const Notebook loaded = notebookfile::load(path);
        const SnapshotSeries& read = loaded.experiments[0].runs[0].result.snapshots;
        QCOMPARE(read.count, trained.count);
        QCOMPARE(read.parameters.n_rows, trained.parameters.n_rows);
        QCOMPARE(read.parameters.n_cols, trained.parameters.n_cols);
        QVERIFY(arma::approx_equal(read.parameters, trained.parameters, "absdiff", 0.0));
    }

    // Schema 2 keeps each snapshot's training set error. A version 1 notebook (the same runs
    // without it) reads with the error unknown, its file untouched; running into it upgrades
    // the file in place to the current schema.
    void olderNotebooksReadAndUpgrade() {
        const QString current = savedWithRuns(QStringLiteral("current.relulab"));
        const Notebook saved = notebookfile::load(current);
        const QString older = file(QStringLiteral("version1.relulab"));
        {
            const SqliteConnection connection(older);
            const QSqlDatabase db = connection.database();
            notebookschema::migrate(db, 0, 1);
            exec(db, QStringLiteral("ATTACH DATABASE ? AS current"), {current});
            exec(db, QStringLiteral("INSERT INTO experiments SELECT * FROM current.experiments"));
            exec(db, QStringLiteral("INSERT INTO runs SELECT id, uid, experiment_uid, label, "
                                    "started_at, settings, status, message, steps_done, "
                                    "wall_seconds, backend, initial_parameters, "
                                    "final_parameters FROM current.runs"));
            exec(db, QStringLiteral("INSERT INTO snapshots SELECT run_id, position, step, "
                                    "train_error, test_error, parameters, gradient_norms, "
                                    "dead_units FROM current.snapshots"));
            exec(db, QStringLiteral("DETACH DATABASE current"));
        }
        const QByteArray before = readAll(older);
        const Notebook read = notebookfile::load(older);
        QVERIFY(readAll(older) == before);
        const SnapshotSeries& now = saved.experiments.at(2).runs.at(0).result.snapshots;
        const SnapshotSeries& then = read.experiments.at(2).runs.at(0).result.snapshots;
        QCOMPARE(then.count, now.count);
        QCOMPARE(then.trainError, now.trainError);
        for (std::size_t i = 0; i < now.count; ++i) {
            QVERIFY(std::isfinite(now.trainSetError[i]));
            QVERIFY(std::isnan(then.trainSetError[i]));
        }

        { const RunWriter writer(older); }
        {
            const SqliteConnection connection(older, SqliteConnection::Mode::ReadOnly);
            QCOMPARE(pragma(connection.database(), "user_version"),
                     (long long)notebookschema::version);
        }
        QCOMPARE(notebookfile::load(older).experiments.at(2).runs.at(0).result.snapshots.trainError,
                 now.trainError);
    }
};

QTEST_GUILESS_MAIN(TestNotebookIntegrity)
#include "tst_notebookintegrity.moc"

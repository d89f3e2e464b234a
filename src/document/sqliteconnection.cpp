#include "document/sqliteconnection.h"

#include <atomic>
#include <stdexcept>

namespace relulab {

namespace {

QString newConnectionName() {
    static std::atomic<int> counter{0};
    return QStringLiteral("relulab-notebook-%1").arg(counter.fetch_add(1));
}

} // namespace

SqliteConnection::SqliteConnection(const QString& path, Mode mode)
    : m_name(newConnectionName()) {
    QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_name);
    db.setDatabaseName(path);
    // Read-only also keeps SQLite from checkpointing a write-ahead log into the file on close.
    if (mode == Mode::ReadOnly)
        db.setConnectOptions(QStringLiteral("QSQLITE_OPEN_READONLY"));
    if (!db.open()) {
        const std::string error = sqlErrorText(db.lastError());
        db = QSqlDatabase();
        QSqlDatabase::removeDatabase(m_name);
        throw std::runtime_error(error);
    }
}

SqliteConnection::~SqliteConnection() {
    {
        QSqlDatabase db = QSqlDatabase::database(m_name, false);
        db.close();
    }
    QSqlDatabase::removeDatabase(m_name);
}

std::string sqlErrorText(const QSqlError& error) {
    const QString text = error.databaseText().isEmpty() ? error.driverText() : error.databaseText();
    return text.toStdString();
}

QSqlQuery exec(const QSqlDatabase& db, const QString& sql, const std::vector<QVariant>& values) {
    QSqlQuery query(db);
    if (!query.prepare(sql))
        throw std::runtime_error(sqlErrorText(query.lastError()));
    for (const QVariant& v : values)
        query.addBindValue(v);
    if (!query.exec())
        throw std::runtime_error(sqlErrorText(query.lastError()));
    return query;
}

long long pragma(const QSqlDatabase& db, const char* name) {
    QSqlQuery query = exec(db, QStringLiteral("PRAGMA %1").arg(QLatin1String(name)));
    return query.next() ? query.value(0).toLongLong() : 0;
}

} // namespace relulab

#pragma once

#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QString>
#include <QVariant>

#include <string>
#include <vector>

namespace relulab {

// A named SQLite connection, removed from Qt's registry when it goes out of scope.
class SqliteConnection {
public:
    enum class Mode { ReadWrite, ReadOnly };
    // Throws std::runtime_error with SQLite's text when the file cannot be opened.
    explicit SqliteConnection(const QString& path, Mode mode = Mode::ReadWrite);
    ~SqliteConnection();
    SqliteConnection(const SqliteConnection&) = delete;
    SqliteConnection& operator=(const SqliteConnection&) = delete;

    QSqlDatabase database() const { return QSqlDatabase::database(m_name, false); }

private:
    QString m_name;
};

// SQLite's own words for what went wrong ("disk I/O error"), else Qt's.
std::string sqlErrorText(const QSqlError& error);

// Runs one statement; SQL errors become std::runtime_error with SQLite's text.
QSqlQuery exec(const QSqlDatabase& db, const QString& sql,
               const std::vector<QVariant>& values = {});

// The value of `PRAGMA name`, 0 when it has none.
long long pragma(const QSqlDatabase& db, const char* name);

} // namespace relulab

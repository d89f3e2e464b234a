#pragma once

#include <QSqlDatabase>

#include <cstdint>
#include <string>

namespace relulab::notebookschema {

inline constexpr int version = 4;
inline constexpr std::uint32_t applicationId = 0x524C4142; // "RLAB", PRAGMA application_id

// Upgrades the schema of `db` from version `from` to `to` in one transaction, and marks it as
// a ReLU Lab notebook (application_id, user_version). Throws std::runtime_error.
void migrate(const QSqlDatabase& db, long long from, long long to = version);

// Refuses (InvalidInput naming `where`) a database whose objects are not exactly those of a
// notebook of version `fileVersion`: a trigger, view or extra index or table would run or
// stand in for our tables on the user's file, so nothing in such a file is read or written.
void checkObjects(const QSqlDatabase& db, long long fileVersion, const std::string& where);

} // namespace relulab::notebookschema

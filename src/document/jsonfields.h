#pragma once

#include "core/error.h"

#include <QByteArray>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonValue>
#include <QString>

#include <armadillo>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

namespace relulab {

// Readers for JSON values that throw InvalidInput naming the field ("network.layers[1].units")
// instead of silently defaulting. `where` is the path of the value being read.
namespace json {

// Parses JSON text. Python's json module writes NaN and Infinity as bare words, which are not
// JSON: they are read as strings here so that the field holding them can be named.
QJsonDocument parse(const QByteArray& text);

std::string field(const std::string& where, const char* key);
std::string index(const std::string& where, qsizetype i);

QJsonValue require(const QJsonObject& object, const char* key, const std::string& where);
// Refuses any key not in `known`.
void checkKeys(const QJsonObject& object, const std::vector<std::string>& known,
               const std::string& where);
void checkKeys(const QJsonObject& object, std::initializer_list<const char*> known,
               const std::string& where);

QJsonObject toObject(const QJsonValue& value, const std::string& where);
QJsonArray toArray(const QJsonValue& value, const std::string& where);
double toFiniteNumber(const QJsonValue& value, const std::string& where);
int toInt(const QJsonValue& value, const std::string& where);
std::string toString(const QJsonValue& value, const std::string& where);
bool toBool(const QJsonValue& value, const std::string& where);
// A whole number in [low, high] (at most 2^53 in magnitude, what a JSON number holds exactly).
long long toWhole(const QJsonValue& value, const std::string& where, long long low, long long high);

// A list of numbers, with an exact expected length when `length` >= 0.
arma::vec toVector(const QJsonValue& value, const std::string& where, qsizetype length = -1);
// A list of rows of numbers; `columns` < 0 means any, but every row the same length.
arma::mat toMatrix(const QJsonValue& value, const std::string& where, qsizetype columns = -1);

QJsonArray fromVector(const arma::vec& values);
QJsonArray fromMatrix(const arma::mat& rows);

QString qs(std::string_view text); // UTF-8 text as a QString

// An optional key's value, or `fallback` when the key is absent.
double numberOr(const QJsonObject& object, const char* key, const std::string& where,
                double fallback);
long long wholeOr(const QJsonObject& object, const char* key, const std::string& where,
                  long long fallback, long long low, long long high);
std::string stringOr(const QJsonObject& object, const char* key, const std::string& where,
                     const std::string& fallback);

// A name from one of the kinds' tables, or its fallback when the key is absent.
template <class Table, class Enum>
Enum enumFrom(const QJsonObject& object, const char* key, const std::string& where,
              const Table& table, Enum fallback) {
    const QJsonValue value = object.value(QLatin1String(key));
    if (value.isUndefined())
        return fallback;
    const std::string name = toString(value, field(where, key));
    const auto found = table.fromName(name);
    if (!found)
        throw InvalidInput(field(where, key),
                           "unknown value \"" + name + "\" (known: " + table.joinedNames() + ")");
    return *found;
}

} // namespace json
} // namespace relulab

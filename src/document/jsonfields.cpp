#include "document/jsonfields.h"

#include "core/error.h"
#include "core/numbertext.h"
#include "document/jsonduplicatekeys.h"

#include <QJsonDocument>
#include <QJsonParseError>

#include <cmath>
#include <string_view>

namespace relulab::json {

namespace {

// Quotes the bare words NaN, Infinity and -Infinity outside strings. One pass that copies spans
// between the words, so a large export costs about one copy of its text (none without such words).
QByteArray quoteNonFiniteWords(const QByteArray& text) {
    static constexpr std::string_view words[] = {"-Infinity", "Infinity", "NaN"};
    const std::string_view in(text.constData(), static_cast<std::size_t>(text.size()));
    QByteArray out;
    std::size_t copied = 0; // in[0, copied) is in out already
    bool inString = false;
    for (std::size_t i = 0; i < in.size(); ++i) {
        const char c = in[i];
        if (inString) {
            if (c == '\\')
                ++i;
            else if (c == '"')
                inString = false;
            continue;
        }
        if (c == '"') {
            inString = true;
            continue;
        }
        if (c != '-' && c != 'I' && c != 'N')
            continue;
        for (const std::string_view word : words) {
            if (in.substr(i, word.size()) != word)
                continue;
            if (out.isEmpty())
                out.reserve(text.size() + 64);
            out.append(in.data() + copied, static_cast<qsizetype>(i - copied));
            out.append('"').append(word.data(), static_cast<qsizetype>(word.size())).append('"');
            i += word.size() - 1;
            copied = i + 1;
            break;
        }
    }
    if (copied == 0)
        return text;
    out.append(in.data() + copied, static_cast<qsizetype>(in.size() - copied));
    return out;
}

std::string describe(const QJsonValue& value) {
    switch (value.type()) {
    case QJsonValue::Null:
        return "null";
    case QJsonValue::Bool:
        return "a boolean";
    case QJsonValue::Double:
        return "a number";
    case QJsonValue::String:
        for (const char* word : {"NaN", "Infinity", "-Infinity"})
            if (value.toString() == QLatin1String(word))
                return word;
        return "the string \"" + value.toString().left(40).toStdString() + "\"";
    case QJsonValue::Array:
        return "a list";
    case QJsonValue::Object:
        return "an object";
    case QJsonValue::Undefined:
        return "nothing";
    }
    return "something else";
}

} // namespace

QJsonDocument parse(const QByteArray& text) {
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(quoteNonFiniteWords(text), &error);
    if (error.error != QJsonParseError::NoError) {
        // The offset is into the quoted text; line and column are close enough to find it.
        const QByteArray before = text.left(error.offset);
        const qsizetype line = before.count('\n') + 1;
        const qsizetype column = error.offset - before.lastIndexOf('\n');
        throw InvalidInput("line " + std::to_string(line) + ", column " + std::to_string(column),
                           "not valid JSON: " + error.errorString().toStdString());
    }
    if (!document.isObject())
        throw InvalidInput("", "expected a JSON object at the top level");
    if (const auto duplicate = findDuplicateKey(text))
        throw InvalidInput(duplicate->path, "is given twice in one object (again at line " +
                                                std::to_string(duplicate->line) + ", column " +
                                                std::to_string(duplicate->column) +
                                                "); a key may appear once");
    return document;
}

std::string field(const std::string& where, const char* key) {
    return where.empty() ? std::string(key) : where + "." + key;
}

std::string index(const std::string& where, qsizetype i) {
    return where + "[" + std::to_string(i) + "]";
}

QJsonValue require(const QJsonObject& object, const char* key, const std::string& where) {
    const QJsonValue value = object.value(QLatin1String(key));
    if (value.isUndefined())
        throw InvalidInput(field(where, key), "is missing");
    return value;
}

void checkKeys(const QJsonObject& object, std::initializer_list<const char*> known,
               const std::string& where) {
    checkKeys(object, std::vector<std::string>(known.begin(), known.end()), where);
}

void checkKeys(const QJsonObject& object, const std::vector<std::string>& known,
               const std::string& where) {
    for (auto it = object.begin(); it != object.end(); ++it) {
        bool found = false;
        for (const std::string& k : known)
            found = found || it.key() == QString::fromStdString(k);
        if (!found) {
            std::string list;
            for (const std::string& k : known)
                list += (list.empty() ? "" : ", ") + k;
            throw InvalidInput(field(where, it.key().toStdString().c_str()),
                               "unknown key (known: " + list + ")");
        }
    }
}

QJsonObject toObject(const QJsonValue& value, const std::string& where) {
    if (!value.isObject())
        throw InvalidInput(where, "expected an object, got " + describe(value));
    return value.toObject();
}

QJsonArray toArray(const QJsonValue& value, const std::string& where) {
    if (!value.isArray())
        throw InvalidInput(where, "expected a list, got " + describe(value));
    return value.toArray();
}

double toFiniteNumber(const QJsonValue& value, const std::string& where) {
    if (!value.isDouble())
        throw InvalidInput(where, "expected a finite number, got " + describe(value));
    const double number = value.toDouble();
    if (!std::isfinite(number))
        throw InvalidInput(where, "expected a finite number, got " + shortNumber(number));
    return number;
}

int toInt(const QJsonValue& value, const std::string& where) {
    const double number = toFiniteNumber(value, where);
    if (number != std::floor(number) || std::abs(number) > 1e9)
        throw InvalidInput(where, "expected a whole number, got " + shortNumber(number));
    return static_cast<int>(number);
}

bool toBool(const QJsonValue& value, const std::string& where) {
    if (!value.isBool())
        throw InvalidInput(where, "expected true or false, got " + describe(value));
    return value.toBool();
}

long long toWhole(const QJsonValue& value, const std::string& where, long long low,
                  long long high) {
    const double number = toFiniteNumber(value, where);
    if (number != std::floor(number) || number < double(low) || number > double(high))
        throw InvalidInput(where, "expected a whole number from " + std::to_string(low) + " to " +
                                      std::to_string(high) + ", got " + shortNumber(number));
    return static_cast<long long>(number);
}

std::string toString(const QJsonValue& value, const std::string& where) {
    if (!value.isString())
        throw InvalidInput(where, "expected a string, got " + describe(value));
    return value.toString().toStdString();
}

arma::vec toVector(const QJsonValue& value, const std::string& where, qsizetype length) {
    const QJsonArray array = toArray(value, where);
    if (length >= 0 && array.size() != length)
        throw InvalidInput(where, "expected " + std::to_string(length) + " numbers, got " +
                                      std::to_string(array.size()));
    arma::vec result(static_cast<arma::uword>(array.size()));
    for (qsizetype i = 0; i < array.size(); ++i)
        result[static_cast<arma::uword>(i)] = toFiniteNumber(array[i], index(where, i));
    return result;
}

arma::mat toMatrix(const QJsonValue& value, const std::string& where, qsizetype columns) {
    const QJsonArray rows = toArray(value, where);
    if (rows.isEmpty())
        throw InvalidInput(where, "is empty");
    if (columns < 0) { // the first row sets the width the others are held to
        columns = toArray(rows[0], index(where, 0)).size();
        if (columns == 0)
            throw InvalidInput(index(where, 0), "is empty (a row needs at least one number)");
    }
    arma::mat result(static_cast<arma::uword>(rows.size()), static_cast<arma::uword>(columns));
    for (qsizetype i = 0; i < rows.size(); ++i)
        result.row(static_cast<arma::uword>(i)) = toVector(rows[i], index(where, i), columns).t();
    return result;
}

QString qs(std::string_view text) {
    return QString::fromUtf8(text.data(), static_cast<qsizetype>(text.size()));
}

double numberOr(const QJsonObject& object, const char* key, const std::string& where,
                double fallback) {
    const QJsonValue value = object.value(QLatin1String(key));
    return value.isUndefined() ? fallback : toFiniteNumber(value, field(where, key));
}

long long wholeOr(const QJsonObject& object, const char* key, const std::string& where,
                  long long fallback, long long low, long long high) {
    const QJsonValue value = object.value(QLatin1String(key));
    return value.isUndefined() ? fallback : toWhole(value, field(where, key), low, high);
}

std::string stringOr(const QJsonObject& object, const char* key, const std::string& where,
                     const std::string& fallback) {
    const QJsonValue value = object.value(QLatin1String(key));
    return value.isUndefined() ? fallback : toString(value, field(where, key));
}

QJsonArray fromVector(const arma::vec& values) {
    QJsonArray array;
    for (double v : values)
        array.append(v);
    return array;
}

QJsonArray fromMatrix(const arma::mat& rows) {
    QJsonArray array;
    for (arma::uword i = 0; i < rows.n_rows; ++i)
        array.append(fromVector(rows.row(i).t()));
    return array;
}

} // namespace relulab::json

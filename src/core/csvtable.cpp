#include "core/csvtable.h"

#include "core/error.h"
#include "core/regularfile.h"

#include <charconv>
#include <cmath>
#include <fstream>
#include <sstream>

namespace relulab {

namespace {

constexpr std::size_t maxFileBytes = 512u << 20;

std::string trimmed(std::string_view text) {
    const auto first = text.find_first_not_of(" \t\r");
    if (first == std::string_view::npos)
        return {};
    const auto last = text.find_last_not_of(" \t\r");
    return std::string(text.substr(first, last - first + 1));
}

// Splits one line on commas; double quotes protect commas and "" stands for a quote.
std::vector<std::string> splitFields(std::string_view line) {
    std::vector<std::string> fields;
    std::string field;
    bool quoted = false;
    for (std::size_t i = 0; i < line.size(); ++i) {
        const char c = line[i];
        if (quoted) {
            if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
                field += '"';
                ++i;
            } else if (c == '"') {
                quoted = false;
            } else {
                field += c;
            }
        } else if (c == '"') {
            quoted = true;
        } else if (c == ',') {
            fields.push_back(trimmed(field));
            field.clear();
        } else {
            field += c;
        }
    }
    fields.push_back(trimmed(field));
    return fields;
}

std::string cellName(const std::string& file, std::size_t row, std::size_t column,
                     const std::vector<std::string>& columns) {
    return file + ": row " + std::to_string(row) + ", column " + std::to_string(column + 1) +
           " (\"" + columns[column] + "\")";
}

} // namespace

std::size_t CsvTable::column(const std::string& name, const std::string& where) const {
    for (std::size_t i = 0; i < columns.size(); ++i)
        if (columns[i] == name)
            return i;
    std::string known;
    for (const std::string& c : columns)
        known += (known.empty() ? "" : ", ") + c;
    throw InvalidInput(where, "no column \"" + name + "\" (the file has: " + known + ")");
}

CsvTable parseCsvTable(const std::string& text, const std::string& name) {
    if (text.find('\0') != std::string::npos)
        throw InvalidInput(name, "is not a text file (it contains NUL bytes)");
    std::istringstream stream(text);
    std::string line;
    std::size_t row = 0;
    CsvTable table;
    std::vector<double> values;
    std::size_t dataRows = 0;
    while (std::getline(stream, line)) {
        ++row;
        if (trimmed(line).empty())
            continue; // blank lines, including a trailing one
        std::vector<std::string> fields = splitFields(line);
        if (table.columns.empty()) {
            if (row == 1 && line.size() >= 3 && line.compare(0, 3, "\xEF\xBB\xBF") == 0)
                fields.front() = trimmed(fields.front().substr(3)); // a UTF-8 byte order mark
            for (std::size_t c = 0; c < fields.size(); ++c) {
                if (fields[c].empty())
                    throw InvalidInput(name + ": row " + std::to_string(row) + ", column " +
                                           std::to_string(c + 1),
                                       "the header has an empty column name");
                double ignored = 0.0;
                const auto [end, error] =
                    std::from_chars(fields[c].data(), fields[c].data() + fields[c].size(), ignored);
                if (error == std::errc() && end == fields[c].data() + fields[c].size())
                    throw InvalidInput(name + ": row " + std::to_string(row),
                                       "the first row must name the columns, found the number " +
                                           fields[c]);
            }
            table.columns = std::move(fields);
            continue;
        }
        if (fields.size() != table.columns.size())
            throw InvalidInput(name + ": row " + std::to_string(row),
                               "has " + std::to_string(fields.size()) +
                                   " field(s), the header has " +
                                   std::to_string(table.columns.size()));
        for (std::size_t c = 0; c < fields.size(); ++c) {
            const std::string& field = fields[c];
            if (field.empty())
                throw InvalidInput(cellName(name, row, c, table.columns), "is empty");
            double value = 0.0;
            const char* begin = field.data();
            if (*begin == '+')
                ++begin;
            const auto [end, error] = std::from_chars(begin, field.data() + field.size(), value);
            if (error == std::errc::result_out_of_range)
                throw InvalidInput(cellName(name, row, c, table.columns),
                                   "\"" + field + "\" is out of the range of a double");
            if (error != std::errc() || end != field.data() + field.size())
                throw InvalidInput(cellName(name, row, c, table.columns),
                                   "\"" + field + "\" is not a number");
            if (!std::isfinite(value))
                throw InvalidInput(cellName(name, row, c, table.columns),
                                   "is " + field + "; only finite numbers are allowed");
            values.push_back(value);
        }
        ++dataRows;
    }
    if (table.columns.empty())
        throw InvalidInput(name, "is empty (expected a header row and data rows)");
    if (dataRows == 0)
        throw InvalidInput(name, "has a header but no data rows");
    // Read row by row into a column-major matrix: fill its transpose.
    table.values = arma::mat(values.data(), table.columns.size(), dataRows).t();
    return table;
}

CsvTable readCsvTable(const std::string& path) {
    checkRegularFile(path);
    std::ifstream file(path, std::ios::binary);
    if (!file)
        throw InvalidInput(path, "cannot be opened for reading");
    file.seekg(0, std::ios::end);
    const auto size = static_cast<std::size_t>(file.tellg());
    if (size > maxFileBytes)
        throw InvalidInput(path, "is larger than 512 MB");
    file.seekg(0);
    std::string text(size, '\0');
    file.read(text.data(), static_cast<std::streamsize>(size));
    if (!file)
        throw InvalidInput(path, "could not be read");
    return parseCsvTable(text, path);
}

} // namespace relulab

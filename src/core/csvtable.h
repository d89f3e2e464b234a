#pragma once

#include <armadillo>
#include <string>
#include <vector>

namespace relulab {

// A numeric CSV file: a header row of column names, then rows of finite numbers.
struct CsvTable {
    std::vector<std::string> columns;
    arma::mat values; // one row per data row

    // Index of a column by name; throws InvalidInput under `where` listing the known names.
    std::size_t column(const std::string& name, const std::string& where) const;
};

// Reads and checks the whole file. Refuses, naming the file, row (counted from 1, the header
// being row 1) and column: ragged rows, empty fields, non-numbers, NaN and infinities, a file
// with no data rows.
CsvTable readCsvTable(const std::string& path);

// The same, from text already in memory; `name` stands for the file in messages.
CsvTable parseCsvTable(const std::string& text, const std::string& name);

} // namespace relulab

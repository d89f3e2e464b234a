// The CSV data set format: any bytes either read as a table of finite numbers, which writes back
// and reads again the same, or are refused with a message naming the place.
#include "fuzzsupport.h"

#include "core/csvtable.h"

#include <cstdio>

using namespace relulab;

namespace {

std::string quoted(const std::string& name) {
    std::string text = "\"";
    for (const char c : name) {
        text += c;
        if (c == '"')
            text += c; // "" stands for a quote
    }
    text += '"';
    return text;
}

std::string written(const CsvTable& table) {
    std::string text;
    for (std::size_t c = 0; c < table.columns.size(); ++c) {
        if (c > 0)
            text += ',';
        text += quoted(table.columns[c]);
    }
    text += '\n';
    char number[32];
    for (arma::uword r = 0; r < table.values.n_rows; ++r) {
        for (arma::uword c = 0; c < table.values.n_cols; ++c) {
            std::snprintf(number, sizeof number, "%.17g", table.values(r, c));
            if (c > 0)
                text += ',';
            text += number;
        }
        text += '\n';
    }
    return text;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string text(reinterpret_cast<const char*>(data), size);
    fuzz::expectOnlyUserErrors(fuzz::Allowed::InvalidInputOnly, [&] {
        const CsvTable table = parseCsvTable(text, "fuzz.csv");
        if (table.columns.empty() || table.values.n_rows == 0 ||
            table.values.n_cols != table.columns.size())
            fuzz::fail("an accepted table with " + std::to_string(table.columns.size()) +
                       " columns and a " + std::to_string(table.values.n_rows) + "x" +
                       std::to_string(table.values.n_cols) + " matrix");
        if (!table.values.is_finite())
            fuzz::fail("an accepted table with a number that is not finite");
        CsvTable again;
        try {
            again = parseCsvTable(written(table), "again.csv");
        } catch (const std::exception& error) {
            fuzz::fail(std::string("an accepted table is refused once written: ") + error.what());
        }
        if (again.columns != table.columns ||
            !arma::approx_equal(again.values, table.values, "absdiff", 0.0))
            fuzz::fail("an accepted table does not read back the same once written");
    });
    return 0;
}

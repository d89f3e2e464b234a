#pragma once

#include <QString>

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>

// What the fuzz targets share. Each target defines LLVMFuzzerTestOneInput, so the same file
// builds against libFuzzer (clang -fsanitize=fuzzer) for long campaigns and against
// fuzzdriver.cpp for CI's bounded replay and mutation of the committed corpus.
namespace relulab::fuzz {

// A QCoreApplication (Qt's SQL driver is a plugin and needs one) and a scratch folder, once.
void initialize();

// Writes `size` bytes to NAME in the scratch folder and returns its path.
QString writeScratchFile(const char* name, const std::uint8_t* data, std::size_t size);
QString scratchPath(const char* name);

// What an input may end in besides success: the errors a user is shown.
enum class Allowed {
    InvalidInputOnly,       // a setting or value at fault, named
    InvalidInputOrIoErrors, // also std::runtime_error itself (a file SQLite cannot read)
};

// Runs `body`; any other exception, or an error with an empty message, is a finding: it is
// printed and the process aborts (the driver then saves the input).
void expectOnlyUserErrors(Allowed allowed, const std::function<void()>& body);

// Inputs refused with a user's error so far (the driver reports how many were accepted).
std::size_t refusedInputs();

// A broken property of an accepted input: printed, then abort.
[[noreturn]] void fail(const std::string& what);

} // namespace relulab::fuzz

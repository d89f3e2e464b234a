// A main for the fuzz targets where libFuzzer is not at hand (g++ builds, CI): replays a corpus,
// then feeds seeded mutations of it for a bounded time. Without coverage feedback it finds less
// than libFuzzer does in the same time, but it runs the same target on every build, under
// ASan+UBSan in CI. A finding (an abort, a sanitizer report, an input running past the time
// limit) leaves the input in ./fuzz-finding-TARGET.bin to replay: fuzz_TARGET that-file.
#include "fuzzsupport.h"

#include <algorithm>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>
#include <string>
#include <vector>

#include <fcntl.h>
#include <unistd.h>

#if defined(__SANITIZE_ADDRESS__) && __has_include(<sanitizer/common_interface_defs.h>)
#include <sanitizer/common_interface_defs.h>
#define RELULAB_HAS_DEATH_CALLBACK 1
#endif

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

namespace {

// The input being run and where it goes on a finding, for the signal handlers.
const std::string* currentInput = nullptr;
char findingPath[512] = "fuzz-finding.bin";

void saveCurrentInput() {
    if (!currentInput)
        return;
    const int file = ::open(findingPath, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (file < 0)
        return;
    const char* data = currentInput->data();
    std::size_t left = currentInput->size();
    while (left > 0) {
        const ssize_t written = ::write(file, data, left);
        if (written <= 0)
            break;
        data += written;
        left -= static_cast<std::size_t>(written);
    }
    ::close(file);
    constexpr char note[] = "relulab fuzz: the input is saved in ";
    [[maybe_unused]] auto ignored = ::write(STDERR_FILENO, note, sizeof note - 1);
    ignored = ::write(STDERR_FILENO, findingPath, std::strlen(findingPath));
    ignored = ::write(STDERR_FILENO, "\n", 1);
}

void onFatalSignal(int signal) {
    if (signal == SIGALRM) {
        constexpr char note[] = "relulab fuzz: finding: an input ran past the time limit\n";
        [[maybe_unused]] auto ignored = ::write(STDERR_FILENO, note, sizeof note - 1);
    }
    saveCurrentInput();
    std::signal(signal == SIGALRM ? SIGABRT : signal, SIG_DFL);
    std::raise(signal == SIGALRM ? SIGABRT : signal);
}

// Tokens of the formats (JSON, CSV, the settings' words) and numbers at the edges of limits.
const std::vector<std::string> dictionary = {
    "NaN",
    "Infinity",
    "-Infinity",
    "null",
    "true",
    "false",
    "[]",
    "{}",
    "\"\"",
    "[[]]",
    "[[1]]",
    "\"\\u0000\"",
    "\"\\ud800\"",
    "\\\"",
    ",",
    ":",
    "\"",
    "{",
    "}",
    "[",
    "]",
    "\n",
    "\r\n",
    "\"\"\"",
    "\xff\xfe",
    "\xc3\x28",
    " ",
    ",,",
    "relu",
    "sigmoid",
    "tanh",
    "identity",
    "leaky_relu",
    "elu",
    "mse",
    "bce_logits",
    "cross_entropy",
    "sgd",
    "adam",
    "constant",
    "normal",
    "uniform",
    "negative",
    "default",
    "csv",
    "expression",
    "xor",
    "two_moons",
    "spirals",
    "circles",
    "quadrants",
    "blobs",
    "gradient_print",
    "square",
    "piecewise_linear",
    "\"steps\": ",
    "\"snapshot_every\": ",
    "\"units\": ",
    "\"samples\": ",
    "\"test_samples\": ",
    "\"classes\": ",
    "\"batch_size\": ",
    "\"sweep\": {\"widths\": [1, 2, 3, 4, 5, 6, 7, 8, 9, 10], \"init_seeds\": [1, 2, 3, 4, 5]},",
    "\"expression\": \"sin(x)/x\", ",
    "\"csv\": \"data.csv\", ",
    "\"csv\": \"/dev/zero\", ",
    "x1,x2",
    "1e308",
    "1e309",
    "-1e308",
    "4.9e-324",
    "-0",
    "0",
    "-1",
    "1",
    "2",
    "63",
    "64",
    "65",
    "4096",
    "4097",
    "2147483647",
    "2147483648",
    "-2147483649",
    "4294967296",
    "9223372036854775807",
    "9223372036854775808",
    "1000000000000",
    "1000000000001",
    "1e15",
    "0.5",
    "1e-320",
    "99999999999999999999",
};

class Mutator {
public:
    Mutator(std::uint64_t seed, const std::vector<std::string>& corpus, std::size_t maxSize)
        : m_random(seed)
        , m_corpus(corpus)
        , m_maxSize(maxSize) {}

    std::string next() {
        std::string input = m_corpus[below(m_corpus.size())];
        for (std::size_t n = 1 + below(4); n > 0; --n)
            mutateOnce(input);
        if (input.size() > m_maxSize)
            input.resize(m_maxSize);
        return input;
    }

private:
    std::size_t below(std::size_t n) { return n == 0 ? 0 : m_random() % n; }
    const std::string& token() { return dictionary[below(dictionary.size())]; }

    void mutateOnce(std::string& input) {
        const std::size_t at = below(input.size() + 1);
        const std::size_t length = std::min<std::size_t>(input.size() - at, 1 + below(16));
        switch (below(10)) {
        case 0: // a bit flipped
            if (at < input.size())
                input[at] = static_cast<char>(input[at] ^ (1 << below(8)));
            break;
        case 1: // a byte replaced
            if (at < input.size())
                input[at] = static_cast<char>(below(256));
            break;
        case 2: // bytes inserted
            for (std::size_t n = 1 + below(8); n > 0; --n)
                input.insert(input.begin() + static_cast<std::ptrdiff_t>(at),
                             static_cast<char>(below(256)));
            break;
        case 3: // a span removed
            input.erase(at, length);
            break;
        case 4: // a span copied elsewhere
            input.insert(below(input.size() + 1), input.substr(at, length));
            break;
        case 5: // a token inserted
            input.insert(at, token());
            break;
        case 6: // a span replaced by a token
            input.replace(at, length, token());
            break;
        case 7: { // the number at or after `at` replaced by a token
            const std::size_t first = input.find_first_of("0123456789", at);
            if (first == std::string::npos)
                break;
            const std::size_t last = input.find_first_not_of("0123456789.e+-", first);
            input.replace(first, (last == std::string::npos ? input.size() : last) - first,
                          token());
            break;
        }
        case 8: { // spliced with another input of the corpus
            const std::string& other = m_corpus[below(m_corpus.size())];
            input = input.substr(0, at) + other.substr(below(other.size() + 1));
            break;
        }
        default: // cut short
            input.resize(at);
            break;
        }
    }

    std::mt19937_64 m_random;
    const std::vector<std::string>& m_corpus;
    std::size_t m_maxSize;
};

std::string readFile(const std::filesystem::path& path) {
    std::ifstream file(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(file), std::istreambuf_iterator<char>()};
}

void run(const std::string& input) {
    currentInput = &input;
    LLVMFuzzerTestOneInput(reinterpret_cast<const std::uint8_t*>(input.data()), input.size());
    currentInput = nullptr;
}

int usage(const char* program) {
    std::fprintf(stderr,
                 "usage: %s [--seconds S] [--runs N] [--seed K] [--max-size BYTES] "
                 "[--input-timeout S] CORPUS...\n"
                 "Replays every file of CORPUS (files or folders), then runs seeded mutations "
                 "of them until S seconds or N inputs have passed.\n",
                 program);
    return 2;
}

} // namespace

int main(int argc, char** argv) {
    double seconds = 0;
    unsigned long long runs = 0, seed = 1;
    std::size_t maxSize = 1 << 20;
    unsigned inputTimeout = 20;
    std::vector<std::filesystem::path> paths;
    for (int i = 1; i < argc; ++i) {
        const std::string argument = argv[i];
        const bool hasValue = i + 1 < argc;
        if (argument == "--seconds" && hasValue)
            seconds = std::atof(argv[++i]);
        else if (argument == "--runs" && hasValue)
            runs = std::strtoull(argv[++i], nullptr, 10);
        else if (argument == "--seed" && hasValue)
            seed = std::strtoull(argv[++i], nullptr, 10);
        else if (argument == "--max-size" && hasValue)
            maxSize = std::strtoull(argv[++i], nullptr, 10);
        else if (argument == "--input-timeout" && hasValue)
            inputTimeout = static_cast<unsigned>(std::strtoul(argv[++i], nullptr, 10));
        else if (argument.starts_with("--"))
            return usage(argv[0]);
        else
            paths.emplace_back(argument);
    }
    std::vector<std::string> corpus;
    for (const auto& path : paths) {
        std::vector<std::filesystem::path> files;
        if (std::filesystem::is_directory(path)) {
            for (const auto& entry : std::filesystem::directory_iterator(path))
                if (entry.is_regular_file())
                    files.push_back(entry.path());
            std::sort(files.begin(), files.end());
        } else {
            files.push_back(path);
        }
        for (const auto& file : files)
            corpus.push_back(readFile(file));
    }
    if (corpus.empty()) {
        std::fprintf(stderr, "%s: no corpus files\n", argv[0]);
        return usage(argv[0]);
    }

    const std::string target = std::filesystem::path(argv[0]).filename().string();
    std::snprintf(findingPath, sizeof findingPath, "fuzz-finding-%s.bin", target.c_str());
    for (const int signal : {SIGABRT, SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGALRM})
        std::signal(signal, onFatalSignal);
#ifdef RELULAB_HAS_DEATH_CALLBACK
    __sanitizer_set_death_callback(saveCurrentInput);
#endif

    relulab::fuzz::initialize();
    const auto start = std::chrono::steady_clock::now();
    auto elapsed = [&] {
        return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    };
    for (const std::string& input : corpus) {
        ::alarm(inputTimeout);
        run(input);
    }
    const std::size_t corpusRefused = relulab::fuzz::refusedInputs();
    Mutator mutator(seed, corpus, maxSize);
    unsigned long long mutated = 0;
    while ((runs == 0 || mutated < runs) && (seconds <= 0 || elapsed() < seconds) &&
           (runs > 0 || seconds > 0)) {
        const std::string input = mutator.next();
        ::alarm(inputTimeout);
        run(input);
        ++mutated;
    }
    ::alarm(0);
    const std::size_t refused = relulab::fuzz::refusedInputs() - corpusRefused;
    std::printf("%s: %zu corpus inputs (%zu refused), %llu mutated inputs (%llu accepted, %zu "
                "refused with a message) in %.1f s, seed %llu: no finding\n",
                target.c_str(), corpus.size(), corpusRefused, mutated,
                mutated - static_cast<unsigned long long>(refused), refused, elapsed(), seed);
    return 0;
}

#include "core/regularfile.h"

#include "core/error.h"

#include <sys/stat.h>

namespace relulab {

void checkRegularFile(const std::string& path) {
    struct stat info {};
    if (::stat(path.c_str(), &info) != 0 || S_ISREG(info.st_mode))
        return;
    const char* what = S_ISDIR(info.st_mode)    ? "a folder"
                       : S_ISFIFO(info.st_mode) ? "a named pipe (FIFO)"
                       : S_ISSOCK(info.st_mode) ? "a socket"
                                                : "a device";
    throw InvalidInput(path, std::string("is ") + what + ", not a file: only files are read");
}

} // namespace relulab

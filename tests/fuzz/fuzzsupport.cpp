#include "fuzzsupport.h"

#include "core/error.h"

#include <QCoreApplication>
#include <QFile>
#include <QTemporaryDir>

#include <cstdio>
#include <cstdlib>
#include <memory>
#include <typeinfo>

namespace relulab::fuzz {

namespace {

std::size_t refused = 0;

QTemporaryDir& scratchFolder() {
    static QTemporaryDir folder;
    return folder;
}

} // namespace

void initialize() {
    if (QCoreApplication::instance())
        return;
    static int argc = 1;
    static char name[] = "relulab-fuzz";
    static char* argv[] = {name, nullptr};
    static QCoreApplication application(argc, argv);
    if (!scratchFolder().isValid())
        fail("cannot create a scratch folder");
}

QString scratchPath(const char* name) {
    return scratchFolder().filePath(QString::fromUtf8(name));
}

QString writeScratchFile(const char* name, const std::uint8_t* data, std::size_t size) {
    const QString path = scratchPath(name);
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate) ||
        file.write(reinterpret_cast<const char*>(data), static_cast<qint64>(size)) !=
            static_cast<qint64>(size))
        fail("cannot write the scratch file " + path.toStdString());
    return path;
}

void expectOnlyUserErrors(Allowed allowed, const std::function<void()>& body) {
    try {
        body();
    } catch (const InvalidInput& error) {
        ++refused;
        if (error.message().empty())
            fail("an InvalidInput without a message (where: \"" + error.where() + "\")");
    } catch (const std::runtime_error& error) {
        ++refused;
        // Only the plain kind the document layer throws for files; Armadillo's and the standard
        // library's own runtime errors (std::range_error, ...) are findings.
        if (allowed != Allowed::InvalidInputOrIoErrors ||
            typeid(error) != typeid(std::runtime_error))
            fail(std::string("an unexpected ") + typeid(error).name() + ": " + error.what());
        if (std::string(error.what()).empty())
            fail("a std::runtime_error without a message");
    } catch (const std::exception& error) {
        fail(std::string("an unexpected ") + typeid(error).name() + ": " + error.what());
    } catch (...) {
        fail("an exception that is not a std::exception");
    }
}

std::size_t refusedInputs() {
    return refused;
}

void fail(const std::string& what) {
    std::fprintf(stderr, "relulab fuzz: finding: %s\n", what.c_str());
    std::fflush(stderr);
    std::abort();
}

} // namespace relulab::fuzz

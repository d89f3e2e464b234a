#pragma once

#include "core/dataset.h"
#include "core/datasetspec.h"
#include "core/error.h"

#include <QObject>
#include <QThreadPool>

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace relulab {

// The editor's data set: generated again only when the data set's own settings (or its CSV
// files) change, and on a worker thread when that is more than a moment's work (a large set,
// a large CSV file), so that typing in any other field never waits for it.
class DatasetCheck : public QObject {
    Q_OBJECT
public:
    struct Result {
        std::shared_ptr<const Dataset> data;
        std::optional<InvalidInput> error; // why it cannot be generated
    };

    explicit DatasetCheck(QObject* parent = nullptr);
    ~DatasetCheck() override;

    // The data set of `spec`, or nullptr while a worker generates it (ready() follows).
    const Result* resultFor(const DatasetSpec& spec, const std::string& baseDirectory);

Q_SIGNALS:
    void ready();

private:
    struct Key {
        DatasetSpec spec;
        std::string baseDirectory;
        std::vector<long long> files; // each CSV file's size and modification time
        bool operator==(const Key&) const = default;
    };
    static Key keyOf(const DatasetSpec& spec, const std::string& baseDirectory);
    static bool isQuick(const Key& key);
    static Result generate(const Key& key);

    std::optional<Key> m_key;
    Result m_result;
    std::optional<Key> m_pending;
    unsigned long long m_generation = 0;
    QThreadPool m_workers;
};

} // namespace relulab

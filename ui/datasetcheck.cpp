#include "datasetcheck.h"

#include <QDateTime>
#include <QDir>
#include <QFileInfo>

#include <algorithm>

namespace relulab {

namespace {
// Past these a data set is generated on the worker: about a few milliseconds of work.
constexpr long long quickValues = 1'000'000;
constexpr long long quickFileBytes = 1 << 20;
} // namespace

DatasetCheck::DatasetCheck(QObject* parent)
    : QObject(parent) {
    m_workers.setMaxThreadCount(1);
}

DatasetCheck::~DatasetCheck() {
    m_workers.clear();
    m_workers.waitForDone(); // no worker posts to a deleted object
}

DatasetCheck::Key DatasetCheck::keyOf(const DatasetSpec& spec, const std::string& baseDirectory) {
    Key key{spec, baseDirectory, {}};
    if (spec.kind == DatasetKind::Csv)
        for (const std::string& path : {spec.csvPath, spec.csvTestPath}) {
            if (path.empty())
                continue;
            const QFileInfo file(QDir(QString::fromStdString(baseDirectory))
                                     .absoluteFilePath(QString::fromStdString(path)));
            key.files.push_back(file.exists() ? file.size() : -1);
            key.files.push_back(file.exists() ? file.lastModified().toMSecsSinceEpoch() : -1);
        }
    return key;
}

bool DatasetCheck::isQuick(const Key& key) {
    if (key.spec.kind == DatasetKind::Csv) {
        long long bytes = 0;
        for (std::size_t i = 0; i < key.files.size(); i += 2)
            bytes += std::max(0LL, key.files[i]);
        return bytes <= quickFileBytes;
    }
    const long long samples = std::max(0, key.spec.samples) + std::max(0, key.spec.testSamples);
    return samples * std::max(1, key.spec.inputDimension()) <= quickValues;
}

DatasetCheck::Result DatasetCheck::generate(const Key& key) {
    try {
        return {std::make_shared<const Dataset>(generateDataset(key.spec, key.baseDirectory)),
                std::nullopt};
    } catch (const InvalidInput& error) {
        return {nullptr, error};
    } catch (const std::exception& error) {
        return {nullptr, InvalidInput("dataset", error.what(), {SettingField::DatasetKind})};
    }
}

const DatasetCheck::Result* DatasetCheck::resultFor(const DatasetSpec& spec,
                                                    const std::string& baseDirectory) {
    Key key = keyOf(spec, baseDirectory);
    if (m_key && *m_key == key)
        return &m_result;
    if (m_pending && *m_pending == key)
        return nullptr;
    const unsigned long long generation = ++m_generation; // any worker's result is now stale
    if (isQuick(key)) {
        m_pending.reset();
        m_result = generate(key);
        m_key = std::move(key);
        return &m_result;
    }
    m_pending = key;
    m_workers.clear(); // a queued, not yet started one is no longer wanted
    m_workers.start([this, key = std::move(key), generation] {
        Result result = generate(key);
        QMetaObject::invokeMethod(
            this,
            [this, key, result = std::move(result), generation]() mutable {
                if (generation != m_generation)
                    return;
                m_pending.reset();
                m_key = std::move(key);
                m_result = std::move(result);
                Q_EMIT ready();
            },
            Qt::QueuedConnection);
    });
    return nullptr;
}

} // namespace relulab

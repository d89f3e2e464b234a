#pragma once

#include "core/dataset.h"
#include "core/datasetkinds.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace relulab {

bool isFunctionDataset(DatasetKind kind); // 1-D x -> f(x) sets
bool isClassificationDataset(DatasetKind kind);

// A seeded recipe for a data set with train and test parts; the same spec always gives the same
// numbers. Fields a kind does not use are ignored.
struct DatasetSpec {
    DatasetKind kind = DatasetKind::PiecewiseLinear;
    int samples = 200;   // training samples
    int testSamples = 0; // 1-D: dense test grid points added to the train x; others: test set
    double noise = 0.1;  // Gaussian noise: on 1-D targets, on 2-D points; blobs: cluster std
    std::uint32_t seed = 1;
    double low = 0.0; // 1-D: the x range
    double high = 1.0;
    XSpacing spacing = XSpacing::Random;
    std::string expression; // Expression: the function of x
    int classes = 2;        // spirals, blobs, gradient print
    int features = 10;      // gradient print: input dimension

    // Csv: paths are relative to the notebook's folder unless absolute.
    std::string csvPath;
    std::string csvTestPath; // optional; otherwise testFraction of the rows, chosen by seed
    std::vector<std::string> inputColumns;  // empty: every column but the targets
    std::vector<std::string> targetColumns; // empty: the last column
    double testFraction = 0.0;

    bool operator==(const DatasetSpec&) const = default;

    // The defaults a new data set of this kind starts from (the seeds' values).
    static DatasetSpec defaults(DatasetKind kind);

    // Input and target dimensions (for Csv: from the column lists, 0 when they are implicit).
    int inputDimension() const;
    int targetColumnCount() const;
};

// Calls visit(member) with the member of `spec` that `field` is (an int, double, XSpacing,
// std::string or std::vector<std::string>): the one map from DatasetField to DatasetSpec, for
// the checks, the defaults and the file readers and writers.
template <class Spec, class Visit>
decltype(auto) visitField(Spec& spec, DatasetField field, Visit&& visit) {
    switch (field) {
    case DatasetField::Samples:
        return visit(spec.samples);
    case DatasetField::TestSamples:
        return visit(spec.testSamples);
    case DatasetField::Noise:
        return visit(spec.noise);
    case DatasetField::Low:
        return visit(spec.low);
    case DatasetField::High:
        return visit(spec.high);
    case DatasetField::Spacing:
        return visit(spec.spacing);
    case DatasetField::Expression:
        return visit(spec.expression);
    case DatasetField::Classes:
        return visit(spec.classes);
    case DatasetField::Features:
        return visit(spec.features);
    case DatasetField::Csv:
        return visit(spec.csvPath);
    case DatasetField::CsvTest:
        return visit(spec.csvTestPath);
    case DatasetField::InputColumns:
        return visit(spec.inputColumns);
    case DatasetField::TargetColumns:
        return visit(spec.targetColumns);
    case DatasetField::TestFraction:
        break;
    }
    return visit(spec.testFraction);
}

// "dataset.noise": the name errors give a data set's field.
std::string datasetFieldPath(DatasetField field);

// Checks every field the kind uses against its limits in datasetKinds, and the x range of the
// kinds that have one; throws InvalidInput naming the field (with its SettingField). What
// only generating can tell (a CSV file's contents, an expression's values) is left to
// generateDataset.
void checkDatasetSettings(const DatasetSpec& spec);

// Throws InvalidInput naming the field ("dataset.noise", "data.csv: row 4, column 2") for
// impossible settings, unreadable or bad CSV files, or targets that come out non-finite.
Dataset generateDataset(const DatasetSpec& spec, const std::string& baseDirectory = {});

} // namespace relulab

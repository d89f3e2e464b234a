#include "core/datasetspec.h"

#include "core/csvtable.h"
#include "core/error.h"
#include "core/expression.h"
#include "core/nametable.h"
#include "core/numbertext.h"
#include "core/numpyrandom.h"

#include <cmath>
#include <filesystem>
#include <functional>
#include <numbers>
#include <type_traits>

namespace relulab {

namespace {

constexpr int maxIntegerPoints = 1'000'000;
constexpr double quadrantMargin = 0.05; // the quadrants' gap on each side of the axes

InvalidInput fieldError(DatasetField field, const std::string& message) {
    return InvalidInput(datasetFieldPath(field), message, {settingField(field)});
}

// A number or choice field's value, or NaN for the other fields.
double numberOf(const DatasetSpec& spec, DatasetField field) {
    return visitField(spec, field, [](const auto& member) {
        using T = std::decay_t<decltype(member)>;
        if constexpr (std::is_arithmetic_v<T> || std::is_enum_v<T>)
            return static_cast<double>(member);
        else
            return std::nan("");
    });
}

void setNumber(DatasetSpec& spec, DatasetField field, double value) {
    visitField(spec, field, [value](auto& member) {
        using T = std::decay_t<decltype(member)>;
        if constexpr (std::is_enum_v<T>)
            member = static_cast<T>(static_cast<int>(value));
        else if constexpr (std::is_arithmetic_v<T>)
            member = static_cast<T>(value);
    });
}

bool isEmptyText(const DatasetSpec& spec, DatasetField field) {
    return visitField(spec, field, [](const auto& member) {
        if constexpr (std::is_same_v<std::decay_t<decltype(member)>, std::string>)
            return member.empty();
        else
            return false;
    });
}

void checkField(const DatasetSpec& spec, const FieldUse& use) {
    const FieldType type = datasetFields[use.field].type;
    if (type == FieldType::Text) {
        if (use.low >= 1 && isEmptyText(spec, use.field))
            throw fieldError(use.field,
                             use.field == DatasetField::Csv ? "no CSV file is chosen" : "is empty");
        return;
    }
    if (type == FieldType::Names)
        return;
    const double v = numberOf(spec, use.field);
    const bool inside =
        std::isfinite(v) && v >= use.low && (use.highOpen ? v < use.high : v <= use.high);
    if (inside)
        return;
    if (type == FieldType::Whole)
        throw fieldError(use.field, "must be between " + shortNumber(use.low) + " and " +
                                        shortNumber(use.high) + ", got " + shortNumber(v));
    if (type == FieldType::Choice)
        throw fieldError(use.field, "is not one of " + xSpacings.joinedNames());
    if (use.highOpen)
        throw fieldError(use.field, "must lie in [" + shortNumber(use.low) + ", " +
                                        shortNumber(use.high) + ")");
    if (use.high == unbounded && use.low == -unbounded)
        throw fieldError(use.field, "must be a finite number");
    if (use.high == unbounded)
        throw fieldError(use.field, "must be a finite number >= " + shortNumber(use.low));
    throw fieldError(use.field, "must be a finite number in [" + shortNumber(use.low) + ", " +
                                    shortNumber(use.high) + "]");
}

using Function = std::function<double(double)>;

arma::vec targetsOf(const Function& f, const arma::vec& x, const char* where) {
    arma::vec y(x.n_elem);
    for (arma::uword i = 0; i < x.n_elem; ++i) {
        y[i] = f(x[i]);
        if (!std::isfinite(y[i]))
            throw InvalidInput(where, "is " + std::string(std::isnan(y[i]) ? "NaN" : "infinite") +
                                          " at x = " + std::to_string(x[i]) +
                                          "; choose a range where it is finite");
    }
    return y;
}

// The homework's recipe on [low, high]: for Random spacing with [0, 1] it draws exactly what
// np.random.RandomState(seed) draws in the notebooks.
Dataset functionDataset(const DatasetSpec& spec, const Function& f, const char* where) {
    NumpyRandomState random(spec.seed);
    arma::vec x;
    switch (spec.spacing) {
    case XSpacing::Random:
        x.set_size(static_cast<arma::uword>(spec.samples));
        for (double& v : x)
            v = spec.low + (spec.high - spec.low) * random.rand();
        x = arma::sort(x);
        break;
    case XSpacing::Even:
        if (spec.samples < 2)
            throw fieldError(DatasetField::Samples, "must be at least 2 for even spacing, got " +
                                                        std::to_string(spec.samples));
        x = arma::linspace(spec.low, spec.high, static_cast<arma::uword>(spec.samples));
        break;
    case XSpacing::Integers: {
        const double first = std::ceil(spec.low);
        const double last = std::floor(spec.high);
        if (last < first || last - first >= maxIntegerPoints)
            throw fieldError(DatasetField::Low,
                             "the range must hold between 1 and 1000000 integers for integer "
                             "spacing");
        x = arma::regspace(first, last);
        break;
    }
    }
    arma::vec y = targetsOf(f, x, where);
    for (arma::uword i = 0; i < x.n_elem; ++i)
        y[i] += random.randn() * spec.noise;

    Dataset data;
    data.trainX = x;
    data.trainY = y;
    const arma::vec test = arma::sort(arma::join_cols(
        x, arma::linspace(spec.low, spec.high, static_cast<arma::uword>(spec.testSamples))));
    data.testX = test;
    data.testY = targetsOf(f, test, where);
    return data;
}

// Labelled 2-D point sets, shaped like scikit-learn's make_moons, make_circles and make_blobs,
// and TensorFlow Playground's xor (quadrants).
struct Points {
    arma::mat x;
    arma::vec label;
};

Points pointSet(const DatasetSpec& spec, int count, NumpyRandomState& random) {
    const auto n = static_cast<arma::uword>(count);
    Points points{arma::mat(n, 2), arma::vec(n)};
    const arma::uword half = n / 2;
    for (arma::uword i = 0; i < n; ++i) {
        double a = 0.0, b = 0.0, label = 0.0;
        switch (spec.kind) {
        case DatasetKind::TwoMoons: {
            const bool inner = i >= half;
            const arma::uword j = inner ? i - half : i;
            const arma::uword m = inner ? n - half : half;
            const double t = m > 1 ? std::numbers::pi * double(j) / double(m - 1) : 0.0;
            a = inner ? 1.0 - std::cos(t) : std::cos(t);
            b = inner ? 0.5 - std::sin(t) : std::sin(t);
            label = inner ? 1.0 : 0.0;
            break;
        }
        case DatasetKind::Circles: {
            const bool inner = i >= half;
            const arma::uword j = inner ? i - half : i;
            const arma::uword m = inner ? n - half : half;
            const double t =
                2.0 * std::numbers::pi * double(j) / double(std::max<arma::uword>(m, 1));
            const double r = inner ? 0.5 : 1.0;
            a = r * std::cos(t);
            b = r * std::sin(t);
            label = inner ? 1.0 : 0.0;
            break;
        }
        case DatasetKind::Quadrants: {
            // Point i in quadrant i % 4 ((+,+), (-,+), (-,-), (+,-)), each coordinate's size
            // uniform in [margin, 1]: the classes (label 1 where x y > 0) are balanced and, before
            // the noise carries points near an axis across it, apart by 2 margins.
            const arma::uword q = i % 4;
            a = (q == 0 || q == 3 ? 1.0 : -1.0) *
                (quadrantMargin + (1.0 - quadrantMargin) * random.rand());
            b = (q < 2 ? 1.0 : -1.0) * (quadrantMargin + (1.0 - quadrantMargin) * random.rand());
            label = q % 2 == 0 ? 1.0 : 0.0;
            break;
        }
        case DatasetKind::Spirals: {
            const int k = static_cast<int>(i % static_cast<arma::uword>(spec.classes));
            const double t = random.rand();
            const double angle =
                2.0 * std::numbers::pi * k / spec.classes + 3.0 * std::numbers::pi * t;
            a = t * std::cos(angle);
            b = t * std::sin(angle);
            label = k;
            break;
        }
        default:
            break;
        }
        points.x(i, 0) = a;
        points.x(i, 1) = b;
        points.label[i] = label;
    }
    if (spec.kind == DatasetKind::Blobs) {
        // Centres drawn first from the seed, so train and test share them.
        NumpyRandomState centres(spec.seed);
        arma::mat centre(static_cast<arma::uword>(spec.classes), 2);
        for (double& c : centre)
            c = -10.0 + 20.0 * centres.rand();
        for (arma::uword i = 0; i < n; ++i) {
            const arma::uword k = i % static_cast<arma::uword>(spec.classes);
            points.x.row(i) = centre.row(k);
            points.label[i] = double(k);
        }
    }
    for (double& v : points.x)
        v += random.randn() * spec.noise;
    return points;
}

Dataset classificationDataset(const DatasetSpec& spec) {
    NumpyRandomState random(spec.seed + 1); // Blobs draw their centres from `seed` itself
    const Points train = pointSet(spec, spec.samples, random);
    const Points test = pointSet(spec, spec.testSamples, random);
    return {train.x, train.label, test.x, test.label};
}

Dataset xorDataset() {
    const arma::mat x = {{0, 0}, {0, 1}, {1, 0}, {1, 1}};
    const arma::vec y = {0, 1, 1, 0};
    return {x, y, x, y};
}

// torch.rand(32, 10) and torch.randint(0, 5, (32,)) in spirit: uniform inputs, random classes.
Dataset gradientPrintDataset(const DatasetSpec& spec) {
    NumpyRandomState random(spec.seed);
    auto draw = [&](int rows, arma::mat& x, arma::mat& y) {
        x.set_size(static_cast<arma::uword>(rows), static_cast<arma::uword>(spec.features));
        y.set_size(static_cast<arma::uword>(rows), 1);
        for (arma::uword i = 0; i < x.n_rows; ++i)
            for (arma::uword j = 0; j < x.n_cols; ++j)
                x(i, j) = random.rand();
        for (double& label : y)
            label = std::floor(random.rand() * spec.classes);
    };
    Dataset data;
    draw(spec.samples, data.trainX, data.trainY);
    draw(spec.testSamples, data.testX, data.testY);
    return data;
}

std::string resolvedPath(const std::string& path, const std::string& baseDirectory) {
    const std::filesystem::path p(path);
    if (p.is_absolute() || baseDirectory.empty())
        return path;
    return (std::filesystem::path(baseDirectory) / p).string();
}

arma::mat selectColumns(const CsvTable& table, const std::vector<std::size_t>& columns) {
    arma::mat out(table.values.n_rows, columns.size());
    for (std::size_t c = 0; c < columns.size(); ++c)
        out.col(c) = table.values.col(columns[c]);
    return out;
}

Dataset csvDataset(const DatasetSpec& spec, const std::string& baseDirectory) {
    const CsvTable table = readCsvTable(resolvedPath(spec.csvPath, baseDirectory));

    std::vector<std::size_t> targets, inputs;
    for (const std::string& name : spec.targetColumns)
        targets.push_back(table.column(name, "dataset.target_columns"));
    if (targets.empty())
        targets.push_back(table.columns.size() - 1);
    for (const std::string& name : spec.inputColumns)
        inputs.push_back(table.column(name, "dataset.input_columns"));
    if (inputs.empty())
        for (std::size_t c = 0; c < table.columns.size(); ++c)
            if (std::find(targets.begin(), targets.end(), c) == targets.end())
                inputs.push_back(c);
    if (inputs.empty())
        throw InvalidInput(datasetFieldPath(DatasetField::InputColumns),
                           "no column is left for the inputs (the file has " +
                               std::to_string(table.columns.size()) + ")");

    Dataset data;
    if (!spec.csvTestPath.empty()) {
        const CsvTable test = readCsvTable(resolvedPath(spec.csvTestPath, baseDirectory));
        std::vector<std::size_t> testInputs, testTargets;
        for (std::size_t c : inputs)
            testInputs.push_back(test.column(table.columns[c], "dataset.csv_test"));
        for (std::size_t c : targets)
            testTargets.push_back(test.column(table.columns[c], "dataset.csv_test"));
        data = {selectColumns(table, inputs), selectColumns(table, targets),
                selectColumns(test, testInputs), selectColumns(test, testTargets)};
        return data;
    }
    const arma::mat x = selectColumns(table, inputs);
    const arma::mat y = selectColumns(table, targets);
    const auto rows = x.n_rows;
    const auto testRows = static_cast<arma::uword>(std::floor(spec.testFraction * double(rows)));
    if (testRows == 0) {
        return {x, y, arma::mat(0, x.n_cols), arma::mat(0, y.n_cols)};
    }
    if (testRows >= rows)
        throw fieldError(DatasetField::TestFraction, "leaves no training rows");
    // A seeded Fisher-Yates shuffle chooses the test rows; both parts keep the file's order.
    NumpyRandomState random(spec.seed);
    arma::uvec order = arma::regspace<arma::uvec>(0, rows - 1);
    for (arma::uword i = rows - 1; i > 0; --i)
        std::swap(order[i], order[static_cast<arma::uword>(random.rand() * double(i + 1))]);
    const arma::uvec testIndex = arma::sort(order.head(testRows));
    const arma::uvec trainIndex = arma::sort(order.tail(rows - testRows));
    return {x.rows(trainIndex), y.rows(trainIndex), x.rows(testIndex), y.rows(testIndex)};
}

} // namespace

bool isFunctionDataset(DatasetKind kind) {
    return datasetKinds[kind].family == DatasetFamily::Function;
}

bool isClassificationDataset(DatasetKind kind) {
    return datasetKinds[kind].family == DatasetFamily::Classification;
}

std::string datasetFieldPath(DatasetField field) {
    return "dataset." + std::string(datasetFields.name(field));
}

DatasetSpec DatasetSpec::defaults(DatasetKind kind) {
    const DatasetKindDescriptor& descriptor = datasetKinds[kind];
    DatasetSpec spec;
    spec.kind = kind;
    if (!descriptor.uses(DatasetField::Noise))
        spec.noise = 0.0; // a kind without noise has none
    for (const FieldUse& use : descriptor.fields)
        if (const FieldType type = datasetFields[use.field].type;
            type == FieldType::Whole || type == FieldType::Number || type == FieldType::Choice)
            setNumber(spec, use.field, use.initial);
    if (descriptor.uses(DatasetField::Expression))
        spec.expression = descriptor.initialText;
    return spec;
}

int DatasetSpec::inputDimension() const {
    if (const int inputs = datasetKinds[kind].inputs; inputs > 0)
        return inputs;
    if (kind == DatasetKind::Csv)
        return static_cast<int>(inputColumns.size());
    return features;
}

int DatasetSpec::targetColumnCount() const {
    return kind == DatasetKind::Csv ? static_cast<int>(targetColumns.size()) : 1;
}

void checkDatasetSettings(const DatasetSpec& spec) {
    const DatasetKindDescriptor* descriptor = datasetKinds.find(spec.kind);
    if (!descriptor)
        throw InvalidInput("dataset.kind", "is not a data set kind ReLU Lab knows",
                           {SettingField::DatasetKind});
    for (const FieldUse& use : descriptor->fields)
        checkField(spec, use);
    if (descriptor->uses(DatasetField::Low) && descriptor->uses(DatasetField::High) &&
        !(spec.low < spec.high))
        throw fieldError(DatasetField::Low, "needs low < high, got [" + shortNumber(spec.low) +
                                                ", " + shortNumber(spec.high) + "]");
}

Dataset homeworkDataset(TargetFunction function, int samples, double sigma, std::uint32_t seed) {
    DatasetSpec spec = DatasetSpec::defaults(function == TargetFunction::PiecewiseLinear
                                                 ? DatasetKind::PiecewiseLinear
                                                 : DatasetKind::Sin20x);
    spec.samples = samples;
    spec.noise = sigma;
    spec.seed = seed;
    return generateDataset(spec);
}

namespace {
Dataset generateChecked(const DatasetSpec& spec, const std::string& baseDirectory) {
    switch (spec.kind) {
    case DatasetKind::PiecewiseLinear:
        return functionDataset(
            spec, [](double x) { return evaluateTarget(TargetFunction::PiecewiseLinear, x); },
            "dataset.function");
    case DatasetKind::Sin20x:
        return functionDataset(
            spec, [](double x) { return evaluateTarget(TargetFunction::Sin20x, x); },
            "dataset.function");
    case DatasetKind::Square:
        return functionDataset(
            spec, [](double x) { return x * x; }, "dataset.function");
    case DatasetKind::Expression: {
        const Expression f(spec.expression, "dataset.expression");
        return functionDataset(
            spec, [&f](double x) { return f(x); }, "dataset.expression");
    }
    case DatasetKind::Xor:
        return xorDataset();
    case DatasetKind::GradientPrint:
        return gradientPrintDataset(spec);
    case DatasetKind::TwoMoons:
    case DatasetKind::Circles:
    case DatasetKind::Quadrants:
    case DatasetKind::Spirals:
    case DatasetKind::Blobs:
        return classificationDataset(spec);
    case DatasetKind::Csv:
        return csvDataset(spec, baseDirectory);
    }
    throw InvalidInput("dataset.kind", "unknown kind");
}

} // namespace

Dataset generateDataset(const DatasetSpec& spec, const std::string& baseDirectory) {
    checkDatasetSettings(spec);
    try {
        return generateChecked(spec, baseDirectory);
    } catch (const InvalidInput& error) {
        // What only generating finds is the file's, the expression's or else the range's.
        const DatasetField field = spec.kind == DatasetKind::Csv          ? DatasetField::Csv
                                   : spec.kind == DatasetKind::Expression ? DatasetField::Expression
                                                                          : DatasetField::Low;
        throw error.about({settingField(field)});
    }
}

} // namespace relulab

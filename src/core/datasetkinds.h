#pragma once

// Each data set kind described once: its name, the fields it uses with their limits and
// defaults, and its input width. The engine's checks, the JSON reader and writer, the editor
// and the tests all read this table; a kind's numbers come from its generator in
// datasetspec.cpp.

#include "core/nametable.h"
#include "core/settingfield.h"

#include <limits>
#include <span>
#include <string_view>

namespace relulab {

enum class DatasetKind {
    PiecewiseLinear, // the homework's f_true on [0, 1]
    Sin20x,          // sin(20 x) on the same grid
    Square,          // x^2, by default on the integers -10..10 (the ReLU-sum seed)
    Expression,      // any 1-D function typed as an expression
    Xor,             // the 4 corners of the unit square, labels 0 1 1 0
    GradientPrint,   // seed 002's 32 x 10 uniform inputs with 5 random classes
    TwoMoons,        // 2-D classification sets, class index targets
    Circles,
    Quadrants, // TensorFlow Playground's xor: noisy points in [-1, 1]^2, label 1 where x y > 0
    Spirals,
    Blobs,
    Csv, // columns of a CSV file
};

// Where a 1-D set's training x lie in [low, high].
enum class XSpacing {
    Random,   // sorted uniform draws (the homework)
    Integers, // every integer
    Even,     // `samples` evenly spaced points, both ends included
};
inline constexpr NameTable<XSpacing, 3> xSpacings{{{
    {XSpacing::Random, "random"},
    {XSpacing::Integers, "integers"},
    {XSpacing::Even, "even"},
}}};
static_assert(xSpacings.coversEnum());

// The settings of DatasetSpec a kind may use.
enum class DatasetField {
    Samples,
    TestSamples,
    Noise,
    Low,
    High,
    Spacing,
    Expression,
    Classes,
    Features,
    Csv,
    CsvTest,
    InputColumns,
    TargetColumns,
    TestFraction,
};

enum class FieldType { Whole, Number, Choice, Text, Names };

struct DatasetFieldDescriptor {
    DatasetField kind;
    std::string_view name; // the key in files; errors name it "dataset.<name>"
    FieldType type;
};

inline constexpr KindTable<DatasetFieldDescriptor, 14> datasetFields{{{
    {DatasetField::Samples, "samples", FieldType::Whole},
    {DatasetField::TestSamples, "test_samples", FieldType::Whole},
    {DatasetField::Noise, "noise", FieldType::Number},
    {DatasetField::Low, "low", FieldType::Number},
    {DatasetField::High, "high", FieldType::Number},
    {DatasetField::Spacing, "spacing", FieldType::Choice},
    {DatasetField::Expression, "expression", FieldType::Text},
    {DatasetField::Classes, "classes", FieldType::Whole},
    {DatasetField::Features, "features", FieldType::Whole},
    {DatasetField::Csv, "csv", FieldType::Text},
    {DatasetField::CsvTest, "csv_test", FieldType::Text},
    {DatasetField::InputColumns, "input_columns", FieldType::Names},
    {DatasetField::TargetColumns, "target_columns", FieldType::Names},
    {DatasetField::TestFraction, "test_fraction", FieldType::Number},
}}};
static_assert(datasetFields.coversEnum());

constexpr SettingField settingField(DatasetField field) {
    return static_cast<SettingField>(static_cast<int>(SettingField::DatasetSamples) +
                                     static_cast<int>(field));
}
static_assert(settingField(DatasetField::TestFraction) == SettingField::DatasetTestFraction);

// The data set field a SettingField is, if it is one.
constexpr const DatasetFieldDescriptor* datasetFieldOf(SettingField field) {
    const int i = static_cast<int>(field) - static_cast<int>(SettingField::DatasetSamples);
    return i >= 0 && i < static_cast<int>(datasetFields.size())
               ? datasetFields.find(static_cast<DatasetField>(i))
               : nullptr;
}

inline constexpr double unbounded = std::numeric_limits<double>::infinity();
inline constexpr int maxDatasetSamples = 10'000'000;

// One field as a kind uses it: its limits (numbers: [low, high], or [low, high) when
// highOpen; text: low = 1 means it must not be empty) and the value a new data set of the kind
// starts from (numbers and choices; text starts empty unless the kind's defaults say more).
struct FieldUse {
    DatasetField field;
    double low = -unbounded;
    double high = unbounded;
    double initial = 0;
    bool highOpen = false;
};

enum class DatasetFamily {
    Function,       // 1-D x -> f(x) with a dense test grid
    Classification, // labelled points, class index targets
    Fixed,          // a fixed table (xor, gradient print)
    File,           // read from files
};

struct DatasetKindDescriptor {
    DatasetKind kind;
    std::string_view name; // in files and on the command line
    DatasetFamily family;
    int inputs; // input width; 0: from its fields (features, input columns)
    std::span<const FieldUse> fields;
    std::string_view initialText = {}; // a Text field's start (the expression's "x^2")

    constexpr const FieldUse* use(DatasetField field) const {
        for (const FieldUse& u : fields)
            if (u.field == field)
                return &u;
        return nullptr;
    }
    constexpr bool uses(DatasetField field) const { return use(field) != nullptr; }
};

namespace datasetfielduse {
using F = DatasetField;
constexpr double n = maxDatasetSamples;
// The x range's limits beyond finiteness (low < high, the integers in it) are the generator's.
inline constexpr FieldUse function[] = {{F::Samples, 1, n, 200},
                                        {F::TestSamples, 0, n, 1000},
                                        {F::Noise, 0, unbounded, 0.1},
                                        {F::Low, -unbounded, unbounded, 0},
                                        {F::High, -unbounded, unbounded, 1},
                                        {F::Spacing, 0, 2, double(XSpacing::Random)}};
inline constexpr FieldUse square[] = {{F::Samples, 1, n, 200},
                                      {F::TestSamples, 0, n, 1000},
                                      {F::Noise, 0, unbounded, 0},
                                      {F::Low, -unbounded, unbounded, -10},
                                      {F::High, -unbounded, unbounded, 10},
                                      {F::Spacing, 0, 2, double(XSpacing::Integers)}};
inline constexpr FieldUse expression[] = {{F::Samples, 1, n, 200},
                                          {F::TestSamples, 0, n, 1000},
                                          {F::Noise, 0, unbounded, 0.1},
                                          {F::Low, -unbounded, unbounded, 0},
                                          {F::High, -unbounded, unbounded, 1},
                                          {F::Spacing, 0, 2, double(XSpacing::Random)},
                                          {F::Expression, 1, unbounded}};
inline constexpr FieldUse gradientPrint[] = {{F::Samples, 1, n, 32},
                                             {F::TestSamples, 0, n, 32},
                                             {F::Classes, 2, 4096, 5},
                                             {F::Features, 1, 4096, 10}};
inline constexpr FieldUse twoClasses[] = {
    {F::Samples, 2, n, 200}, {F::TestSamples, 0, n, 200}, {F::Noise, 0, unbounded, 0.1}};
inline constexpr FieldUse quadrants[] = {
    {F::Samples, 2, n, 200}, {F::TestSamples, 0, n, 200}, {F::Noise, 0, unbounded, 0.05}};
inline constexpr FieldUse spirals[] = {{F::Samples, 2, n, 200},
                                       {F::TestSamples, 0, n, 200},
                                       {F::Noise, 0, unbounded, 0.1},
                                       {F::Classes, 2, 64, 2}};
inline constexpr FieldUse blobs[] = {{F::Samples, 2, n, 200},
                                     {F::TestSamples, 0, n, 200},
                                     {F::Noise, 0, unbounded, 1.0},
                                     {F::Classes, 2, 64, 3}};
inline constexpr FieldUse csv[] = {{F::Csv, 1, unbounded},
                                   {F::CsvTest, 0, unbounded},
                                   {F::InputColumns},
                                   {F::TargetColumns},
                                   {F::TestFraction, 0, 1, 0.2, true}};
} // namespace datasetfielduse

// Every data set kind, in the order the app lists them.
inline constexpr KindTable<DatasetKindDescriptor, 12> datasetKinds{{{
    {DatasetKind::PiecewiseLinear, "piecewise_linear", DatasetFamily::Function, 1,
     datasetfielduse::function},
    {DatasetKind::Sin20x, "sin20x", DatasetFamily::Function, 1, datasetfielduse::function},
    {DatasetKind::Square, "square", DatasetFamily::Function, 1, datasetfielduse::square},
    {DatasetKind::Expression, "expression", DatasetFamily::Function, 1, datasetfielduse::expression,
     "x^2"},
    {DatasetKind::Xor, "xor", DatasetFamily::Fixed, 2, {}},
    {DatasetKind::GradientPrint, "gradient_print", DatasetFamily::Fixed, 0,
     datasetfielduse::gradientPrint},
    {DatasetKind::TwoMoons, "two_moons", DatasetFamily::Classification, 2,
     datasetfielduse::twoClasses},
    {DatasetKind::Circles, "circles", DatasetFamily::Classification, 2,
     datasetfielduse::twoClasses},
    {DatasetKind::Quadrants, "quadrants", DatasetFamily::Classification, 2,
     datasetfielduse::quadrants},
    {DatasetKind::Spirals, "spirals", DatasetFamily::Classification, 2, datasetfielduse::spirals},
    {DatasetKind::Blobs, "blobs", DatasetFamily::Classification, 2, datasetfielduse::blobs},
    {DatasetKind::Csv, "csv", DatasetFamily::File, 0, datasetfielduse::csv},
}}};
static_assert(datasetKinds.coversEnum(), "every DatasetKind needs its descriptor");

} // namespace relulab

// The homework's data, bit for bit as numpy makes it (values taken from numpy 1.24).
#include "core/csvtable.h"
#include "core/dataset.h"
#include "core/datasetspec.h"
#include "core/error.h"
#include "core/expression.h"
#include "core/numpyrandom.h"

#include <QTemporaryDir>
#include <QTest>

#include <array>
#include <cmath>
#include <fstream>
#include <sys/stat.h>

using namespace relulab;

namespace {
// Sets a number or choice field by its identifier (the test's own switch, not the engine's).
void setField(DatasetSpec& spec, DatasetField field, double value) {
    switch (field) {
    case DatasetField::Samples:
        spec.samples = int(std::isnan(value) ? -1 : value);
        break;
    case DatasetField::TestSamples:
        spec.testSamples = int(std::isnan(value) ? -1 : value);
        break;
    case DatasetField::Classes:
        spec.classes = int(std::isnan(value) ? -1 : value);
        break;
    case DatasetField::Features:
        spec.features = int(std::isnan(value) ? -1 : value);
        break;
    case DatasetField::Spacing:
        spec.spacing = XSpacing(int(std::isnan(value) ? -1 : value));
        break;
    case DatasetField::Noise:
        spec.noise = value;
        break;
    case DatasetField::Low:
        spec.low = value;
        break;
    case DatasetField::High:
        spec.high = value;
        break;
    case DatasetField::TestFraction:
        spec.testFraction = value;
        break;
    default:
        QFAIL("not a number field");
    }
}
} // namespace

class TestDatasets : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void randomStateMatchesNumpy() {
        NumpyRandomState random(7);
        QCOMPARE(random.rand(), 0.07630828937395717);
        QCOMPARE(random.randn(), -0.3206032549443759);
        QCOMPARE(random.randn(), 1.4570832287334776);
        QCOMPARE(random.rand(), 0.7234651778309412);
    }

    // np.random.RandomState(1); X = sort(rand(200, 1)); y = f_true(X) + randn(200) * 0.1
    void piecewiseLinearIsTheHomeworks() {
        const Dataset data = homeworkDataset(TargetFunction::PiecewiseLinear, 200, 0.1, 1);
        QCOMPARE(data.trainX.n_rows, arma::uword{200});
        QCOMPARE(data.trainX(0, 0), 0.00011437481734488664);
        QCOMPARE(data.trainX(199, 0), 0.9973228504514805);
        QCOMPARE(data.trainY(0, 0), 0.006645488297249116);
        QCOMPARE(data.trainY(100, 0), -0.7109490844137543);
        QCOMPARE(data.trainY(199, 0), -0.8880864149401948);
        QCOMPARE(data.testX.n_rows, arma::uword{1200});
        QVERIFY(data.testX.is_sorted());
        QCOMPARE(data.testX(0, 0), 0.0);
        QCOMPARE(data.testX(1199, 0), 1.0);
        for (arma::uword i = 0; i < data.testX.n_rows; ++i)
            QCOMPARE(data.testY(i, 0),
                     evaluateTarget(TargetFunction::PiecewiseLinear, data.testX(i, 0)));
    }

    // Linear between tenths, tending to sin(12345 k) at x = k / 10 from both sides; exactly at
    // a tenth floor = ceil and the homework's formula gives 0, as numpy does.
    void targetIsLinearBetweenTenths() {
        for (int k = 1; k < 10; ++k) {
            const double limit = std::sin(12345.0 * k);
            QVERIFY(std::abs(evaluateTarget(TargetFunction::PiecewiseLinear, (k + 1e-9) / 10) -
                             limit) < 1e-6);
            QVERIFY(std::abs(evaluateTarget(TargetFunction::PiecewiseLinear, (k - 1e-9) / 10) -
                             limit) < 1e-6);
        }
        QCOMPARE(evaluateTarget(TargetFunction::PiecewiseLinear, 0.5), 0.0);
        const double a = evaluateTarget(TargetFunction::PiecewiseLinear, 0.31);
        const double b = evaluateTarget(TargetFunction::PiecewiseLinear, 0.33);
        const double mid = evaluateTarget(TargetFunction::PiecewiseLinear, 0.32);
        QVERIFY(std::abs(mid - (a + b) / 2) < 1e-12);
        QCOMPARE(evaluateTarget(TargetFunction::Sin20x, 0.1), std::sin(2.0));
    }

    void badSettingsAreRefused() {
        QVERIFY_THROWS_EXCEPTION(InvalidInput, homeworkDataset(TargetFunction::Sin20x, 0));
        QVERIFY_THROWS_EXCEPTION(InvalidInput, homeworkDataset(TargetFunction::Sin20x, 10, -1.0));
        QVERIFY_THROWS_EXCEPTION(InvalidInput, homeworkDataset(TargetFunction::Sin20x, 10, NAN));
    }

    void expressionsEvaluateLikeTheirMath() {
        const double x = 0.37;
        QCOMPARE(Expression("sin(20x)", "e")(x), std::sin(20 * x));
        QCOMPARE(Expression("x^2 - 3*x + 1", "e")(x), x * x - 3 * x + 1);
        QCOMPARE(Expression("-x^2", "e")(x), -(x * x));
        QCOMPARE(Expression("2^3^2", "e")(x), 512.0);
        QCOMPARE(Expression("2**-1", "e")(x), 0.5);
        QCOMPARE(Expression("(x+1)(x-1)", "e")(x), (x + 1) * (x - 1));
        QCOMPARE(Expression("abs(floor(10x) - ceil(x)) / 2", "e")(x), 1.0);
        QCOMPARE(Expression("exp(log(x)) + sqrt(4) + cos(pi) + e", "e")(x),
                 std::exp(std::log(x)) + 2 - 1 + std::exp(1.0));
        QCOMPARE(Expression("1.5e-3x", "e")(x), 1.5e-3 * x);
        QCOMPARE(Expression("2e", "e")(x), 2 * std::exp(1.0));
    }

    void badExpressionsNameTheCharacter_data() {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("message");
        QTest::newRow("empty") << "  "
                               << "is empty";
        QTest::newRow("unknown name") << "sin(x) + foo(x)"
                                      << "unknown name \"foo\" (known: x, pi, e, sin";
        QTest::newRow("unclosed") << "sin(x"
                                  << "expected \")\" at character 6";
        QTest::newRow("dangling operator") << "x +"
                                           << "ends too early";
        QTest::newRow("stray character") << "x $ 2"
                                         << "unexpected \"$\" at character 3";
        QTest::newRow("bad number") << "1.2.3"
                                    << "\"1.2.3\" is not a number";
    }

    void badExpressionsNameTheCharacter() {
        QFETCH(QString, text);
        QFETCH(QString, message);
        try {
            Expression(text.toStdString(), "dataset.expression");
            QFAIL("accepted");
        } catch (const InvalidInput& error) {
            QCOMPARE(QString::fromStdString(error.where()), QStringLiteral("dataset.expression"));
            QVERIFY2(QString::fromStdString(error.what()).contains(message), error.what());
        }
    }

    // The generic recipe gives the homework's data bit for bit, and an expression of the same
    // function gives the same set.
    void functionSetsAgree() {
        const Dataset homework = homeworkDataset(TargetFunction::Sin20x);
        DatasetSpec spec = DatasetSpec::defaults(DatasetKind::Expression);
        spec.expression = "sin(20 x)";
        const Dataset typed = generateDataset(spec);
        QVERIFY(arma::approx_equal(typed.trainY, homework.trainY, "absdiff", 1e-15));
        QCOMPARE(typed.testX.n_rows, arma::uword(1200));

        const Dataset square = generateDataset(DatasetSpec::defaults(DatasetKind::Square));
        QCOMPARE(square.trainX.n_rows, arma::uword(21));
        QCOMPARE(square.trainX(0, 0), -10.0);
        QCOMPARE(square.trainY(20, 0), 100.0);

        spec.expression = "log(x - 0.5)";
        QVERIFY_THROWS_EXCEPTION(InvalidInput, generateDataset(spec)); // NaN below 0.5
    }

    void everyKindHasTrainAndTestParts() {
        for (const DatasetKindDescriptor& descriptor : datasetKinds) {
            if (descriptor.family == DatasetFamily::File)
                continue; // needs a file: csvSetsSplitByColumnsAndFraction
            const DatasetKind kind = descriptor.kind;
            const DatasetSpec spec = DatasetSpec::defaults(kind);
            const Dataset data = generateDataset(spec);
            const QByteArray name(descriptor.name.data(), qsizetype(descriptor.name.size()));
            QVERIFY2(data.trainX.n_rows > 0 && data.testX.n_rows > 0, name);
            QVERIFY2(data.trainX.n_cols == arma::uword(spec.inputDimension()), name);
            QVERIFY2(data.trainX.is_finite() && data.trainY.is_finite(), name);
            QVERIFY2(arma::approx_equal(generateDataset(spec).trainX, data.trainX, "absdiff", 0),
                     name);
            if (isClassificationDataset(kind) || kind == DatasetKind::GradientPrint) {
                const int classes = descriptor.uses(DatasetField::Classes) ? spec.classes : 2;
                QVERIFY2(data.trainY.min() == 0 && data.trainY.max() == classes - 1, name);
            }
        }
        // Two moons' classes lie on the two half circles.
        DatasetSpec moons = DatasetSpec::defaults(DatasetKind::TwoMoons);
        moons.noise = 0;
        const Dataset data = generateDataset(moons);
        for (arma::uword i = 0; i < data.trainX.n_rows; ++i) {
            const double cx = data.trainY(i, 0) == 0 ? 0.0 : 1.0;
            const double cy = data.trainY(i, 0) == 0 ? 0.0 : 0.5;
            QVERIFY(std::abs(std::hypot(data.trainX(i, 0) - cx, data.trainX(i, 1) - cy) - 1) <
                    1e-12);
        }
    }

    // TensorFlow Playground's xor: without noise every label is recomputed from its point
    // (1 where x y > 0), each quadrant holds its share and the points keep off the axes; the
    // noise is what moves the same seed's points, by standard normal draws times the noise.
    void quadrantsAreLabelledBySign() {
        DatasetSpec spec = DatasetSpec::defaults(DatasetKind::Quadrants);
        QCOMPARE(spec.noise, 0.05);
        spec.samples = 4001;
        spec.testSamples = 998;
        spec.noise = 0;
        const Dataset clean = generateDataset(spec);
        for (const auto& [x, y] :
             {std::pair{&clean.trainX, &clean.trainY}, std::pair{&clean.testX, &clean.testY}}) {
            std::array<arma::uword, 4> perQuadrant{};
            arma::uword ones = 0;
            double sizes = 0.0;
            for (arma::uword i = 0; i < x->n_rows; ++i) {
                const double a = (*x)(i, 0), b = (*x)(i, 1);
                QCOMPARE((*y)(i, 0), a * b > 0 ? 1.0 : 0.0);
                for (double v : {a, b}) {
                    QVERIFY2(std::abs(v) >= 0.05 && std::abs(v) <= 1.0,
                             qPrintable(QString::number(v)));
                    sizes += std::abs(v);
                }
                ++perQuadrant[a > 0 ? (b > 0 ? 0 : 3) : (b > 0 ? 1 : 2)];
                ones += (*y)(i, 0) == 1.0;
            }
            const arma::uword n = x->n_rows;
            QCOMPARE(ones, (n + 1) / 2);
            for (std::size_t q = 0; q < 4; ++q)
                QCOMPARE(perQuadrant[q], n / 4 + (q < n % 4 ? 1 : 0));
            // |x| and |y| uniform on [0.05, 1]: mean 0.525, standard deviation 0.274.
            const double mean = sizes / double(2 * n);
            QVERIFY2(std::abs(mean - 0.525) < 4 * 0.274 / std::sqrt(double(2 * n)),
                     qPrintable(QString::number(mean)));
        }
        QCOMPARE(clean.trainX.n_rows, arma::uword(4001));
        QCOMPARE(clean.testX.n_rows, arma::uword(998));

        spec.noise = 0.2;
        const Dataset noisy = generateDataset(spec);
        QVERIFY(arma::all(noisy.trainY.col(0) == clean.trainY.col(0)));
        QVERIFY(arma::all(noisy.testY.col(0) == clean.testY.col(0)));
        const arma::vec draws = arma::vectorise(noisy.trainX - clean.trainX) / spec.noise;
        QVERIFY2(std::abs(arma::mean(draws)) < 4 / std::sqrt(double(draws.n_elem)),
                 qPrintable(QString::number(arma::mean(draws))));
        QVERIFY2(std::abs(arma::stddev(draws) - 1) < 0.05,
                 qPrintable(QString::number(arma::stddev(draws))));
        arma::uword crossed = 0;
        for (arma::uword i = 0; i < noisy.trainX.n_rows; ++i)
            crossed += (noisy.trainX(i, 0) * noisy.trainX(i, 1) > 0) != (noisy.trainY(i, 0) == 1);
        QVERIFY(crossed > 0 && crossed < noisy.trainX.n_rows / 5); // some, near the axes

        // Seeded: the same seed gives the same numbers, another seed others.
        QVERIFY(arma::approx_equal(generateDataset(spec).trainX, noisy.trainX, "absdiff", 0));
        spec.seed = 2;
        QVERIFY(!arma::approx_equal(generateDataset(spec).trainX, noisy.trainX, "absdiff", 0.1));
    }

    // Each kind's fields are checked against the limits its descriptor states, and the error
    // names the field (its path and its SettingField); fields a kind does not use are ignored.
    void everyFieldLimitIsEnforced() {
        for (const DatasetKindDescriptor& descriptor : datasetKinds) {
            DatasetSpec valid = DatasetSpec::defaults(descriptor.kind);
            if (descriptor.family == DatasetFamily::File)
                valid.csvPath = "data.csv";
            checkDatasetSettings(valid); // the defaults are within the limits
            for (const FieldUse& use : descriptor.fields) {
                const FieldType type = datasetFields[use.field].type;
                if (type == FieldType::Names || type == FieldType::Text)
                    continue;
                std::vector<double> outside{std::nan("")};
                if (use.low > -unbounded)
                    outside.push_back(use.low - (type == FieldType::Number ? 1e-9 : 1));
                if (use.high < unbounded)
                    outside.push_back(use.highOpen ? use.high : use.high + 1);
                for (double value : outside) {
                    DatasetSpec spec = valid;
                    setField(spec, use.field, value);
                    const QString label = QStringLiteral("%1.%2 = %3")
                                              .arg(descriptor.name.data())
                                              .arg(datasetFields[use.field].name.data())
                                              .arg(value);
                    try {
                        checkDatasetSettings(spec);
                        QFAIL(qPrintable(label + QStringLiteral(" was accepted")));
                    } catch (const InvalidInput& error) {
                        QCOMPARE(error.field().field, settingField(use.field));
                        QCOMPARE(error.where(), datasetFieldPath(use.field));
                    }
                }
            }
        }
        // The limits as the seeds and the generators need them, typed out here.
        DatasetSpec spirals = DatasetSpec::defaults(DatasetKind::Spirals);
        spirals.classes = 64;
        checkDatasetSettings(spirals);
        spirals.classes = 65;
        QVERIFY_THROWS_EXCEPTION(InvalidInput, checkDatasetSettings(spirals));
        DatasetSpec print = DatasetSpec::defaults(DatasetKind::GradientPrint);
        print.classes = 4096;
        print.noise = -1; // not used by this kind
        checkDatasetSettings(print);
        DatasetSpec range = DatasetSpec::defaults(DatasetKind::Sin20x);
        range.low = range.high;
        try {
            generateDataset(range);
            QFAIL("an empty range was accepted");
        } catch (const InvalidInput& error) {
            QCOMPARE(error.where(), std::string("dataset.low"));
            QCOMPARE(error.field().field, SettingField::DatasetLow);
        }
        DatasetSpec csv = DatasetSpec::defaults(DatasetKind::Csv);
        csv.csvPath = "/nonexistent/data.csv";
        try {
            generateDataset(csv);
            QFAIL("a missing CSV file was accepted");
        } catch (const InvalidInput& error) {
            QCOMPARE(error.field().field, SettingField::DatasetCsv);
        }
    }

    // Finding 12 of issue 15: a FIFO as the CSV path blocked forever; a folder is no data.
    void onlyFilesAreReadAsCsv() {
        QTemporaryDir dir;
        const std::string fifo = dir.filePath(QStringLiteral("pipe.csv")).toStdString();
        QCOMPARE(::mkfifo(fifo.c_str(), 0600), 0);
        DatasetSpec spec = DatasetSpec::defaults(DatasetKind::Csv);
        for (const auto& [path, what] : {std::pair{fifo, "is a named pipe (FIFO), not a file"},
                                         std::pair{dir.path().toStdString(), "is a folder"}}) {
            spec.csvPath = path;
            try {
                generateDataset(spec);
                QFAIL("read");
            } catch (const InvalidInput& error) {
                QVERIFY2(QString::fromStdString(error.what()).contains(QLatin1String(what)),
                         error.what());
                QCOMPARE(error.field().field, SettingField::DatasetCsv);
            }
        }
    }

    void csvSetsSplitByColumnsAndFraction() {
        QTemporaryDir dir;
        std::ofstream(dir.filePath(QStringLiteral("d.csv")).toStdString())
            << "\xEF\xBB\xBF"
               "a, \"b\", target\n"; // a byte order mark first
        std::ofstream file(dir.filePath(QStringLiteral("d.csv")).toStdString(), std::ios::app);
        for (int i = 0; i < 10; ++i)
            file << i << "," << 2 * i << "," << 3 * i << "\n";
        file.close();
        DatasetSpec spec = DatasetSpec::defaults(DatasetKind::Csv);
        spec.csvPath = "d.csv";
        spec.testFraction = 0.3;
        Dataset data;
        try {
            data = generateDataset(spec, dir.path().toStdString());
        } catch (const InvalidInput& error) {
            QFAIL(error.what());
        }
        QCOMPARE(data.trainX.n_rows, arma::uword(7));
        QCOMPARE(data.testX.n_rows, arma::uword(3));
        QCOMPARE(data.trainX.n_cols, arma::uword(2));
        QVERIFY(arma::all(data.trainY.col(0) == 3 * data.trainX.col(0)));
        spec.inputColumns = {"b"};
        spec.targetColumns = {"a"};
        const Dataset chosen = generateDataset(spec, dir.path().toStdString());
        QVERIFY(arma::all(chosen.trainX.col(0) == 2 * chosen.trainY.col(0)));
        spec.inputColumns = {"c"};
        try {
            generateDataset(spec, dir.path().toStdString());
            QFAIL("accepted");
        } catch (const InvalidInput& error) {
            QVERIFY2(QString::fromStdString(error.what())
                         .contains(QLatin1String("no column \"c\" (the file has: a, b, target)")),
                     error.what());
        }
    }

    void badCsvNamesRowAndColumn_data() {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<QString>("message");
        QTest::newRow("ragged") << QByteArray("x,y\n1,2\n3\n")
                                << "f.csv: row 3: has 1 field(s), the header has 2";
        QTest::newRow("not a number") << QByteArray("x,y\n1,2\n3,abc\n")
                                      << "f.csv: row 3, column 2 (\"y\"): \"abc\" is not a number";
        QTest::newRow("NaN") << QByteArray("x,y\n1,nan\n")
                             << "f.csv: row 2, column 2 (\"y\"): is nan";
        QTest::newRow("infinity") << QByteArray("x,y\n-inf,1\n")
                                  << "f.csv: row 2, column 1 (\"x\"): is -inf";
        QTest::newRow("empty cell")
            << QByteArray("x,y\n1,\n") << "f.csv: row 2, column 2 (\"y\"): is empty";
        QTest::newRow("empty file") << QByteArray("") << "f.csv: is empty";
        QTest::newRow("header only")
            << QByteArray("x,y\n") << "f.csv: has a header but no data rows";
        QTest::newRow("no header")
            << QByteArray("1,2\n3,4\n") << "f.csv: row 1: the first row must name the columns";
        QTest::newRow("binary") << QByteArray("x\0y", 3) << "f.csv: is not a text file";
    }

    void badCsvNamesRowAndColumn() {
        QFETCH(QByteArray, text);
        QFETCH(QString, message);
        try {
            parseCsvTable(text.toStdString(), "f.csv");
            QFAIL("accepted");
        } catch (const InvalidInput& error) {
            QVERIFY2(QString::fromStdString(error.what()).startsWith(message), error.what());
        }
    }
};

QTEST_GUILESS_MAIN(TestDatasets)
#include "tst_datasets.moc"

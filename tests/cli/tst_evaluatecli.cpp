// `relulab evaluate` as a user runs it: a real process on real files.
#include "common/fuzzycompare.h"
#include "common/relulabprocess.h"
#include "core/activation.h"
#include "document/jsonfields.h"

#include <QFile>
#include <QPointF>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>

using namespace relulab;

namespace {

using test::runRelulab;
using Outcome = test::ProcessResult;

QString referenceCase(const char* name) {
    return QStringLiteral(RELULAB_TEST_DATA_DIR "/reference/") + QLatin1String(name);
}

QByteArray readFile(const QString& path) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        qFatal("cannot read %s", qPrintable(path));
    return file.readAll();
}

// Hand-made relu nets whose regions are known. 1 input: u1 = relu(x - 0.5), u2 = relu(-2x - 1),
// output a u1 + b u2 (elbows at 0.5 and -0.5). 2 inputs: relu(x) + relu(y), cut at the axes.
QByteArray oneInputCase(const char* outputWeights, const char* box) {
    return QByteArray(R"({"network": {"inputs": 1, "layers": [{"units": 2, "activation": "relu"},
        {"units": 1, "activation": "identity"}]}, "loss": "mse",
        "parameters": [[[1], [-2]], [-0.5, -1], [)") +
           outputWeights + R"(], [0]], "x": [[0], [1]], "y": [[0], [1]], "regions_box": )" + box +
           "}";
}

QByteArray twoInputCase(const char* box) {
    return QByteArray(R"({"network": {"inputs": 2, "layers": [{"units": 2, "activation": "relu"},
        {"units": 1, "activation": "identity"}]}, "loss": "mse",
        "parameters": [[[1, 0], [0, 1]], [0, 0], [[1, 1]], [0]], "x": [[0, 0]], "y": [[0]],
        "regions_box": )") +
           box + "}";
}

// A polygon as its vertices from the lowest (then leftmost) one on, keeping their order.
QList<QPointF> fromLowest(const QJsonArray& polygon) {
    QList<QPointF> points;
    for (const QJsonValue& vertex : polygon)
        points.append({vertex.toArray().at(0).toDouble(), vertex.toArray().at(1).toDouble()});
    const auto lowest = std::min_element(points.begin(), points.end(), [](auto a, auto b) {
        return a.y() < b.y() || (a.y() == b.y() && a.x() < b.x());
    });
    std::rotate(points.begin(), lowest, points.end());
    return points;
}

} // namespace

class TestEvaluateCli : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;

    QString writeCase(const QString& name, const QByteArray& text) {
        const QString path = m_dir.filePath(name);
        QFile file(path);
        if (!file.open(QIODevice::WriteOnly) || file.write(text) != text.size())
            qFatal("cannot write %s", qPrintable(path));
        return path;
    }

private Q_SLOTS:
    void aFullDiskBehindTheOutputIsAnError() {
        if (!QFile::exists(QStringLiteral("/dev/full")))
            QSKIP("this system has no /dev/full");
        QProcess process;
        process.setStandardOutputFile(QStringLiteral("/dev/full"));
        process.start(QStringLiteral(RELULAB_EXECUTABLE),
                      {QStringLiteral("evaluate"), referenceCase("relu_1x4x4x1_jacobian.json")});
        QVERIFY(process.waitForFinished(60'000));
        QCOMPARE(process.exitStatus(), QProcess::NormalExit);
        QCOMPARE(process.exitCode(), 1);
        QVERIFY2(process.readAllStandardError().contains(
                     "cannot write the result to standard output: No space left on device"),
                 "no message naming the full disk");
    }

    void printsEveryFieldOfTheCase_data() {
        QTest::addColumn<QString>("dtype");
        QTest::addColumn<double>("tolerance");
        QTest::newRow("float64") << "float64" << 1e-9;
        QTest::newRow("float32") << "float32" << 1e-4;
    }

    void printsEveryFieldOfTheCase() {
        QFETCH(QString, dtype);
        QFETCH(double, tolerance);
        const QString path = referenceCase("relu_1x4x4x1_jacobian.json");
        const Outcome outcome =
            runRelulab({QStringLiteral("evaluate"), path, QStringLiteral("--dtype"), dtype});
        QCOMPARE(outcome.exitCode, 0);
        QVERIFY(outcome.err.isEmpty());
        const QJsonObject got = json::parse(outcome.out.toUtf8()).object();
        const QJsonObject expected = json::parse(readFile(path)).object();
        QCOMPARE(got.value(QLatin1String("dtype")).toString(), dtype);
        for (const char* key :
             {"output", "loss_value", "loss_gradients", "dead_units_per_layer",
              "gradient_norm_per_layer", "jacobian", "singular_values", "full_batch_training"})
            QVERIFY2(got.contains(QLatin1String(key)), key);
        // Spot checks: the full comparison is tst_referencecases'.
        RELULAB_COMPARE_RELATIVE(arma::vec{got.value(QLatin1String("loss_value")).toDouble()},
                                 arma::vec{expected.value(QLatin1String("loss_value")).toDouble()},
                                 tolerance);
        RELULAB_COMPARE_RELATIVE(json::toMatrix(got.value(QLatin1String("jacobian")), "j"),
                                 json::toMatrix(expected.value(QLatin1String("jacobian")), "j"),
                                 tolerance);
        const auto trainingOf = [](const QJsonObject& o) {
            return o.value(QLatin1String("full_batch_training"))
                .toObject()
                .value(QLatin1String("losses"));
        };
        RELULAB_COMPARE_RELATIVE(json::toVector(trainingOf(got), "l"),
                                 json::toVector(trainingOf(expected), "l"), tolerance);
        QCOMPARE(got.value(QLatin1String("dead_units_per_layer")),
                 expected.value(QLatin1String("dead_units_per_layer")));
    }

    // A case whose own output is fed back in is still a valid case (round trip of the format).
    void outputIsItselfACase() {
        const Outcome first =
            runRelulab({QStringLiteral("evaluate"), referenceCase("tanh_2x4x4x1_bce.json")});
        QCOMPARE(first.exitCode, 0);
        QJsonObject echoed = json::parse(first.out.toUtf8()).object();
        const QJsonObject original =
            json::parse(readFile(referenceCase("tanh_2x4x4x1_bce.json"))).object();
        for (const char* key : {"parameters", "x", "y"})
            echoed.insert(QLatin1String(key), original.value(QLatin1String(key)));
        const QString path = writeCase(QStringLiteral("echo.json"), QJsonDocument(echoed).toJson());
        const Outcome second = runRelulab({QStringLiteral("evaluate"), path});
        QCOMPARE(second.exitCode, 0);
        QCOMPARE(json::parse(second.out.toUtf8()).object().value(QLatin1String("loss_value")),
                 echoed.value(QLatin1String("loss_value")));
    }

    // Bad input: exit code 2, nothing on stdout, one line on stderr naming the field.
    void badInputNamesTheField_data() {
        QTest::addColumn<QByteArray>("from");
        QTest::addColumn<QByteArray>("to");
        QTest::addColumn<QString>("mentions");
        QTest::newRow("missing x")
            << QByteArray("\"x\":") << QByteArray("\"x_gone\":") << "x_gone: unknown key";
        QTest::newRow("missing loss")
            << QByteArray("\"loss\": \"mse\",") << QByteArray() << "loss: is missing";
        QTest::newRow("unknown activation")
            << QByteArray("\"activation\": \"relu\"") << QByteArray("\"activation\": \"relux\"")
            << QStringLiteral("network.layers[0].activation: unknown activation \"relux\" (known: "
                              "%1)")
                   .arg(QString::fromStdString(activationKinds.joinedNames()));
        QTest::newRow("unknown loss")
            << QByteArray("\"loss\": \"mse\"") << QByteArray("\"loss\": \"hinge\"")
            << "loss: unknown loss \"hinge\" (known: mse, bce_logits, cross_entropy)";
        QTest::newRow("zero width")
            << QByteArray("\"units\": 8") << QByteArray("\"units\": 0")
            << "network.layers[0].units (hidden 1): must be between 1 and 4096";
        QTest::newRow("too wide") << QByteArray("\"units\": 8") << QByteArray("\"units\": 5000")
                                  << "network.layers[0].units";
        QTest::newRow("wrong weight shape")
            << QByteArray("\"parameters\": [[[") << QByteArray("\"parameters\": [[[1.0], [")
            << "parameters[0] (hidden 1): the weight needs 8 rows";
        QTest::newRow("NaN in x") << QByteArray("\"x\": [[") << QByteArray("\"x\": [[NaN], [")
                                  << "x[0][0]: expected a finite number, got NaN";
        QTest::newRow("Infinity in y")
            << QByteArray("\"y\": [[") << QByteArray("\"y\": [[-Infinity], [")
            << "y[0][0]: expected a finite number, got -Infinity";
        QTest::newRow("null in parameters")
            << QByteArray("\"parameters\": [[[") << QByteArray("\"parameters\": [[[null], [")
            << "parameters[0][0][0]: expected a finite number, got null";
        QTest::newRow("string lr") << QByteArray("\"lr\": 0.02") << QByteArray("\"lr\": \"fast\"")
                                   << "full_batch_training.lr: expected a finite number";
        QTest::newRow("negative lr") << QByteArray("\"lr\": 0.02") << QByteArray("\"lr\": -0.02")
                                     << "full_batch_training.lr: must be a finite number > 0";
        QTest::newRow("unknown optimizer")
            << QByteArray("\"kind\": \"sgd\"") << QByteArray("\"kind\": \"lbfgs\"")
            << "full_batch_training.kind: unknown optimizer";
        QTest::newRow("empty first row") // the row blamed was the next, for not being empty
            << QByteArray("\"y\": [[") << QByteArray("\"y\": [[], [")
            << "y[0]: is empty (a row needs at least one number)";
        QTest::newRow("a key twice") // QJsonDocument keeps one of the two without a word
            << QByteArray("\"loss\": \"mse\"")
            << QByteArray("\"loss\": \"mse\", \"loss\": \"bce_logits\"")
            << "loss: is given twice in one object (again at line 1, column ";
        QTest::newRow("truncated") << QByteArray("]]}") << QByteArray("]") << "not valid JSON";
    }

    void badInputNamesTheField() {
        QFETCH(QByteArray, from);
        QFETCH(QByteArray, to);
        QFETCH(QString, mentions);
        QByteArray text = readFile(referenceCase("relu_1x8x1_mse.json"));
        // Compact the file (keys sorted) so the replacements see one spelling of each token.
        text = QJsonDocument::fromJson(text).toJson(QJsonDocument::Compact);
        text.replace(":", ": ").replace(",\"", ", \"");
        const qsizetype at = from == "]]}" ? text.lastIndexOf(from) : text.indexOf(from);
        QVERIFY2(at >= 0, from.constData());
        text.replace(at, from.size(), to);
        const QString path = writeCase(QStringLiteral("bad.json"), text);

        const Outcome outcome = runRelulab({QStringLiteral("evaluate"), path});
        QCOMPARE(outcome.exitCode, 2);
        QVERIFY(outcome.out.isEmpty());
        const QString message = outcome.err;
        QCOMPARE(message.count(QLatin1Char('\n')), 1);
        QVERIFY2(message.contains(mentions), qPrintable(message));
        QVERIFY2(message.contains(path), qPrintable(message));
    }

    void badArguments_data() {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<QString>("mentions");
        QTest::newRow("no file") << QStringList{QStringLiteral("evaluate")}
                                 << "expected one case file";
        QTest::newRow("missing file")
            << QStringList{QStringLiteral("evaluate"), QStringLiteral("/nonexistent/case.json")}
            << "cannot open";
        QTest::newRow("bad dtype")
            << QStringList{QStringLiteral("evaluate"), referenceCase("relu_1x8x1_mse.json"),
                           QStringLiteral("--dtype"), QStringLiteral("float16")}
            << "--dtype must be float64 or float32";
        QTest::newRow("unknown subcommand")
            << QStringList{QStringLiteral("frobnicate")} << "unknown subcommand";
    }

    void badArguments() {
        QFETCH(QStringList, arguments);
        QFETCH(QString, mentions);
        const Outcome outcome = runRelulab(arguments);
        QVERIFY(outcome.exitCode == 1 || outcome.exitCode == 2);
        QVERIFY(outcome.out.isEmpty());
        QVERIFY2(outcome.err.contains(mentions), qPrintable(outcome.err));
    }

    // Kinks at -0.5 and 0.5; with u2's output weight 0 its elbow is no kink of the function.
    void breakpointsOfAOneInputNet_data() {
        QTest::addColumn<QByteArray>("outputWeights");
        QTest::addColumn<QList<double>>("breakpoints");
        QTest::newRow("both elbows") << QByteArray("[1, 1]") << QList<double>{-0.5, 0.5};
        QTest::newRow("one weight zero") << QByteArray("[1, 0]") << QList<double>{0.5};
        QTest::newRow("both weights zero") << QByteArray("[0, 0]") << QList<double>{};
    }

    void breakpointsOfAOneInputNet() {
        QFETCH(QByteArray, outputWeights);
        QFETCH(QList<double>, breakpoints);
        const QString path = writeCase(QStringLiteral("breakpoints.json"),
                                       oneInputCase(outputWeights.constData(), "[-2, 2]"));
        const Outcome outcome = runRelulab({QStringLiteral("evaluate"), path});
        QVERIFY2(outcome.exitCode == 0, qPrintable(outcome.err));
        const QJsonObject regions = json::parse(outcome.out.toUtf8())
                                        .object()
                                        .value(QLatin1String("linear_regions"))
                                        .toObject();
        QCOMPARE(regions.value(QLatin1String("count")).toInt(), breakpoints.size() + 1);
        QList<double> got;
        for (const QJsonValue& x : regions.value(QLatin1String("breakpoints")).toArray())
            got.append(x.toDouble());
        QCOMPARE(got, breakpoints);
        QVERIFY(!regions.contains(QLatin1String("regions")));
        // No box, no regions.
        const Outcome plain =
            runRelulab({QStringLiteral("evaluate"), referenceCase("relu_1x8x1_mse.json")});
        QVERIFY(
            !json::parse(plain.out.toUtf8()).object().contains(QLatin1String("linear_regions")));
    }

    // relu(x) + relu(y) on [-1, 2] x [-1, 1]: the axes cut the box into four rectangles.
    void regionsOfATwoInputNet() {
        const QString path =
            writeCase(QStringLiteral("regions.json"), twoInputCase("[[-1, 2], [-1, 1]]"));
        for (const QString& dtype : {QStringLiteral("float64"), QStringLiteral("float32")}) {
            const Outcome outcome =
                runRelulab({QStringLiteral("evaluate"), path, QStringLiteral("--dtype"), dtype});
            QVERIFY2(outcome.exitCode == 0, qPrintable(outcome.err));
            const QJsonObject regions = json::parse(outcome.out.toUtf8())
                                            .object()
                                            .value(QLatin1String("linear_regions"))
                                            .toObject();
            QCOMPARE(regions.value(QLatin1String("count")).toInt(), 4);
            QList<QList<QPointF>> got;
            for (const QJsonValue& polygon : regions.value(QLatin1String("regions")).toArray())
                got.append(fromLowest(polygon.toArray()));
            const QList<QList<QPointF>> expected{
                {{-1, -1}, {0, -1}, {0, 0}, {-1, 0}},
                {{0, -1}, {2, -1}, {2, 0}, {0, 0}},
                {{0, 0}, {2, 0}, {2, 1}, {0, 1}},
                {{-1, 0}, {0, 0}, {0, 1}, {-1, 1}},
            };
            QCOMPARE(got.size(), expected.size());
            for (const QList<QPointF>& polygon : expected)
                QVERIFY2(got.contains(polygon), "a rectangle is missing");
            QVERIFY(!regions.contains(QLatin1String("breakpoints")));
        }
    }

    // The output, with the case's own fields put back, is a case again (linear_regions is a
    // result, accepted and ignored like the others).
    void regionsOutputIsItselfACase() {
        const QByteArray text = twoInputCase("[[-1, 2], [-1, 1]]");
        const Outcome first =
            runRelulab({QStringLiteral("evaluate"), writeCase(QStringLiteral("r.json"), text)});
        QCOMPARE(first.exitCode, 0);
        QJsonObject echoed = json::parse(first.out.toUtf8()).object();
        const QJsonObject original = json::parse(text).object();
        for (const char* key : {"parameters", "x", "y", "regions_box"})
            echoed.insert(QLatin1String(key), original.value(QLatin1String(key)));
        const Outcome second =
            runRelulab({QStringLiteral("evaluate"),
                        writeCase(QStringLiteral("r2.json"), QJsonDocument(echoed).toJson())});
        QVERIFY2(second.exitCode == 0, qPrintable(second.err));
        QCOMPARE(json::parse(second.out.toUtf8()).object().value(QLatin1String("linear_regions")),
                 echoed.value(QLatin1String("linear_regions")));
    }

    void regionsBoxErrorsNameTheField_data() {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<QString>("mentions");
        const auto one = [](const char* box) { return oneInputCase("[1, 1]", box); };
        QTest::newRow("2-D box for 1 input")
            << one("[[0, 1], [0, 1]]") << "regions_box: expected [low, high] for a net of 1 input";
        QTest::newRow("three numbers")
            << one("[0, 1, 2]") << "regions_box: expected [low, high] for a net of 1 input";
        QTest::newRow("1-D box for 2 inputs")
            << twoInputCase("[0, 1]")
            << "regions_box: expected [[x_low, x_high], [y_low, y_high]] for a net of 2 inputs";
        QTest::newRow("short interval")
            << twoInputCase("[[0, 1], [0]]") << "regions_box[1]: expected 2 numbers, got 1";
        QTest::newRow("not a list") << one("\"all\"") << "regions_box: expected a list";
        QTest::newRow("low = high")
            << one("[1, 1]") << "regions_box: low must be below high, got [1, 1]";
        QTest::newRow("low > high, y") << twoInputCase("[[0, 1], [2, -1]]")
                                       << "regions_box[1]: low must be below high, got [2, -1]";
        QTest::newRow("NaN") << one("[NaN, 1]")
                             << "regions_box[0]: expected a finite number, got NaN";
        QTest::newRow("Infinity") << twoInputCase("[[0, Infinity], [0, 1]]")
                                  << "regions_box[0][1]: expected a finite number, got Infinity";
        QByteArray tanh = readFile(referenceCase("tanh_2x4x4x1_bce.json"));
        tanh.insert(tanh.lastIndexOf('}'), ", \"regions_box\": [[-1, 1], [-1, 1]]");
        QTest::newRow("tanh")
            << tanh
            << "regions_box: linear regions need piecewise linear activations: hidden 1 is tanh";
        QByteArray wide = readFile(referenceCase("relu_10x5x5x5x5_ce_negative.json"));
        wide.insert(wide.lastIndexOf('}'), ", \"regions_box\": [[-1, 1], [-1, 1], [-1, 1]]");
        QTest::newRow("10 inputs")
            << wide << "regions_box: linear regions are for nets of 1 or 2 inputs; this one has 10";
    }

    void regionsBoxErrorsNameTheField() {
        QFETCH(QByteArray, text);
        QFETCH(QString, mentions);
        const QString path = writeCase(QStringLiteral("badbox.json"), text);
        const Outcome outcome = runRelulab({QStringLiteral("evaluate"), path});
        QCOMPARE(outcome.exitCode, 2);
        QVERIFY(outcome.out.isEmpty());
        QCOMPARE(outcome.err.count(QLatin1Char('\n')), 1);
        QVERIFY2(outcome.err.contains(mentions), qPrintable(outcome.err));
        QVERIFY2(outcome.err.contains(path), qPrintable(outcome.err));
    }

    void notJsonAtAll() {
        const QString path =
            writeCase(QStringLiteral("binary.json"), QByteArray("\x89PNG\r\n\x1a\n\0\0", 10));
        const Outcome outcome = runRelulab({QStringLiteral("evaluate"), path});
        QCOMPARE(outcome.exitCode, 2);
        QVERIFY2(outcome.err.contains(QLatin1String(": line 1, column ")) &&
                     outcome.err.contains(QLatin1String("not valid JSON")),
                 qPrintable(outcome.err));
        const QString array = writeCase(QStringLiteral("array.json"), QByteArray("[1, 2]"));
        QVERIFY(runRelulab({QStringLiteral("evaluate"), array})
                    .err.contains(QLatin1String("expected a JSON object")));
    }
};

QTEST_GUILESS_MAIN(TestEvaluateCli)
#include "tst_evaluatecli.moc"

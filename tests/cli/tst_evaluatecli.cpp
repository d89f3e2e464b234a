// `relulab evaluate` as a user runs it: a real process on real files.
#include "common/fuzzycompare.h"
#include "common/relulabprocess.h"
#include "core/activation.h"
#include "document/jsonfields.h"

#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

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
        QTest::newRow("zero width") << QByteArray("\"units\": 8") << QByteArray("\"units\": 0")
                                    << "network.layers[0].units: must be between 1 and 4096";
        QTest::newRow("too wide") << QByteArray("\"units\": 8") << QByteArray("\"units\": 5000")
                                  << "network.layers[0].units";
        QTest::newRow("wrong weight shape")
            << QByteArray("\"parameters\": [[[") << QByteArray("\"parameters\": [[[1.0], [")
            << "parameters[0]: weight of layer 0 needs 8 rows";
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

// Every PyTorch reference case, in float64 (1e-9 relative) and float32 (1e-4 relative).
#include "common/fuzzycompare.h"
#include "core/caseevaluation.h"
#include "core/classification.h"
#include "document/casefile.h"
#include "document/jsonfields.h"

#include <QDir>
#include <QFile>
#include <QMap>
#include <QTest>

using namespace relulab;

class TestReferenceCases : public QObject {
    Q_OBJECT

private:
    // File name -> path; shared/reference wins over the repository's copy.
    static QMap<QString, QString> caseFiles() {
        QMap<QString, QString> files;
        for (const char* dir : {RELULAB_TEST_DATA_DIR "/reference", RELULAB_SHARED_REFERENCE_DIR}) {
            const QDir directory(QString::fromUtf8(dir));
            for (const QString& name :
                 directory.entryList({QStringLiteral("*.json")}, QDir::Files, QDir::Name))
                files.insert(name, directory.filePath(name));
        }
        return files;
    }

    static QJsonObject readObject(const QString& path) {
        QFile file(path);
        if (!file.open(QIODevice::ReadOnly))
            qFatal("cannot open %s", qPrintable(path));
        return json::parse(file.readAll()).object();
    }

private Q_SLOTS:
    // Labels, accuracy and confusion matrix of the engine's output against PyTorch's output read
    // the plain way: the seed's (logits > 0) against targets, or the first largest logit.
    void classifierLabelsMatchPyTorch() {
        int classifiers = 0;
        for (const QString& path : caseFiles()) {
            const EvaluationCase input = readEvaluationCase(path);
            if (!isClassification(input.loss))
                continue;
            ++classifiers;
            const arma::mat torch =
                json::toMatrix(readObject(path).value(QLatin1String("output")), "output");
            const arma::mat ours = evaluateCase(input, Precision::Float64).output;
            const bool binary = input.loss == LossKind::BceLogits;
            std::size_t right = 0, labels = 0;
            arma::umat confusion(binary ? 2 : torch.n_cols, binary ? 2 : torch.n_cols,
                                 arma::fill::zeros);
            for (arma::uword i = 0; i < torch.n_rows; ++i) {
                if (binary) {
                    for (arma::uword o = 0; o < torch.n_cols; ++o) {
                        const arma::uword truth = input.y(i, o) > 0.5 ? 1 : 0;
                        const arma::uword guess = torch(i, o) > 0 ? 1 : 0;
                        right += truth == guess;
                        ++confusion(truth, guess);
                        ++labels;
                    }
                    continue;
                }
                const arma::rowvec row = torch.row(i);
                const auto guess =
                    arma::uword(std::max_element(row.begin(), row.end()) - row.begin());
                const auto truth = arma::uword(input.y(i, 0));
                right += truth == guess;
                ++confusion(truth, guess);
                ++labels;
            }
            QCOMPARE(accuracy(input.loss, ours, input.y), double(right) / double(labels));
            const ConfusionMatrix matrix = confusionMatrix(input.loss, ours, input.y);
            QVERIFY2(arma::all(arma::vectorise(matrix.counts == confusion)), qPrintable(path));
            QCOMPARE(matrix.total(), labels);
            QCOMPARE(matrix.correct(), right);
        }
        QVERIFY2(classifiers >= 2, "the bce_logits and cross_entropy reference cases are missing");
        QVERIFY(std::isnan(accuracy(LossKind::Mse, arma::mat{1.0}, arma::mat{1.0})));
    }

    void everyCase_data() {
        QTest::addColumn<QString>("path");
        QTest::addColumn<bool>("single");
        const QMap<QString, QString> files = caseFiles();
        QVERIFY2(files.size() >= 7, "the reference cases are missing");
        for (auto it = files.begin(); it != files.end(); ++it) {
            QTest::addRow("%s/float64", qPrintable(it.key())) << it.value() << false;
            QTest::addRow("%s/float32", qPrintable(it.key())) << it.value() << true;
        }
    }

    void everyCase() {
        QFETCH(QString, path);
        QFETCH(bool, single);
        const double tolerance = single ? 1e-4 : 1e-9;
        const QJsonObject expected = readObject(path);
        const EvaluationCase input = readEvaluationCase(path);
        const EvaluationResult result =
            evaluateCase(input, single ? Precision::Float32 : Precision::Float64);
        auto value = [&](const char* key) { return expected.value(QLatin1String(key)); };

        RELULAB_COMPARE_RELATIVE(result.output, json::toMatrix(value("output"), "output"),
                                 tolerance);
        RELULAB_COMPARE_RELATIVE(arma::vec{result.lossValue},
                                 arma::vec{value("loss_value").toDouble()}, tolerance);
        RELULAB_COMPARE_RELATIVE(
            result.lossGradient,
            parametersFromJson(value("loss_gradients"), input.network, "loss_gradients"),
            tolerance);
        RELULAB_COMPARE_RELATIVE(arma::vec(result.gradientNormPerLayer),
                                 json::toVector(value("gradient_norm_per_layer"), "norms"),
                                 tolerance);

        const QJsonArray dead = value("dead_units_per_layer").toArray();
        QCOMPARE(result.deadUnitsPerLayer.size(), static_cast<std::size_t>(dead.size()));
        for (qsizetype l = 0; l < dead.size(); ++l) {
            const auto& count = result.deadUnitsPerLayer[static_cast<std::size_t>(l)];
            QCOMPARE(count.has_value(), !dead[l].isNull());
            if (count)
                QCOMPARE(*count, dead[l].toInt());
        }

        QCOMPARE(result.jacobian.has_value(), expected.contains(QLatin1String("jacobian")));
        if (result.jacobian) {
            RELULAB_COMPARE_RELATIVE(*result.jacobian,
                                     json::toMatrix(value("jacobian"), "jacobian"), tolerance);
            // Singular values below 1e-6 of the largest are rounding noise in either dtype.
            const arma::vec singular = json::toVector(value("singular_values"), "singular");
            QCOMPARE(result.singularValues->n_elem, singular.n_elem);
            const arma::uvec significant = arma::find(singular > 1e-6 * singular.max());
            QVERIFY(significant.n_elem >= 2);
            RELULAB_COMPARE_RELATIVE(arma::vec(result.singularValues->elem(significant)),
                                     arma::vec(singular.elem(significant)), tolerance);
        }

        QCOMPARE(result.training.has_value(),
                 expected.contains(QLatin1String("full_batch_training")));
        if (result.training) {
            const QJsonObject training = value("full_batch_training").toObject();
            RELULAB_COMPARE_RELATIVE(arma::vec(result.training->losses),
                                     json::toVector(training.value(QLatin1String("losses")), "l"),
                                     tolerance);
            RELULAB_COMPARE_RELATIVE(
                result.training->finalParameters,
                parametersFromJson(training.value(QLatin1String("final_parameters")), input.network,
                                   "final_parameters"),
                tolerance);
        }
    }

    // The repository keeps a copy of shared/reference so that a checkout alone can test; a
    // stale copy would test old numbers.
    void repositoryCopyMatchesShared() {
        const QDir shared(QStringLiteral(RELULAB_SHARED_REFERENCE_DIR));
        if (!shared.exists())
            QSKIP("no shared/reference beside this checkout");
        const QDir copy(QStringLiteral(RELULAB_TEST_DATA_DIR "/reference"));
        for (const QString& name : copy.entryList({QStringLiteral("*.json")}, QDir::Files)) {
            if (!shared.exists(name))
                continue;
            QFile a(copy.filePath(name)), b(shared.filePath(name));
            QVERIFY(a.open(QIODevice::ReadOnly) && b.open(QIODevice::ReadOnly));
            QVERIFY2(a.readAll() == b.readAll(), qPrintable(name + QStringLiteral(" differs")));
        }
    }
};

QTEST_GUILESS_MAIN(TestReferenceCases)
#include "tst_referencecases.moc"

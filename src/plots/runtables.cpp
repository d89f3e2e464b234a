#include "plots/runtables.h"

#include "core/classification.h"
#include "core/linearregions.h"
#include "core/network.h"
#include "core/training.h"
#include "plots/gradientcharts.h"

#include <cmath>
#include <sstream>

namespace relulab {

std::size_t snapshotIndex(const SnapshotSeries& s, long snapshot) {
    return snapshot < 0 ? s.count - 1 : std::min<std::size_t>(std::size_t(snapshot), s.count - 1);
}

namespace {

Network<double> netAt(const RunRecord& run, std::size_t index) {
    return Network<double>(
        run.settings.architecture,
        arma::conv_to<arma::vec>::from(run.result.snapshots.parameters.col(index)));
}

std::string numbered(const std::string& name, std::size_t i, std::size_t count) {
    return count == 1 ? name : name + " " + std::to_string(i + 1);
}

std::string at(const RunRecord& run, std::size_t index) {
    return "at iteration " + std::to_string(run.result.snapshots.steps[index]);
}

std::string wordFor(const Table& table, ColumnKind kind, double v) {
    switch (kind) {
    case ColumnKind::YesNo:
        return v != 0.0 ? "yes" : "no";
    case ColumnKind::Set:
        return v == 0.0 ? "train" : "test";
    case ColumnKind::LayerName:
        return layerDisplayName(std::size_t(v), table.layerCount);
    case ColumnKind::WeightOrBias:
        return v == 0.0 ? "weight" : "bias";
    case ColumnKind::Whole:
    case ColumnKind::Number:
        break;
    }
    return {};
}

} // namespace

std::string tableText(const Table& table, std::size_t row, std::size_t column) {
    const double v = table.rows[row][column];
    if (std::isnan(v))
        return {};
    const ColumnKind kind = table.kinds[column];
    if (kind != ColumnKind::Number && kind != ColumnKind::Whole)
        return wordFor(table, kind, v);
    std::ostringstream out;
    out.precision(kind == ColumnKind::Whole ? 17 : 6);
    out << v;
    return out.str();
}

Table predictionTable(const RunRecord& run, const Dataset& data, long snapshot) {
    const SnapshotSeries& s = run.result.snapshots;
    Table table{"predictions", "Predictions", {}, {}, {}};
    if (s.count == 0)
        return table;
    const std::size_t index = snapshotIndex(s, snapshot);
    const Network<double> net = netAt(run, index);
    const LossKind loss = run.settings.loss;
    const bool classifier = isClassification(loss);
    table.title = "Predictions " + at(run, index);
    const std::size_t inputs = data.trainX.n_cols, targets = data.trainY.n_cols;
    const std::size_t outputs = std::size_t(net.architecture().outputs());
    auto column = [&](std::string name, ColumnKind kind) {
        table.columns.push_back(std::move(name));
        table.kinds.push_back(kind);
    };
    column("set", ColumnKind::Set);
    column("sample", ColumnKind::Whole);
    for (std::size_t i = 0; i < inputs; ++i) {
        std::string name("x"); // x1, x2, ... as the charts' axes
        column(name += std::to_string(i + 1), ColumnKind::Number);
    }
    for (std::size_t t = 0; t < targets; ++t)
        column(numbered(loss == LossKind::CrossEntropy ? "class" : "target", t, targets),
               loss == LossKind::CrossEntropy ? ColumnKind::Whole : ColumnKind::Number);
    for (std::size_t o = 0; o < outputs; ++o) // a logit per class, numbered as the classes
        column(classifier ? (outputs == 1 ? std::string("logit") : "logit " + std::to_string(o))
                          : numbered("output", o, outputs),
               ColumnKind::Number);
    if (classifier) {
        column(loss == LossKind::BceLogits ? "P(1)" : "P(predicted)", ColumnKind::Number);
        column("predicted", ColumnKind::Whole);
        column("true", ColumnKind::Whole);
        column("right", ColumnKind::YesNo);
    } else {
        column("squared error", ColumnKind::Number);
    }

    auto addSet = [&](const arma::mat& x, const arma::mat& y, double set) {
        if (x.n_rows == 0)
            return;
        const arma::mat out = net.predict(x);
        const arma::umat predicted = classifier ? predictedLabels(loss, out) : arma::umat();
        const arma::umat truth = classifier ? targetLabels(loss, y) : arma::umat();
        for (arma::uword r = 0; r < x.n_rows; ++r) {
            std::vector<double> row{set, double(r)};
            for (arma::uword i = 0; i < x.n_cols; ++i)
                row.push_back(x(r, i));
            for (arma::uword t = 0; t < y.n_cols; ++t)
                row.push_back(y(r, t));
            for (arma::uword o = 0; o < out.n_cols; ++o)
                row.push_back(out(r, o));
            if (loss == LossKind::BceLogits) {
                row.push_back(1.0 / (1.0 + std::exp(-out(r, 0))));
            } else if (loss == LossKind::CrossEntropy) {
                const arma::rowvec logits = out.row(r);
                row.push_back(1.0 / arma::accu(arma::exp(logits - logits.max())));
            } else {
                row.push_back(arma::accu(arma::square(out.row(r) - y.row(r))));
            }
            if (classifier) {
                // bce_logits with several outputs: the first output's label (the rest are in
                // the logits).
                row.push_back(double(predicted(r, 0)));
                row.push_back(double(truth(r, 0)));
                row.push_back(predicted(r, 0) == truth(r, 0) ? 1.0 : 0.0);
            }
            table.rows.push_back(std::move(row));
        }
    };
    addSet(data.trainX, data.trainY, 0.0);
    addSet(data.testX, data.testY, 1.0);
    return table;
}

Table parameterTable(const RunRecord& run, const Dataset& data, long snapshot) {
    const SnapshotSeries& s = run.result.snapshots;
    Table table{"parameters",
                "Parameters",
                {"layer", "kind", "unit", "input", "value", "dL/dθ (training set)",
                 "change since initialization"},
                {ColumnKind::LayerName, ColumnKind::WeightOrBias, ColumnKind::Whole,
                 ColumnKind::Whole, ColumnKind::Number, ColumnKind::Number, ColumnKind::Number},
                {}};
    if (s.count == 0)
        return table;
    const std::size_t index = snapshotIndex(s, snapshot);
    const Network<double> net = netAt(run, index);
    table.title = "Parameters " + at(run, index);
    table.layerCount = net.layerCount();
    arma::vec gradient;
    lossAndGradient(net, data.trainX, data.trainY, run.settings.loss, gradient);
    const arma::vec change = net.parameters() - initialParameters(run);
    // In PyTorch's state_dict order: each layer's weight[unit][input], then its bias.
    for (std::size_t l = 0; l < net.layerCount(); ++l) {
        const LayerSlice& slice = net.slices()[l];
        for (std::size_t u = 0; u < slice.units; ++u)
            for (std::size_t i = 0; i < slice.inputs; ++i) {
                const std::size_t p = slice.weightOffset + u * slice.inputs + i;
                table.rows.push_back({double(l), 0.0, double(u), double(i), net.parameters()[p],
                                      gradient[p], change[p]});
            }
        for (std::size_t u = 0; u < slice.units; ++u) {
            const std::size_t p = slice.biasOffset + u;
            table.rows.push_back(
                {double(l), 1.0, double(u), NAN, net.parameters()[p], gradient[p], change[p]});
        }
    }
    return table;
}

QByteArray tableCsv(const Table& table) {
    auto field = [](const std::string& text) {
        QByteArray f = QByteArray::fromStdString(text);
        if (f.contains(',') || f.contains('"'))
            f = '"' + f.replace("\"", "\"\"") + '"';
        return f;
    };
    QByteArray csv;
    for (std::size_t c = 0; c < table.columns.size(); ++c)
        csv += (c ? "," : "") + field(table.columns[c]);
    csv += '\n';
    for (std::size_t r = 0; r < table.rows.size(); ++r) {
        for (std::size_t c = 0; c < table.columns.size(); ++c) {
            const double v = table.rows[r][c];
            const bool number = table.kinds[c] == ColumnKind::Number && !std::isnan(v);
            csv += (c ? "," : "") +
                   (number ? QByteArray::number(v, 'g', 17) : field(tableText(table, r, c)));
        }
        csv += '\n';
    }
    return csv;
}

} // namespace relulab

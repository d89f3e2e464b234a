#include "layertablemodel.h"

#include <QBrush>
#include <QColor>
#include <QStringList>

namespace relulab {

namespace {

QString name(std::string_view text) {
    return QString::fromLatin1(text.data(), qsizetype(text.size()));
}

// The initializer's value as one editable text: the constant, the elbow interval "low, high",
// or a summary of hand-set values (edited in their own table: ui/valuesdialog.h).
QString initValueText(const InitializerSpec& spec) {
    switch (initializerParameters(spec.kind)) {
    case InitializerParameters::Value:
        return QString::number(spec.value, 'g', 10);
    case InitializerParameters::Interval:
        return QStringLiteral("%1, %2").arg(spec.low, 0, 'g', 10).arg(spec.high, 0, 'g', 10);
    case InitializerParameters::Values:
        return QStringLiteral("%1 weights, %2 biases")
            .arg(spec.weights.size())
            .arg(spec.biases.size());
    case InitializerParameters::None:
        break;
    }
    return {};
}

// Whether the value is one text typed in the table (a value or an interval).
bool initHasValue(InitializerKind kind) {
    const InitializerParameters parameters = initializerParameters(kind);
    return parameters == InitializerParameters::Value ||
           parameters == InitializerParameters::Interval;
}

} // namespace

LayerTableModel::LayerTableModel(QObject* parent)
    : QAbstractTableModel(parent) {}

void LayerTableModel::setSettings(const ExperimentSettings& settings) {
    const bool sameShape =
        settings.architecture.layers.size() == m_settings.architecture.layers.size();
    if (!sameShape)
        beginResetModel();
    m_settings = settings;
    if (!sameShape) {
        endResetModel();
        return;
    }
    if (rowCount() > 0)
        Q_EMIT dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1));
}

void LayerTableModel::setError(int row, int column, const QString& why) {
    m_errors[{row, column}] = why;
    Q_EMIT dataChanged(index(row, column), index(row, column));
}

void LayerTableModel::clearErrors() {
    if (m_errors.empty())
        return;
    m_errors.clear();
    if (rowCount() > 0)
        Q_EMIT dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1));
}

InitializerSpec LayerTableModel::initializer(int row) const {
    const auto& inits = m_settings.initializers;
    return std::size_t(row) < inits.size() ? inits[std::size_t(row)] : InitializerSpec{};
}

bool LayerTableModel::trains(int row) const {
    const auto& flags = m_settings.training.trainableLayers;
    return std::size_t(row) >= flags.size() || flags[std::size_t(row)];
}

int LayerTableModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : int(m_settings.architecture.layers.size());
}

int LayerTableModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant LayerTableModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid())
        return {};
    const int row = index.row();
    const LayerSpec& layer = m_settings.architecture.layers.at(std::size_t(row));
    const InitializerSpec init = initializer(row);
    const auto error = m_errors.find({row, index.column()});
    if (error != m_errors.end()) {
        if (role == Qt::ToolTipRole)
            return error->second;
        if (role == Qt::BackgroundRole)
            return QBrush(QColor(0xffd0d0));
    }
    if (index.column() == TrainsColumn) {
        if (role == Qt::CheckStateRole)
            return trains(row) ? Qt::Checked : Qt::Unchecked;
        return {};
    }
    if (role == Qt::ToolTipRole)
        return whyNotEditable(index);
    if (role != Qt::DisplayRole && role != Qt::EditRole)
        return {};
    switch (index.column()) {
    case UnitsColumn:
        return layer.units;
    case ActivationColumn:
        return name(activationKinds.name(layer.activation.kind));
    case ParameterColumn:
        if (activationParameterName(layer.activation.kind).empty())
            return {};
        return role == Qt::EditRole
                   ? QVariant(layer.activation.parameter)
                   : QVariant(QStringLiteral("%1 = %2")
                                  .arg(name(activationParameterName(layer.activation.kind)))
                                  .arg(layer.activation.parameter));
    case InitializerColumn:
        return name(initializerKinds.name(init.kind));
    case InitValueColumn:
        return initValueText(init);
    default:
        return {};
    }
}

bool LayerTableModel::setData(const QModelIndex& index, const QVariant& value, int role) {
    if (!index.isValid())
        return false;
    const int row = index.row();
    const auto r = std::size_t(row);
    ExperimentSettings edited = m_settings;
    LayerSpec& layer = edited.architecture.layers.at(r);
    const QString layerName = headerData(row, Qt::Vertical).toString(); // for the undo text
    QString what;
    auto initializers = [&]() -> InitializerSpec& {
        if (edited.initializers.empty())
            edited.initializers.assign(edited.architecture.layers.size(), InitializerSpec{});
        return edited.initializers.at(r);
    };
    switch (index.column()) {
    case UnitsColumn: {
        bool ok = false;
        const int units = value.toInt(&ok);
        if (role != Qt::EditRole || !ok)
            return false;
        layer.units = units;
        what = QStringLiteral("Set %1 units to %2").arg(layerName).arg(units);
        break;
    }
    case ActivationColumn: {
        const auto kind = activationKinds.fromName(value.toString().toStdString());
        if (role != Qt::EditRole || !kind)
            return false;
        layer.activation = {*kind, activationDefaultParameter(*kind)};
        what = QStringLiteral("Set %1 activation to %2").arg(layerName, value.toString());
        break;
    }
    case ParameterColumn: {
        bool ok = false;
        const double parameter = value.toDouble(&ok);
        if (role != Qt::EditRole || !ok || activationParameterName(layer.activation.kind).empty())
            return false;
        layer.activation.parameter = parameter;
        what = QStringLiteral("Set %1 activation parameter").arg(layerName);
        break;
    }
    case InitializerColumn: {
        const auto kind = initializerKinds.fromName(value.toString().toStdString());
        if (role != Qt::EditRole || !kind)
            return false;
        InitializerSpec& init = initializers();
        const InitializerSpec before = init;
        init = InitializerSpec::of(*kind);
        // A value the layer had for the same setting stays; a new one starts where it shows
        // something (1, the data set's x range).
        const InitializerParameters parameters = initializerParameters(*kind);
        const bool same = initializerParameters(before.kind) == parameters;
        if (parameters == InitializerParameters::Value)
            init.value = same ? before.value : 1.0;
        if (parameters == InitializerParameters::Interval) {
            if (same) {
                init.low = before.low;
                init.high = before.high;
            } else if (m_settings.dataset.low < m_settings.dataset.high) {
                init.low = m_settings.dataset.low;
                init.high = m_settings.dataset.high;
            }
        }
        if (parameters == InitializerParameters::Values && same)
            init = before;
        init.kind = *kind;
        what = QStringLiteral("Set %1 initializer to %2").arg(layerName, value.toString());
        break;
    }
    case InitValueColumn: {
        InitializerSpec& init = initializers();
        if (role != Qt::EditRole || !initHasValue(init.kind))
            return false;
        const QStringList parts = value.toString().split(QLatin1Char(','), Qt::SkipEmptyParts);
        std::vector<double> numbers;
        for (const QString& part : parts) {
            bool ok = false;
            numbers.push_back(part.trimmed().toDouble(&ok));
            if (!ok) {
                setError(row, InitValueColumn,
                         QStringLiteral("\"%1\" is not a number").arg(part.trimmed()));
                return false;
            }
        }
        const bool interval = initializerParameters(init.kind) == InitializerParameters::Interval;
        if (!interval && numbers.size() == 1) {
            init.value = numbers[0];
        } else if (interval && numbers.size() == 2) {
            init.low = numbers[0];
            init.high = numbers[1];
        } else {
            setError(row, InitValueColumn,
                     interval ? QStringLiteral("expected the interval as \"low, high\"")
                              : QStringLiteral("expected one number"));
            return false;
        }
        what = QStringLiteral("Set %1 initializer value").arg(layerName);
        break;
    }
    case TrainsColumn: {
        if (role != Qt::CheckStateRole)
            return false;
        auto& flags = edited.training.trainableLayers;
        if (flags.empty())
            flags.assign(edited.architecture.layers.size(), true);
        flags.at(r) = value.toInt() == Qt::Checked;
        what = QStringLiteral("%1 %2").arg(
            flags[r] ? QStringLiteral("Train") : QStringLiteral("Freeze"), layerName);
        break;
    }
    default:
        return false;
    }
    if (edited == m_settings)
        return false;
    Q_EMIT settingsEdited(edited, what);
    return true;
}

void LayerTableModel::setHandSetValues(int row, std::vector<double> weights,
                                       std::vector<double> biases) {
    ExperimentSettings edited = m_settings;
    if (edited.initializers.empty())
        edited.initializers.assign(edited.architecture.layers.size(), InitializerSpec{});
    edited.initializers.at(std::size_t(row)) =
        InitializerSpec::values(std::move(weights), std::move(biases));
    if (edited == m_settings)
        return;
    Q_EMIT settingsEdited(
        edited,
        QStringLiteral("Hand-set the values of %1").arg(headerData(row, Qt::Vertical).toString()));
}

std::vector<QString> LayerTableModel::inputNames(int row) const {
    const Architecture& a = m_settings.architecture;
    std::vector<QString> names;
    const std::size_t r = std::size_t(row);
    const int inputs = r == 0 ? a.inputs : a.layers.at(r - 1).units;
    for (int i = 0; i < inputs; ++i)
        names.push_back(r == 0 ? QStringLiteral("x%1").arg(i + 1)
                               : QStringLiteral("unit %1").arg(i));
    return names;
}

ExperimentSettings LayerTableModel::withLayerAdded() const {
    ExperimentSettings edited = m_settings;
    auto& layers = edited.architecture.layers;
    const std::size_t at = layers.empty() ? 0 : layers.size() - 1;
    const LayerSpec like = layers.size() >= 2 ? layers[at - 1] : LayerSpec{8, Activation::relu()};
    layers.insert(layers.begin() + long(at), like);
    auto& inits = edited.initializers;
    if (!inits.empty()) {
        InitializerSpec init = at >= 1 ? inits[at - 1] : InitializerSpec{};
        if (init.kind == InitializerKind::Elbows || init.kind == InitializerKind::Values)
            init = InitializerSpec{}; // those fit the first layer only
        inits.insert(inits.begin() + long(at), init);
    }
    auto& flags = edited.training.trainableLayers;
    if (!flags.empty())
        flags.insert(flags.begin() + long(at), at >= 1 ? bool(flags[at - 1]) : true);
    return edited;
}

ExperimentSettings LayerTableModel::withLayerRemoved(int row) const {
    ExperimentSettings edited = m_settings;
    const auto r = long(row);
    auto& layers = edited.architecture.layers;
    if (row < 0 || std::size_t(row) >= layers.size() || layers.size() < 2)
        return edited;
    layers.erase(layers.begin() + r);
    if (std::size_t(row) < edited.initializers.size())
        edited.initializers.erase(edited.initializers.begin() + r);
    auto& flags = edited.training.trainableLayers;
    if (std::size_t(row) < flags.size())
        flags.erase(flags.begin() + r);
    return edited;
}

QVariant LayerTableModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (role != Qt::DisplayRole)
        return {};
    if (orientation == Qt::Vertical)
        return QString::fromStdString(
            layerDisplayName(std::size_t(section), std::size_t(rowCount())));
    static const QStringList titles{QStringLiteral("Units"),      QStringLiteral("Activation"),
                                    QStringLiteral("Parameter"),  QStringLiteral("Initializer"),
                                    QStringLiteral("Init value"), QStringLiteral("Trains")};
    return titles.value(section);
}

QString LayerTableModel::whyNotEditable(const QModelIndex& index) const {
    const std::size_t row = std::size_t(index.row());
    if (index.column() == ParameterColumn) {
        const ActivationKind kind = m_settings.architecture.layers.at(row).activation.kind;
        if (activationParameterName(kind).empty())
            return QStringLiteral("%1 has no parameter").arg(name(activationKinds.name(kind)));
    }
    if (index.column() == InitValueColumn) {
        const InitializerKind kind = initializer(index.row()).kind;
        if (initializerParameters(kind) == InitializerParameters::Values)
            return QStringLiteral("hand-set weights and biases: double-click to edit them");
        if (!initHasValue(kind))
            return QStringLiteral("%1 has no value to set").arg(name(initializerKinds.name(kind)));
    }
    return {};
}

Qt::ItemFlags LayerTableModel::flags(const QModelIndex& index) const {
    Qt::ItemFlags flags = QAbstractTableModel::flags(index);
    if (!index.isValid())
        return flags;
    const int row = index.row();
    switch (index.column()) {
    case TrainsColumn:
        return flags | Qt::ItemIsUserCheckable;
    case ParameterColumn:
        if (activationParameterName(
                m_settings.architecture.layers.at(std::size_t(row)).activation.kind)
                .empty())
            return flags;
        return flags | Qt::ItemIsEditable;
    case InitValueColumn:
        return initHasValue(initializer(row).kind) ? flags | Qt::ItemIsEditable : flags;
    default:
        return flags | Qt::ItemIsEditable;
    }
}

} // namespace relulab

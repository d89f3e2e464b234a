#include "notebookmodel.h"

#include "notebookdocument.h"

#include <QColor>
#include <QIcon>
#include <QPainter>
#include <QPixmap>

#include <cmath>
#include <map>

namespace relulab {

namespace {

// internalId: 0 for experiment rows, their experiment's key (from 1) for runs.
constexpr quintptr experimentRow = 0;

QColor statusColour(RunStatus status) {
    switch (status) {
    case RunStatus::Pending:
        return QColor(0x9e9e9e);
    case RunStatus::Running:
        return QColor(0x1f77b4);
    case RunStatus::Finished:
        return QColor(0x2ca02c);
    case RunStatus::Cancelled:
        return QColor(0xff7f0e);
    case RunStatus::Diverged:
    case RunStatus::Failed:
        return QColor(0xd62728);
    }
    return Qt::black;
}

QIcon statusIcon(RunStatus status) {
    static std::map<RunStatus, QIcon> icons;
    auto it = icons.find(status);
    if (it != icons.end())
        return it->second;
    QPixmap pixmap(16, 16);
    pixmap.fill(Qt::transparent);
    QPainter painter(&pixmap);
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setBrush(statusColour(status));
    painter.setPen(statusColour(status).darker());
    painter.drawEllipse(QRectF(2.5, 2.5, 11, 11));
    painter.end();
    return icons.emplace(status, QIcon(pixmap)).first->second;
}

QString statusText(RunStatus status) {
    const std::string_view name = runStatusKinds.name(status);
    QString text = QString::fromLatin1(name.data(), qsizetype(name.size()));
    text[0] = text[0].toUpper();
    return text;
}

QVariant errorCell(double value) {
    if (!std::isfinite(value))
        return {};
    return QString::number(value, 'g', 4);
}

} // namespace

NotebookModel::NotebookModel(NotebookDocument& document, QObject* parent)
    : QAbstractItemModel(parent)
    , m_document(document) {
    connect(&document, &NotebookDocument::documentReset, this, [this] {
        beginResetModel();
        m_keyOfUid.clear();
        m_uidOfKey.clear();
        endResetModel();
    });
    connect(&document, &NotebookDocument::experimentAboutToBeInserted, this,
            [this](int row) { beginInsertRows({}, row, row); });
    connect(&document, &NotebookDocument::experimentInserted, this, [this] { endInsertRows(); });
    connect(&document, &NotebookDocument::experimentAboutToBeRemoved, this,
            [this](int row) { beginRemoveRows({}, row, row); });
    connect(&document, &NotebookDocument::experimentRemoved, this, [this] { endRemoveRows(); });
    connect(&document, &NotebookDocument::experimentAboutToBeMoved, this, [this](int from, int to) {
        // Qt counts the destination before the move: moving down lands past the row below.
        beginMoveRows({}, from, from, {}, to > from ? to + 1 : to);
    });
    connect(&document, &NotebookDocument::experimentMoved, this, [this] { endMoveRows(); });
    connect(&document, &NotebookDocument::experimentChanged, this,
            [this](int row) { Q_EMIT dataChanged(index(row, 0), index(row, ColumnCount - 1)); });
    connect(&document, &NotebookDocument::runsAboutToBeInserted, this,
            [this](int e, int first, int last) { beginInsertRows(index(e, 0), first, last); });
    connect(&document, &NotebookDocument::runsInserted, this, [this] { endInsertRows(); });
    connect(&document, &NotebookDocument::runsAboutToBeRemoved, this,
            [this](int e, int first, int last) { beginRemoveRows(index(e, 0), first, last); });
    connect(&document, &NotebookDocument::runsRemoved, this, [this] { endRemoveRows(); });
    connect(&document, &NotebookDocument::runsUpdated, this, [this] {
        for (int e = 0; e < rowCount(); ++e) {
            const QModelIndex parent = index(e, 0);
            const int runs = rowCount(parent);
            if (runs > 0)
                Q_EMIT dataChanged(index(0, 0, parent), index(runs - 1, ColumnCount - 1, parent));
        }
    });
}

quintptr NotebookModel::keyOf(int experiment) const {
    const std::string& uid = m_document.notebook().experiments[std::size_t(experiment)].uid;
    const auto [it, added] = m_keyOfUid.try_emplace(uid, quintptr(m_uidOfKey.size() + 1));
    if (added)
        m_uidOfKey.push_back(uid);
    return it->second;
}

int NotebookModel::experimentWithKey(quintptr key) const {
    if (key == experimentRow || key > m_uidOfKey.size())
        return -1;
    const std::string& uid = m_uidOfKey[key - 1];
    const auto& experiments = m_document.notebook().experiments;
    for (std::size_t e = 0; e < experiments.size(); ++e)
        if (experiments[e].uid == uid)
            return int(e);
    return -1;
}

QModelIndex NotebookModel::index(int row, int column, const QModelIndex& parent) const {
    if (!hasIndex(row, column, parent))
        return {};
    if (!parent.isValid())
        return createIndex(row, column, experimentRow);
    return createIndex(row, column, keyOf(parent.row()));
}

QModelIndex NotebookModel::parent(const QModelIndex& child) const {
    if (!child.isValid() || child.internalId() == experimentRow)
        return {};
    const int experiment = experimentWithKey(child.internalId());
    return experiment < 0 ? QModelIndex() : createIndex(experiment, 0, experimentRow);
}

int NotebookModel::rowCount(const QModelIndex& parent) const {
    if (!parent.isValid())
        return int(m_document.notebook().experiments.size());
    if (parent.internalId() == experimentRow && parent.column() == 0)
        return m_document.runCount(parent.row());
    return 0;
}

int NotebookModel::columnCount(const QModelIndex&) const {
    return ColumnCount;
}

int NotebookModel::experimentOf(const QModelIndex& index) const {
    if (!index.isValid())
        return -1;
    return index.internalId() == experimentRow ? index.row()
                                               : experimentWithKey(index.internalId());
}

int NotebookModel::runOf(const QModelIndex& index) {
    if (!index.isValid() || index.internalId() == experimentRow)
        return -1;
    return index.row();
}

QVariant NotebookModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid())
        return {};
    const int e = experimentOf(index);
    const int r = runOf(index);
    if (r < 0) {
        const Experiment& experiment = m_document.notebook().experiments.at(std::size_t(e));
        if (index.column() == NameColumn &&
            (role == Qt::DisplayRole || role == Qt::EditRole || role == Qt::ToolTipRole))
            return QString::fromStdString(experiment.name);
        if (index.column() == StatusColumn && role == Qt::DisplayRole) {
            const int runs = m_document.runCount(e);
            return runs == 0 ? QStringLiteral("no runs") : QStringLiteral("%1 run(s)").arg(runs);
        }
        return {};
    }
    const RunSummary run = m_document.runSummary(e, r);
    switch (index.column()) {
    case NameColumn:
        if (role == Qt::DisplayRole)
            return QString::fromStdString(run.label);
        if (role == Qt::ToolTipRole) // where a continued run came from
            return QString::fromStdString(run.origin.empty() ? run.label
                                                             : run.label + ": " + run.origin);
        if (role == Qt::DecorationRole)
            return statusIcon(run.status);
        break;
    case StatusColumn:
        if (role == Qt::DisplayRole)
            return run.status == RunStatus::Running
                       ? QStringLiteral("Running (step %1)").arg(run.stepsDone)
                       : statusText(run.status);
        break;
    case TrainErrorColumn:
        if (role == Qt::DisplayRole)
            return errorCell(run.trainError);
        break;
    case TrainSetErrorColumn:
        if (role == Qt::DisplayRole)
            return errorCell(run.trainSetError);
        break;
    case TestErrorColumn:
        if (role == Qt::DisplayRole)
            return errorCell(run.testError);
        break;
    case TrainAccuracyColumn:
    case TestAccuracyColumn: {
        const double accuracy =
            index.column() == TrainAccuracyColumn ? run.trainAccuracy : run.testAccuracy;
        if (role == Qt::DisplayRole && std::isfinite(accuracy))
            return QStringLiteral("%1%").arg(100.0 * accuracy, 0, 'f', 1);
        break;
    }
    default:
        break;
    }
    if (role == Qt::TextAlignmentRole && index.column() >= TrainErrorColumn)
        return int(Qt::AlignRight | Qt::AlignVCenter);
    return {};
}

bool NotebookModel::setData(const QModelIndex& index, const QVariant& value, int role) {
    if (role != Qt::EditRole || runOf(index) >= 0 || index.column() != NameColumn)
        return false;
    const QString name = value.toString().trimmed();
    const int e = experimentOf(index);
    Experiment edited = m_document.notebook().experiments.at(std::size_t(e));
    if (name.isEmpty() || name.toStdString() == edited.name)
        return false;
    edited.name = name.toStdString();
    m_document.editExperiment(e, edited, QStringLiteral("Rename to \"%1\"").arg(name));
    return true;
}

QVariant NotebookModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case NameColumn:
        return QStringLiteral("Experiment / run");
    case StatusColumn:
        return QStringLiteral("Status");
    case TrainErrorColumn:
        return QStringLiteral("Train (batch)");
    case TrainSetErrorColumn:
        return QStringLiteral("Train (set)");
    case TestErrorColumn:
        return QStringLiteral("Test");
    case TrainAccuracyColumn:
        return QStringLiteral("Train acc.");
    case TestAccuracyColumn:
        return QStringLiteral("Test acc.");
    default:
        return {};
    }
}

Qt::ItemFlags NotebookModel::flags(const QModelIndex& index) const {
    Qt::ItemFlags flags = QAbstractItemModel::flags(index);
    if (runOf(index) < 0 && index.column() == NameColumn)
        flags |= Qt::ItemIsEditable;
    return flags;
}

} // namespace relulab

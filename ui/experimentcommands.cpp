#include "experimentcommands.h"

#include "notebookdocument.h"

namespace relulab {

namespace {

// Only the editable parts: runs may have been added since the edit (training goes on while
// the user edits), and undo must not take them away.
void replaceKeepingRuns(NotebookDocument& document, int index, const Experiment& edited) {
    Experiment next = edited;
    next.runs = std::move(document.experimentAt(index).runs);
    document.doReplace(index, std::move(next));
}

constexpr int editCommandId = 1;

} // namespace

EditExperimentCommand::EditExperimentCommand(NotebookDocument& document, int index,
                                             Experiment before, Experiment after,
                                             const QString& text, const QString& mergeKey)
    : QUndoCommand(text)
    , m_document(document)
    , m_index(index)
    , m_before(std::move(before))
    , m_after(std::move(after))
    , m_mergeKey(mergeKey) {
    m_before.runs.clear();
    m_after.runs.clear();
}

void EditExperimentCommand::undo() {
    replaceKeepingRuns(m_document, m_index, m_before);
}

void EditExperimentCommand::redo() {
    replaceKeepingRuns(m_document, m_index, m_after);
}

int EditExperimentCommand::id() const {
    return m_mergeKey.isEmpty() ? -1 : editCommandId;
}

bool EditExperimentCommand::mergeWith(const QUndoCommand* other) {
    const auto* edit = static_cast<const EditExperimentCommand*>(other);
    if (edit->m_index != m_index || edit->m_mergeKey != m_mergeKey)
        return false;
    m_after = edit->m_after;
    return true;
}

InsertExperimentCommand::InsertExperimentCommand(NotebookDocument& document, int index,
                                                 Experiment experiment, const QString& text)
    : QUndoCommand(text)
    , m_document(document)
    , m_index(index)
    , m_experiment(std::move(experiment)) {}

void InsertExperimentCommand::undo() {
    m_experiment = m_document.doRemove(m_index);
}

void InsertExperimentCommand::redo() {
    m_document.doInsert(m_index, m_experiment);
}

RemoveExperimentCommand::RemoveExperimentCommand(NotebookDocument& document, int index)
    : QUndoCommand(QStringLiteral("Delete \"%1\"")
                       .arg(QString::fromStdString(
                           document.notebook().experiments.at(std::size_t(index)).name)))
    , m_document(document)
    , m_index(index) {}

void RemoveExperimentCommand::undo() {
    m_document.doInsert(m_index, std::move(m_removed));
}

void RemoveExperimentCommand::redo() {
    m_removed = m_document.doRemove(m_index);
}

MoveExperimentCommand::MoveExperimentCommand(NotebookDocument& document, int from, int to)
    : QUndoCommand(QStringLiteral("Move experiment"))
    , m_document(document)
    , m_from(from)
    , m_to(to) {}

void MoveExperimentCommand::undo() {
    m_document.doMove(m_to, m_from);
}

void MoveExperimentCommand::redo() {
    m_document.doMove(m_from, m_to);
}

RemoveRunCommand::RemoveRunCommand(NotebookDocument& document, int experiment, int run)
    : QUndoCommand(QStringLiteral("Delete run \"%1\"")
                       .arg(QString::fromStdString(document.notebook()
                                                       .experiments.at(std::size_t(experiment))
                                                       .runs.at(std::size_t(run))
                                                       .label)))
    , m_document(document)
    , m_experiment(experiment)
    , m_run(run) {}

void RemoveRunCommand::undo() {
    m_document.doInsertRun(m_experiment, m_run, std::move(m_removed));
}

void RemoveRunCommand::redo() {
    m_removed = m_document.doRemoveRun(m_experiment, m_run);
}

} // namespace relulab

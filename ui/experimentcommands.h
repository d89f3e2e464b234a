#pragma once

#include "document/experiment.h"

#include <QString>
#include <QUndoCommand>

namespace relulab {

class NotebookDocument;

// An experiment's name, notes, settings or sweep changed: the whole experiment before and after
// (its runs stay as they are). Consecutive edits with the same merge key become one step.
class EditExperimentCommand : public QUndoCommand {
public:
    EditExperimentCommand(NotebookDocument& document, int index, Experiment before,
                          Experiment after, const QString& text, const QString& mergeKey);
    void undo() override;
    void redo() override;
    int id() const override;
    bool mergeWith(const QUndoCommand* other) override;

private:
    NotebookDocument& m_document;
    int m_index;
    Experiment m_before;
    Experiment m_after;
    QString m_mergeKey;
};

// Adds an experiment (new, duplicated, imported); undo takes it out again.
class InsertExperimentCommand : public QUndoCommand {
public:
    InsertExperimentCommand(NotebookDocument& document, int index, Experiment experiment,
                            const QString& text);
    void undo() override;
    void redo() override;

private:
    NotebookDocument& m_document;
    int m_index;
    Experiment m_experiment;
};

// Deletes an experiment with its runs; undo puts both back.
class RemoveExperimentCommand : public QUndoCommand {
public:
    RemoveExperimentCommand(NotebookDocument& document, int index);
    void undo() override;
    void redo() override;

private:
    NotebookDocument& m_document;
    int m_index;
    Experiment m_removed;
};

class MoveExperimentCommand : public QUndoCommand {
public:
    MoveExperimentCommand(NotebookDocument& document, int from, int to);
    void undo() override;
    void redo() override;

private:
    NotebookDocument& m_document;
    int m_from;
    int m_to;
};

// Deletes a stored run with its snapshots; undo puts it back where it was.
class RemoveRunCommand : public QUndoCommand {
public:
    RemoveRunCommand(NotebookDocument& document, int experiment, int run);
    void undo() override;
    void redo() override;

private:
    NotebookDocument& m_document;
    int m_experiment;
    int m_run;
    RunRecord m_removed;
};

} // namespace relulab

#pragma once

#include "document/experiment.h"

#include <QDialog>

#include <vector>

class QCheckBox;
class QComboBox;
class QLineEdit;
class QSpinBox;

namespace relulab {

// "Continue from here…": the training settings of a run continued from a snapshot, pre-filled
// with the experiment's (which layers train, optimizer, learning rate, steps, snapshot
// interval); the rest (data, sampling, seeds) stay the experiment's. The run itself is made by
// the document (NotebookDocument::startContinuation).
class ContinueDialog : public QDialog {
    Q_OBJECT
public:
    ContinueDialog(const ExperimentSettings& settings, const QString& experiment,
                   const QString& run, long step, QWidget* parent = nullptr);

    // The experiment's settings with the form's changes; the learning rate as typed (a run
    // that cannot start says why when it is made).
    ExperimentSettings settings() const;

    QComboBox* optimizer() { return m_optimizer; }
    QLineEdit* learningRate() { return m_learningRate; }
    QSpinBox* steps() { return m_steps; }
    QCheckBox* trains(std::size_t layer) { return m_trains.at(layer); }

private:
    ExperimentSettings m_settings;
    QComboBox* m_optimizer = nullptr;
    QLineEdit* m_learningRate = nullptr;
    QSpinBox* m_steps = nullptr;
    QSpinBox* m_snapshotEvery = nullptr;
    std::vector<QCheckBox*> m_trains;
};

} // namespace relulab

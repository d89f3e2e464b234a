#include "ui/continuedialog.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDoubleValidator>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

#include <algorithm>
#include <climits>

namespace relulab {

ContinueDialog::ContinueDialog(const ExperimentSettings& settings, const QString& experiment,
                               const QString& run, long step, QWidget* parent)
    : QDialog(parent)
    , m_settings(settings) {
    setWindowTitle(QStringLiteral("Continue from iteration %1").arg(step));
    auto* layout = new QVBoxLayout(this);
    auto* about = new QLabel(
        QStringLiteral("A new run of <b>%1</b> starts from run <b>%2</b>'s parameters after "
                       "iteration %3 and trains the steps below, its iterations going on from "
                       "there. The data, sampling and seeds stay the experiment's; the optimizer "
                       "starts afresh (a snapshot keeps no momentum or Adam moments).")
            .arg(experiment.toHtmlEscaped(), run.toHtmlEscaped())
            .arg(step));
    about->setWordWrap(true);
    layout->addWidget(about);

    auto* form = new QFormLayout;
    auto* trains = new QWidget;
    auto* trainsRow = new QHBoxLayout(trains);
    trainsRow->setContentsMargins(0, 0, 0, 0);
    const std::size_t layers = settings.architecture.layers.size();
    const std::vector<bool>& flags = settings.training.trainableLayers;
    for (std::size_t l = 0; l < layers; ++l) {
        auto* box = new QCheckBox(QString::fromStdString(layerDisplayName(l, layers)));
        box->setObjectName(QStringLiteral("trains%1").arg(l));
        box->setChecked(flags.empty() || flags[l]);
        trainsRow->addWidget(box);
        m_trains.push_back(box);
    }
    trainsRow->addStretch();
    form->addRow(QStringLiteral("Layers that train"), trains);

    m_optimizer = new QComboBox;
    m_optimizer->setObjectName(QStringLiteral("optimizer"));
    for (const auto& kind : optimizerKinds)
        m_optimizer->addItem(QString::fromLatin1(kind.name.data(), qsizetype(kind.name.size())),
                             int(kind.kind));
    m_optimizer->setCurrentIndex(m_optimizer->findData(int(settings.training.optimizer.kind)));
    form->addRow(QStringLiteral("Optimizer"), m_optimizer);

    m_learningRate = new QLineEdit(QString::number(settings.training.optimizer.learningRate, 'g'));
    m_learningRate->setObjectName(QStringLiteral("learningRate"));
    auto* positive = new QDoubleValidator(0.0, 1e6, 12, m_learningRate);
    positive->setNotation(QDoubleValidator::ScientificNotation);
    m_learningRate->setValidator(positive);
    form->addRow(QStringLiteral("Learning rate"), m_learningRate);

    m_steps = new QSpinBox;
    m_steps->setObjectName(QStringLiteral("steps"));
    m_steps->setRange(1, INT_MAX);
    m_steps->setValue(int(std::clamp<long>(settings.steps, 1, INT_MAX)));
    m_steps->setSuffix(QStringLiteral(" more"));
    form->addRow(QStringLiteral("Steps"), m_steps);
    m_snapshotEvery = new QSpinBox;
    m_snapshotEvery->setRange(1, INT_MAX);
    m_snapshotEvery->setValue(int(std::clamp<long>(settings.snapshotEvery, 1, INT_MAX)));
    form->addRow(QStringLiteral("Snapshot every"), m_snapshotEvery);
    layout->addLayout(form);

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel);
    buttons->button(QDialogButtonBox::Ok)->setText(QStringLiteral("Continue"));
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);
    setMinimumWidth(520);
}

ExperimentSettings ContinueDialog::settings() const {
    ExperimentSettings s = m_settings;
    s.training.trainableLayers.clear();
    for (const QCheckBox* box : m_trains)
        s.training.trainableLayers.push_back(box->isChecked());
    s.training.optimizer.kind = OptimizerKind(m_optimizer->currentData().toInt());
    bool ok = false;
    const double lr = QLocale::c().toDouble(m_learningRate->text(), &ok);
    s.training.optimizer.learningRate = ok ? lr : 0.0; // 0: refused, with the field's name
    s.steps = m_steps->value();
    s.snapshotEvery = m_snapshotEvery->value();
    return s;
}

} // namespace relulab

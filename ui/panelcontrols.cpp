#include "panelcontrols.h"

#include "core/architecture.h"

#include <QCheckBox>
#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QSignalBlocker>
#include <QSpinBox>
#include <QWidget>

namespace relulab {

namespace {

QHBoxLayout* rowLayout(QWidget* row) {
    auto* layout = new QHBoxLayout(row);
    layout->setContentsMargins(0, 0, 0, 0);
    return layout;
}

} // namespace

PanelControls::PanelControls(QObject* parent)
    : QObject(parent) {}

QComboBox* PanelControls::makeLayerBox(QWidget* row) {
    auto* box = new QComboBox(row);
    box->setObjectName(QStringLiteral("inspectedLayer"));
    box->setToolTip(QStringLiteral("The layer whose weights, gradients and units are shown"));
    box->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_layers.push_back(box);
    connect(box, &QComboBox::currentIndexChanged, this, [this, box](int index) {
        for (QComboBox* other : m_layers) // one layer for every panel
            if (other != box && index >= 0 && index < other->count()) {
                const QSignalBlocker block(other);
                other->setCurrentIndex(index);
            }
        Q_EMIT changed();
    });
    return box;
}

QWidget* PanelControls::rowFor(Panel panel) {
    switch (panel) {
    case Panel::Gradients: {
        auto* row = new QWidget;
        QHBoxLayout* layout = rowLayout(row);
        layout->addWidget(new QLabel(QStringLiteral("Layer"), row));
        layout->addWidget(makeLayerBox(row));
        layout->addWidget(new QLabel(QStringLiteral("map of its"), row));
        m_weightMap = new QComboBox(row);
        m_weightMap->setObjectName(QStringLiteral("weightMap"));
        m_weightMap->addItem(QStringLiteral("weights"), int(ParameterMapKind::Weights));
        m_weightMap->addItem(QStringLiteral("change since initialization"),
                             int(ParameterMapKind::Change));
        layout->addWidget(m_weightMap);
        m_logMagnitude = new QCheckBox(QStringLiteral("log magnitude"), row);
        m_logMagnitude->setObjectName(QStringLiteral("logMagnitude"));
        m_logMagnitude->setToolTip(
            QStringLiteral("Colour the maps by log10 |value|: gradients that vanish layer by "
                           "layer differ by decades"));
        layout->addWidget(m_logMagnitude);
        m_featureControls = new QWidget(row);
        QHBoxLayout* features = rowLayout(m_featureControls);
        features->addWidget(new QLabel(QStringLiteral("dy/dθ features of its"), row));
        m_featureKind = new QComboBox(m_featureControls);
        m_featureKind->setObjectName(QStringLiteral("featureKind"));
        m_featureKind->addItems({QStringLiteral("weights"), QStringLiteral("biases")});
        features->addWidget(m_featureKind);
        layout->addWidget(m_featureControls);
        layout->addStretch();
        connect(m_weightMap, &QComboBox::currentIndexChanged, this, &PanelControls::changed);
        connect(m_logMagnitude, &QCheckBox::toggled, this, &PanelControls::changed);
        connect(m_featureKind, &QComboBox::currentIndexChanged, this, &PanelControls::changed);
        return row;
    }
    case Panel::Distributions: {
        auto* row = new QWidget;
        QHBoxLayout* layout = rowLayout(row);
        layout->addWidget(new QLabel(QStringLiteral("Layer"), row));
        layout->addWidget(makeLayerBox(row));
        layout->addWidget(new QLabel(
            QStringLiteral("(gradients on the whole training set, from the stored parameters)"),
            row));
        layout->addStretch();
        return row;
    }
    case Panel::Surface: {
        // Nets of more than two inputs: which two span the plane (the others at their mean).
        m_planeControls = new QWidget;
        QHBoxLayout* layout = rowLayout(m_planeControls);
        layout->addWidget(new QLabel(QStringLiteral("Plane of inputs"), m_planeControls));
        m_planeX = new QComboBox(m_planeControls);
        m_planeX->setObjectName(QStringLiteral("planeX"));
        layout->addWidget(m_planeX);
        layout->addWidget(new QLabel(QStringLiteral("and"), m_planeControls));
        m_planeY = new QComboBox(m_planeControls);
        m_planeY->setObjectName(QStringLiteral("planeY"));
        layout->addWidget(m_planeY);
        layout->addWidget(
            new QLabel(QStringLiteral("(the other inputs at the training mean)"), m_planeControls));
        layout->addStretch();
        for (QComboBox* box : {m_planeX, m_planeY})
            connect(box, &QComboBox::currentIndexChanged, this, &PanelControls::changed);
        return m_planeControls;
    }
    case Panel::PrincipalFeatures: {
        auto* row = new QWidget;
        QHBoxLayout* layout = rowLayout(row);
        m_logSingular = new QCheckBox(QStringLiteral("log scale"), row);
        m_logSingular->setObjectName(QStringLiteral("logSingular"));
        m_logSingular->setChecked(true);
        layout->addWidget(m_logSingular);
        m_principalCountLabel = new QLabel(QStringLiteral("principal features shown"), row);
        layout->addWidget(m_principalCountLabel);
        m_principalCount = new QSpinBox(row);
        m_principalCount->setRange(1, 16);
        m_principalCount->setValue(4);
        layout->addWidget(m_principalCount);
        layout->addStretch();
        connect(m_logSingular, &QCheckBox::toggled, this, &PanelControls::changed);
        connect(m_principalCount, &QSpinBox::valueChanged, this, &PanelControls::changed);
        return row;
    }
    default:
        return nullptr;
    }
}

void PanelControls::showFor(const Architecture& a) {
    const int layers = int(a.layers.size());
    for (QComboBox* box : m_layers) {
        if (box->count() == layers)
            continue;
        const QSignalBlocker block(box);
        const int kept = box->currentIndex();
        box->clear();
        for (int l = 0; l < layers; ++l)
            box->addItem(QString::fromStdString(layerDisplayName(std::size_t(l), a.layers.size())));
        box->setCurrentIndex(kept >= 0 && kept < layers ? kept : 0);
    }
    if (m_planeX->count() != a.inputs) {
        const QSignalBlocker blockX(m_planeX), blockY(m_planeY);
        m_planeX->clear();
        m_planeY->clear();
        for (int i = 1; i <= a.inputs; ++i) {
            m_planeX->addItem(QStringLiteral("x%1").arg(i));
            m_planeY->addItem(QStringLiteral("x%1").arg(i));
        }
        m_planeX->setCurrentIndex(0);
        m_planeY->setCurrentIndex(std::min(1, a.inputs - 1));
    }
    m_planeControls->setVisible(a.inputs > 2);
    // dy/dθ and principal features as functions of x: 1-D nets only.
    const bool oneD = a.inputs == 1 && a.outputs() == 1;
    m_featureControls->setVisible(oneD);
    m_principalCount->setVisible(oneD);
    m_principalCountLabel->setVisible(oneD);
}

void PanelControls::readInto(ChartOptions& options) const {
    options.inspectedLayer = std::size_t(std::max(0, m_layers.front()->currentIndex()));
    options.weightMap = ParameterMapKind(m_weightMap->currentData().toInt());
    options.logMagnitude = m_logMagnitude->isChecked();
    options.featureBiases = m_featureKind->currentIndex() == 1;
    options.logSingularValues = m_logSingular->isChecked();
    options.principalFeatureCount = std::size_t(m_principalCount->value());
    options.planeX = std::size_t(std::max(0, m_planeX->currentIndex()));
    options.planeY = std::size_t(std::max(0, m_planeY->currentIndex()));
}

} // namespace relulab

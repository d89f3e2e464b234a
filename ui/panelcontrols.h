#pragma once

#include "plots/runcharts.h"

#include <QObject>

#include <vector>

class QCheckBox;
class QComboBox;
class QLabel;
class QSpinBox;
class QWidget;

namespace relulab {

// The row of settings above a panel's charts (which layer the maps and distributions show,
// which plane of inputs a surface spans, ...), kept for every panel, read into ChartOptions.
class PanelControls : public QObject {
    Q_OBJECT
public:
    explicit PanelControls(QObject* parent = nullptr);

    // The row for `panel` (owned by the caller's layout from then on); null for a panel that
    // has none.
    QWidget* rowFor(Panel panel);

    // Fits the rows to a net of this shape: its layers by name, its inputs, what applies.
    void showFor(const Architecture& architecture);

    void readInto(ChartOptions& options) const;

Q_SIGNALS:
    void changed();

private:
    QComboBox* makeLayerBox(QWidget* row);

    std::vector<QComboBox*> m_layers; // one per panel row that picks a layer, kept alike
    QComboBox* m_weightMap = nullptr;
    QCheckBox* m_logMagnitude = nullptr;
    QWidget* m_featureControls = nullptr;
    QComboBox* m_featureKind = nullptr;
    QComboBox* m_planeX = nullptr;
    QComboBox* m_planeY = nullptr;
    QWidget* m_planeControls = nullptr;
    QCheckBox* m_logSingular = nullptr;
    QSpinBox* m_principalCount = nullptr;
    QLabel* m_principalCountLabel = nullptr;
};

} // namespace relulab

#pragma once

#include <QDialog>

#include <vector>

class QDialogButtonBox;
class QTableWidget;

namespace relulab {

// A layer's hand-set weights and biases (the `values` initializer) as a table: a row per unit,
// a column per input and the bias, each cell a number. OK is offered only while every cell is
// one; cells that are not are marked.
class ValuesDialog : public QDialog {
    Q_OBJECT
public:
    // `weights`: PyTorch's weight (units x inputs) row by row; of another size, the table
    // starts at zeros. `inputNames`: the columns before the bias ("x1", "unit 0", ...).
    ValuesDialog(const QString& layerName, const std::vector<QString>& inputNames,
                 std::size_t units, const std::vector<double>& weights,
                 const std::vector<double>& biases, QWidget* parent = nullptr);

    std::vector<double> weights() const; // row by row, as given
    std::vector<double> biases() const;
    QTableWidget* table() { return m_table; }

private:
    void check();
    double cell(int row, int column) const;

    QTableWidget* m_table = nullptr;
    QDialogButtonBox* m_buttons = nullptr;
    std::size_t m_inputs = 0;
};

} // namespace relulab

#pragma once

#include <QTableWidget>

#include <vector>

namespace relulab {

// One layer's weights and biases as a table: a row per unit, a column per input and the bias,
// each cell a number (in the C locale, as the notebook's JSON writes it). Cells that are not
// one are marked, and allNumbers() says whether every cell is. A float32 value shows as the
// float it is, so that a drawn parameter reads back as itself.
class ValuesTable : public QTableWidget {
    Q_OBJECT
public:
    // `weights`: PyTorch's weight (units x inputs) row by row; of another size, the table
    // starts at zeros. `inputNames`: the columns before the bias ("x1", "unit 0", ...).
    ValuesTable(const std::vector<QString>& inputNames, std::size_t units,
                const std::vector<double>& weights, const std::vector<double>& biases,
                QWidget* parent = nullptr);

    std::vector<double> weights() const; // row by row, as given
    std::vector<double> biases() const;
    bool allNumbers() const { return m_allNumbers; }

Q_SIGNALS:
    void validityChanged(bool allNumbers);

private:
    void check();
    double cell(int row, int column) const;

    std::size_t m_inputs = 0;
    bool m_allNumbers = true;
};

} // namespace relulab

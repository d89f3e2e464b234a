#pragma once

#include <QDialog>

#include <vector>

class QDialogButtonBox;

namespace relulab {

class ValuesTable;

// A layer's hand-set weights and biases (the `values` initializer) in its ValuesTable; OK is
// offered only while every cell is a number.
class ValuesDialog : public QDialog {
    Q_OBJECT
public:
    ValuesDialog(const QString& layerName, const std::vector<QString>& inputNames,
                 std::size_t units, const std::vector<double>& weights,
                 const std::vector<double>& biases, QWidget* parent = nullptr);

    std::vector<double> weights() const; // row by row, as given
    std::vector<double> biases() const;
    ValuesTable* table() { return m_table; }

private:
    ValuesTable* m_table = nullptr;
    QDialogButtonBox* m_buttons = nullptr;
};

// Every layer's weights and biases of a net, a ValuesTable per layer on tabs "hidden 1" ..
// "output", OK offered only while every cell of every table is a number.
class ParametersDialog : public QDialog {
    Q_OBJECT
public:
    struct Layer {
        QString name; // "hidden 1"
        std::vector<QString> inputNames;
        std::size_t units = 0;
        std::vector<double> weights, biases;
    };
    ParametersDialog(const QString& title, const std::vector<Layer>& layers,
                     QWidget* parent = nullptr);

    std::size_t layerCount() const { return m_tables.size(); }
    ValuesTable* table(std::size_t layer) { return m_tables.at(layer); }
    std::vector<double> weights(std::size_t layer) const;
    std::vector<double> biases(std::size_t layer) const;

private:
    void check();

    std::vector<ValuesTable*> m_tables;
    QDialogButtonBox* m_buttons = nullptr;
};

} // namespace relulab

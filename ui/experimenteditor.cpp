#include "experimenteditor.h"

#include "layerdelegate.h"
#include "layertablemodel.h"
#include "notebookdocument.h"

#include "core/error.h"
#include "document/runplan.h"

#include <QComboBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScrollArea>
#include <QSpinBox>
#include <QTableView>
#include <QVBoxLayout>

#include <cmath>
#include <limits>

namespace relulab {

namespace {

QString qs(std::string_view text) {
    return QString::fromUtf8(text.data(), qsizetype(text.size()));
}

template <typename Kind, std::size_t N>
QStringList names(const std::array<Kind, N>& kinds, std::string_view (*name)(Kind)) {
    QStringList out;
    for (Kind kind : kinds)
        out << qs(name(kind));
    return out;
}

const std::array<DatasetKind, 11> datasetKinds{
    DatasetKind::PiecewiseLinear, DatasetKind::Sin20x,  DatasetKind::Square,
    DatasetKind::Expression,      DatasetKind::Xor,     DatasetKind::GradientPrint,
    DatasetKind::TwoMoons,        DatasetKind::Circles, DatasetKind::Spirals,
    DatasetKind::Blobs,           DatasetKind::Csv};
const std::array<XSpacing, 3> spacings{XSpacing::Random, XSpacing::Integers, XSpacing::Even};
const std::array<LossKind, 3> losses{LossKind::Mse, LossKind::BceLogits, LossKind::CrossEntropy};
const std::array<OptimizerKind, 2> optimizers{OptimizerKind::Sgd, OptimizerKind::Adam};
const std::array<SamplingKind, 3> samplings{SamplingKind::WithoutReplacement,
                                            SamplingKind::WithReplacement, SamplingKind::FullBatch};

QString numberText(double value) {
    return std::isnan(value) ? QString() : QString::number(value, 'g', 12);
}

// "10, 20, 40" <-> a list; throws InvalidInput naming `key` for a bad entry.
template <typename T> QString listText(const std::vector<T>& values) {
    QStringList parts;
    for (const T& v : values)
        parts << QString::number(v, 'g', 12);
    return parts.join(QStringLiteral(", "));
}

template <typename T> std::vector<T> parseList(const QString& text, const QString& key) {
    std::vector<T> values;
    for (const QString& raw : text.split(QLatin1Char(','), Qt::SkipEmptyParts)) {
        const QString part = raw.trimmed();
        bool ok = false;
        const double v = part.toDouble(&ok);
        if (!ok || !std::isfinite(v) || (std::is_integral_v<T> && v != std::floor(v)))
            throw InvalidInput(key.toStdString(),
                               "\"" + part.toStdString() + "\" is not " +
                                   (std::is_integral_v<T> ? "a whole number" : "a number"));
        values.push_back(static_cast<T>(v));
    }
    return values;
}

constexpr char invalidStyle[] = "background-color: #ffd0d0;";

} // namespace

ExperimentEditor::ExperimentEditor(NotebookDocument& document, QWidget* parent)
    : QWidget(parent)
    , m_document(document) {
    build();
    connect(&document, &NotebookDocument::experimentChanged, this, [this](int index) {
        if (index == m_index)
            refresh();
    });
    connect(&document, &NotebookDocument::documentReset, this, [this] { setExperiment(-1); });
    connect(&document, &NotebookDocument::experimentRemoved, this, [this](int index) {
        const int now = indexAfterRemove(m_index, index);
        if (now < 0 && m_index >= 0)
            setExperiment(-1);
        m_index = now;
    });
    connect(&document, &NotebookDocument::experimentInserted, this,
            [this](int index) { m_index = indexAfterInsert(m_index, index); });
    connect(&document, &NotebookDocument::experimentMoved, this,
            [this](int from, int to) { m_index = indexAfterMove(m_index, from, to); });
    setExperiment(-1);
}

Experiment ExperimentEditor::current() const {
    return m_document.notebook().experiments.at(std::size_t(m_index));
}

void ExperimentEditor::commit(const Experiment& edited, const QString& text,
                              const QString& mergeKey) {
    if (m_refreshing || m_index < 0)
        return;
    const Experiment& before = m_document.notebook().experiments.at(std::size_t(m_index));
    if (edited.name == before.name && edited.notes == before.notes &&
        edited.settings == before.settings && edited.sweep == before.sweep)
        return;
    m_document.editExperiment(m_index, edited, text, mergeKey);
}

void ExperimentEditor::commitSettings(const ExperimentSettings& settings, const QString& text,
                                      const QString& mergeKey) {
    if (m_index < 0)
        return;
    Experiment edited = current();
    edited.settings = settings;
    commit(edited, text, mergeKey);
}

QLineEdit* ExperimentEditor::numberField(const QString& key, const QString& label,
                                         std::function<double(const Experiment&)> get,
                                         std::function<void(Experiment&, double)> set) {
    auto* edit = new QLineEdit;
    edit->setObjectName(key);
    m_form->addRow(label, edit);
    m_fields[key].push_back(edit);
    m_refreshers.push_back([this, edit, get] {
        const QString text = numberText(get(current()));
        if (edit->text() != text)
            edit->setText(text);
    });
    connect(edit, &QLineEdit::editingFinished, this, [this, edit, key, label, get, set] {
        if (m_index < 0)
            return;
        bool ok = false;
        const double value = edit->text().trimmed().toDouble(&ok);
        if (!ok) {
            clearMarks();
            markInvalid(key.toStdString(), QStringLiteral("\"%1\" is not a number: the value "
                                                          "stays %2")
                                               .arg(edit->text(), numberText(get(current()))));
            return;
        }
        Experiment edited = current();
        set(edited, value);
        commit(edited, QStringLiteral("Set %1 to %2").arg(label.toLower(), edit->text().trimmed()),
               key);
    });
    return edit;
}

QSpinBox* ExperimentEditor::integerField(const QString& key, const QString& label, long long low,
                                         long long high,
                                         std::function<long long(const Experiment&)> get,
                                         std::function<void(Experiment&, long long)> set) {
    auto* spin = new QSpinBox;
    spin->setObjectName(key);
    spin->setRange(int(std::max<long long>(low, std::numeric_limits<int>::min())),
                   int(std::min<long long>(high, std::numeric_limits<int>::max())));
    spin->setKeyboardTracking(false); // one edit per value, not per digit
    m_form->addRow(label, spin);
    m_fields[key].push_back(spin);
    m_refreshers.push_back([this, spin, get] {
        const int value = int(get(current()));
        if (spin->value() != value)
            spin->setValue(value);
    });
    connect(spin, &QSpinBox::valueChanged, this, [this, key, label, set](int value) {
        if (m_refreshing || m_index < 0)
            return;
        Experiment edited = current();
        set(edited, value);
        commit(edited, QStringLiteral("Set %1 to %2").arg(label.toLower()).arg(value), key);
    });
    return spin;
}

QLineEdit* ExperimentEditor::textField(const QString& key, const QString& label,
                                       std::function<QString(const Experiment&)> get,
                                       std::function<void(Experiment&, const QString&)> set) {
    auto* edit = new QLineEdit;
    edit->setObjectName(key);
    m_form->addRow(label, edit);
    m_fields[key].push_back(edit);
    m_refreshers.push_back([this, edit, get] {
        const QString text = get(current());
        if (edit->text() != text)
            edit->setText(text);
    });
    connect(edit, &QLineEdit::editingFinished, this, [this, edit, key, label, set] {
        if (m_index < 0)
            return;
        Experiment edited = current();
        try {
            set(edited, edit->text().trimmed());
        } catch (const InvalidInput& error) {
            clearMarks();
            markInvalid(error.where(), qs(error.message()));
            return;
        }
        commit(edited, QStringLiteral("Set %1").arg(label.toLower()), key);
    });
    return edit;
}

QComboBox* ExperimentEditor::choiceField(const QString& key, const QString& label,
                                         const QStringList& choices,
                                         std::function<QString(const Experiment&)> get,
                                         std::function<void(Experiment&, const QString&)> set) {
    auto* combo = new QComboBox;
    combo->setObjectName(key);
    combo->addItems(choices);
    m_form->addRow(label, combo);
    m_fields[key].push_back(combo);
    m_refreshers.push_back([this, combo, get] { combo->setCurrentText(get(current())); });
    connect(combo, &QComboBox::currentTextChanged, this,
            [this, key, label, set](const QString& text) {
                if (m_refreshing || m_index < 0)
                    return;
                Experiment edited = current();
                set(edited, text);
                commit(edited, QStringLiteral("Set %1 to %2").arg(label.toLower(), text), {});
            });
    return combo;
}

void ExperimentEditor::build() {
    auto* outer = new QVBoxLayout(this);
    outer->setContentsMargins(0, 0, 0, 0);
    auto* scroll = new QScrollArea;
    scroll->setWidgetResizable(true);
    outer->addWidget(scroll);
    auto* page = new QWidget;
    scroll->setWidget(page);
    auto* column = new QVBoxLayout(page);

    m_problemLabel = new QLabel;
    m_problemLabel->setObjectName(QStringLiteral("problem"));
    m_problemLabel->setWordWrap(true);
    m_problemLabel->setStyleSheet(QStringLiteral("color: #b00020; font-weight: bold;"));
    column->addWidget(m_problemLabel);

    auto group = [&](const QString& title) {
        auto* box = new QGroupBox(title);
        m_form = new QFormLayout(box);
        column->addWidget(box);
        return box;
    };

    group(QStringLiteral("Experiment"));
    textField(
        QStringLiteral("name"), QStringLiteral("Name"),
        [](const Experiment& e) { return QString::fromStdString(e.name); },
        [](Experiment& e, const QString& v) {
            if (v.isEmpty())
                throw InvalidInput("name", "an experiment needs a name");
            e.name = v.toStdString();
        });

    using E = Experiment;
    group(QStringLiteral("Data set"));
    choiceField(
        QStringLiteral("dataset.kind"), QStringLiteral("Kind"),
        names(datasetKinds, datasetKindName),
        [](const E& e) { return qs(datasetKindName(e.settings.dataset.kind)); },
        [](E& e, const QString& v) {
            const auto kind = datasetKindFromName(v.toStdString());
            if (!kind)
                return;
            // A new kind starts from its own defaults; the seed stays.
            const std::uint32_t seed = e.settings.dataset.seed;
            e.settings.dataset = DatasetSpec::defaults(*kind);
            e.settings.dataset.seed = seed;
            if (e.settings.dataset.inputDimension() > 0)
                e.settings.architecture.inputs = e.settings.dataset.inputDimension();
        });
    integerField(
        QStringLiteral("dataset.samples"), QStringLiteral("Training samples"), 0, 10'000'000,
        [](const E& e) { return e.settings.dataset.samples; },
        [](E& e, long long v) { e.settings.dataset.samples = int(v); });
    integerField(
        QStringLiteral("dataset.test_samples"), QStringLiteral("Test samples"), 0, 10'000'000,
        [](const E& e) { return e.settings.dataset.testSamples; },
        [](E& e, long long v) { e.settings.dataset.testSamples = int(v); });
    numberField(
        QStringLiteral("dataset.noise"), QStringLiteral("Noise"),
        [](const E& e) { return e.settings.dataset.noise; },
        [](E& e, double v) { e.settings.dataset.noise = v; });
    integerField(
        QStringLiteral("dataset.seed"), QStringLiteral("Data seed"), 0,
        std::numeric_limits<int>::max(), [](const E& e) { return e.settings.dataset.seed; },
        [](E& e, long long v) { e.settings.dataset.seed = std::uint32_t(v); });
    numberField(
        QStringLiteral("dataset.range"), QStringLiteral("x from"),
        [](const E& e) { return e.settings.dataset.low; },
        [](E& e, double v) { e.settings.dataset.low = v; });
    numberField(
        QStringLiteral("dataset.range"), QStringLiteral("x to"),
        [](const E& e) { return e.settings.dataset.high; },
        [](E& e, double v) { e.settings.dataset.high = v; });
    choiceField(
        QStringLiteral("dataset.spacing"), QStringLiteral("x spacing"),
        names(spacings, xSpacingName),
        [](const E& e) { return qs(xSpacingName(e.settings.dataset.spacing)); },
        [](E& e, const QString& v) {
            if (const auto spacing = xSpacingFromName(v.toStdString()))
                e.settings.dataset.spacing = *spacing;
        });
    textField(
        QStringLiteral("dataset.expression"), QStringLiteral("f(x)"),
        [](const E& e) { return QString::fromStdString(e.settings.dataset.expression); },
        [](E& e, const QString& v) { e.settings.dataset.expression = v.toStdString(); });
    integerField(
        QStringLiteral("dataset.classes"), QStringLiteral("Classes"), 0, 4096,
        [](const E& e) { return e.settings.dataset.classes; },
        [](E& e, long long v) { e.settings.dataset.classes = int(v); });
    integerField(
        QStringLiteral("dataset.features"), QStringLiteral("Features"), 0, 4096,
        [](const E& e) { return e.settings.dataset.features; },
        [](E& e, long long v) { e.settings.dataset.features = int(v); });
    QLineEdit* csv = textField(
        QStringLiteral("dataset.csv"), QStringLiteral("CSV file"),
        [](const E& e) { return QString::fromStdString(e.settings.dataset.csvPath); },
        [](E& e, const QString& v) { e.settings.dataset.csvPath = v.toStdString(); });
    m_csvBrowse = new QPushButton(QStringLiteral("Choose CSV file…"));
    m_form->addRow(QString(), m_csvBrowse);
    connect(m_csvBrowse, &QPushButton::clicked, this, [this, csv] {
        const QString start =
            m_document.path().isEmpty() ? QString() : QFileInfo(m_document.path()).absolutePath();
        const QString file =
            QFileDialog::getOpenFileName(this, QStringLiteral("Choose a CSV file"), start,
                                         QStringLiteral("CSV files (*.csv);;All files (*)"));
        if (file.isEmpty())
            return;
        csv->setText(file);
        Q_EMIT csv->editingFinished();
    });
    numberField(
        QStringLiteral("dataset.test_fraction"), QStringLiteral("Test fraction"),
        [](const E& e) { return e.settings.dataset.testFraction; },
        [](E& e, double v) { e.settings.dataset.testFraction = v; });

    group(QStringLiteral("Network"));
    integerField(
        QStringLiteral("network.inputs"), QStringLiteral("Inputs"), 0, 4096,
        [](const E& e) { return e.settings.architecture.inputs; },
        [](E& e, long long v) { e.settings.architecture.inputs = int(v); });
    m_layers = new LayerTableModel(this);
    m_layerTable = new QTableView;
    m_layerTable->setObjectName(QStringLiteral("layers"));
    m_layerTable->setModel(m_layers);
    m_layerTable->setItemDelegate(new LayerDelegate(m_layerTable));
    m_layerTable->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_layerTable->setMinimumHeight(150);
    m_form->addRow(m_layerTable);
    for (const char* key :
         {"network.layers", "initializers", "trainable_layers", "training.trainable_layers"})
        m_fields[QString::fromLatin1(key)].push_back(m_layerTable);
    connect(m_layers, &LayerTableModel::settingsEdited, this,
            [this](const ExperimentSettings& s, const QString& what) { commitSettings(s, what); });
    auto* layerButtons = new QHBoxLayout;
    auto* addLayer = new QPushButton(QStringLiteral("Add hidden layer"));
    auto* removeLayer = new QPushButton(QStringLiteral("Remove layer"));
    addLayer->setObjectName(QStringLiteral("addLayer"));
    removeLayer->setObjectName(QStringLiteral("removeLayer"));
    layerButtons->addWidget(addLayer);
    layerButtons->addWidget(removeLayer);
    layerButtons->addStretch();
    m_form->addRow(layerButtons);
    connect(addLayer, &QPushButton::clicked, this, [this] {
        commitSettings(m_layers->withLayerAdded(), QStringLiteral("Add a hidden layer"));
    });
    connect(removeLayer, &QPushButton::clicked, this, [this] {
        const int row = m_layerTable->currentIndex().isValid() ? m_layerTable->currentIndex().row()
                                                               : m_layers->rowCount() - 2;
        commitSettings(m_layers->withLayerRemoved(row), QStringLiteral("Remove layer %1").arg(row));
    });
    choiceField(
        QStringLiteral("loss"), QStringLiteral("Loss"), names(losses, lossName),
        [](const E& e) { return qs(lossName(e.settings.loss)); },
        [](E& e, const QString& v) {
            if (const auto loss = lossFromName(v.toStdString()))
                e.settings.loss = *loss;
        });
    integerField(
        QStringLiteral("init_seed"), QStringLiteral("Init seed"), 0,
        std::numeric_limits<int>::max(), [](const E& e) { return (long long)e.settings.initSeed; },
        [](E& e, long long v) { e.settings.initSeed = std::uint64_t(v); });

    group(QStringLiteral("Optimizer"));
    choiceField(
        QStringLiteral("optimizer.kind"), QStringLiteral("Optimizer"),
        names(optimizers, optimizerName),
        [](const E& e) { return qs(optimizerName(e.settings.training.optimizer.kind)); },
        [](E& e, const QString& v) {
            if (const auto kind = optimizerFromName(v.toStdString()))
                e.settings.training.optimizer.kind = *kind;
        });
    auto optimizerNumber = [&](const char* key, const char* label, double OptimizerSpec::*field) {
        numberField(
            QString::fromLatin1(key), QString::fromUtf8(label),
            [field](const E& e) { return e.settings.training.optimizer.*field; },
            [field](E& e, double v) { e.settings.training.optimizer.*field = v; });
    };
    optimizerNumber("optimizer.lr", "Learning rate", &OptimizerSpec::learningRate);
    optimizerNumber("optimizer.momentum", "Momentum (SGD)", &OptimizerSpec::momentum);
    optimizerNumber("optimizer.weight_decay", "Weight decay", &OptimizerSpec::weightDecay);
    optimizerNumber("optimizer.beta1", "β1 (Adam)", &OptimizerSpec::beta1);
    optimizerNumber("optimizer.beta2", "β2 (Adam)", &OptimizerSpec::beta2);
    optimizerNumber("optimizer.eps", "ε (Adam)", &OptimizerSpec::epsilon);

    group(QStringLiteral("Training"));
    integerField(
        QStringLiteral("steps"), QStringLiteral("Steps"), 0, std::numeric_limits<int>::max(),
        [](const E& e) { return e.settings.steps; },
        [](E& e, long long v) { e.settings.steps = v; });
    choiceField(
        QStringLiteral("sampling"), QStringLiteral("Sampling"), names(samplings, samplingName),
        [](const E& e) { return qs(samplingName(e.settings.training.sampling)); },
        [](E& e, const QString& v) {
            if (const auto sampling = samplingFromName(v.toStdString()))
                e.settings.training.sampling = *sampling;
        });
    integerField(
        QStringLiteral("batch_size"), QStringLiteral("Batch size"), 0, 10'000'000,
        [](const E& e) { return (long long)e.settings.training.batchSize; },
        [](E& e, long long v) { e.settings.training.batchSize = std::size_t(v); });
    integerField(
        QStringLiteral("sampling_seed"), QStringLiteral("Sampling seed"), 0,
        std::numeric_limits<int>::max(),
        [](const E& e) { return (long long)e.settings.training.samplingSeed; },
        [](E& e, long long v) { e.settings.training.samplingSeed = std::uint64_t(v); });
    integerField(
        QStringLiteral("snapshot_every"), QStringLiteral("Snapshot every"), 0,
        std::numeric_limits<int>::max(), [](const E& e) { return e.settings.snapshotEvery; },
        [](E& e, long long v) { e.settings.snapshotEvery = v; });
    textField(
        QStringLiteral("ridge_lambda"), QStringLiteral("Ridge start λ (empty: none)"),
        [](const E& e) {
            return e.settings.ridgeLambda ? numberText(*e.settings.ridgeLambda) : QString();
        },
        [](E& e, const QString& v) {
            if (v.isEmpty()) {
                e.settings.ridgeLambda.reset();
                return;
            }
            bool ok = false;
            const double lambda = v.toDouble(&ok);
            if (!ok)
                throw InvalidInput("ridge_lambda", "\"" + v.toStdString() + "\" is not a number");
            e.settings.ridgeLambda = lambda;
        });

    group(QStringLiteral("Sweep (comma-separated; every combination is a run)"));
    textField(
        QStringLiteral("sweep.widths"), QStringLiteral("Widths"),
        [](const E& e) { return listText(e.sweep.widths); },
        [](E& e, const QString& v) {
            e.sweep.widths = parseList<int>(v, QStringLiteral("sweep.widths"));
        });
    textField(
        QStringLiteral("sweep.hidden_layers"), QStringLiteral("Hidden layers"),
        [](const E& e) { return listText(e.sweep.hiddenLayers); },
        [](E& e, const QString& v) {
            e.sweep.hiddenLayers = parseList<int>(v, QStringLiteral("sweep.hidden_layers"));
        });
    textField(
        QStringLiteral("sweep.init_seeds"), QStringLiteral("Init seeds"),
        [](const E& e) { return listText(e.sweep.initSeeds); },
        [](E& e, const QString& v) {
            e.sweep.initSeeds = parseList<std::uint64_t>(v, QStringLiteral("sweep.init_seeds"));
        });
    textField(
        QStringLiteral("sweep.learning_rates"), QStringLiteral("Learning rates"),
        [](const E& e) { return listText(e.sweep.learningRates); },
        [](E& e, const QString& v) {
            e.sweep.learningRates = parseList<double>(v, QStringLiteral("sweep.learning_rates"));
        });

    auto* notesBox = new QGroupBox(QStringLiteral("Notes"));
    auto* notesLayout = new QVBoxLayout(notesBox);
    m_notes = new QPlainTextEdit;
    m_notes->setObjectName(QStringLiteral("notes"));
    m_notes->setMinimumHeight(100);
    notesLayout->addWidget(m_notes);
    column->addWidget(notesBox);
    m_refreshers.push_back([this] {
        const QString notes = QString::fromStdString(current().notes);
        if (m_notes->toPlainText() != notes)
            m_notes->setPlainText(notes);
    });
    connect(m_notes, &QPlainTextEdit::textChanged, this, [this] {
        if (m_refreshing || m_index < 0)
            return;
        Experiment edited = current();
        edited.notes = m_notes->toPlainText().toStdString();
        commit(edited, QStringLiteral("Edit notes"), QStringLiteral("notes"));
    });
    column->addStretch();
    m_form = nullptr;

    for (const auto& [key, widgets] : m_fields)
        for (QWidget* widget : widgets)
            m_tooltips[widget] = widget->toolTip();
}

void ExperimentEditor::setExperiment(int index) {
    m_index = index;
    setEnabled(index >= 0);
    refresh();
}

namespace {

// Whether a data set field means anything for a kind; the others are hidden.
bool datasetFieldApplies(const QString& key, DatasetKind kind) {
    const bool function = isFunctionDataset(kind);
    const bool csv = kind == DatasetKind::Csv;
    if (key == QLatin1String("dataset.samples") || key == QLatin1String("dataset.test_samples"))
        return !csv && kind != DatasetKind::Xor;
    if (key == QLatin1String("dataset.noise"))
        return !csv && kind != DatasetKind::GradientPrint;
    if (key == QLatin1String("dataset.range") || key == QLatin1String("dataset.spacing"))
        return function;
    if (key == QLatin1String("dataset.expression"))
        return kind == DatasetKind::Expression;
    if (key == QLatin1String("dataset.classes"))
        return kind == DatasetKind::Spirals || kind == DatasetKind::Blobs ||
               kind == DatasetKind::GradientPrint;
    if (key == QLatin1String("dataset.features"))
        return kind == DatasetKind::GradientPrint;
    if (key == QLatin1String("dataset.csv") || key == QLatin1String("dataset.test_fraction"))
        return csv;
    return true;
}

void setRowVisible(QWidget* field, bool visible) {
    if (auto* form = qobject_cast<QFormLayout*>(field->parentWidget()->layout()))
        form->setRowVisible(field, visible);
}

} // namespace

void ExperimentEditor::refresh() {
    if (m_index < 0) {
        clearMarks();
        m_problem = QStringLiteral("no experiment chosen");
        m_problemLabel->clear();
        Q_EMIT validityChanged(false);
        return;
    }
    m_refreshing = true;
    for (const auto& refresher : m_refreshers)
        refresher();
    m_layers->setSettings(current().settings);
    const DatasetKind kind = current().settings.dataset.kind;
    for (const auto& [key, widgets] : m_fields)
        if (key.startsWith(QLatin1String("dataset.")))
            for (QWidget* widget : widgets)
                setRowVisible(widget, datasetFieldApplies(key, kind));
    setRowVisible(m_csvBrowse, kind == DatasetKind::Csv);
    m_refreshing = false;
    validate();
}

void ExperimentEditor::clearMarks() {
    for (const auto& [widget, tooltip] : m_tooltips) {
        widget->setStyleSheet(QString());
        widget->setToolTip(tooltip);
    }
    m_layers->clearErrors();
}

void ExperimentEditor::markInvalid(const std::string& where, const QString& why) {
    const QString field = qs(where);
    m_problem = field.isEmpty() ? why : field + QStringLiteral(": ") + why;
    m_problemLabel->setText(QStringLiteral("Cannot run: ") + m_problem);
    // The longest key that the error's field starts with ("network.layers" for
    // "network.layers[1].units"); CSV problems name the file.
    QString best;
    for (const auto& [key, widgets] : m_fields) {
        const bool matches =
            field == key || field.startsWith(key + QLatin1Char('.')) ||
            field.startsWith(key + QLatin1Char('[')) ||
            (field.startsWith(QStringLiteral("dataset.")) && key == QStringLiteral("dataset.csv") &&
             field.contains(QStringLiteral("csv")));
        if (matches && key.size() > best.size())
            best = key;
    }
    if (best.isEmpty() &&
        (field.endsWith(QStringLiteral(".csv")) || field.contains(QStringLiteral(".csv:"))))
        best = QStringLiteral("dataset.csv");
    if (best.isEmpty() && (field == QStringLiteral("dataset") || field == QStringLiteral("y")))
        best =
            field == QStringLiteral("y") ? QStringLiteral("loss") : QStringLiteral("dataset.kind");
    if (best.isEmpty())
        return;
    for (QWidget* widget : m_fields[best]) {
        widget->setStyleSheet(QString::fromLatin1(invalidStyle));
        widget->setToolTip(m_problem);
    }
    // A layer's own cell in the table.
    const qsizetype open = field.indexOf(QLatin1Char('['));
    const qsizetype close = field.indexOf(QLatin1Char(']'));
    if (m_fields[best].front() == m_layerTable && open >= 0 && close > open) {
        const int row = field.mid(open + 1, close - open - 1).toInt();
        int column = LayerTableModel::UnitsColumn;
        if (field.startsWith(QStringLiteral("initializers")))
            column = LayerTableModel::InitValueColumn;
        else if (!field.endsWith(QStringLiteral(".units")))
            column = LayerTableModel::ParameterColumn;
        if (row >= 0 && row < m_layers->rowCount())
            m_layers->setError(row, column, m_problem);
    } else if (m_fields[best].front() == m_layerTable &&
               best.contains(QStringLiteral("trainable"))) {
        for (int row = 0; row < m_layers->rowCount(); ++row)
            m_layers->setError(row, LayerTableModel::TrainsColumn, m_problem);
    }
}

void ExperimentEditor::validate() {
    clearMarks();
    m_problem.clear();
    const Experiment experiment = current();
    const std::string base = m_document.path().isEmpty()
                                 ? std::string()
                                 : QFileInfo(m_document.path()).absolutePath().toStdString();
    try {
        validateSettings(experiment.settings, base);
        for (const PlannedRun& run : planRuns(experiment))
            try {
                run.settings.architecture.validate();
            } catch (const InvalidInput& error) {
                throw InvalidInput("sweep.widths", run.label + ": " + error.what());
            }
    } catch (const InvalidInput& error) {
        markInvalid(error.where(), qs(error.message()));
    } catch (const std::exception& error) {
        markInvalid({}, QString::fromUtf8(error.what()));
    }
    if (m_problem.isEmpty())
        m_problemLabel->clear();
    Q_EMIT validityChanged(m_problem.isEmpty());
}

} // namespace relulab

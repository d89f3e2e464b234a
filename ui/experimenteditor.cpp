#include "experimenteditor.h"

#include "datasetcheck.h"
#include "layerdelegate.h"
#include "layertablemodel.h"
#include "notebookdocument.h"
#include "wheelscrollsform.h"

#include "core/error.h"
#include "document/runplan.h"

#include <QAbstractSpinBox>
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

// Every name of a kind's table, in its order.
template <class Table> QStringList names(const Table& table) {
    QStringList out;
    for (const auto& entry : table)
        out << qs(entry.name);
    return out;
}

QString path(DatasetField field) {
    return QString::fromStdString(datasetFieldPath(field));
}

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

template <typename T>
std::vector<T> parseList(const QString& text, const QString& key, SettingField field) {
    std::vector<T> values;
    for (const QString& raw : text.split(QLatin1Char(','), Qt::SkipEmptyParts)) {
        const QString part = raw.trimmed();
        bool ok = false;
        const double v = part.toDouble(&ok);
        if (!ok || !std::isfinite(v) || (std::is_integral_v<T> && v != std::floor(v)))
            throw InvalidInput(key.toStdString(),
                               "\"" + part.toStdString() + "\" is not " +
                                   (std::is_integral_v<T> ? "a whole number" : "a number"),
                               {field});
        values.push_back(static_cast<T>(v));
    }
    return values;
}

} // namespace

ExperimentEditor::ExperimentEditor(NotebookDocument& document, QWidget* parent)
    : QWidget(parent)
    , m_document(document)
    , m_datasets(new DatasetCheck(this)) {
    build();
    connect(m_datasets, &DatasetCheck::ready, this, [this] {
        if (m_index >= 0)
            validate();
    });
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

const Experiment& ExperimentEditor::current() const {
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
    Experiment fitted = edited;
    QString step = text;
    const bool refitted = fitToNewDataset(before, fitted, step);
    m_document.editExperiment(m_index, fitted, step, refitted ? QString() : mergeKey);
}

void ExperimentEditor::commitSettings(const ExperimentSettings& settings, const QString& text,
                                      const QString& mergeKey) {
    if (m_index < 0)
        return;
    Experiment edited = withoutRuns(current());
    edited.settings = settings;
    commit(edited, text, mergeKey);
}

QLineEdit* ExperimentEditor::numberField(const QString& key, SettingField field,
                                         const QString& label,
                                         std::function<double(const Experiment&)> get,
                                         std::function<void(Experiment&, double)> set) {
    auto* edit = new QLineEdit;
    edit->setObjectName(key);
    m_form->addRow(label, edit);
    m_fields[field].push_back(edit);
    m_refreshers.push_back([this, edit, get] {
        const QString text = numberText(get(current()));
        if (edit->text() != text)
            edit->setText(text);
    });
    connect(edit, &QLineEdit::editingFinished, this, [this, edit, key, field, label, get, set] {
        if (m_index < 0)
            return;
        bool ok = false;
        const double value = edit->text().trimmed().toDouble(&ok);
        if (!ok) {
            clearMarks();
            markInvalid(InvalidInput(key.toStdString(),
                                     QStringLiteral("\"%1\" is not a number: the value stays %2")
                                         .arg(edit->text(), numberText(get(current())))
                                         .toStdString(),
                                     {field}));
            return;
        }
        Experiment edited = withoutRuns(current());
        set(edited, value);
        commit(edited, QStringLiteral("Set %1 to %2").arg(label.toLower(), edit->text().trimmed()),
               key);
    });
    return edit;
}

QSpinBox* ExperimentEditor::integerField(const QString& key, SettingField field,
                                         const QString& label, long long low, long long high,
                                         std::function<long long(const Experiment&)> get,
                                         std::function<void(Experiment&, long long)> set) {
    auto* spin = new QSpinBox;
    spin->setObjectName(key);
    spin->setRange(int(std::max<long long>(low, std::numeric_limits<int>::min())),
                   int(std::min<long long>(high, std::numeric_limits<int>::max())));
    spin->setKeyboardTracking(false); // one edit per value, not per digit
    m_form->addRow(label, spin);
    m_fields[field].push_back(spin);
    m_refreshers.push_back([this, spin, get] {
        const int value = int(get(current()));
        if (spin->value() != value)
            spin->setValue(value);
    });
    connect(spin, &QSpinBox::valueChanged, this, [this, key, label, set](int value) {
        if (m_refreshing || m_index < 0)
            return;
        Experiment edited = withoutRuns(current());
        set(edited, value);
        commit(edited, QStringLiteral("Set %1 to %2").arg(label.toLower()).arg(value), key);
    });
    return spin;
}

QLineEdit* ExperimentEditor::textField(const QString& key, SettingField field, const QString& label,
                                       std::function<QString(const Experiment&)> get,
                                       std::function<void(Experiment&, const QString&)> set) {
    auto* edit = new QLineEdit;
    edit->setObjectName(key);
    m_form->addRow(label, edit);
    m_fields[field].push_back(edit);
    m_refreshers.push_back([this, edit, get] {
        const QString text = get(current());
        if (edit->text() != text)
            edit->setText(text);
    });
    connect(edit, &QLineEdit::editingFinished, this, [this, edit, key, field, label, set] {
        if (m_index < 0)
            return;
        Experiment edited = withoutRuns(current());
        try {
            set(edited, edit->text().trimmed());
        } catch (const InvalidInput& error) {
            clearMarks();
            markInvalid(error.about({field}));
            return;
        }
        commit(edited, QStringLiteral("Set %1").arg(label.toLower()), key);
    });
    return edit;
}

QComboBox* ExperimentEditor::choiceField(const QString& key, SettingField field,
                                         const QString& label, const QStringList& choices,
                                         std::function<QString(const Experiment&)> get,
                                         std::function<void(Experiment&, const QString&)> set) {
    auto* combo = new QComboBox;
    combo->setObjectName(key);
    combo->addItems(choices);
    m_form->addRow(label, combo);
    m_fields[field].push_back(combo);
    m_refreshers.push_back([this, combo, get] { combo->setCurrentText(get(current())); });
    connect(combo, &QComboBox::currentTextChanged, this,
            [this, key, label, set](const QString& text) {
                if (m_refreshing || m_index < 0)
                    return;
                Experiment edited = withoutRuns(current());
                set(edited, text);
                commit(edited, QStringLiteral("Set %1 to %2").arg(label.toLower(), text), {});
            });
    return combo;
}

void ExperimentEditor::build() {
    auto* outer = new QVBoxLayout(this);
    outer->setContentsMargins(0, 0, 0, 0);
    // The message line sits above the scrolled form at a fixed height: a message that comes
    // or goes never moves the field under the pointer.
    m_problemLabel = new QLabel;
    m_problemLabel->setObjectName(QStringLiteral("problem"));
    m_problemLabel->setWordWrap(true);
    m_problemLabel->setAlignment(Qt::AlignLeft | Qt::AlignTop);
    m_problemLabel->setContentsMargins(6, 4, 6, 4);
    m_problemLabel->setFixedHeight(2 * m_problemLabel->fontMetrics().lineSpacing() + 8);
    outer->addWidget(m_problemLabel);
    auto* scroll = new QScrollArea;
    scroll->setObjectName(QStringLiteral("form"));
    scroll->setWidgetResizable(true);
    outer->addWidget(scroll);
    auto* page = new QWidget;
    scroll->setWidget(page);
    auto* column = new QVBoxLayout(page);
    auto* wheel = new WheelScrollsTheForm(scroll, this);

    auto group = [&](const QString& title) {
        auto* box = new QGroupBox(title);
        m_form = new QFormLayout(box);
        column->addWidget(box);
        return box;
    };

    group(QStringLiteral("Experiment"));
    textField(
        QStringLiteral("name"), SettingField::ExperimentName, QStringLiteral("Name"),
        [](const Experiment& e) { return QString::fromStdString(e.name); },
        [](Experiment& e, const QString& v) {
            if (v.isEmpty())
                throw InvalidInput("name", "an experiment needs a name",
                                   {SettingField::ExperimentName});
            e.name = v.toStdString();
        });

    using E = Experiment;
    group(QStringLiteral("Data set"));
    choiceField(
        QStringLiteral("dataset.kind"), SettingField::DatasetKind, QStringLiteral("Kind"),
        names(datasetKinds),
        [](const E& e) { return qs(datasetKinds.name(e.settings.dataset.kind)); },
        [](E& e, const QString& v) {
            const auto kind = datasetKinds.fromName(v.toStdString());
            if (!kind)
                return;
            // A new kind starts from its own defaults; the seed stays (commit fits the net).
            const std::uint32_t seed = e.settings.dataset.seed;
            e.settings.dataset = DatasetSpec::defaults(*kind);
            e.settings.dataset.seed = seed;
        });
    // A data set field's row: shown, or disabled, as the kind uses it (showWhatApplies).
    auto datasetRow = [this](DatasetField field, QWidget* widget) {
        m_datasetRows[field].push_back(widget);
        return widget;
    };
    auto datasetWhole = [&](DatasetField field, const char* label, int DatasetSpec::*member) {
        datasetRow(field,
                   integerField(
                       path(field), settingField(field), QString::fromUtf8(label), 0,
                       maxDatasetSamples,
                       [member](const E& e) { return e.settings.dataset.*member; },
                       [member](E& e, long long v) { e.settings.dataset.*member = int(v); }));
    };
    auto datasetNumber = [&](DatasetField field, const char* label, double DatasetSpec::*member) {
        datasetRow(field, numberField(
                              path(field), settingField(field), QString::fromUtf8(label),
                              [member](const E& e) { return e.settings.dataset.*member; },
                              [member](E& e, double v) { e.settings.dataset.*member = v; }));
    };
    auto datasetText = [&](DatasetField field, const char* label,
                           std::string DatasetSpec::*member) {
        return datasetRow(field, textField(
                                     path(field), settingField(field), QString::fromUtf8(label),
                                     [member](const E& e) {
                                         return QString::fromStdString(e.settings.dataset.*member);
                                     },
                                     [member](E& e, const QString& v) {
                                         e.settings.dataset.*member = v.toStdString();
                                     }));
    };
    datasetWhole(DatasetField::Samples, "Training samples", &DatasetSpec::samples);
    datasetWhole(DatasetField::TestSamples, "Test samples", &DatasetSpec::testSamples);
    datasetNumber(DatasetField::Noise, "Noise", &DatasetSpec::noise);
    integerField(
        QStringLiteral("dataset.seed"), SettingField::DataSeed, QStringLiteral("Data seed"), 0,
        std::numeric_limits<int>::max(), [](const E& e) { return e.settings.dataset.seed; },
        [](E& e, long long v) { e.settings.dataset.seed = std::uint32_t(v); });
    datasetNumber(DatasetField::Low, "x from", &DatasetSpec::low);
    datasetNumber(DatasetField::High, "x to", &DatasetSpec::high);
    datasetRow(DatasetField::Spacing,
               choiceField(
                   path(DatasetField::Spacing), SettingField::DatasetSpacing,
                   QStringLiteral("x spacing"), names(xSpacings),
                   [](const E& e) { return qs(xSpacings.name(e.settings.dataset.spacing)); },
                   [](E& e, const QString& v) {
                       if (const auto spacing = xSpacings.fromName(v.toStdString()))
                           e.settings.dataset.spacing = *spacing;
                   }));
    datasetText(DatasetField::Expression, "f(x)", &DatasetSpec::expression);
    datasetWhole(DatasetField::Classes, "Classes", &DatasetSpec::classes);
    datasetWhole(DatasetField::Features, "Features", &DatasetSpec::features);
    auto* csv =
        static_cast<QLineEdit*>(datasetText(DatasetField::Csv, "CSV file", &DatasetSpec::csvPath));
    m_csvBrowse = new QPushButton(QStringLiteral("Choose CSV file…"));
    m_form->addRow(QString(), m_csvBrowse);
    datasetRow(DatasetField::Csv, m_csvBrowse);
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
    datasetNumber(DatasetField::TestFraction, "Test fraction", &DatasetSpec::testFraction);

    group(QStringLiteral("Network"));
    integerField(
        QStringLiteral("network.inputs"), SettingField::NetworkInputs, QStringLiteral("Inputs"), 0,
        Architecture::maxInputs, [](const E& e) { return e.settings.architecture.inputs; },
        [](E& e, long long v) { e.settings.architecture.inputs = int(v); });
    m_layers = new LayerTableModel(this);
    m_layerTable = new QTableView;
    m_layerTable->setObjectName(QStringLiteral("layers"));
    m_layerTable->setModel(m_layers);
    auto* delegate = new LayerDelegate(m_layerTable);
    delegate->setEditorFilter(wheel); // its editors come and go: each gets the filter
    m_layerTable->setItemDelegate(delegate);
    m_layerTable->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_layerTable->setMinimumHeight(150);
    m_form->addRow(m_layerTable);
    for (SettingField field :
         {SettingField::NetworkLayers, SettingField::LayerUnits, SettingField::LayerActivation,
          SettingField::LayerParameter, SettingField::LayerInitializer, SettingField::LayerTrains,
          SettingField::TrainableLayers})
        m_fields[field].push_back(m_layerTable);
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
        commitSettings(m_layers->withLayerRemoved(row),
                       QStringLiteral("Remove ") +
                           m_layers->headerData(row, Qt::Vertical).toString());
    });
    choiceField(
        QStringLiteral("loss"), SettingField::Loss, QStringLiteral("Loss"), names(lossKinds),
        [](const E& e) { return qs(lossKinds.name(e.settings.loss)); },
        [](E& e, const QString& v) {
            if (const auto loss = lossKinds.fromName(v.toStdString()))
                e.settings.loss = *loss;
        });
    integerField(
        QStringLiteral("init_seed"), SettingField::InitSeed, QStringLiteral("Init seed"), 0,
        std::numeric_limits<int>::max(), [](const E& e) { return (long long)e.settings.initSeed; },
        [](E& e, long long v) { e.settings.initSeed = std::uint64_t(v); });

    group(QStringLiteral("Optimizer"));
    choiceField(
        QStringLiteral("optimizer.kind"), SettingField::Optimizer, QStringLiteral("Optimizer"),
        names(optimizerKinds),
        [](const E& e) { return qs(optimizerKinds.name(e.settings.training.optimizer.kind)); },
        [](E& e, const QString& v) {
            if (const auto kind = optimizerKinds.fromName(v.toStdString()))
                e.settings.training.optimizer.kind = *kind;
        });
    auto optimizerNumber = [&](const char* key, SettingField setting, const char* label,
                               double OptimizerSpec::*field) {
        numberField(
            QString::fromLatin1(key), setting, QString::fromUtf8(label),
            [field](const E& e) { return e.settings.training.optimizer.*field; },
            [field](E& e, double v) { e.settings.training.optimizer.*field = v; });
    };
    optimizerNumber("optimizer.lr", SettingField::LearningRate, "Learning rate",
                    &OptimizerSpec::learningRate);
    optimizerNumber("optimizer.momentum", SettingField::Momentum, "Momentum (SGD)",
                    &OptimizerSpec::momentum);
    optimizerNumber("optimizer.weight_decay", SettingField::WeightDecay, "Weight decay",
                    &OptimizerSpec::weightDecay);
    optimizerNumber("optimizer.beta1", SettingField::Beta1, "β1 (Adam)", &OptimizerSpec::beta1);
    optimizerNumber("optimizer.beta2", SettingField::Beta2, "β2 (Adam)", &OptimizerSpec::beta2);
    optimizerNumber("optimizer.eps", SettingField::Epsilon, "ε (Adam)", &OptimizerSpec::epsilon);

    group(QStringLiteral("Training"));
    integerField(
        QStringLiteral("steps"), SettingField::Steps, QStringLiteral("Steps"), 0,
        std::numeric_limits<int>::max(), [](const E& e) { return e.settings.steps; },
        [](E& e, long long v) { e.settings.steps = v; });
    choiceField(
        QStringLiteral("sampling"), SettingField::Sampling, QStringLiteral("Sampling"),
        names(samplingKinds),
        [](const E& e) { return qs(samplingKinds.name(e.settings.training.sampling)); },
        [](E& e, const QString& v) {
            if (const auto sampling = samplingKinds.fromName(v.toStdString()))
                e.settings.training.sampling = *sampling;
        });
    integerField(
        QStringLiteral("batch_size"), SettingField::BatchSize, QStringLiteral("Batch size"), 0,
        maxDatasetSamples, [](const E& e) { return (long long)e.settings.training.batchSize; },
        [](E& e, long long v) { e.settings.training.batchSize = std::size_t(v); });
    integerField(
        QStringLiteral("sampling_seed"), SettingField::SamplingSeed,
        QStringLiteral("Sampling seed"), 0, std::numeric_limits<int>::max(),
        [](const E& e) { return (long long)e.settings.training.samplingSeed; },
        [](E& e, long long v) { e.settings.training.samplingSeed = std::uint64_t(v); });
    integerField(
        QStringLiteral("snapshot_every"), SettingField::SnapshotEvery,
        QStringLiteral("Snapshot every"), 0, std::numeric_limits<int>::max(),
        [](const E& e) { return e.settings.snapshotEvery; },
        [](E& e, long long v) { e.settings.snapshotEvery = v; });
    textField(
        QStringLiteral("ridge_lambda"), SettingField::RidgeLambda,
        QStringLiteral("Ridge start λ (empty: none)"),
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
                throw InvalidInput("ridge_lambda", "\"" + v.toStdString() + "\" is not a number",
                                   {SettingField::RidgeLambda});
            e.settings.ridgeLambda = lambda;
        });

    group(QStringLiteral("Sweep (comma-separated; every combination is a run)"));
    textField(
        QStringLiteral("sweep.widths"), SettingField::SweepWidths, QStringLiteral("Widths"),
        [](const E& e) { return listText(e.sweep.widths); },
        [](E& e, const QString& v) {
            e.sweep.widths =
                parseList<int>(v, QStringLiteral("sweep.widths"), SettingField::SweepWidths);
        });
    textField(
        QStringLiteral("sweep.hidden_layers"), SettingField::SweepHiddenLayers,
        QStringLiteral("Hidden layers"), [](const E& e) { return listText(e.sweep.hiddenLayers); },
        [](E& e, const QString& v) {
            e.sweep.hiddenLayers = parseList<int>(v, QStringLiteral("sweep.hidden_layers"),
                                                  SettingField::SweepHiddenLayers);
        });
    textField(
        QStringLiteral("sweep.init_seeds"), SettingField::SweepInitSeeds,
        QStringLiteral("Init seeds"), [](const E& e) { return listText(e.sweep.initSeeds); },
        [](E& e, const QString& v) {
            e.sweep.initSeeds = parseList<std::uint64_t>(v, QStringLiteral("sweep.init_seeds"),
                                                         SettingField::SweepInitSeeds);
        });
    textField(
        QStringLiteral("sweep.learning_rates"), SettingField::SweepLearningRates,
        QStringLiteral("Learning rates"),
        [](const E& e) { return listText(e.sweep.learningRates); },
        [](E& e, const QString& v) {
            e.sweep.learningRates = parseList<double>(v, QStringLiteral("sweep.learning_rates"),
                                                      SettingField::SweepLearningRates);
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
        Experiment edited = withoutRuns(current());
        edited.notes = m_notes->toPlainText().toStdString();
        commit(edited, QStringLiteral("Edit notes"), QStringLiteral("notes"));
    });
    column->addStretch();
    m_form = nullptr;

    for (const auto& [key, widgets] : m_fields)
        for (QWidget* widget : widgets) {
            m_tooltips[widget] = widget->toolTip();
            // The red of an invalid value is a style sheet, which changes a field's height by a
            // pixel: fixed, the rows below it stay put.
            if (widget != m_layerTable)
                widget->setFixedHeight(widget->sizeHint().height());
        }
    for (QWidget* field : page->findChildren<QWidget*>())
        if (qobject_cast<QAbstractSpinBox*>(field) || qobject_cast<QComboBox*>(field)) {
            field->setFocusPolicy(Qt::StrongFocus);
            field->installEventFilter(wheel);
        }
}

void ExperimentEditor::setExperiment(int index) {
    m_index = index;
    setEnabled(index >= 0);
    refresh();
}

void ExperimentEditor::refresh() {
    if (m_index < 0) {
        clearMarks();
        m_problem = QStringLiteral("no experiment chosen");
        showProblemLine();
        Q_EMIT validityChanged(false);
        return;
    }
    m_refreshing = true;
    // The kind's limits first, so that the values below are shown as they are.
    const DatasetKindDescriptor& kind = datasetKinds[current().settings.dataset.kind];
    for (const auto& [field, widgets] : m_datasetRows)
        if (const FieldUse* use = kind.use(field))
            for (QWidget* widget : widgets)
                if (auto* spin = qobject_cast<QSpinBox*>(widget))
                    spin->setRange(int(std::max(use->low, 0.0)),
                                   int(std::min<double>(use->high, maxDatasetSamples)));
    for (const auto& refresher : m_refreshers)
        refresher();
    m_layers->setSettings(current().settings);
    showWhatApplies();
    m_refreshing = false;
    validate();
}

} // namespace relulab

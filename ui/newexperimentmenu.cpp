#include "newexperimentmenu.h"

#include "document/newexperiment.h"

#include <QMenu>
#include <QStringList>

namespace relulab {

namespace {

QString qs(std::string_view text) {
    return QString::fromUtf8(text.data(), qsizetype(text.size()));
}

// "2-8-1 relu, bce_logits": the shape of the net a new experiment of the kind gets.
QString netSummary(const ExperimentSettings& s) {
    QStringList widths{QString::number(s.architecture.inputs)};
    for (const LayerSpec& layer : s.architecture.layers)
        widths << QString::number(layer.units);
    return QStringLiteral("%1 %2, %3")
        .arg(widths.join(QLatin1Char('-')),
             qs(activationKinds.name(s.architecture.layers.front().activation.kind)),
             qs(lossKinds.name(s.loss)));
}

} // namespace

QMenu* newExperimentMenu(QWidget* parent, std::function<void(DatasetKind)> add) {
    auto* menu = new QMenu(QStringLiteral("&Add experiment"), parent);
    menu->setObjectName(QStringLiteral("addExperimentMenu"));
    menu->setToolTipsVisible(true);
    std::optional<DatasetFamily> family;
    for (const DatasetKindDescriptor& kind : datasetKinds) {
        if (family && *family != kind.family)
            menu->addSeparator();
        family = kind.family;
        const ExperimentSettings s = newExperiment(kind.kind, {}).settings;
        const QString net = kind.family == DatasetFamily::File
                                ? QStringLiteral("choose its file: the net takes its columns")
                                : netSummary(s);
        QAction* action = menu->addAction(qs(kind.name) + QStringLiteral("\t") + net);
        action->setData(qs(kind.name));
        const QString tip =
            QStringLiteral("A new experiment on the %1 data set: %2, Adam, %3 steps")
                .arg(qs(kind.name), netSummary(s))
                .arg(s.steps);
        action->setToolTip(tip);
        action->setStatusTip(tip);
        QObject::connect(action, &QAction::triggered, menu,
                         [add, which = kind.kind] { add(which); });
    }
    return menu;
}

} // namespace relulab

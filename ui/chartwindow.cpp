#include "chartwindow.h"

#include "chartview.h"

#include <QGuiApplication>
#include <QScreen>
#include <QVBoxLayout>

namespace relulab {

ChartWindow::ChartWindow(const Chart& chart, QWidget* parent)
    : QWidget(parent, Qt::Window)
    , m_id(chart.id) {
    setAttribute(Qt::WA_DeleteOnClose);
    setObjectName(QStringLiteral("chartWindow"));
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    m_view = new ChartView;
    m_view->setWheelZooms(true);
    layout->addWidget(m_view);
    setChartData(chart);
    // Two thirds of the screen: room to read the chart, the notebook still in sight.
    const QScreen* screen =
        parent && parent->screen() ? parent->screen() : QGuiApplication::primaryScreen();
    const QSize room = screen ? screen->availableGeometry().size() : QSize(1200, 800);
    resize(room.width() * 2 / 3, room.height() * 2 / 3);
}

void ChartWindow::setChartData(const Chart& chart) {
    m_view->setChartData(chart);
    setWindowTitle(QString::fromStdString(chart.title) + QStringLiteral(" — ReLU Lab"));
}

} // namespace relulab

#pragma once

#include <QCoreApplication>
#include <QEvent>
#include <QScrollArea>
#include <QScrollBar>
#include <QWidget>

namespace relulab {

// The wheel scrolls the form: a spin box or a list it passes over changes only once clicked
// (a wheel that stopped over one used to change the experiment unseen).
class WheelScrollsTheForm : public QObject {
public:
    WheelScrollsTheForm(QScrollArea* scroll, QObject* parent)
        : QObject(parent)
        , m_scroll(scroll) {}

protected:
    bool eventFilter(QObject* watched, QEvent* event) override {
        auto* widget = qobject_cast<QWidget*>(watched);
        if (event->type() != QEvent::Wheel || !widget || widget->hasFocus())
            return false;
        QCoreApplication::sendEvent(m_scroll->verticalScrollBar(), event);
        return true;
    }

private:
    QScrollArea* m_scroll;
};

} // namespace relulab

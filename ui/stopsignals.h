#pragma once

#include <QObject>

#include <csignal>

class QSocketNotifier;

namespace relulab {

// SIGINT (Ctrl-C) and SIGTERM (kill, logout, systemd) as a Qt signal on the GUI thread: the
// handler only writes the signal's number to a pipe, all that a handler may safely do, and the
// event loop reads it. After the first one both are back to their defaults, so that a second
// one ends the program at once. One instance at a time.
class StopSignals : public QObject {
    Q_OBJECT
public:
    explicit StopSignals(QObject* parent = nullptr);
    ~StopSignals() override; // the previous handlers again

    StopSignals(const StopSignals&) = delete;
    StopSignals& operator=(const StopSignals&) = delete;

Q_SIGNALS:
    void stopRequested(int signal);

private:
    void readSignal();
    void restoreHandlers();

    QSocketNotifier* m_notifier = nullptr;
    struct sigaction m_previousInt {};
    struct sigaction m_previousTerm {};
    bool m_installed = false;
};

} // namespace relulab

#include "stopsignals.h"

#include <QSocketNotifier>

#include <cerrno>
#include <fcntl.h>
#include <stdexcept>
#include <unistd.h>

namespace relulab {

namespace {

int signalPipe[2] = {-1, -1};

void onStopSignal(int signal) {
    const int savedErrno = errno;
    const unsigned char number = static_cast<unsigned char>(signal);
    [[maybe_unused]] const ssize_t written = ::write(signalPipe[1], &number, 1);
    errno = savedErrno;
}

} // namespace

StopSignals::StopSignals(QObject* parent)
    : QObject(parent) {
    if (signalPipe[0] >= 0)
        throw std::logic_error("StopSignals: one instance at a time");
    if (::pipe2(signalPipe, O_CLOEXEC | O_NONBLOCK) != 0)
        return; // no pipe, no handler: the signals keep their defaults
    m_notifier = new QSocketNotifier(signalPipe[0], QSocketNotifier::Read, this);
    connect(m_notifier, &QSocketNotifier::activated, this, &StopSignals::readSignal);
    struct sigaction action {};
    action.sa_handler = onStopSignal;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_RESTART;
    sigaction(SIGINT, &action, &m_previousInt);
    sigaction(SIGTERM, &action, &m_previousTerm);
    m_installed = true;
}

StopSignals::~StopSignals() {
    restoreHandlers();
    delete m_notifier;
    for (int& end : signalPipe) {
        if (end >= 0)
            ::close(end);
        end = -1;
    }
}

void StopSignals::restoreHandlers() {
    if (!m_installed)
        return;
    sigaction(SIGINT, &m_previousInt, nullptr);
    sigaction(SIGTERM, &m_previousTerm, nullptr);
    m_installed = false;
}

void StopSignals::readSignal() {
    unsigned char number = 0;
    if (::read(signalPipe[0], &number, 1) != 1)
        return;
    // The window takes its time to stop the runs; a second signal should not wait for it.
    restoreHandlers();
    m_notifier->setEnabled(false);
    Q_EMIT stopRequested(number);
}

} // namespace relulab

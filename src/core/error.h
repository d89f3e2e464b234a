#pragma once

#include <stdexcept>
#include <string>

namespace relulab {

// Thrown for input the engine cannot work with: impossible settings, wrong shapes, non-finite
// numbers. `where` names the field (for example "parameters[2]") so a user can find it.
class InvalidInput : public std::runtime_error {
public:
    InvalidInput(std::string where, const std::string& what)
        : std::runtime_error(where.empty() ? what : where + ": " + what)
        , m_where(std::move(where))
        , m_message(what) {}

    const std::string& where() const { return m_where; }
    const std::string& message() const { return m_message; } // what() without where()

    // The same error one level out: "prefix: where: message".
    InvalidInput under(const std::string& prefix) const {
        return {m_where.empty() ? prefix : prefix + ": " + m_where, m_message};
    }

private:
    std::string m_where;
    std::string m_message;
};

} // namespace relulab

#pragma once

#include "core/settingfield.h"

#include <cstddef>
#include <stdexcept>
#include <string>

namespace relulab {

// Thrown for input the engine cannot work with: impossible settings, wrong shapes, non-finite
// numbers. `where` names the field (for example "parameters[2]") so a user can find it;
// `field`, when the error is about an experiment's setting, says which one as an identifier.
class InvalidInput : public std::runtime_error {
public:
    InvalidInput(std::string where, const std::string& what, FieldRef field = {})
        : std::runtime_error(where.empty() ? what : where + ": " + what)
        , m_where(std::move(where))
        , m_message(what)
        , m_field(field) {}

    const std::string& where() const { return m_where; }
    const std::string& message() const { return m_message; } // what() without where()
    const FieldRef& field() const { return m_field; }

    // The same error one level out: "prefix: where: message".
    InvalidInput under(const std::string& prefix) const {
        return {m_where.empty() ? prefix : prefix + ": " + m_where, m_message, m_field};
    }
    // The same error about `field`, when it named none itself.
    InvalidInput about(FieldRef field) const {
        return {m_where, m_message, m_field.empty() ? field : m_field};
    }

private:
    std::string m_where;
    std::string m_message;
    FieldRef m_field;
};

} // namespace relulab

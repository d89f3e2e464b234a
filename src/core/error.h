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
    // `name` says how the user calls what `where` points at, where the path alone does not:
    // "network.layers[2].init (hidden 3): ..." (paths count layers from 0, users from 1).
    InvalidInput(std::string where, const std::string& what, FieldRef field = {},
                 std::string name = {})
        : std::runtime_error(text(where, name, what))
        , m_where(std::move(where))
        , m_message(what)
        , m_field(field)
        , m_name(std::move(name)) {}

    const std::string& where() const { return m_where; }
    const std::string& message() const { return m_message; } // what() without where()
    const FieldRef& field() const { return m_field; }
    const std::string& name() const { return m_name; } // "hidden 3", or empty

    // The same error one level out: "prefix: where: message".
    InvalidInput under(const std::string& prefix) const {
        return {m_where.empty() ? prefix : prefix + ": " + m_where, m_message, m_field, m_name};
    }
    // The same error about `field`, when it named none itself.
    InvalidInput about(FieldRef field) const {
        return {m_where, m_message, m_field.empty() ? field : m_field, m_name};
    }

private:
    static std::string text(const std::string& where, const std::string& name,
                            const std::string& what) {
        const std::string place =
            name.empty() ? where : (where.empty() ? name : where + " (" + name + ")");
        return place.empty() ? what : place + ": " + what;
    }

    std::string m_where;
    std::string m_message;
    FieldRef m_field;
    std::string m_name;
};

} // namespace relulab

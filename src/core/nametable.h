#pragma once

#include <array>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

namespace relulab {

// The names an enum has in files and on the command line, both ways. Unknown names are
// std::nullopt, never a silent default.
template <class Enum, std::size_t Count> class NameTable {
public:
    constexpr explicit NameTable(std::array<std::pair<Enum, std::string_view>, Count> entries)
        : m_entries(entries) {}

    constexpr std::string_view name(Enum value) const {
        for (const auto& [v, name] : m_entries)
            if (v == value)
                return name;
        return {};
    }

    constexpr std::optional<Enum> find(std::string_view name) const {
        for (const auto& [value, n] : m_entries)
            if (n == name)
                return value;
        return std::nullopt;
    }

    // "a, b, c": every name, for a message about a name that is none of them.
    std::string joinedNames() const {
        std::string joined;
        for (const auto& entry : m_entries)
            joined.append(joined.empty() ? "" : ", ").append(entry.second);
        return joined;
    }

private:
    std::array<std::pair<Enum, std::string_view>, Count> m_entries;
};

} // namespace relulab

#pragma once

#include <array>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace relulab {

// A kind's descriptors, one entry per value of its enum: `Descriptor` has at least `kind` (the
// enum value) and `name` (as in files and on the command line). Lookups both ways; unknown
// names are nothing, never a silent default. Iterating gives the entries in the table's order,
// which is the order the app lists them in; every "every kind" test iterates it.
template <class Descriptor, std::size_t Count> class KindTable {
public:
    using Kind = decltype(Descriptor::kind);

    constexpr explicit KindTable(std::array<Descriptor, Count> entries)
        : m_entries(entries) {}

    constexpr auto begin() const { return m_entries.begin(); }
    constexpr auto end() const { return m_entries.end(); }
    static constexpr std::size_t size() { return Count; }

    // The entry of `kind`; nullptr for a value the table does not have.
    constexpr const Descriptor* find(Kind kind) const {
        for (const Descriptor& entry : m_entries)
            if (entry.kind == kind)
                return &entry;
        return nullptr;
    }
    constexpr bool contains(Kind kind) const { return find(kind) != nullptr; }
    // The entry of a kind the table has (every value of the enum, for the tables that
    // static_assert coversEnum()).
    constexpr const Descriptor& operator[](Kind kind) const { return *find(kind); }

    constexpr std::string_view name(Kind kind) const {
        const Descriptor* entry = find(kind);
        return entry ? entry->name : std::string_view{};
    }

    constexpr std::optional<Kind> fromName(std::string_view name) const {
        for (const Descriptor& entry : m_entries)
            if (entry.name == name)
                return entry.kind;
        return std::nullopt;
    }

    // Whether the table holds each of the enum's values 0 .. Count - 1 once: for enums whose
    // values run from 0 without gaps.
    constexpr bool coversEnum() const {
        for (std::size_t v = 0; v < Count; ++v) {
            int seen = 0;
            for (const Descriptor& entry : m_entries)
                seen += static_cast<std::size_t>(entry.kind) == v ? 1 : 0;
            if (seen != 1)
                return false;
        }
        return true;
    }

    // "a, b, c": every name, for a message about a name that is none of them.
    std::string joinedNames() const {
        std::string joined;
        for (const Descriptor& entry : m_entries)
            joined.append(joined.empty() ? "" : ", ").append(entry.name);
        return joined;
    }

private:
    std::array<Descriptor, Count> m_entries;
};

// The descriptor of an enum that has nothing but names.
template <class Enum> struct NamedKind {
    Enum kind;
    std::string_view name;
};

// The names an enum has in files and on the command line, both ways.
template <class Enum, std::size_t Count>
class NameTable : public KindTable<NamedKind<Enum>, Count> {
public:
    using KindTable<NamedKind<Enum>, Count>::KindTable;

    constexpr std::optional<Enum> find(std::string_view name) const { return this->fromName(name); }
    using KindTable<NamedKind<Enum>, Count>::find;
};

} // namespace relulab

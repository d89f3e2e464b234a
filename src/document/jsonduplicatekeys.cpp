#include "document/jsonduplicatekeys.h"

#include <set>
#include <vector>

namespace relulab::json {

namespace {

void appendUtf8(std::string& out, char32_t c) {
    if (c < 0x80) {
        out += char(c);
    } else if (c < 0x800) {
        out += char(0xC0 | (c >> 6));
        out += char(0x80 | (c & 0x3F));
    } else if (c < 0x10000) {
        out += char(0xE0 | (c >> 12));
        out += char(0x80 | ((c >> 6) & 0x3F));
        out += char(0x80 | (c & 0x3F));
    } else {
        out += char(0xF0 | (c >> 18));
        out += char(0x80 | ((c >> 12) & 0x3F));
        out += char(0x80 | ((c >> 6) & 0x3F));
        out += char(0x80 | (c & 0x3F));
    }
}

// Reads the string literal starting at text[i] == '"' into its decoded UTF-8, so that "a" and
// "\u0061" are the same key; leaves i past the closing quote.
std::string readString(const QByteArray& text, qsizetype& i) {
    std::string out;
    auto hex4 = [&](qsizetype at) {
        char32_t value = 0;
        for (qsizetype k = at; k < at + 4 && k < text.size(); ++k) {
            const char h = text[k];
            value = value * 16 + char32_t(h <= '9' ? h - '0' : (h | 0x20) - 'a' + 10);
        }
        return value;
    };
    for (++i; i < text.size() && text[i] != '"'; ++i) {
        if (text[i] != '\\') {
            out += text[i];
            continue;
        }
        const char escaped = ++i < text.size() ? text[i] : '\\';
        switch (escaped) {
        case 'b':
            out += '\b';
            break;
        case 'f':
            out += '\f';
            break;
        case 'n':
            out += '\n';
            break;
        case 'r':
            out += '\r';
            break;
        case 't':
            out += '\t';
            break;
        case 'u': {
            char32_t c = hex4(i + 1);
            i += 4;
            // A surrogate pair is one character, as its UTF-8 spelling is.
            if (c >= 0xD800 && c < 0xDC00 && i + 6 < text.size() && text[i + 1] == '\\' &&
                text[i + 2] == 'u') {
                const char32_t low = hex4(i + 3);
                if (low >= 0xDC00 && low < 0xE000) {
                    c = 0x10000 + ((c - 0xD800) << 10) + (low - 0xDC00);
                    i += 6;
                }
            }
            appendUtf8(out, c);
            break;
        }
        default:
            out += escaped; // \" \\ \/
        }
    }
    ++i;
    return out;
}

struct Frame {
    bool isObject = false;
    std::string path;
    std::set<std::string> keys;
    std::string key;       // an object's latest key
    qsizetype element = 0; // an array's current index
    bool expectingKey = true;
};

std::string childPath(const Frame& parent) {
    if (parent.isObject)
        return parent.path.empty() ? parent.key : parent.path + "." + parent.key;
    return parent.path + "[" + std::to_string(parent.element) + "]";
}

} // namespace

std::optional<DuplicateKey> findDuplicateKey(const QByteArray& text) {
    std::vector<Frame> stack;
    qsizetype line = 1;
    qsizetype lineStart = 0;
    for (qsizetype i = 0; i < text.size();) {
        const char c = text[i];
        if (c == '"') {
            const qsizetype start = i;
            std::string value = readString(text, i);
            if (!stack.empty() && stack.back().isObject && stack.back().expectingKey) {
                Frame& frame = stack.back();
                frame.key = std::move(value);
                frame.expectingKey = false;
                if (!frame.keys.insert(frame.key).second)
                    return DuplicateKey{childPath(frame), line, start - lineStart + 1};
            }
            continue;
        }
        if (c == '{' || c == '[') {
            Frame frame;
            frame.isObject = c == '{';
            frame.path = stack.empty() ? std::string() : childPath(stack.back());
            stack.push_back(std::move(frame));
        } else if ((c == '}' || c == ']') && !stack.empty()) {
            stack.pop_back();
        } else if (c == ',' && !stack.empty()) {
            if (stack.back().isObject)
                stack.back().expectingKey = true;
            else
                ++stack.back().element;
        } else if (c == '\n') {
            ++line;
            lineStart = i + 1;
        }
        ++i;
    }
    return std::nullopt;
}

} // namespace relulab::json

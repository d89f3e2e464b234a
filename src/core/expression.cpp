#include "core/expression.h"

#include "core/error.h"

#include <array>
#include <cctype>
#include <cmath>
#include <numbers>
#include <string_view>

namespace relulab {

namespace {

struct NamedFunction {
    std::string_view name;
    Expression::Op op;
};

constexpr std::array<NamedFunction, 9> functions{{
    {"sin", Expression::Op::Sin},
    {"cos", Expression::Op::Cos},
    {"tan", Expression::Op::Tan},
    {"exp", Expression::Op::Exp},
    {"log", Expression::Op::Log},
    {"sqrt", Expression::Op::Sqrt},
    {"abs", Expression::Op::Abs},
    {"floor", Expression::Op::Floor},
    {"ceil", Expression::Op::Ceil},
}};

constexpr std::size_t maxLength = 10'000;
constexpr int maxNesting = 200;

} // namespace

// Recursive descent over the text, emitting postfix instructions.
class ExpressionParser {
public:
    ExpressionParser(Expression& target, const std::string& where)
        : m_target(target)
        , m_text(target.m_text)
        , m_where(where) {}

    void parse() {
        skipSpaces();
        if (m_position == m_text.size())
            fail("is empty");
        parseSum();
        if (m_position != m_text.size())
            fail("unexpected \"" + std::string(1, m_text[m_position]) + "\"");
    }

private:
    Expression& m_target;
    const std::string& m_text;
    const std::string& m_where;
    std::size_t m_position = 0;
    std::size_t m_depth = 0;
    int m_nesting = 0;

    [[noreturn]] void fail(const std::string& what) const {
        throw InvalidInput(m_where, what + " at character " + std::to_string(m_position + 1) +
                                        " of \"" + m_text + "\"");
    }

    void skipSpaces() {
        while (m_position < m_text.size() &&
               std::isspace(static_cast<unsigned char>(m_text[m_position])))
            ++m_position;
    }
    char peek() const { return m_position < m_text.size() ? m_text[m_position] : '\0'; }
    bool accept(std::string_view token) {
        if (m_text.compare(m_position, token.size(), token) != 0)
            return false;
        m_position += token.size();
        skipSpaces();
        return true;
    }

    void emit(Expression::Op op, double value = 0.0) {
        m_target.m_program.push_back({op, value});
        // Numbers and x push, binary operators pop two and push one, functions keep the depth.
        if (op == Expression::Op::Number || op == Expression::Op::Variable) {
            ++m_depth;
            m_target.m_stackDepth = std::max(m_target.m_stackDepth, m_depth);
        } else if (op == Expression::Op::Add || op == Expression::Op::Subtract ||
                   op == Expression::Op::Multiply || op == Expression::Op::Divide ||
                   op == Expression::Op::Power) {
            --m_depth;
        }
    }

    void parseSum() {
        parseProduct();
        for (;;) {
            if (accept("+")) {
                parseProduct();
                emit(Expression::Op::Add);
            } else if (accept("-")) {
                parseProduct();
                emit(Expression::Op::Subtract);
            } else {
                return;
            }
        }
    }

    bool startsOperand() const {
        const char c = peek();
        return std::isalpha(static_cast<unsigned char>(c)) || c == '(';
    }

    void parseProduct() {
        parseUnary();
        for (;;) {
            if (peek() == '*' && m_text.compare(m_position, 2, "**") != 0) {
                accept("*");
                parseUnary();
                emit(Expression::Op::Multiply);
            } else if (accept("/")) {
                parseUnary();
                emit(Expression::Op::Divide);
            } else if (startsOperand()) { // "20x", "2 sin(x)", "(x+1)(x-1)"
                parseUnary();
                emit(Expression::Op::Multiply);
            } else {
                return;
            }
        }
    }

    void parseUnary() {
        if (++m_nesting > maxNesting)
            fail("is nested too deeply");
        if (accept("-")) {
            parseUnary();
            emit(Expression::Op::Negate);
        } else if (accept("+")) {
            parseUnary();
        } else {
            parsePower();
        }
        --m_nesting;
    }

    void parsePower() {
        parsePrimary();
        if (accept("^") || accept("**")) {
            parseUnary(); // right-associative: 2^3^2 = 2^9, and 2^-1 works
            emit(Expression::Op::Power);
        }
    }

    void parsePrimary() {
        const char c = peek();
        if (c == '\0')
            fail("ends too early");
        if (std::isdigit(static_cast<unsigned char>(c)) || c == '.') {
            parseNumber();
            return;
        }
        if (accept("(")) {
            parseSum();
            if (!accept(")"))
                fail("expected \")\"");
            return;
        }
        if (!std::isalpha(static_cast<unsigned char>(c)))
            fail("unexpected \"" + std::string(1, c) + "\"");
        const std::size_t start = m_position;
        while (std::isalnum(static_cast<unsigned char>(peek())) || peek() == '_')
            ++m_position;
        const std::string name = m_text.substr(start, m_position - start);
        skipSpaces();
        if (name == "x") {
            emit(Expression::Op::Variable);
        } else if (name == "pi") {
            emit(Expression::Op::Number, std::numbers::pi);
        } else if (name == "e") {
            emit(Expression::Op::Number, std::numbers::e);
        } else {
            for (const NamedFunction& function : functions) {
                if (function.name == name) {
                    if (!accept("("))
                        fail("expected \"(\" after " + name);
                    parseSum();
                    if (!accept(")"))
                        fail("expected \")\"");
                    emit(function.op);
                    return;
                }
            }
            m_position = start;
            fail("unknown name \"" + name +
                 "\" (known: x, pi, e, sin, cos, tan, exp, log, sqrt, abs, floor, ceil)");
        }
    }

    void parseNumber() {
        const std::size_t start = m_position;
        while (std::isdigit(static_cast<unsigned char>(peek())) || peek() == '.')
            ++m_position;
        if (peek() == 'e' || peek() == 'E') { // exponent only when digits follow: "2e" is 2*e
            std::size_t end = m_position + 1;
            if (end < m_text.size() && (m_text[end] == '+' || m_text[end] == '-'))
                ++end;
            if (end < m_text.size() && std::isdigit(static_cast<unsigned char>(m_text[end]))) {
                m_position = end;
                while (std::isdigit(static_cast<unsigned char>(peek())))
                    ++m_position;
            }
        }
        const std::string token = m_text.substr(start, m_position - start);
        std::size_t used = 0;
        double value = 0.0;
        try {
            value = std::stod(token, &used);
        } catch (const std::exception&) {
            used = 0;
        }
        if (used != token.size() || !std::isfinite(value)) {
            m_position = start;
            fail("\"" + token + "\" is not a number");
        }
        skipSpaces();
        emit(Expression::Op::Number, value);
    }
};

Expression::Expression(const std::string& text, const std::string& where)
    : m_text(text) {
    if (text.size() > maxLength)
        throw InvalidInput(where, "is longer than " + std::to_string(maxLength) + " characters");
    ExpressionParser(*this, where).parse();
}

double Expression::operator()(double x) const {
    constexpr std::size_t inlineDepth = 64;
    std::array<double, inlineDepth> small{};
    std::vector<double> large;
    double* stack = small.data();
    if (m_stackDepth > inlineDepth) {
        large.resize(m_stackDepth);
        stack = large.data();
    }
    std::size_t top = 0; // number of values on the stack
    for (const Instruction& instruction : m_program) {
        switch (instruction.op) {
        case Op::Number:
            stack[top++] = instruction.value;
            continue;
        case Op::Variable:
            stack[top++] = x;
            continue;
        case Op::Add:
            stack[top - 2] += stack[top - 1];
            --top;
            continue;
        case Op::Subtract:
            stack[top - 2] -= stack[top - 1];
            --top;
            continue;
        case Op::Multiply:
            stack[top - 2] *= stack[top - 1];
            --top;
            continue;
        case Op::Divide:
            stack[top - 2] /= stack[top - 1];
            --top;
            continue;
        case Op::Power:
            stack[top - 2] = std::pow(stack[top - 2], stack[top - 1]);
            --top;
            continue;
        default:
            break;
        }
        double& a = stack[top - 1]; // the unary operators work in place
        switch (instruction.op) {
        case Op::Negate:
            a = -a;
            break;
        case Op::Sin:
            a = std::sin(a);
            break;
        case Op::Cos:
            a = std::cos(a);
            break;
        case Op::Tan:
            a = std::tan(a);
            break;
        case Op::Exp:
            a = std::exp(a);
            break;
        case Op::Log:
            a = std::log(a);
            break;
        case Op::Sqrt:
            a = std::sqrt(a);
            break;
        case Op::Abs:
            a = std::abs(a);
            break;
        case Op::Floor:
            a = std::floor(a);
            break;
        case Op::Ceil:
            a = std::ceil(a);
            break;
        default:
            break;
        }
    }
    return stack[0];
}

} // namespace relulab

#pragma once

#include <string>
#include <vector>

namespace relulab {

// A function of one variable typed by a user, such as "sin(20x) + 0.1*x^2": numbers, x, + - * /
// ^ (or **), parentheses, sin cos tan exp log sqrt abs floor ceil, and the constants pi and e.
// A number directly before x, a name or "(" multiplies ("20x").
class Expression {
public:
    // Throws InvalidInput under `where` naming the character where the text stops making sense.
    Expression(const std::string& text, const std::string& where);

    const std::string& text() const { return m_text; }
    double operator()(double x) const;

    enum class Op : unsigned char {
        Number,
        Variable,
        Add,
        Subtract,
        Multiply,
        Divide,
        Power,
        Negate,
        Sin,
        Cos,
        Tan,
        Exp,
        Log,
        Sqrt,
        Abs,
        Floor,
        Ceil,
    };

private:
    struct Instruction {
        Op op;
        double value;
    };
    std::string m_text;
    std::vector<Instruction> m_program; // postfix: evaluated on a small stack
    std::size_t m_stackDepth = 0;

    friend class ExpressionParser;
};

} // namespace relulab

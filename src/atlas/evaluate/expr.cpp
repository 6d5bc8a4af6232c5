#include "atlas/evaluate/expr.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <limits>
#include <optional>
#include <utility>

#include <fmt/format.h>

namespace atlas::evaluate {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
// Far beyond any real formula; the bounds keep a hostile one from exhausting the stack (parsing
// and evaluation both recurse).
constexpr int kMaxDepth = 300;
constexpr std::size_t kMaxLength = 4096;

enum class Op {
  kNumber,
  kField,
  kNeg,
  kNot,
  kAdd,
  kSub,
  kMul,
  kDiv,
  kLt,
  kLe,
  kGt,
  kGe,
  kEq,
  kNe,
  kAnd,
  kOr,
  kCall,
};

enum class Fn {
  kSum,
  kCount,
  kShare,
  kMeanLast,
  kGrowth,
  kCagr,
  kPer10k,
  kMin,
  kMax,
  kIf,
  kCoalesce
};

struct FnSpec {
  const char* name;
  Fn fn;
  int min_args, max_args;  // max −1: any number
  const char* usage;
};

constexpr FnSpec kFunctions[] = {
    {"sum", Fn::kSum, 1, -1, "sum(a, b, …)"},
    {"count", Fn::kCount, 1, -1, "count(condition, …): how many are true"},
    {"share", Fn::kShare, 2, 2, "share(part, whole)"},
    {"mean_last", Fn::kMeanLast, 2, 2, "mean_last(x, N): mean of the last N years"},
    {"growth", Fn::kGrowth, 1, 1, "growth(x): x over last year's x, minus 1"},
    {"cagr", Fn::kCagr, 2, 2, "cagr(x, N): compound annual growth over N years"},
    {"per_10k", Fn::kPer10k, 2, 2, "per_10k(x, staff): x per 10,000 staff"},
    {"min", Fn::kMin, 1, -1, "min(a, b, …)"},
    {"max", Fn::kMax, 1, -1, "max(a, b, …)"},
    {"if", Fn::kIf, 3, 3, "if(condition, then, else)"},
    {"coalesce", Fn::kCoalesce, 1, -1, "coalesce(a, b, …): the first that is not missing"},
};

}  // namespace

struct Formula::Node {
  Op op = Op::kNumber;
  double number = 0;
  std::string field;
  Fn fn = Fn::kSum;
  std::vector<std::shared_ptr<const Node>> args;
};

namespace {

using NodePtr = std::shared_ptr<const Formula::Node>;

bool is_ascii_alpha(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}
bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

// Recursive descent, one function per precedence level: or < and < not < comparison < + − <
// × ÷ < unary minus < operand.
class Parser {
 public:
  explicit Parser(std::string_view text) : s_(text) {}

  NodePtr parse() {
    auto n = disjunction();
    skip_space();
    if (pos_ < s_.size()) fail(fmt::format("unexpected '{}'", current_char()));
    return n;
  }

  std::vector<std::string> fields;
  std::vector<Formula::FieldUse> uses;

 private:
  std::string_view s_;
  std::size_t pos_ = 0;
  int depth_ = 0;

  [[noreturn]] void fail(const std::string& message) const { fail_at(pos_, message); }

  [[noreturn]] void fail_at(std::size_t at, const std::string& message) const {
    auto [line, column] = position(at);
    throw FormulaError(line, column, message);
  }

  // The 1-based line and column, in characters, of byte `at`.
  std::pair<int, int> position(std::size_t at) const {
    int line = 1, column = 1;
    for (std::size_t i = 0; i < at && i < s_.size(); ++i) {
      auto c = static_cast<unsigned char>(s_[i]);
      if (c == '\n') {
        ++line;
        column = 1;
      } else if ((c & 0xC0) != 0x80) {
        ++column;  // count characters, not the continuation bytes of UTF-8
      }
    }
    return {line, column};
  }

  // The character at the cursor, whole (a CJK character is three bytes).
  std::string current_char() const {
    std::size_t len = 1;
    auto c = static_cast<unsigned char>(s_[pos_]);
    if (c >= 0xF0)
      len = 4;
    else if (c >= 0xE0)
      len = 3;
    else if (c >= 0xC0)
      len = 2;
    return std::string(s_.substr(pos_, len));
  }

  void skip_space() {
    while (pos_ < s_.size()) {
      char c = s_[pos_];
      if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
        ++pos_;
      } else if (s_.substr(pos_).starts_with("\u3000")) {  // full-width space
        pos_ += 3;
      } else {
        break;
      }
    }
  }

  // Consumes `token` (after spaces) if it is next. Words match whole words only.
  bool accept(std::string_view token) {
    skip_space();
    if (!s_.substr(pos_).starts_with(token)) return false;
    std::size_t end = pos_ + token.size();
    if (is_ascii_alpha(token.back()) && end < s_.size() &&
        (is_ascii_alpha(s_[end]) || is_digit(s_[end]))) {
      return false;
    }
    pos_ = end;
    return true;
  }

  template <typename... T>
  bool accept_any(T... tokens) {
    return (accept(tokens) || ...);
  }

  struct Guard {
    Parser& p;
    explicit Guard(Parser& parser) : p(parser) {
      if (++p.depth_ > kMaxDepth) p.fail("the formula is nested too deeply");
    }
    ~Guard() { --p.depth_; }
  };

  static NodePtr make(Op op, std::vector<NodePtr> args) {
    auto n = std::make_shared<Formula::Node>();
    n->op = op;
    n->args = std::move(args);
    return n;
  }

  NodePtr disjunction() {
    Guard g(*this);
    auto left = conjunction();
    while (accept_any("or", "||", "或")) left = make(Op::kOr, {left, conjunction()});
    return left;
  }

  NodePtr conjunction() {
    auto left = negation();
    while (accept_any("and", "&&", "且")) left = make(Op::kAnd, {left, negation()});
    return left;
  }

  NodePtr negation() {
    Guard g(*this);
    if (accept("not") || (!next_is("!=") && accept("!")) || accept("非")) {
      return make(Op::kNot, {negation()});
    }
    return comparison();
  }

  bool next_is(std::string_view token) {
    skip_space();
    return s_.substr(pos_).starts_with(token);
  }

  NodePtr comparison() {
    auto left = additive();
    struct Cmp {
      const char* token;
      Op op;
    };
    // Longer tokens first, so "<=" is not read as "<".
    static constexpr Cmp kCmp[] = {{"<=", Op::kLe}, {">=", Op::kGe}, {"==", Op::kEq},
                                   {"!=", Op::kNe}, {"≤", Op::kLe},  {"≥", Op::kGe},
                                   {"≠", Op::kNe},  {"<", Op::kLt},  {">", Op::kGt}};
    for (const auto& c : kCmp) {
      if (accept(c.token)) {
        auto n = make(c.op, {left, additive()});
        skip_space();
        for (const auto& again : kCmp) {
          if (s_.substr(pos_).starts_with(again.token)) {
            fail("comparisons do not chain: write a < b and b < c");
          }
        }
        return n;
      }
    }
    if (next_is("=")) fail("use == to compare");
    return left;
  }

  NodePtr additive() {
    auto left = multiplicative();
    while (true) {
      if (accept("+")) {
        left = make(Op::kAdd, {left, multiplicative()});
      } else if (accept_any("-", "−")) {
        left = make(Op::kSub, {left, multiplicative()});
      } else {
        return left;
      }
    }
  }

  NodePtr multiplicative() {
    auto left = unary();
    while (true) {
      if (accept_any("*", "×")) {
        left = make(Op::kMul, {left, unary()});
      } else if (accept_any("/", "÷")) {
        left = make(Op::kDiv, {left, unary()});
      } else {
        return left;
      }
    }
  }

  NodePtr unary() {
    Guard g(*this);
    if (accept_any("-", "−")) return make(Op::kNeg, {unary()});
    if (accept("+")) return unary();
    return operand();
  }

  NodePtr operand() {
    skip_space();
    if (pos_ >= s_.size()) fail("the formula ends where a value is expected");
    if (accept("(")) {
      auto n = disjunction();
      if (!accept(")")) fail("')' expected");
      return n;
    }
    char c = s_[pos_];
    if (is_digit(c) || c == '.') return number();
    if (is_ascii_alpha(c)) return name();
    fail(fmt::format("unexpected '{}'", current_char()));
  }

  NodePtr number() {
    std::size_t start = pos_;
    while (pos_ < s_.size() && (is_digit(s_[pos_]) || s_[pos_] == '.')) ++pos_;
    if (pos_ < s_.size() && (s_[pos_] == 'e' || s_[pos_] == 'E')) {
      std::size_t e = pos_ + 1;
      if (e < s_.size() && (s_[e] == '+' || s_[e] == '-')) ++e;
      if (e < s_.size() && is_digit(s_[e])) {
        pos_ = e;
        while (pos_ < s_.size() && is_digit(s_[pos_])) ++pos_;
      }
    }
    double v = 0;
    auto [end, ec] = std::from_chars(s_.data() + start, s_.data() + pos_, v);
    if (ec != std::errc() || end != s_.data() + pos_) fail_at(start, "not a number");
    // Units written after a number, as thresholds are published: 300亿(元), 1.5万, 4%.
    struct Unit {
      const char* text;
      double factor;
    };
    static constexpr Unit kUnits[] = {{"亿元", 1e8}, {"万元", 1e4}, {"千元", 1e3}, {"亿", 1e8},
                                      {"万", 1e4},   {"千", 1e3},   {"元", 1},     {"%", 0.01}};
    for (const auto& u : kUnits) {
      if (s_.substr(pos_).starts_with(u.text)) {
        pos_ += std::string_view(u.text).size();
        v *= u.factor;
        break;
      }
    }
    auto n = std::make_shared<Formula::Node>();
    n->op = Op::kNumber;
    n->number = v;
    return n;
  }

  NodePtr name() {
    std::size_t start = pos_;
    while (pos_ < s_.size() && (is_ascii_alpha(s_[pos_]) || is_digit(s_[pos_]))) ++pos_;
    std::string id(s_.substr(start, pos_ - start));
    if (id == "and" || id == "or" || id == "not")
      fail_at(start, fmt::format("'{}' needs a value before it", id));
    if (!accept("(")) {
      auto n = std::make_shared<Formula::Node>();
      n->op = Op::kField;
      n->field = id;
      if (std::find(fields.begin(), fields.end(), id) == fields.end()) fields.push_back(id);
      auto [line, column] = position(start);
      uses.push_back({id, line, column});
      return n;
    }
    const FnSpec* spec = nullptr;
    for (const auto& f : kFunctions) {
      if (id == f.name) spec = &f;
    }
    if (!spec)
      fail_at(start, fmt::format("unknown function '{}' (known: {})", id,
                                 fmt::join(formula_functions(), ", ")));
    auto n = std::make_shared<Formula::Node>();
    n->op = Op::kCall;
    n->fn = spec->fn;
    if (!accept(")")) {
      do {
        n->args.push_back(disjunction());
      } while (accept(","));
      if (!accept(")")) fail("')' or ',' expected");
    }
    int count = static_cast<int>(n->args.size());
    if (count < spec->min_args || (spec->max_args >= 0 && count > spec->max_args)) {
      fail_at(start, fmt::format("{} takes {}", spec->name, spec->usage));
    }
    // The number of years must be written out: it says which years' data a formula reads.
    if (spec->fn == Fn::kMeanLast || spec->fn == Fn::kCagr) {
      const auto& years = *n->args[1];
      if (years.op != Op::kNumber || years.number < 1 || years.number > 50 ||
          years.number != std::floor(years.number)) {
        fail_at(start, fmt::format("{}: N must be a whole number of years from 1 to 50", id));
      }
    }
    return n;
  }
};

bool truthy(double v) {
  return v != 0;
}

double eval(const Formula::Node& n, const FieldSource& src, int shift);

double call(const Formula::Node& n, const FieldSource& src, int shift) {
  auto arg = [&](std::size_t i, int extra = 0) { return eval(*n.args[i], src, shift + extra); };
  switch (n.fn) {
    case Fn::kSum: {
      double s = 0;
      for (std::size_t i = 0; i < n.args.size(); ++i) s += arg(i);  // NaN propagates
      return s;
    }
    case Fn::kCount: {
      double c = 0;
      for (std::size_t i = 0; i < n.args.size(); ++i) {
        double v = arg(i);
        if (std::isnan(v)) return kNaN;  // unknown whether it counts
        c += truthy(v) ? 1 : 0;
      }
      return c;
    }
    case Fn::kShare: {
      double whole = arg(1);
      return whole == 0 ? kNaN : arg(0) / whole;
    }
    case Fn::kPer10k: {
      double staff = arg(1);
      return staff == 0 ? kNaN : arg(0) / staff * 1e4;
    }
    case Fn::kMeanLast: {
      int years = static_cast<int>(n.args[1]->number);
      double s = 0;
      for (int k = 0; k < years; ++k) s += arg(0, k);  // any missing year: missing
      return s / years;
    }
    case Fn::kGrowth: {
      double before = arg(0, 1);
      return before == 0 ? kNaN : arg(0) / before - 1;
    }
    case Fn::kCagr: {
      int years = static_cast<int>(n.args[1]->number);
      double now = arg(0), before = arg(0, years);
      if (!(before > 0) || !(now >= 0)) return kNaN;  // undefined for non-positive starts
      return std::pow(now / before, 1.0 / years) - 1;
    }
    case Fn::kMin:
    case Fn::kMax: {
      double best = arg(0);
      for (std::size_t i = 1; i < n.args.size(); ++i) {
        double v = arg(i);
        if (std::isnan(v) || std::isnan(best)) return kNaN;
        best = n.fn == Fn::kMin ? std::min(best, v) : std::max(best, v);
      }
      return best;
    }
    case Fn::kIf: {
      double c = arg(0);
      if (std::isnan(c)) return kNaN;
      return truthy(c) ? arg(1) : arg(2);
    }
    case Fn::kCoalesce:
      for (std::size_t i = 0; i < n.args.size(); ++i) {
        double v = arg(i);
        if (!std::isnan(v)) return v;
      }
      return kNaN;
  }
  return kNaN;
}

double compare(Op op, double a, double b) {
  if (std::isnan(a) || std::isnan(b)) return kNaN;
  switch (op) {
    case Op::kLt: return a < b;
    case Op::kLe: return a <= b;
    case Op::kGt: return a > b;
    case Op::kGe: return a >= b;
    case Op::kEq: return a == b;
    default: return a != b;
  }
}

double eval(const Formula::Node& n, const FieldSource& src, int shift) {
  auto arg = [&](std::size_t i) { return eval(*n.args[i], src, shift); };
  switch (n.op) {
    case Op::kNumber: return n.number;
    case Op::kField: return src.value(n.field, shift);
    case Op::kNeg: return -arg(0);
    case Op::kNot: {
      double v = arg(0);
      return std::isnan(v) ? kNaN : (truthy(v) ? 0 : 1);
    }
    case Op::kAdd: return arg(0) + arg(1);
    case Op::kSub: return arg(0) - arg(1);
    case Op::kMul: return arg(0) * arg(1);
    case Op::kDiv: {
      double d = arg(1);
      return d == 0 ? kNaN : arg(0) / d;
    }
    case Op::kLt:
    case Op::kLe:
    case Op::kGt:
    case Op::kGe:
    case Op::kEq:
    case Op::kNe: return compare(n.op, arg(0), arg(1));
    // Three-valued logic: false and missing is false, true or missing is true, else missing.
    case Op::kAnd: {
      double a = arg(0), b = arg(1);
      if ((!std::isnan(a) && !truthy(a)) || (!std::isnan(b) && !truthy(b))) return 0;
      return std::isnan(a) || std::isnan(b) ? kNaN : 1;
    }
    case Op::kOr: {
      double a = arg(0), b = arg(1);
      if ((!std::isnan(a) && truthy(a)) || (!std::isnan(b) && truthy(b))) return 1;
      return std::isnan(a) || std::isnan(b) ? kNaN : 0;
    }
    case Op::kCall: return call(n, src, shift);
  }
  return kNaN;
}

}  // namespace

Formula Formula::parse(std::string_view text) {
  if (text.size() > kMaxLength) {
    throw FormulaError(1, 1, fmt::format("a formula is at most {} bytes long", kMaxLength));
  }
  Parser p(text);
  Formula f;
  f.root_ = p.parse();
  f.fields_ = std::move(p.fields);
  f.uses_ = std::move(p.uses);
  f.text_ = std::string(text);
  return f;
}

double Formula::evaluate(const FieldSource& source) const {
  double v = eval(*root_, source, 0);
  return std::isfinite(v) ? v : kNaN;  // overflow to ±inf is no usable value either
}

const std::vector<std::string>& formula_functions() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> out;
    for (const auto& f : kFunctions) out.push_back(f.name);
    return out;
  }();
  return names;
}

}  // namespace atlas::evaluate

#include "retention/gates.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "base/closest_name.h"
#include "retention/compare.h"
#include "retention/error.h"

namespace retention {

// `and` and `or` hold all their operands in one node, so a long chain of
// them is one level deep: only parentheses nest, and they are limited.
struct Gate::Node {
  enum class Kind { kAnd, kOr, kCompare } kind = Kind::kCompare;
  std::vector<std::shared_ptr<const Node>> operands;  // of kAnd, kOr
  std::string name;
  std::string op;
  double threshold = 0;
};

namespace {

using Node = Gate::Node;

std::optional<double> Rate(const std::optional<double>& v) { return v; }
std::optional<double> Units(const std::optional<Money>& m) {
  if (!m) return std::nullopt;
  return static_cast<double>(m->units) / static_cast<double>(kMoneyScale);
}
std::optional<double> Count(int64_t n) { return static_cast<double>(n); }
// Without order data (contracts only) the order figures are unknown.
std::optional<double> OrderCount(const PeriodMetrics& m, int64_t n) {
  return m.has_orders ? Count(n) : std::nullopt;
}

// The money figures, exact; as doubles through Units.
std::optional<Money> Revenue(const PeriodMetrics& m) {
  return m.has_orders ? std::optional(m.revenue) : std::nullopt;
}
std::optional<Money> Aov(const PeriodMetrics& m) { return m.aov; }
std::optional<Money> Clv(const PeriodMetrics& m) { return m.clv; }

struct Figure {
  const char* name;
  std::optional<double> (*get)(const PeriodMetrics&);
  /// A rate, held as a fraction (0.08 for 8%): "churn_rate > 8" is a rule
  /// that never trips, so a plain number above 1 is refused.
  bool rate = false;
  /// Money, shown exactly in messages (a double's 6 digits made
  /// 1234567.90 read 1.23457e+06).
  std::optional<Money> (*money)(const PeriodMetrics&) = nullptr;
};

const Figure kFigures[] = {
    {"customers_start", [](const PeriodMetrics& m) { return Count(m.customers_start); }},
    {"customers_end", [](const PeriodMetrics& m) { return Count(m.customers_end); }},
    {"customers_new", [](const PeriodMetrics& m) { return Count(m.customers_new); }},
    {"customers_lost", [](const PeriodMetrics& m) { return Count(m.customers_lost); }},
    {"customers_reactivated",
     [](const PeriodMetrics& m) { return Count(m.customers_reactivated); }},
    {"customers_active", [](const PeriodMetrics& m) { return OrderCount(m, m.customers_active); }},
    {"customers_repeat", [](const PeriodMetrics& m) { return OrderCount(m, m.customers_repeat); }},
    {"customers_returning",
     [](const PeriodMetrics& m) { return OrderCount(m, m.customers_returning); }},
    {"orders", [](const PeriodMetrics& m) { return OrderCount(m, m.orders); }},
    {"revenue", [](const PeriodMetrics& m) { return Units(Revenue(m)); }, false, Revenue},
    {"churn_rate", [](const PeriodMetrics& m) { return Rate(m.churn_rate); }, true},
    {"retention_rate", [](const PeriodMetrics& m) { return Rate(m.retention_rate); }, true},
    {"repeat_rate", [](const PeriodMetrics& m) { return Rate(m.repeat_rate); }, true},
    {"returning_rate", [](const PeriodMetrics& m) { return Rate(m.returning_rate); }, true},
    {"purchase_frequency", [](const PeriodMetrics& m) { return Rate(m.purchase_frequency); }},
    {"aov", [](const PeriodMetrics& m) { return Units(Aov(m)); }, false, Aov},
    {"clv", [](const PeriodMetrics& m) { return Units(Clv(m)); }, false, Clv},
};

const Figure* FindFigure(std::string_view name) {
  for (const Figure& f : kFigures) {
    if (name == f.name) return &f;
  }
  return nullptr;
}

// A figure of the compared period ("churn_rate_previous") or the change
// from it ("churn_rate_change"), as --compare's columns name them.
enum class Side { kCurrent, kPrevious, kChange };

struct NamedFigure {
  const Figure* figure = nullptr;
  Side side = Side::kCurrent;
};

NamedFigure Resolve(std::string_view name) {
  for (auto [suffix, side] : {std::pair{std::string_view("_previous"), Side::kPrevious},
                              std::pair{std::string_view("_change"), Side::kChange}}) {
    if (name.size() > suffix.size() && name.substr(name.size() - suffix.size()) == suffix) {
      if (const Figure* f = FindFigure(name.substr(0, name.size() - suffix.size()))) {
        return {f, side};
      }
    }
  }
  return {FindFigure(name), Side::kCurrent};
}

// The value of `name` for `m`, compared with `compared` (null without
// --compare, which makes the compared figures and changes null).
std::optional<double> ValueOf(std::string_view name, const PeriodMetrics& m,
                              const PeriodMetrics* compared) {
  NamedFigure n = Resolve(name);
  if (n.side == Side::kCurrent) return n.figure->get(m);
  if (compared == nullptr) return std::nullopt;
  auto before = n.figure->get(*compared);
  if (n.side == Side::kPrevious || !before) return before;
  auto now = n.figure->get(m);
  if (!now) return std::nullopt;
  return RateChange(*now, *before);  // as the outputs print it
}

// ValueOf as a message shows it: money exactly (a change too), other
// figures as the shortest text of their double; "null" for none.
std::string ValueText(std::string_view name, const PeriodMetrics& m,
                      const PeriodMetrics* compared) {
  NamedFigure n = Resolve(name);
  if (n.figure->money != nullptr) {
    std::optional<Money> value;
    if (n.side == Side::kCurrent) {
      value = n.figure->money(m);
    } else if (compared != nullptr) {
      value = n.figure->money(*compared);
      const std::optional<Money> now = n.figure->money(m);
      if (n.side == Side::kChange) {
        value = value && now ? std::optional(Money{now->units - value->units}) : std::nullopt;
      }
    }
    return value ? FormatMoneyExact(*value) : "null";
  }
  const std::optional<double> value = ValueOf(name, m, compared);
  if (!value) return "null";
  char buffer[64];
  const auto result = std::to_chars(buffer, buffer + sizeof buffer, *value);
  return std::string(buffer, result.ptr);
}

std::string NameList() {
  std::string out;
  for (const Figure& f : kFigures) out += (out.empty() ? "" : ", ") + std::string(f.name);
  return out;
}

// "unknown figure "churn"", and the figure likely meant (churn_rate).
std::string UnknownFigure(const std::string& name) {
  std::vector<std::string> names;
  for (const Figure& f : kFigures) names.emplace_back(f.name);
  const std::string meant = MeantName(name, names);
  return "unknown figure \"" + name + "\"" + (meant.empty() ? "" : " (" + meant + "?)");
}

// Recursive descent over: expr := and ('or' and)*; and := atom ('and'
// atom)*; atom := '(' expr ')' | NAME OP NUMBER['%']. Each '(' costs a few
// stack frames here and in Evaluate, so nesting is limited.
class Parser {
 public:
  explicit Parser(std::string_view text) : text_(text) {}

  std::shared_ptr<const Node> Parse(std::vector<std::string>* names) {
    names_ = names;
    auto node = Or();
    Skip();
    if (pos_ < text_.size()) Fail("expected 'and', 'or' or the end of the rule");
    return node;
  }

 private:
  [[noreturn]] void Fail(const std::string& what) const {
    // A rule thousands of characters long is named by its start.
    std::string rule =
        text_.size() <= 200 ? std::string(text_) : std::string(text_.substr(0, 60)) + "...";
    throw UsageError("cannot read --fail-if '" + rule + "' at character " +
                     std::to_string(pos_ + 1) + ": " + what +
                     " (rules look like 'churn_rate > 0.08' or 'orders < 100 or aov < 20')");
  }
  void Skip() {
    while (pos_ < text_.size() && std::isspace(static_cast<unsigned char>(text_[pos_]))) ++pos_;
  }
  std::string_view Word() {
    Skip();
    size_t start = pos_;
    while (pos_ < text_.size() &&
           (std::isalnum(static_cast<unsigned char>(text_[pos_])) || text_[pos_] == '_'))
      ++pos_;
    return text_.substr(start, pos_ - start);
  }
  bool Keyword(const char* word) {
    size_t saved = pos_;
    std::string_view w = Word();
    std::string lower(w);
    for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (lower == word) return true;
    pos_ = saved;
    return false;
  }
  // One node for `first` and every operand after it joined by `word`.
  template <typename Next>
  std::shared_ptr<const Node> Chain(Node::Kind kind, const char* word, Next next) {
    auto first = (this->*next)();
    if (!Keyword(word)) return first;
    auto node = std::make_shared<Node>();
    node->kind = kind;
    node->operands.push_back(std::move(first));
    do {
      node->operands.push_back((this->*next)());
    } while (Keyword(word));
    return node;
  }
  std::shared_ptr<const Node> Or() { return Chain(Node::Kind::kOr, "or", &Parser::And); }
  std::shared_ptr<const Node> And() { return Chain(Node::Kind::kAnd, "and", &Parser::Atom); }
  std::shared_ptr<const Node> Atom() {
    Skip();
    if (pos_ < text_.size() && text_[pos_] == '(') {
      if (depth_ == kMaxGateNesting) {
        Fail("parentheses nest deeper than " + std::to_string(kMaxGateNesting) +
             " levels; write the rule with fewer of them");
      }
      ++pos_;
      ++depth_;
      auto inner = Or();
      --depth_;
      Skip();
      if (pos_ >= text_.size() || text_[pos_] != ')') Fail("expected ')'");
      ++pos_;
      return inner;
    }
    auto node = std::make_shared<Node>();
    size_t name_at = pos_;
    node->name = std::string(Word());
    if (node->name.empty()) Fail("expected a figure name such as churn_rate");
    if (!Resolve(node->name).figure) {
      pos_ = name_at;
      Fail(UnknownFigure(node->name) + "; use one of " + NameList() +
           ", or with --compare any of them followed by _previous or _change");
    }
    if (std::find(names_->begin(), names_->end(), node->name) == names_->end()) {
      names_->push_back(node->name);
    }
    Skip();
    for (const char* op : {"<=", ">=", "==", "!=", "<", ">", "="}) {
      if (text_.substr(pos_, std::strlen(op)) == op) {
        node->op = op == std::string("=") ? "==" : op;
        pos_ += std::strlen(op);
        break;
      }
    }
    if (node->op.empty()) Fail("expected a comparison: <, <=, >, >=, == or !=");
    Skip();
    size_t start = pos_;
    while (pos_ < text_.size() && (std::isdigit(static_cast<unsigned char>(text_[pos_])) ||
                                   text_[pos_] == '.' || text_[pos_] == '-' || text_[pos_] == '+'))
      ++pos_;
    std::string number(text_.substr(start, pos_ - start));
    char* end = nullptr;
    double value = number.empty() ? 0 : std::strtod(number.c_str(), &end);
    if (number.empty() || end != number.c_str() + number.size() || !std::isfinite(value)) {
      pos_ = start;
      Fail("expected a number");
    }
    // "1e2", "1,000", "1_000": a number the rule cannot take, not a word
    // after it.
    if (pos_ < text_.size() &&
        (text_[pos_] == 'e' || text_[pos_] == 'E' || text_[pos_] == ',' || text_[pos_] == '_')) {
      Fail(
          "write the number plainly, without an exponent or separators (100000, not 1e5 or "
          "100,000)");
    }
    if (pos_ < text_.size() && text_[pos_] == '%') {
      if (!Resolve(node->name).figure->rate) {
        Fail(node->name + " is no rate, so " + number + "% has no meaning; compare it with a " +
             "number (" + node->name + " " + node->op + " " + number + ")");
      }
      ++pos_;
      value /= 100;
    } else if (Resolve(node->name).figure->rate && std::fabs(value) > 1) {
      // A percentage written without its sign. Above 100% (retention can
      // exceed it) is still possible, written as a percentage.
      pos_ = start;
      Fail(node->name + " is a fraction (8% is 0.08), so " + number +
           " is out of its range; did you mean " + number + "%?");
    }
    node->threshold = value;
    return node;
  }

  std::string_view text_;
  size_t pos_ = 0;
  int depth_ = 0;  // parentheses open at pos_
  std::vector<std::string>* names_ = nullptr;
};

// Kleene logic: a comparison with a null figure is unknown, and stays
// unknown unless the other side of an and/or settles the result.
std::optional<bool> Evaluate(const Node& node, const PeriodMetrics& m,
                             const PeriodMetrics* compared) {
  if (node.kind != Node::Kind::kCompare) {
    // One operand equal to `settles` decides the whole; else any unknown
    // operand leaves it unknown.
    const bool settles = node.kind == Node::Kind::kOr;
    bool unknown = false;
    for (const auto& operand : node.operands) {
      auto v = Evaluate(*operand, m, compared);
      if (v && *v == settles) return settles;
      if (!v) unknown = true;
    }
    if (unknown) return std::nullopt;
    return !settles;
  }
  auto value = ValueOf(node.name, m, compared);
  if (!value) return std::nullopt;
  double v = *value, t = node.threshold;
  if (node.op == "<") return v < t;
  if (node.op == "<=") return v <= t;
  if (node.op == ">") return v > t;
  if (node.op == ">=") return v >= t;
  if (node.op == "==") return v == t;
  return v != t;
}

}  // namespace

const std::vector<std::string>& GateMetricNames() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> out;
    for (const Figure& f : kFigures) out.push_back(f.name);
    return out;
  }();
  return names;
}

std::optional<double> MetricValue(const PeriodMetrics& metrics, std::string_view name,
                                  const PeriodMetrics* compared) {
  if (!Resolve(name).figure)
    throw UsageError(UnknownFigure(std::string(name)) + "; use one of " + NameList());
  return ValueOf(name, metrics, compared);
}

bool Gate::compares() const {
  return std::any_of(names_.begin(), names_.end(),
                     [](const std::string& n) { return Resolve(n).side != Side::kCurrent; });
}

Gate Gate::Parse(std::string_view text) {
  Gate gate;
  gate.text_ = std::string(text);
  gate.root_ = Parser(gate.text_).Parse(&gate.names_);
  return gate;
}

std::optional<bool> Gate::Holds(const PeriodMetrics& metrics, const PeriodMetrics* compared) const {
  return Evaluate(*root_, metrics, compared);
}

std::vector<GateFailure> CheckGates(const std::vector<Gate>& gates,
                                    const std::vector<PeriodMetrics>& periods,
                                    const std::vector<PeriodMetrics>* compared) {
  std::vector<GateFailure> failures;
  for (size_t i = 0; i < periods.size(); ++i) {
    const PeriodMetrics& m = periods[i];
    const PeriodMetrics* before =
        compared != nullptr && i < compared->size() ? &(*compared)[i] : nullptr;
    for (const Gate& gate : gates) {
      auto holds = gate.Holds(m, before);
      if (holds && !*holds) continue;
      std::string values;
      for (const std::string& name : gate.names()) {
        values += (values.empty() ? "" : ", ") + name + " = " + ValueText(name, m, before);
      }
      std::string where = LabelOfRow(m.period);
      if (m.segment) where += " in segment " + *m.segment;
      failures.push_back(GateFailure{gate.text(), where, !holds.has_value(), values, m.partial, i});
    }
  }
  return failures;
}

}  // namespace retention

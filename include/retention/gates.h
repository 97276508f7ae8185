// KPI gates: rules like "churn_rate > 0.08" that fail a run when a period's
// figures cross them, for CI pipelines and cron alerts.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "retention/metrics.h"

namespace retention {

/// The figures a gate can name: every count, rate and money value of
/// PeriodMetrics under its output name (customers_start, ..., churn_rate,
/// aov, clv).
const std::vector<std::string>& GateMetricNames();

/// The value of a named figure; nullopt when it is null for this period.
/// Money is in currency units (12.5 for 12.50). A name may end in
/// _previous (the figure of `compared`, the period --compare sets beside
/// `metrics`) or _change (this period's minus that one's: points of a
/// rate as a fraction, 0.012 for +1.2 pts); both are null without
/// `compared`. Throws UsageError for an unknown name.
std::optional<double> MetricValue(const PeriodMetrics& metrics, std::string_view name,
                                  const PeriodMetrics* compared = nullptr);

/// How deep parentheses may nest in a rule.
constexpr int kMaxGateNesting = 64;

/// A parsed rule: comparisons `NAME OP NUMBER` (OP one of < <= > >= == !=;
/// NUMBER may end in % for rates: "8%" is 0.08), combined with `and`, `or`
/// and parentheses (nested at most kMaxGateNesting deep). NAME is a figure
/// of GateMetricNames, or one followed by _previous or _change
/// ("churn_rate_change > 2%": churn rose more than two points). The rule
/// *fails* the run when it holds.
class Gate {
 public:
  /// Throws UsageError pointing at the part it cannot read, or at the
  /// parenthesis that nests too deep.
  static Gate Parse(std::string_view text);

  /// The rule as written.
  const std::string& text() const { return text_; }

  /// True when the rule holds for `metrics` (the run fails), false when it
  /// does not, nullopt when that depends on a figure that is null.
  /// `compared` is the period --compare sets beside it, if any.
  std::optional<bool> Holds(const PeriodMetrics& metrics,
                            const PeriodMetrics* compared = nullptr) const;

  /// Whether the rule names a figure of the compared period (_previous or
  /// _change), which only a run with --compare has.
  bool compares() const;

  /// The names the rule mentions, in order of first use.
  const std::vector<std::string>& names() const { return names_; }

  struct Node;

 private:
  std::string text_;
  std::shared_ptr<const Node> root_;
  std::vector<std::string> names_;
};

/// A gate that failed, or could not be decided, for one period.
struct GateFailure {
  std::string gate;
  /// The period's label, and the segment's name after " in " when the
  /// figures are split by segment ("2024-Q4 in segment email").
  std::string period;
  /// False: the rule holds. True: it could not be decided (a null figure).
  bool undecided = false;
  /// The figures the rule names and their values, e.g. "churn_rate = 0.113".
  std::string values;
  /// The period is not over yet: its figures may still change.
  bool partial = false;
  /// The period's place in the periods checked.
  size_t index = 0;
};

/// Every gate against every period; `compared`, when given, holds the
/// figures each period is compared with, in the same order.
std::vector<GateFailure> CheckGates(const std::vector<Gate>& gates,
                                    const std::vector<PeriodMetrics>& periods,
                                    const std::vector<PeriodMetrics>* compared = nullptr);

}  // namespace retention

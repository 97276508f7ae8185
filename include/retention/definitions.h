// How a set of figures was computed: the settings and rules that change
// them, and a fingerprint of the inputs. Every machine-readable output
// carries them, so a number can be traced back to how it was made, and
// two outputs computed differently are never compared or merged.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace retention {

/// The version of the report's field layout. Adding fields keeps it;
/// renaming, removing or changing the meaning of one bumps it.
constexpr int kSchemaVersion = 1;

/// A rate (or ratio) and the figures it divides, by their output names.
struct RateDefinition {
  std::string rate;
  std::string numerator;
  std::string denominator;
};

/// The rates of `retention report`, in output order.
const std::vector<RateDefinition>& ReportRateDefinitions();
/// The rates of `retention cohorts`.
const std::vector<RateDefinition>& CohortRateDefinitions();
/// The counting rules every figure follows (docs/metrics.md), short
/// phrases. With `every_row_an_order` (--order-col none), "every row is
/// its own order" in the place of "order lines merged by order id": the
/// same file gives other figures, which a history must not mix.
std::vector<std::string> CountingRules(bool every_row_an_order = false);

/// One input file as read: its name as given and its size in bytes
/// (-1 for standard input or anything without a size).
struct InputFile {
  std::string name;
  int64_t bytes = -1;
};

/// How one run computed its figures.
struct Definitions {
  int schema_version = kSchemaVersion;
  std::string tool_version;
  /// The activity window ("1m", "90d"); empty with contracts (none applies).
  std::string window;
  std::string time_zone;
  std::string as_of;
  /// Gross margin for CLV, as given ("1", "0.3").
  std::string margin;
  /// CLV lifespan in periods as given; empty for the default 1 / churn_rate.
  std::string lifespan;
  /// Where activity comes from: "orders" or "subscriptions".
  std::string activity = "orders";
  /// CountingRules of the run.
  std::vector<std::string> rules = CountingRules();
  std::vector<RateDefinition> rates;
  /// --by: the column the figures are split by, as given; empty when they
  /// are not split. Which segments a row can be depends on it.
  std::string segment_column;
  /// --top: the segments kept (the rest summed as "(other)"); 0 for every
  /// segment. Meaningful only with `segment_column`.
  int top_segments = 0;
  /// The currency all money is in, when the input names one (a currency
  /// column of one currency); empty when it names none or the segments are
  /// currencies. Figures in two currencies are never one history.
  std::string currency;
  /// The inputs: files, data rows read, first and last order date (ISO
  /// days, empty without orders).
  std::vector<InputFile> files;
  int64_t rows = 0;
  std::string first_order, last_order;
};

/// The rules as one text: "refunds are not orders; ...".
std::string RulesText(const std::vector<std::string>& rules);
/// Rates as one text: "churn_rate = customers_lost / customers_start; ...".
std::string RatesText(const std::vector<RateDefinition>& rates);
/// Input files as one text: "orders.csv (123 bytes); -".
std::string InputFilesText(const std::vector<InputFile>& files);

/// The settings two sets of figures must share to be compared or merged,
/// by name, in a fixed order: schema_version, window, time_zone, margin,
/// lifespan, activity, rules, rates, and for figures split by segment
/// segment_column and top_segments. Not the as-of day, tool version or
/// inputs: those may differ between comparable runs.
using Settings = std::vector<std::pair<std::string, std::string>>;
Settings SettingsOf(const Definitions& definitions);
/// The value of setting `name` in `settings`, or null when not recorded.
const std::string* FindSetting(const Settings& settings, const std::string& name);

/// A setting older outputs do not record (segment_column, top_segments,
/// currency, recorded since they were added) or that only some inputs
/// have (currency): compared only when both sides record it, so a history
/// written before still takes runs; except that figures whose currency is
/// recorded are never merged with ones whose currency is not
/// (CompareSettings).
bool SettingMayBeUnrecorded(const std::string& name);

/// A setting that differs; `had` or `now` is "(not recorded)" when one
/// side lacks it.
struct SettingDifference {
  std::string name;
  std::string had;
  std::string now;
};

/// Every setting of `now` whose value differs from (or is missing in) `had`,
/// and every setting `had` records that `now` lacks; a setting
/// SettingMayBeUnrecorded is missing on one side is no difference, but for
/// a currency `had` records and `now` lacks (money of no known currency
/// would join money of a known one). The rates compare in any order (a
/// JSON tool may sort their keys).
std::vector<SettingDifference> CompareSettings(const Settings& had, const Settings& now);

}  // namespace retention

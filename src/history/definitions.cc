#include "retention/definitions.h"

#include <algorithm>
#include <optional>

#include "base/text.h"
#include "history/figure_text.h"
#include "retention/dates.h"
#include "retention/money.h"

namespace retention {

const std::vector<RateDefinition>& ReportRateDefinitions() {
  static const std::vector<RateDefinition> rates = {
      {"churn_rate", "customers_lost", "customers_start"},
      {"retention_rate", "customers_end - customers_new", "customers_start"},
      {"repeat_rate", "customers_repeat", "customers_active"},
      {"returning_rate", "customers_returning", "customers_active"},
      {"purchase_frequency", "orders", "customers_active"},
      {"aov", "revenue", "orders"},
  };
  return rates;
}

const std::vector<RateDefinition>& CohortRateDefinitions() {
  static const std::vector<RateDefinition> rates = {
      {"retention", "customers_active", "size"},
      {"revenue_retention", "revenue", "revenue at offset 0"},
      {"cumulative_revenue_per_customer", "revenue from offset 0 through this one", "size"},
  };
  return rates;
}

std::vector<std::string> CountingRules(bool every_row_an_order) {
  return {
      "refunds are not orders",
      every_row_an_order ? "every row is its own order" : "order lines merged by order id",
      "new means first order ever",
  };
}

std::string RulesText(const std::vector<std::string>& rules) {
  std::string out;
  for (const std::string& rule : rules) out += (out.empty() ? "" : "; ") + rule;
  return out;
}

std::string RatesText(const std::vector<RateDefinition>& rates) {
  std::string out;
  for (const RateDefinition& r : rates) {
    // A numerator of several terms is parenthesized so the text reads right.
    bool compound = r.numerator.find(' ') != std::string::npos;
    out += (out.empty() ? "" : "; ") + r.rate + " = " + (compound ? "(" : "") + r.numerator +
           (compound ? ")" : "") + " / " + r.denominator;
  }
  return out;
}

std::string InputFilesText(const std::vector<InputFile>& files) {
  std::string out;
  for (const InputFile& f : files) {
    out += (out.empty() ? "" : "; ") + f.name;
    if (f.bytes >= 0) out += " (" + std::to_string(f.bytes) + " bytes)";
  }
  return out;
}

namespace {

// "b; a" as {"a", "b"}: the parts of a text RatesText wrote, in any order.
std::vector<std::string> SortedParts(const std::string& text) {
  std::vector<std::string> parts;
  for (size_t from = 0;;) {
    const size_t to = text.find("; ", from);
    parts.push_back(text.substr(from, to - from));
    if (to == std::string::npos) break;
    from = to + 2;
  }
  std::sort(parts.begin(), parts.end());
  return parts;
}

}  // namespace

Settings SettingsOf(const Definitions& d) {
  Settings s = {
      {"schema_version", std::to_string(d.schema_version)},
      {"window", d.window},
      {"time_zone", d.time_zone},
      {"margin", d.margin},
      {"lifespan", d.lifespan},
      {"activity", d.activity},
      {"rules", RulesText(d.rules)},
      {"rates", RatesText(d.rates)},
  };
  // Which segments a row can be: two histories split otherwise hold rows
  // that overlap ("(other)" of --top 1 holds the second of --top 2).
  if (!d.segment_column.empty()) {
    s.emplace_back("segment_column", d.segment_column);
    s.emplace_back("top_segments", std::to_string(d.top_segments));
  }
  if (!d.currency.empty()) s.emplace_back("currency", d.currency);
  return s;
}

bool SettingMayBeUnrecorded(const std::string& name) {
  return name == "segment_column" || name == "top_segments" || name == "currency";
}

const std::string* FindSetting(const Settings& settings, const std::string& name) {
  for (auto& [key, value] : settings) {
    if (key == name) return &value;
  }
  return nullptr;
}

std::vector<SettingDifference> CompareSettings(const Settings& had, const Settings& now) {
  constexpr const char* kMissing = "(not recorded)";
  std::vector<SettingDifference> out;
  // One zone under two names (UTC and Etc/UTC) is no difference, nor one
  // number written two ways (a spreadsheet's margin 1.00 for 1).
  auto same = [](const std::string& name, const std::string& a, const std::string& b) {
    if (name == "time_zone") return TimeZone::SameZoneName(a, b);
    if (a == b) return true;
    if (name == "rates") return SortedParts(a) == SortedParts(b);
    // "usd" and "USD"; "€" (as older versions recorded a symbol) and "EUR".
    if (name == "currency") {
      return EqualsIgnoreCase(a, b) ||
             (!CurrencyCodeOf(a).empty() && CurrencyCodeOf(a) == CurrencyCodeOf(b));
    }
    if (name != "margin" && name != "lifespan") return false;
    const std::optional<double> x = ReadNonNegative(a), y = ReadNonNegative(b);
    return x && y && *x == *y;
  };
  for (auto& [name, value] : now) {
    const std::string* old = FindSetting(had, name);
    if (!old) {
      if (!SettingMayBeUnrecorded(name)) out.push_back({name, kMissing, value});
    } else if (!same(name, *old, value)) {
      out.push_back({name, *old, value});
    }
  }
  for (auto& [name, value] : had) {
    if (!FindSetting(now, name) && (name == "currency" || !SettingMayBeUnrecorded(name))) {
      out.push_back({name, value, kMissing});
    }
  }
  return out;
}

}  // namespace retention

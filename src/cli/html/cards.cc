// KPI cards: every headline figure of the latest period with its value,
// its change against the period before and whether that change is good.
#include "cli/html/cards.h"

#include <fmt/format.h>

#include <cmath>
#include <optional>

#include "cli/html/page.h"
#include "cli/print/text_format.h"

namespace retention::html {
namespace {

struct Figure {
  const char* key;    // JSON name, the data-metric hook
  const char* label;  // card and table label
  Kind kind;
  bool higher_is_better;
};

std::optional<double> ValueOf(const PeriodMetrics& m, const std::string& key) {
  auto money = [](const std::optional<Money>& x) -> std::optional<double> {
    if (!x) return std::nullopt;
    return static_cast<double>(x->units) / kMoneyScale;
  };
  bool order_based = key == "customers_active" || key == "orders" || key == "revenue";
  if (order_based && !m.has_orders) return std::nullopt;
  if (key == "customers_start") return static_cast<double>(m.customers_start);
  if (key == "customers_end") return static_cast<double>(m.customers_end);
  if (key == "customers_new") return static_cast<double>(m.customers_new);
  if (key == "customers_lost") return static_cast<double>(m.customers_lost);
  if (key == "customers_reactivated") return static_cast<double>(m.customers_reactivated);
  if (key == "customers_active") return static_cast<double>(m.customers_active);
  if (key == "orders") return static_cast<double>(m.orders);
  if (key == "revenue") return money(m.revenue);
  if (key == "churn_rate") return m.churn_rate;
  if (key == "retention_rate") return m.retention_rate;
  if (key == "repeat_rate") return m.repeat_rate;
  if (key == "returning_rate") return m.returning_rate;
  if (key == "aov") return money(m.aov);
  if (key == "clv") return money(m.clv);
  return std::nullopt;
}

std::optional<Money> MoneyOf(const PeriodMetrics& m, const std::string& key) {
  if (key == "revenue") return m.has_orders ? std::optional<Money>(m.revenue) : std::nullopt;
  if (key == "aov") return m.aov;
  if (key == "clv") return m.clv;
  return std::nullopt;
}

std::string ValueText(const PeriodMetrics& m, const Figure& f) {
  switch (f.kind) {
    case Kind::kCount: {
      std::optional<double> v = ValueOf(m, f.key);
      return v ? Count(static_cast<int64_t>(*v)) : kNull;
    }
    case Kind::kRate:
      return Percent(ValueOf(m, f.key));
    case Kind::kMoney:
      return MoneyText(MoneyOf(m, f.key));
  }
  return kNull;
}

// "▲ +12 (+9.4%) · better": arrow, signed change and a word, so that the
// colour is never the only cue.
std::string DeltaHtml(const PeriodMetrics& cur, const PeriodMetrics& prev, const Figure& f) {
  std::optional<double> a = ValueOf(cur, f.key), b = ValueOf(prev, f.key);
  std::string was =
      "<p class=\"was\">" + Esc(prev.period.label) + ": " + Esc(ValueText(prev, f)) + "</p>";
  if (!a || !b) {
    return "<p class=\"delta flat\">no comparison (n/a)</p>" + was;
  }
  int direction = 0;
  // Changes under half a point (rates) or half a percent are "steady".
  bool steady = false;
  std::string change;
  if (f.kind == Kind::kRate) {
    double pp = (*a - *b) * 100;
    change = fmt::format("{:+.1f}", pp);
    if (change == "+0.0" || change == "-0.0") {
      change.clear();
    } else {
      direction = pp > 0 ? 1 : -1;
      steady = std::fabs(pp) < 0.5;
      change += " <abbr title=\"percentage points\">pp</abbr>";
    }
  } else {
    std::string relative;
    if (*b != 0) {
      double pct = (*a - *b) / std::fabs(*b) * 100;
      relative = fmt::format(" ({:+.1f}%)", pct);
      steady = std::fabs(pct) < 0.5;
    }
    if (f.kind == Kind::kCount) {
      int64_t d = static_cast<int64_t>(*a) - static_cast<int64_t>(*b);
      direction = d > 0 ? 1 : d < 0 ? -1 : 0;
      change = direction ? (d > 0 ? "+" : "") + Count(d) + relative : "";
    } else {
      Money d{MoneyOf(cur, f.key)->units - MoneyOf(prev, f.key)->units};
      std::string text = MoneyText(d);
      direction = text == "0.00" || text == "-0.00" ? 0 : d.units > 0 ? 1 : -1;
      change = direction ? (d.units > 0 ? "+" : "") + text + relative : "";
    }
  }
  if (direction == 0) {
    return "<p class=\"delta flat\"><span aria-hidden=\"true\">&#9679;</span> no change</p>" + was;
  }
  bool good = (direction > 0) == f.higher_is_better;
  return fmt::format(
             "<p class=\"delta {}\"><span aria-hidden=\"true\">{}</span> {} &middot; <span "
             "class=\"judge\">{}</span></p>",
             steady ? "flat"
             : good ? "good"
                    : "bad",
             direction > 0 ? "&#9650;" : "&#9660;", change,
             steady ? "steady"
             : good ? "better"
                    : "worse") +
         was;
}

std::string Card(const PeriodMetrics& m, const PeriodMetrics* prev, const Figure& f) {
  std::string out = fmt::format(
      "<div class=\"card\"><div class=\"label\">{}</div><div class=\"value\"><span "
      "data-metric=\"{}\">{}</span></div>",
      Esc(f.label), f.key, Esc(ValueText(m, f)));
  if (prev) out += DeltaHtml(m, *prev, f);
  return out + "</div>\n";
}

const Figure kPrimary[] = {
    {"customers_end", "Customers at end", Kind::kCount, true},
    {"churn_rate", "Churn rate", Kind::kRate, false},
    {"retention_rate", "Retention rate", Kind::kRate, true},
    {"revenue", "Revenue", Kind::kMoney, true},
};
const Figure kSecondary[] = {
    {"customers_start", "Customers at start", Kind::kCount, true},
    {"customers_new", "New", Kind::kCount, true},
    {"customers_lost", "Lost", Kind::kCount, false},
    {"customers_reactivated", "Reactivated", Kind::kCount, true},
    {"repeat_rate", "Repeat rate", Kind::kRate, true},
    {"orders", "Orders", Kind::kCount, true},
    {"aov", "Average order value", Kind::kMoney, true},
    {"clv", "Customer lifetime value", Kind::kMoney, true},
};

}  // namespace

std::string Cards(const PeriodMetrics& m, const PeriodMetrics* prev) {
  std::string out = "<div class=\"cards primary\">\n";
  for (const Figure& f : kPrimary) out += Card(m, prev, f);
  out += "</div>\n<div class=\"cards secondary\">\n";
  for (const Figure& f : kSecondary) out += Card(m, prev, f);
  return out + "</div>\n";
}

}  // namespace retention::html

#include "cli/print/report_fields.h"

#include <fmt/format.h>

#include "cli/print/printers.h"

namespace retention {

std::vector<std::pair<std::string, FieldValue>> ReportFields(const PeriodMetrics& m,
                                                             bool segmented) {
  auto integer = [](int64_t v) { return FieldValue{std::to_string(v)}; };
  auto rate = [](const std::optional<double>& v) {
    return v ? FieldValue{fmt::format("{}", *v)} : FieldValue{"", true};
  };
  auto money = [](const std::optional<Money>& v) {
    return v ? FieldValue{FormatMoneyExact(*v, 2)} : FieldValue{"", true};
  };
  auto text = [](std::string v) { return FieldValue{std::move(v), false, true}; };
  // Without order data the order figures are unknown, not zero.
  auto order_count = [&](int64_t v) { return m.has_orders ? integer(v) : FieldValue{"", true}; };
  bool contracts = m.activity == ActivitySource::kSubscriptions;
  std::vector<std::pair<std::string, FieldValue>> fields;
  if (segmented) {
    fields.push_back({"segment", m.segment ? text(*m.segment) : FieldValue{"", true}});
  }
  std::vector<std::pair<std::string, FieldValue>> figures = {
      {"period", text(m.period.label)},
      {"start", text(FormatDate(m.period.start))},
      {"end", text(FormatDate(m.period.end))},
      {"partial", FieldValue{m.partial ? "true" : "false"}},
      {"window", contracts ? FieldValue{"", true} : text(FormatWindow(m.window))},
      {"customers_start", integer(m.customers_start)},
      {"customers_end", integer(m.customers_end)},
      {"customers_new", integer(m.customers_new)},
      {"customers_lost", integer(m.customers_lost)},
      {"customers_reactivated", integer(m.customers_reactivated)},
      {"customers_active", order_count(m.customers_active)},
      {"customers_repeat", order_count(m.customers_repeat)},
      {"customers_returning", order_count(m.customers_returning)},
      {"orders", order_count(m.orders)},
      {"revenue", m.has_orders ? money(m.revenue) : FieldValue{"", true}},
      {"churn_rate", rate(m.churn_rate)},
      {"retention_rate", rate(m.retention_rate)},
      {"repeat_rate", rate(m.repeat_rate)},
      {"returning_rate", rate(m.returning_rate)},
      {"purchase_frequency", rate(m.purchase_frequency)},
      {"aov", money(m.aov)},
      {"clv", money(m.clv)},
      {"clv_lifespan", rate(m.lifespan)},
  };
  fields.insert(fields.end(), figures.begin(), figures.end());
  return fields;
}

std::vector<std::string> ReportFieldNames(bool segmented) {
  std::vector<std::string> out;
  for (auto& [name, value] : ReportFields(PeriodMetrics{}, segmented)) out.push_back(name);
  return out;
}

}  // namespace retention

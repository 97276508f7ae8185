#include "cli/print/report_fields.h"

#include <fmt/format.h>

#include <cmath>
#include <cstdlib>

#include "cli/print/print_definitions.h"
#include "cli/print/printers.h"
#include "cli/print/text_format.h"
#include "retention/compare.h"
#include "retention/error.h"

namespace retention {
namespace {

FieldValue Null(FigureKind kind) { return FieldValue{"", true, false, kind}; }
FieldValue Integer(int64_t v) {
  return FieldValue{std::to_string(v), false, false, FigureKind::kCount};
}
FieldValue Number(const std::optional<double>& v, FigureKind kind) {
  return v ? FieldValue{fmt::format("{}", *v), false, false, kind} : Null(kind);
}
FieldValue Amount(const std::optional<Money>& v) {
  return v ? FieldValue{FormatMoneyExact(*v, 2), false, false, FigureKind::kMoney}
           : Null(FigureKind::kMoney);
}
FieldValue Text(std::string v) { return FieldValue{std::move(v), false, true, FigureKind::kNone}; }

// A figure as a number, for differences; counts and money stay exact.
struct Figure {
  FigureKind kind = FigureKind::kNone;
  bool is_null = false;
  int64_t count = 0;
  double number = 0;
  Money money;
};

Figure NullFigure(FigureKind kind) {
  Figure f;
  f.kind = kind;
  f.is_null = true;
  return f;
}

std::vector<std::pair<std::string, Figure>> Figures(const PeriodMetrics& m) {
  auto count = [](int64_t v) {
    Figure f;
    f.kind = FigureKind::kCount;
    f.count = v;
    return f;
  };
  auto order_count = [&](int64_t v) {
    return m.has_orders ? count(v) : NullFigure(FigureKind::kCount);
  };
  auto number = [](const std::optional<double>& v, FigureKind kind) {
    Figure f = NullFigure(kind);
    f.is_null = !v;
    f.number = v.value_or(0);
    return f;
  };
  auto money = [](const std::optional<Money>& v) {
    Figure f = NullFigure(FigureKind::kMoney);
    f.is_null = !v;
    f.money = v.value_or(Money{});
    return f;
  };
  return {
      {"customers_start", count(m.customers_start)},
      {"customers_end", count(m.customers_end)},
      {"customers_new", count(m.customers_new)},
      {"customers_lost", count(m.customers_lost)},
      {"customers_reactivated", count(m.customers_reactivated)},
      {"customers_active", order_count(m.customers_active)},
      {"customers_repeat", order_count(m.customers_repeat)},
      {"customers_returning", order_count(m.customers_returning)},
      {"orders", order_count(m.orders)},
      {"revenue", m.has_orders ? money(m.revenue) : NullFigure(FigureKind::kMoney)},
      {"churn_rate", number(m.churn_rate, FigureKind::kRate)},
      {"retention_rate", number(m.retention_rate, FigureKind::kRate)},
      {"repeat_rate", number(m.repeat_rate, FigureKind::kRate)},
      {"returning_rate", number(m.returning_rate, FigureKind::kRate)},
      {"purchase_frequency", number(m.purchase_frequency, FigureKind::kRatio)},
      {"aov", money(m.aov)},
      {"clv", money(m.clv)},
      {"clv_lifespan", number(m.lifespan, FigureKind::kRatio)},
  };
}

FieldValue AsField(const Figure& f) {
  if (f.is_null) return Null(f.kind);
  switch (f.kind) {
    case FigureKind::kCount:
      return Integer(f.count);
    case FigureKind::kMoney:
      return Amount(f.money);
    default:
      return Number(f.number, f.kind);
  }
}

// current - previous: money and counts exactly, others as RateChange.
FieldValue Change(const Figure& current, const Figure& previous) {
  FieldValue out = Null(current.kind);
  if (!current.is_null && !previous.is_null) {
    switch (current.kind) {
      case FigureKind::kCount:
        out = Integer(current.count - previous.count);
        break;
      case FigureKind::kMoney:
        out = Amount(Money{current.money.units - previous.money.units});
        break;
      default:
        out = Number(RateChange(current.number, previous.number), current.kind);
    }
  }
  out.is_change = true;
  return out;
}

}  // namespace

Fields ReportFields(const PeriodMetrics& m, bool segmented) {
  bool contracts = m.activity == ActivitySource::kSubscriptions;
  Fields fields;
  if (segmented)
    fields.push_back({"segment", m.segment ? Text(*m.segment) : Null(FigureKind::kNone)});
  fields.push_back({"period", Text(m.period.label)});
  fields.push_back({"start", Text(FormatDate(m.period.start))});
  fields.push_back({"end", Text(FormatDate(m.period.end))});
  fields.push_back(
      {"partial", FieldValue{m.partial ? "true" : "false", false, false, FigureKind::kNone}});
  fields.push_back({"window", contracts ? Null(FigureKind::kNone) : Text(FormatWindow(m.window))});
  for (auto& [name, figure] : Figures(m)) fields.push_back({name, AsField(figure)});
  return fields;
}

Fields ComparisonFields(const PeriodMetrics& current, const PeriodMetrics& previous,
                        CivilDate through) {
  Fields fields = {
      {"previous_period", Text(previous.period.label)},
      {"previous_start", Text(FormatDate(previous.period.start))},
      {"previous_end", Text(FormatDate(previous.period.end))},
      {"previous_through", Text(FormatDate(through))},
  };
  auto now = Figures(current);
  auto before = Figures(previous);
  for (size_t i = 0; i < now.size(); ++i) {
    fields.push_back({now[i].first + "_previous", AsField(before[i].second)});
    fields.push_back({now[i].first + "_change", Change(now[i].second, before[i].second)});
  }
  return fields;
}

Fields ReportColumns(const std::vector<PeriodMetrics>& periods, size_t i, const ReportInfo& info,
                     bool with_definitions) {
  Fields fields = ReportFields(periods[i], info.segmented);
  if (info.compare) {
    Fields compared = ComparisonFields(periods[i], info.compared.at(i),
                                       ComparedThrough(periods[i], *info.compare, info.as_of));
    fields.insert(fields.end(), compared.begin(), compared.end());
  }
  const std::string* row_as_of = info.row_as_of.empty() ? nullptr : &info.row_as_of.at(i);
  if (row_as_of && !(with_definitions && info.definitions))
    fields.push_back({"as_of", Text(*row_as_of)});
  if (with_definitions && info.definitions) {
    for (auto [name, value] : DefinitionColumns(*info.definitions)) {
      if (name == "as_of" && row_as_of) value = *row_as_of;
      // Counts and numbers stay numbers in NDJSON.
      bool numeric = name == "schema_version" || name == "input_rows" || name == "margin" ||
                     name == "lifespan" || name == "top_segments";
      if (!numeric) {
        fields.push_back({name, Text(value)});
      } else {
        fields.push_back({name, value.empty()
                                    ? Null(FigureKind::kRatio)
                                    : FieldValue{value, false, false, FigureKind::kRatio}});
      }
    }
  }
  if (info.columns.empty()) return fields;
  Fields chosen;
  for (const std::string& name : info.columns) {
    for (auto& field : fields) {
      if (field.first == name) chosen.push_back(field);
    }
  }
  return chosen;
}

std::string ColumnForPeople(const std::string& name, const FieldValue& value) {
  if (name == "segment") {
    return SegmentLabel(value.is_null ? std::nullopt : std::optional<std::string>(value.text));
  }
  return TextForPeople(value);
}

std::string TextForPeople(const FieldValue& value) {
  if (value.is_null) return kNull;
  if (value.kind == FigureKind::kNone) return EscapeControls(value.text);
  if (value.kind == FigureKind::kCount) {
    bool positive = value.is_change && value.text != "0" && value.text.front() != '-';
    return (positive ? "+" : "") + value.text;
  }
  if (value.kind == FigureKind::kMoney) {
    std::optional<Money> money = ParseMoneyFigure(value.text);
    if (!money) return EscapeControls(value.text);
    if (!value.is_change) return MoneyText(*money);
    std::string sign = money->units > 0 ? "+" : money->units < 0 ? "-" : "";
    return sign + MoneyText(Money{money->units < 0 ? -money->units : money->units});
  }
  double number = std::strtod(value.text.c_str(), nullptr);
  if (value.kind == FigureKind::kRate) {
    // Half away from zero, as the values beside it: -6.25 pts is -6.3.
    return value.is_change ? fmt::format("{:+.1f} pts", RoundHalfAway(number * 100, 1))
                           : Percent(number);
  }
  return value.is_change ? fmt::format("{:+.2f}", RoundHalfAway(number, 2)) : Decimal(number);
}

std::string RowAsOf(const ReportInfo& info, size_t i) {
  return info.row_as_of.empty() ? FormatDate(info.as_of) : info.row_as_of.at(i);
}

std::string PartialNote(const std::vector<PeriodMetrics>& periods, const ReportInfo& info) {
  std::vector<std::string> days, rows;  // rows: "2024-03 as of 2024-03-20"
  for (size_t i = 0; i < periods.size(); ++i) {
    if (!periods[i].partial) continue;
    const std::string day = RowAsOf(info, i);
    if (std::find(days.begin(), days.end(), day) == days.end()) days.push_back(day);
    const std::string row = LabelOfRow(periods[i].period) + " as of " + day;
    if (std::find(rows.begin(), rows.end(), row) == rows.end()) rows.push_back(row);
  }
  if (days.empty()) return "";
  if (days.size() == 1) {
    return "the period is not over on " + days.front() +
           " (--as-of); its figures will still change.";
  }
  constexpr size_t kNamed = 5;
  std::string named;
  for (size_t i = 0; i < rows.size() && i < kNamed; ++i) named += (i ? ", " : "") + rows[i];
  if (rows.size() > kNamed) named += fmt::format(" and {} more", rows.size() - kNamed);
  return "the period was not over on the day its row was computed (" + named +
         "); its figures may have changed since.";
}

FieldValue FieldNamed(const Fields& fields, const std::string& name) {
  for (auto& [key, value] : fields) {
    if (key == name) return value;
  }
  return Null(FigureKind::kNone);
}

std::vector<std::string> ReportFieldNames(bool segmented) {
  std::vector<std::string> out;
  for (auto& [name, value] : ReportFields(PeriodMetrics{}, segmented)) out.push_back(name);
  return out;
}

std::vector<std::string> AllReportColumnNames(const ReportInfo& info, bool with_definitions) {
  ReportInfo all = info;
  all.columns.clear();
  std::vector<PeriodMetrics> one(1);
  all.compared.assign(1, PeriodMetrics{});
  std::vector<std::string> names;
  for (auto& [name, value] : ReportColumns(one, 0, all, with_definitions)) names.push_back(name);
  return names;
}

}  // namespace retention

// `retention clv`: its flags, and the flow from files to the fitted models,
// the predictions and the printers.
#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <cctype>
#include <cmath>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "base/closest_name.h"
#include "base/text.h"
#include "cli/command.h"
#include "cli/input_flags.h"
#include "cli/notices.h"
#include "cli/output_flags.h"
#include "cli/print/print_clv.h"
#include "cli/print/printers.h"
#include "cli/run_definitions.h"
#include "retention/clv.h"
#include "retention/error.h"
#include "retention/load.h"
#include "retention/period.h"
#include "retention/segments.h"

namespace retention {
namespace {

struct ClvFlags {
  InputFlags input;
  std::string as_of, calibration_end, holdout_end;
  std::string time_unit = "week", horizon = "12m";
  double margin = 1.0, discount_rate = 0.0;
  std::optional<int> top;  // the table and page show 10 unless given
  std::string by;
  std::string format, output, title;
};

// "90d", "26w", "12m", "1y" as days; months and years at their average
// Gregorian length, so a horizon is the same number of days in any season.
// `*canonical` is the horizon as every output writes it ("90d" for "90 D").
double HorizonDays(const std::string& text, std::string* canonical) {
  Window w;
  try {
    w = ParseWindow(text);
  } catch (const UsageError&) {
    // "0d" has the form: say what is wrong with it.
    const size_t digits = text.find_first_not_of("0123456789");
    if (!text.empty() && digits != 0 && digits < text.size() &&
        std::isalpha(static_cast<unsigned char>(text[digits])) &&
        text.find_first_not_of('0') >= digits) {
      throw UsageError("--horizon must be longer than 0 days; got \"" + text + "\"");
    }
    throw UsageError(
        "--horizon takes a duration, a count of 1 to 10000 and a unit: 90d, 26w, 12m or 1y; got "
        "\"" +
        text + "\"");
  }
  double per = 1;
  switch (w.unit) {
    case Unit::kDay:
      per = 1;
      break;
    case Unit::kWeek:
      per = 7;
      break;
    case Unit::kMonth:
      per = 365.25 / 12;
      break;
    case Unit::kQuarter:
      per = 365.25 / 4;
      break;
    case Unit::kYear:
      per = 365.25;
      break;
  }
  double days = per * w.count;
  if (!(days > 0)) throw UsageError("--horizon must be longer than 0 days; got \"" + text + "\"");
  *canonical = FormatWindow(w);
  return days;
}

CivilDate DateFlag(const std::string& flag, const std::string& text) {
  auto date = ParseIsoDate(text);
  if (!date) throw UsageError(flag + " takes a date like 2024-03-31; got \"" + text + "\"");
  return *date;
}

int RunClv(const ClvFlags& f) {
  CheckOutputPath(f.output, f.input.files);
  LoadOptions load = ToLoadOptions(f.input);
  auto unit = ParseTimeUnit(f.time_unit);
  if (!unit) {
    const std::vector<std::string> units = {"day", "week", "month"};
    throw UsageError("--time-unit takes " + ListWithOr(units) + "; got \"" + f.time_unit + "\"" +
                     DidYouMean(f.time_unit, units));
  }
  ClvOptions options;
  std::string horizon;
  options.horizon_days = HorizonDays(f.horizon, &horizon);
  if (!(f.margin > 0 && f.margin <= 1)) {
    throw UsageError("--margin is a fraction of spend, above 0 and at most 1 (e.g. 0.3 or 30%)");
  }
  options.margin = f.margin;
  // A rate of 100% a year or more is a percentage written as a number.
  if (!(f.discount_rate >= 0 && f.discount_rate < 1)) {
    throw UsageError(fmt::format(
        "--discount-rate is an annual rate, at least 0 and below 1 (0.1 or 10% for ten "
        "percent); got {}{}",
        // 1 is also what "100%" reads as: no guess at 1% then.
        f.discount_rate == 1 ? std::string("1 (100%)") : fmt::format("{}", f.discount_rate),
        f.discount_rate > 1 && f.discount_rate <= 100
            ? fmt::format(" (100% or more a year); if {}% a year is meant, write {} "
                          "or {}%",
                          f.discount_rate, f.discount_rate / 100, f.discount_rate)
            : ""));
  }
  options.annual_discount_rate = f.discount_rate;
  options.threads = f.input.threads;
  if (f.top && *f.top < 0) throw UsageError("--top takes a number of customers, 0 for all");
  OutputFormat format = ChooseFormat(f.format, f.output);
  CheckTitle(f.title, format);
  std::optional<CivilDate> as_of;
  if (!f.as_of.empty()) as_of = ParseAsOf(f.as_of);
  std::optional<CivilDate> calibration_end;
  if (!f.calibration_end.empty())
    calibration_end = DateFlag("--calibration-end", f.calibration_end);
  std::optional<CivilDate> holdout_end;
  if (!f.holdout_end.empty()) holdout_end = DateFlag("--holdout-end", f.holdout_end);
  // The calibration end would default to the last day known, leaving the
  // holdout nothing to check.
  if (holdout_end && !calibration_end) {
    throw UsageError(
        "--holdout-end needs --calibration-end: the models learn up to that day and "
        "are checked from there to the holdout end");
  }
  if (calibration_end && holdout_end && !(*calibration_end < *holdout_end)) {
    throw UsageError("--holdout-end (" + f.holdout_end + ") must come after --calibration-end (" +
                     f.calibration_end + ")");
  }
  // Dates that contradict --as-of need no data to be refused: before a
  // large file is read.
  for (const auto& [flag, day] :
       {std::pair{"--calibration-end", calibration_end}, std::pair{"--holdout-end", holdout_end}}) {
    if (as_of && day && *as_of < *day) {
      throw UsageError(fmt::format("{} ({}) is after --as-of ({}): nothing after that day is known",
                                   flag, FormatDate(*day), FormatDate(*as_of)));
    }
  }
  load.columns.segment = f.by;
  load.known_until = as_of;
  OrderTable table = LoadOrders(f.input.files, load);
  WarnAboutInput(table);
  if (table.order_count() == 0) {
    RequireOrders(table);  // refunds alone: says so
    throw DataError({},
                    "no orders in " + NameInputs(f.input.files) + ": the models need purchases");
  }

  RfmOptions rfm;
  rfm.unit = *unit;
  rfm.holdout_end = holdout_end;
  // Default calibration end: --as-of, else today or the last day of the
  // data, whichever comes first (old data would otherwise look abandoned).
  CivilDate last_day = DateFromTime(table.stats.last_time);
  CivilDate today = ParseAsOf("");
  // What is known ends at --as-of, else on the data's last day (or today):
  // a calibration or holdout end after it would count days nobody has
  // seen yet as days without purchases, and every customer would look
  // like leaving.
  const CivilDate known = as_of ? *as_of : (last_day < today ? last_day : today);
  auto require_past = [&](const char* flag, CivilDate day) {
    if (today < day) {
      throw UsageError(fmt::format(
          "{} ({}) is after today ({}): the days until then would count as days without "
          "purchases; give a day up to today",
          flag, FormatDate(day), FormatDate(today)));
    }
  };
  auto require_known = [&](const char* flag, CivilDate day) {
    if (!(known < day)) return;
    require_past(flag, day);
    if (as_of) {
      throw UsageError(fmt::format("{} ({}) is after --as-of ({}): nothing after that day is known",
                                   flag, FormatDate(day), FormatDate(*as_of)));
    }
    // Not after today (require_past): so `known` is the data's last day.
    throw DataError({},
                    fmt::format("{} {} is after the last day of the data ({}), so the days "
                                "between would count as days without purchases; give an "
                                "earlier {}, or --as-of {} if the data are complete through "
                                "that day",
                                flag, FormatDate(day), FormatDate(known), flag, FormatDate(day)));
  };
  if (as_of) {
    require_past("--as-of", *as_of);
    NoteRowsAfter(table, *as_of);
    rfm.known_until = as_of;
  }
  if (calibration_end) require_known("--calibration-end", *calibration_end);
  if (holdout_end) require_known("--holdout-end", *holdout_end);
  rfm.calibration_end = calibration_end ? *calibration_end : known;
  if (holdout_end && !(rfm.calibration_end < *holdout_end)) {
    throw UsageError("--holdout-end (" + f.holdout_end + ") must come after the calibration end (" +
                     FormatDate(rfm.calibration_end) + ")");
  }

  std::vector<ClvModel> models;
  // Segments that are currencies have no all-customers model: it would
  // add yen to dollars (report leaves that total out too).
  const bool pooled = !table.stats.segments_are_currencies;
  if (pooled) models.push_back(ComputeClv(table, rfm, options));
  std::vector<ClvReportInfo::SkippedSegment> skipped;
  std::vector<OrderTable> parts;
  std::vector<SegmentGroup> groups;
  if (!f.by.empty()) {
    groups = GroupSegments(table, 0);
    parts = SplitByGroup(table, groups);
    for (size_t g = 0; g < groups.size(); ++g) {
      try {
        models.push_back(ComputeClv(parts[g], rfm, options));
      } catch (const DataError& e) {
        if (f.input.strict) {
          throw DataError(Location{}, "segment " + groups[g].name + ": no model: " + e.message() +
                                          "; --strict makes this an error");
        }
        // One small segment must not stop the others: say which and why.
        Notice(fmt::format("warning: segment {}: no model: {}", groups[g].name, e.message()));
        skipped.push_back({groups[g].name, e.message()});
        continue;
      }
      models.back().segment = groups[g].name;
    }
  }
  std::vector<ClvSection> sections;
  if (pooled) sections.push_back({&models[0], &table});
  for (size_t i = pooled ? 1 : 0, g = 0; i < models.size(); ++i, ++g) {
    while (groups[g].name != *models[i].segment) ++g;
    sections.push_back({&models[i], &parts[g]});
  }
  if (sections.empty()) {
    std::string why;
    for (const auto& s : skipped) why += "; " + s.name + ": " + s.reason;
    throw DataError({}, "no currency has enough data for a model" + EscapeControls(why));
  }
  for (const ClvSection& s : sections) {
    for (const std::string& note : ClvNotes(s)) {
      Notice(fmt::format("note{}: {}",
                         s.model->segment ? " (segment " + *s.model->segment + ")" : "", note));
    }
  }

  ClvReportInfo info;
  info.horizon_text = horizon;
  info.horizon_days = options.horizon_days;
  info.margin = options.margin;
  info.annual_discount_rate = options.annual_discount_rate;
  info.top = f.top.value_or(10);
  info.file_top = f.top.value_or(0);
  info.time_zone = load.time_zone.name();
  info.segment_column = SegmentColumnOf(table, f.by);
  info.skipped_segments = std::move(skipped);
  info.pooled = pooled;
  info.threads = f.input.threads;
  switch (format) {
    case OutputFormat::kTable:
      WriteOutput(f.output, FormatClvTable(sections, info));
      break;
    // Every customer, a million lines or more: written as it is formatted.
    case OutputFormat::kJson:
      WriteOutput(f.output, [&](const TextSink& sink) { WriteClvJson(sections, info, sink); });
      break;
    case OutputFormat::kCsv:
      WriteOutput(f.output, [&](const TextSink& sink) { WriteClvCsv(sections, info, sink); });
      break;
    default:  // not among ChooseFormat's choices here
      throw UsageError("clv writes table, json, csv or html");
    case OutputFormat::kHtml:
      WriteOutput(
          f.output,
          FormatClvHtml(sections, info,
                        f.title.empty() ? PageTitle("Predictive CLV", f.input.files) : f.title));
      break;
  }
  return kExitOk;
}

}  // namespace

Command AddClvCommand(CLI::App* parent) {
  auto flags = std::make_shared<ClvFlags>();
  CLI::App* clv = parent->add_subcommand(
      "clv",
      "Predictive CLV: fit BG/NBD (repeat purchases) and Gamma-Gamma (spend) to each "
      "customer's recency, frequency and monetary value; P(alive), expected transactions and "
      "CLV per customer");
  AddInputFlags(clv, &flags->input);
  clv->add_option("--calibration-end", flags->calibration_end,
                  "Last day the models learn from (default: --as-of, else the last day of "
                  "the data or today, whichever is first)")
      ->group("Model");
  clv->add_option("--as-of", flags->as_of, "The day the figures are as of (default: today)")
      ->group("Model");
  clv->add_option("--holdout-end", flags->holdout_end,
                  "Check the predictions: compare them with what happened from the calibration "
                  "end to this day")
      ->group("Model");
  clv->add_option("--time-unit", flags->time_unit,
                  "Unit of recency, age and rates: day, week or month (default week)")
      ->group("Model");
  clv->add_option("--horizon", flags->horizon,
                  "How far ahead to predict: 90d, 26w, 12m, 1y (default 12m)")
      ->group("CLV");
  clv->add_option("--margin", flags->margin,
                  "Gross margin, a fraction of spend or a percentage (0.3 or 30%; default 1)")
      ->transform(PercentAsFraction())
      ->type_name("FRACTION")
      ->group("CLV");
  clv->add_option("--discount-rate", flags->discount_rate,
                  "Annual discount rate, a fraction or a percentage (0.1 or 10%), applied per "
                  "time unit (default 0)")
      ->transform(PercentAsFraction())
      ->type_name("FRACTION")
      ->group("CLV");
  clv->add_option("--top", flags->top,
                  "Customers in the table and the page (default 10, 0: all); given, in JSON "
                  "and CSV too (default: all)")
      ->group("Output");
  AddOutputFlags(clv, &flags->format, &flags->output);
  AddTitleFlag(clv, &flags->title);
  clv->add_option("--by", flags->by,
                  "One model per segment of this column (e.g. channel), after the model of "
                  "all customers")
      ->group("Segments");
  clv->footer(
      "Examples:\n"
      "  retention clv data/orders.csv --calibration-end 2024-06-30\n"
      "  retention clv data/orders.csv --calibration-end 2024-03-31 \\\n"
      "      --holdout-end 2024-06-30\n"
      "  retention clv data/orders.csv --margin 0.3 --discount-rate 0.1 \\\n"
      "      --format csv -o clv.csv\n"
      "\n"
      "P(alive) is the probability a customer has not silently left, not a churn rate.\n"
      "See docs/clv.md for what each figure means and when not to trust it.");
  return Command{clv, [flags] {
                   StdinWhenNoFiles(&flags->input, true);
                   return RunClv(*flags);
                 }};
}

}  // namespace retention

// `retention clv` as JSON (docs/clv.md, "Output"). Non-finite numbers print
// as null. The customer lists, millions of entries, are written as text in
// place; the rest goes through nlohmann's document.
#include <fmt/format.h>

#include <cmath>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <string>

#include "cli/print/print_clv.h"
#include "cli/print/text_format.h"

namespace retention {
namespace {

using Json = nlohmann::ordered_json;

// Rounded to `digits` significant digits, or null when not finite.
// (strtod, not stod: a subnormal, as a CLV times --margin 1e-300 is, reads
// as what it is, where stod throws.)
Json Number(double v, int digits = 10) {
  if (!std::isfinite(v)) return nullptr;
  return std::strtod(fmt::format("{:.{}g}", v, digits).c_str(), nullptr);
}
Json Number(const std::optional<double>& v) { return v ? Number(*v) : Json(nullptr); }

// What every fit reports, in the same keys for both models.
void AddFit(const FitReport& f, Json* model) {
  (*model)["log_likelihood"] = Number(f.log_likelihood);
  (*model)["converged"] = f.converged;
  (*model)["iterations"] = f.iterations;
  (*model)["gradient_norm"] = Number(f.gradient_norm, 3);
  (*model)["not_identified"] = f.not_identified;
}

Json ModelJson(const ClvModel& m) {
  const FitReport& bf = m.bgnbd.fit;
  const BgNbdParams& bp = m.bgnbd.params;
  auto param = [](const FitReport& f, const char* name, double v) {
    return ParameterIdentified(f, name) ? Number(v) : Json(nullptr);
  };
  Json bgnbd;
  bgnbd["r"] = param(bf, "r", bp.r);
  bgnbd["alpha"] = param(bf, "alpha", bp.alpha);
  bgnbd["a"] = param(bf, "a", bp.a);
  bgnbd["b"] = param(bf, "b", bp.b);
  AddFit(bf, &bgnbd);
  if (const auto& se = m.bgnbd.standard_errors) {
    bgnbd["standard_errors"] = {{"r", Number(se->r)},
                                {"alpha", Number(se->alpha)},
                                {"a", Number(se->a)},
                                {"b", Number(se->b)}};
  } else {
    bgnbd["standard_errors"] = nullptr;
  }
  bgnbd["customers"] = m.bgnbd.customers;
  bgnbd["distinct_summaries"] = m.bgnbd.distinct_summaries;
  const FitReport& gf = m.gamma_gamma.fit;
  const GammaGammaParams& gp = m.gamma_gamma.params;
  Json gg;
  gg["p"] = param(gf, "p", gp.p);
  gg["q"] = param(gf, "q", gp.q);
  gg["v"] = param(gf, "v", gp.v);
  AddFit(gf, &gg);
  if (const auto& se = m.gamma_gamma.standard_errors) {
    gg["standard_errors"] = {{"p", Number(se->p)}, {"q", Number(se->q)}, {"v", Number(se->v)}};
  } else {
    gg["standard_errors"] = nullptr;
  }
  gg["customers_used"] = m.gamma_gamma.customers_used;
  gg["customers_not_positive"] = m.gamma_gamma.customers_not_positive;
  gg["frequency_monetary_correlation"] = Number(m.gamma_gamma.frequency_monetary_correlation);
  return {{"bgnbd", bgnbd}, {"gamma_gamma", gg}};
}

Json ErrorsJson(const HoldoutErrors& e) {
  return {{"predicted_total", Number(e.predicted_total)},
          {"actual_total", Number(e.actual_total)},
          {"mae", Number(e.mae)},
          {"correlation", Number(e.correlation)}};
}

Json HoldoutJson(const std::optional<HoldoutCheck>& h) {
  if (!h) return nullptr;
  Json j;
  j["length"] = Number(h->length);
  j["predicted_total"] = Number(h->transactions.predicted_total);
  j["actual_total"] = Number(h->transactions.actual_total);
  j["mae"] = Number(h->transactions.mae);
  j["correlation"] = Number(h->transactions.correlation);
  j["spend"] = ErrorsJson(h->spend);
  j["by_frequency"] = Json::array();
  for (const HoldoutFrequencyRow& r : h->by_frequency) {
    j["by_frequency"].push_back({{"frequency", r.frequency},
                                 {"or_more", r.or_more},
                                 {"customers", r.customers},
                                 {"predicted", Number(r.predicted)},
                                 {"actual", Number(r.actual)},
                                 {"predicted_spend", Number(r.predicted_spend)},
                                 {"actual_spend", Number(r.actual_spend)}});
  }
  j["tracking"] = Json::array();
  for (const HoldoutTrackingPoint& p : h->tracking) {
    j["tracking"].push_back(
        {{"units", Number(p.units)}, {"predicted", Number(p.predicted)}, {"actual", p.actual}});
  }
  return j;
}

Json TotalsJson(const ClvTotals& t) {
  return {{"customers", t.customers},
          {"expected_alive", Number(t.expected_alive)},
          {"likely_alive", t.likely_alive},
          {"expected_transactions", Number(t.expected_transactions)},
          {"expected_revenue", Number(t.expected_revenue)},
          {"clv", Number(t.clv)}};
}

// Number(v) as Json::dump writes it, without building a Json: the shortest
// text that reads back, which for the ten significant digits of
// Number is those digits, "3.0" for a whole number. Exponents (below
// 1e-4, from 1e10) take the slow way, to be written exactly as dump does.
void AppendNumber(std::string* out, double v) {
  if (!std::isfinite(v)) {
    out->append("null");
    return;
  }
  // printf's %.10g, as Number's "{:.10g}".
  const size_t from = out->size();
  const int decimals = AppendGeneral(out, v, 10);
  if (decimals > 0) return;
  if (decimals == 0) {
    out->append(".0");
    return;
  }
  // One pass over the few characters written, not a search for each.
  bool point = false, exponent = from == out->size();
  for (size_t i = from; i < out->size(); ++i) {
    point |= (*out)[i] == '.';
    exponent |= (*out)[i] == 'e';
  }
  if (exponent) {
    out->resize(from);
    out->append(Number(v).dump());
    return;
  }
  if (!point) out->append(".0");
}

// A JSON string as JsonQuote writes it (control characters, C1 and
// bidirectional ones too, as \u escapes); ids seldom need escaping. Ids
// are valid UTF-8 (the loader checks), so only the lead bytes of those
// controls (C2, D8, E2) send an id to JsonQuote.
void AppendString(std::string* out, std::string_view text) {
  bool plain = std::none_of(text.begin(), text.end(), [](char c) {
    auto b = static_cast<unsigned char>(c);
    return b < 0x20 || c == '"' || c == '\\' || b == 0x7f || b == 0xc2 || b == 0xd8 || b == 0xe2;
  });
  if (!plain) {
    out->append(JsonQuote(std::string(text)));
    return;
  }
  out->push_back('"');
  out->append(text);
  out->push_back('"');
}

// Appends the customers of a section, ranked, as an array at `indent`
// (the indentation of the line holding its key), one customer per line:
// a list of a million customers built as Json would take gigabytes and
// most of the run, and a line each keeps the file a third smaller and
// easy to grep.
void WriteCustomersJson(const ClvSection& s, size_t indent, int threads, int top,
                        const TextSink& sink) {
  std::vector<size_t> ranking = ClvRanking(s, threads, static_cast<size_t>(top));
  if (ranking.empty()) {
    sink("[]");
    return;
  }
  sink("[\n");
  const std::string item(indent + 2, ' ');
  const size_t last = ranking.back();
  WriteRanked(
      ranking, threads, sink, [&](size_t i) { return GatherCustomer(s, i); },
      [&](const RankedCustomer& c, std::string* line) {
        line->append(item);
        line->append("{\"customer\": ");
        AppendString(line, c.id);
        line->append(", \"frequency\": ");
        AppendInteger(line, c.frequency);
        const std::pair<std::string_view, double> numbers[] = {
            {", \"recency\": ", c.recency},
            {", \"age\": ", c.age},
            {", \"monetary\": ", c.monetary},
            {", \"p_alive\": ", c.p_alive},
            {", \"expected_transactions\": ", c.expected_transactions},
            {", \"expected_spend\": ", c.expected_spend},
            {", \"clv\": ", c.clv}};
        for (const auto& [key, value] : numbers) {
          line->append(key);
          AppendNumber(line, value);
        }
        line->append(c.index == last ? std::string_view("}\n") : std::string_view("},\n"));
      },
      [&](size_t i, int stage) { PrefetchCustomer(s, i, stage); });
  sink(std::string(indent, ' ') + "]");
}

// Where each section's customers go in the dumped document.
std::string CustomersMark(size_t section) {
  return "@@customers of section " + std::to_string(section) + "@@";
}

}  // namespace

void WriteClvJson(const std::vector<ClvSection>& sections, const ClvReportInfo& info,
                  const TextSink& sink) {
  const ClvModel& m = *sections[0].model;
  Json doc;
  doc["schema_version"] = 1;
  doc["calibration_end"] = FormatDate(m.rfm.options.calibration_end);
  doc["holdout_end"] =
      m.rfm.options.holdout_end ? Json(FormatDate(*m.rfm.options.holdout_end)) : Json(nullptr);
  doc["time_unit"] = std::string(TimeUnitName(m.rfm.options.unit));
  doc["horizon"] = info.horizon_text;
  doc["horizon_units"] = Number(info.horizon_days / DaysPerUnit(m.rfm.options.unit));
  doc["margin"] = Number(info.margin);
  doc["discount_rate"] = Number(info.annual_discount_rate);
  doc["time_zone"] = info.time_zone;
  auto fill = [](Json* j, const ClvSection& s, size_t section) {
    (*j)["model"] = ModelJson(*s.model);
    (*j)["totals"] = TotalsJson(s.model->totals);
    (*j)["holdout"] = HoldoutJson(s.model->holdout);
    (*j)["notes"] = ClvNotes(s);
    (*j)["customers"] = CustomersMark(section);
  };
  if (info.pooled) {
    fill(&doc, sections[0], 0);
  } else {
    doc["model"] = nullptr;
    doc["totals"] = nullptr;
    doc["holdout"] = nullptr;
    doc["notes"] = Json::array({kNotPooled});
    doc["customers"] = Json::array();
  }
  if (!info.segment_column.empty()) {
    doc["segment_column"] = info.segment_column;
    doc["segments"] = Json::array();
    for (size_t i = info.pooled ? 1 : 0; i < sections.size(); ++i) {
      Json seg;
      seg["segment"] = *sections[i].model->segment;
      fill(&seg, sections[i], i);
      doc["segments"].push_back(std::move(seg));
    }
    doc["segments_skipped"] = Json::array();
    for (const ClvReportInfo::SkippedSegment& s : info.skipped_segments) {
      doc["segments_skipped"].push_back({{"segment", s.name}, {"reason", s.reason}});
    }
  }
  // The customer lists go in as text: written in place of their marks,
  // in the layout dump gives the rest.
  // Segment names and notes come from the input: no raw DEL or C1 byte.
  const std::string head = EscapeJsonControls(doc.dump(2));
  size_t from = 0;
  for (size_t i = 0; i < sections.size(); ++i) {
    const std::string mark = "\"" + CustomersMark(i) + "\"";
    size_t at = head.find(mark, from);
    if (at == std::string::npos) continue;  // a segment left out
    size_t line = head.rfind('\n', at) + 1;
    size_t indent = head.find_first_not_of(' ', line) - line;
    sink(std::string_view(head).substr(from, at - from));
    WriteCustomersJson(sections[i], indent, info.threads, info.file_top, sink);
    from = at + mark.size();
  }
  sink(std::string_view(head).substr(from));
  sink("\n");
}

std::string FormatClvJson(const std::vector<ClvSection>& sections, const ClvReportInfo& info) {
  std::string out;
  WriteClvJson(sections, info, [&out](std::string_view piece) { out += piece; });
  return out;
}

}  // namespace retention

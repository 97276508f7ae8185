// `retention clv` as a table and CSV (JSON: print_clv_json.cc). Non-finite
// numbers never reach the text: they print as an empty cell or n/a.
#include "cli/print/print_clv.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstring>
#include <iterator>
#include <utility>

#include "base/page_memory.h"
#include "cli/print/text_format.h"

namespace retention {
namespace {

// Why a model whose other parameters are estimates has no standard errors.
std::string BoundaryErrorsNote(std::string_view model, const std::vector<std::string>& lost) {
  return fmt::format(
      "{}: no standard errors: with {} at a boundary the likelihood's curvature cannot be "
      "inverted, so the estimates beside them have none either",
      model, fmt::join(lost, ", "));
}

// An estimate for people: five significant digits. The optimizer stops
// within a relative 1e-6 or so, so further digits differ between builds
// (and CPUs) while saying nothing about the customers.
std::string Estimate(double v) { return fmt::format("{:.5g}", v); }

// A parameter's text for people: its value, or why there is none.
std::string Param(const FitReport& f, const char* name, double v) {
  if (!ParameterIdentified(f, name))
    return v < 1 ? "not identified (-> 0)" : "not identified (-> inf)";
  if (!std::isfinite(v)) return kNull;
  return Estimate(v);
}
std::string Fixed(double v, int decimals) {
  if (!std::isfinite(v)) return kNull;
  return GroupThousands(fmt::format("{:.{}f}", RoundHalfAway(v, decimals), decimals));
}

std::string Name(const ClvSection& s) {
  if (!s.model->segment) return "all customers";
  return s.model->segment->empty() ? "(empty)" : EscapeControls(*s.model->segment);
}

// Below this many customers, a note says the figures are rough whatever
// the fits report: a handful of customers fits almost any parameters.
constexpr size_t kFewCustomers = 50;

std::string UnitPlural(const RfmSummary& r) {
  return std::string(TimeUnitName(r.options.unit)) + "s";
}

// Sorts the customer indices [first, last) by `id(index)`, as (the 8 bytes
// of the id after the prefix they all share, index) pairs: most
// comparisons end at those bytes, without reaching through the index to
// the text. (Ids "cus_..." share 4 bytes, e-mails of a run few.)
template <typename Id>
void SortById(size_t* first, size_t* last, const Id& id) {
  const std::string_view head = id(*first);
  size_t shared = head.size();
  for (const size_t* i = first + 1; i != last && shared > 0; ++i) {
    const std::string_view text = id(*i);
    const size_t n = std::min(shared, text.size());
    size_t k = 0;
    while (k < n && head[k] == text[k]) ++k;
    shared = k;
  }
  std::vector<std::pair<uint64_t, size_t>> keyed(static_cast<size_t>(last - first));
  for (size_t i = 0; i < keyed.size(); ++i) {
    const std::string_view text = id(first[i]);
    // Big-endian, zero after the end: an id's bytes order as the key does,
    // and a shorter id's zeros tie a longer one's zero bytes, which the
    // texts then decide.
    uint64_t key = 0;
    for (size_t k = shared; k < shared + 8; ++k) {
      key = key << 8 | (k < text.size() ? static_cast<unsigned char>(text[k]) : 0u);
    }
    keyed[i] = {key, first[i]};
  }
  std::sort(keyed.begin(), keyed.end(), [&](const auto& a, const auto& b) {
    return a.first < b.first || (a.first == b.first && id(a.second) < id(b.second));
  });
  for (size_t i = 0; i < keyed.size(); ++i) first[i] = keyed[i].second;
}

}  // namespace

bool ParameterIdentified(const FitReport& f, const char* name) {
  return std::find(f.not_identified.begin(), f.not_identified.end(), name) ==
         f.not_identified.end();
}

std::vector<size_t> ClvRanking(const ClvSection& s, int threads, size_t limit) {
  const ClvModel& m = *s.model;
  const size_t n = m.customers.size();
  // A NaN would break the order: it ranks last.
  auto clv = [&](size_t i) {
    return std::isnan(m.customers[i].clv) ? -HUGE_VAL : m.customers[i].clv;
  };
  auto id = [&](size_t i) { return s.table->customers[m.rfm.customers[i].customer]; };
  std::vector<size_t> order;
  if (limit > 0 && limit < n) {
    // The table's ten: one pass keeping the best, not a sort of a million,
    // of (CLV, index) pairs: most comparisons end at the CLV, without
    // reaching through an index.
    std::vector<std::pair<double, size_t>> keyed(n);
    for (size_t i = 0; i < n; ++i) keyed[i] = {clv(i), i};
    std::partial_sort(keyed.begin(), keyed.begin() + static_cast<std::ptrdiff_t>(limit),
                      keyed.end(), [&](const auto& a, const auto& b) {
                        return a.first > b.first ||
                               (a.first == b.first && id(a.second) < id(b.second));
                      });
    for (size_t i = 0; i < limit; ++i) order.push_back(keyed[i].second);
    return order;
  }
  // By CLV alone first: a least-significant-digit radix sort of the CLVs'
  // bits, stable, so ties keep the customers' order (a comparison sort of
  // a million was half of ranking them). Customers who share a summary
  // share their CLV: runs of ties are then ordered by id, on every
  // thread; half of a million customers are in a few thousand runs.
  struct Keyed {
    uint64_t key;  // ascending: CLVs descending
    size_t index;
  };
  std::vector<Keyed> sorted, spare;
  ResizeInHugePages(&sorted, n);
  ResizeInHugePages(&spare, n);
  // Six passes of 11 bits (the last of 9). Each pass splits the keys
  // between the threads in parts, in order: each part counts its digits,
  // then moves its keys to where the parts before it leave room, so the
  // order is the same for any number of threads.
  constexpr int kDigit = 11, kDigits = (64 + kDigit - 1) / kDigit;
  constexpr size_t kBuckets = size_t{1} << kDigit;
  const size_t parts =
      n < 65536 ? 1 : std::min<size_t>(8, static_cast<size_t>(ThreadsOrCores(threads)));
  ForEachChunk(parts, threads, [&](size_t p) {
    for (auto [i, to] = PartOf(n, parts, p); i < to; ++i) {
      const double v = clv(i) == 0 ? 0.0 : clv(i);  // -0 ties with 0
      uint64_t bits;
      std::memcpy(&bits, &v, sizeof bits);
      // As unsigned integers, highest CLV first: positives (the sign bit
      // cleared) before negatives, each with its other bits flipped where
      // a larger magnitude must come first.
      bits = (bits >> 63) ? bits : ~bits & ~(uint64_t{1} << 63);
      sorted[i] = {bits, i};
    }
  });
  std::vector<std::vector<size_t>> counts(parts, std::vector<size_t>(kBuckets));
  for (int d = 0; d < kDigits; ++d) {
    const int shift = d * kDigit;
    ForEachChunk(parts, threads, [&](size_t p) {
      std::vector<size_t>& count = counts[p];
      std::fill(count.begin(), count.end(), 0);
      for (auto [i, to] = PartOf(n, parts, p); i < to; ++i)
        ++count[(sorted[i].key >> shift) & (kBuckets - 1)];
    });
    // A digit all keys share moves nothing.
    bool shared = false;
    for (size_t b = 0; b < kBuckets && !shared; ++b) {
      size_t all = 0;
      for (size_t p = 0; p < parts; ++p) all += counts[p][b];
      shared = all == n;
    }
    if (shared) continue;
    // Where each part's keys of each digit go: after every key of a lower
    // digit, and after the keys of this digit in the parts before.
    size_t at = 0;
    for (size_t b = 0; b < kBuckets; ++b) {
      for (size_t p = 0; p < parts; ++p) at += std::exchange(counts[p][b], at);
    }
    ForEachChunk(parts, threads, [&](size_t p) {
      std::vector<size_t>& next = counts[p];
      for (auto [i, to] = PartOf(n, parts, p); i < to; ++i) {
        spare[next[(sorted[i].key >> shift) & (kBuckets - 1)]++] = sorted[i];
      }
    });
    sorted.swap(spare);
  }
  ResizeInHugePages(&order, n);
  for (size_t i = 0; i < n; ++i) order[i] = sorted[i].index;
  std::vector<std::pair<size_t, size_t>> ties;
  for (size_t from = 0, to; from < sorted.size(); from = to) {
    for (to = from + 1; to < sorted.size() && sorted[to].key == sorted[from].key;) ++to;
    if (to - from > 1) ties.emplace_back(from, to);
  }
  ForEachChunk(ties.size(), threads, [&](size_t t) {
    SortById(order.data() + ties[t].first, order.data() + ties[t].second, id);
  });
  return order;
}

std::vector<std::string> ClvNotes(const ClvSection& s) {
  const ClvModel& m = *s.model;
  std::vector<std::string> notes;
  const size_t customers = m.rfm.customers.size();
  if (customers < kFewCustomers) {
    notes.push_back(fmt::format(
        "only {} customer{}: too few for the models to tell customers apart; treat every figure "
        "as rough",
        customers, customers == 1 ? "" : "s"));
  }
  const FitReport& bf = m.bgnbd.fit;
  const BgNbdParams& bp = m.bgnbd.params;
  if (!ParameterIdentified(bf, "a") || !ParameterIdentified(bf, "b")) {
    // Which way they ran decides what is left: the mean dropout
    // probability a / (a + b) is estimated either way.
    const double dropout = bp.a / (bp.a + bp.b);
    if (dropout < 0.01) {
      notes.push_back(
          "BG/NBD: the dropout parameters (a, b) ran to a boundary: the data show no sign of "
          "customers leaving, so P(alive) is close to 1 for everyone and says nothing about who "
          "churned; wait for more history or use a later --calibration-end");
    } else {
      notes.push_back(fmt::format(
          "BG/NBD: the dropout parameters (a, b) ran to a boundary: every customer is taken to "
          "leave after a purchase with the same probability, about {:.0f}%, and only that is "
          "estimated; P(alive) then rests on the time since each one's last purchase",
          dropout * 100));
    }
  }
  if (!ParameterIdentified(bf, "r") || !ParameterIdentified(bf, "alpha")) {
    notes.push_back(fmt::format(
        "BG/NBD: r and alpha ran to a boundary: purchase rates look the same for every "
        "customer (about {:.4g} per {}), and only their ratio is estimated; P(alive) then "
        "rests on the time since the last purchase against that one rate",
        bp.r / bp.alpha, TimeUnitName(m.rfm.options.unit)));
  }
  if (!bf.converged && bf.not_identified.empty()) {
    notes.push_back(fmt::format(
        "BG/NBD: the fit did not converge (gradient norm {:.2g}); treat the figures as rough",
        bf.gradient_norm));
  }
  if (!m.bgnbd.standard_errors && bf.not_identified.empty()) {
    notes.push_back(
        "BG/NBD: no standard errors: the likelihood's curvature at the estimate could not be "
        "inverted, so the data pin no parameter down well");
  } else if (!m.bgnbd.standard_errors && bf.not_identified.size() < 4) {
    notes.push_back(BoundaryErrorsNote("BG/NBD", bf.not_identified));
  }
  const FitReport& gf = m.gamma_gamma.fit;
  const GammaGammaParams& gp = m.gamma_gamma.params;
  if (!gf.not_identified.empty()) {
    // What is left is how expected spend weighs a customer's own mean
    // against the population's: p x / (p x + q - 1) on the own mean, here
    // for a customer with one repeat purchase.
    const double own = gp.q > 1 ? gp.p / (gp.p + gp.q - 1) : 1;
    const double population = gp.q > 1 ? gp.p * gp.v / (gp.q - 1) : HUGE_VAL;
    std::string what;
    if (own >= 0.9) {
      what =
          "each customer's orders look alike, so expected spend is close to each customer's "
          "own mean";
    } else if (own <= 0.1) {
      what =
          "customers' average spends differ too little, or too few customers repeat, to tell "
          "them apart, so expected spend is close to the population's mean" +
          (std::isfinite(population) ? " (about " + Fixed(population, 2) + ")" : "");
    } else {
      what = fmt::format(
          "expected spend weighs a customer's own mean against the population's, {:.0f}% own "
          "for a customer with one repeat purchase, more with more",
          own * 100);
    }
    notes.push_back(fmt::format("Gamma-Gamma: {} ran to a boundary: {}",
                                fmt::join(gf.not_identified, ", "), what));
  } else if (!gf.converged) {
    notes.push_back("Gamma-Gamma: the fit did not converge; treat expected spend as rough");
  }
  if (!m.gamma_gamma.standard_errors && gf.not_identified.empty() &&
      m.gamma_gamma.customers_used > 0) {
    notes.push_back(
        "Gamma-Gamma: no standard errors: the likelihood's curvature at the estimate could not "
        "be inverted, so the data pin no parameter down well");
  } else if (!m.gamma_gamma.standard_errors && m.gamma_gamma.customers_used > 0 &&
             gf.not_identified.size() < 3) {
    notes.push_back(BoundaryErrorsNote("Gamma-Gamma", gf.not_identified));
  }
  if (m.gamma_gamma.params.q <= 1) {
    notes.push_back(
        "Gamma-Gamma: q <= 1, so the population mean spend is infinite; customers without "
        "repeats get the observed mean repeat spend instead");
  }
  if (m.gamma_gamma.customers_not_positive > 0) {
    std::vector<std::string> ids;
    for (CustomerIndex c : m.gamma_gamma.examples_not_positive) {
      ids.push_back(EscapeControls(s.table->customers[c]));
    }
    notes.push_back(fmt::format(
        "Gamma-Gamma: {} repeat customer{} left out of the spend fit because their repeat spend "
        "is zero or less (free orders, or refunds; e.g. {}); their expected spend is shrunk from 0",
        m.gamma_gamma.customers_not_positive,
        m.gamma_gamma.customers_not_positive == 1 ? " was" : "s were", fmt::join(ids, ", ")));
  }
  if (auto c = m.gamma_gamma.frequency_monetary_correlation; c && std::abs(*c) >= 0.3) {
    notes.push_back(fmt::format(
        "frequency and monetary value are correlated ({:.2f}): the spend model assumes they are "
        "independent, so expected spend and CLV are biased",
        *c));
  }
  if (m.rfm.customers_after_calibration > 0) {
    notes.push_back(fmt::format(
        "{} customer{} first bought after the calibration end and {} not in the model",
        m.rfm.customers_after_calibration, m.rfm.customers_after_calibration == 1 ? "" : "s",
        m.rfm.customers_after_calibration == 1 ? "is" : "are"));
  }
  return notes;
}

std::vector<std::string> SkippedSegmentNotes(const ClvReportInfo& info) {
  std::vector<std::string> notes;
  for (const ClvReportInfo::SkippedSegment& s : info.skipped_segments) {
    notes.push_back("segment " + EscapeControls(s.name) + ": no model: " + s.reason);
  }
  return notes;
}

void WriteClvCsv(const std::vector<ClvSection>& sections, const ClvReportInfo& info,
                 const TextSink& sink) {
  bool segmented = !info.segment_column.empty();
  // With --holdout-end every model has its check: each customer's part.
  const bool holdout = !sections.empty() && sections.front().model->holdout.has_value();
  sink(segmented ? "segment," : "");
  sink("customer,frequency,recency,age,monetary,p_alive,expected_transactions,expected_spend,clv");
  sink(holdout ? ",holdout_predicted_transactions,holdout_actual_transactions,"
                 "holdout_predicted_spend,holdout_actual_spend\n"
               : "\n");
  // Written in place: a row of temporaries per customer was most of the
  // time of writing a million of them.
  auto number = [](std::string* out, double v, int decimals) {
    out->push_back(',');
    if (std::isfinite(v)) AppendFixed(out, v, decimals);
  };

  // With segments, all customers come first with the segment empty, as in
  // report's CSV.
  for (size_t k = 0; k < sections.size(); ++k) {
    const ClvSection& s = sections[k];
    const std::string segment = !segmented          ? ""
                                : !s.model->segment ? ","
                                                    : CsvTextCell(*s.model->segment) + ",";
    std::vector<size_t> ranking = ClvRanking(s, info.threads, static_cast<size_t>(info.file_top));
    WriteRanked(
        ranking, info.threads, sink, [&](size_t i) { return GatherCustomer(s, i); },
        [&](const RankedCustomer& c, std::string* line) {
          line->append(segment);
          AppendCsvTextCell(line, c.id);
          line->push_back(',');
          AppendInteger(line, c.frequency);
          number(line, c.recency, 4);
          number(line, c.age, 4);
          number(line, c.monetary, 4);
          number(line, c.p_alive, 4);
          number(line, c.expected_transactions, 4);
          // Money to 4 decimals, as amounts are read: sub-cent prices
          // (0.0115 a unit) keep their figures.
          number(line, c.expected_spend, 4);
          number(line, c.clv, 4);
          if (const std::optional<HoldoutCheck>& h = s.model->holdout) {
            const CustomerRfm& r = s.model->rfm.customers[c.index];
            number(line, h->predicted_transactions[c.index], 4);
            line->push_back(',');
            AppendInteger(line, r.holdout_transactions);
            number(line, h->predicted_spend[c.index], 4);
            line->push_back(',');
            line->append(FormatMoneyExact(r.holdout_value));
          }
          line->push_back('\n');
        },
        [&](size_t i, int stage) { PrefetchCustomer(s, i, stage); });
  }
}

std::string FormatClvCsv(const std::vector<ClvSection>& sections, const ClvReportInfo& info) {
  std::string out;
  WriteClvCsv(sections, info, [&out](std::string_view piece) { out += piece; });
  return out;
}

std::string FormatClvTable(const std::vector<ClvSection>& sections, const ClvReportInfo& info) {
  std::string out;
  if (!info.pooled) out += std::string(kNotPooled) + "\n\n";
  for (size_t k = 0; k < sections.size(); ++k) {
    const ClvSection& s = sections[k];
    const ClvModel& m = *s.model;
    const RfmOptions& o = m.rfm.options;
    double unit_days = DaysPerUnit(o.unit);
    if (k > 0) out += "\n";
    out += fmt::format("Predictive CLV: {}{}\n", Name(s),
                       !s.model->segment ? "" : " (" + EscapeControls(info.segment_column) + ")");
    int64_t repeaters = 0;
    for (const CustomerRfm& c : m.rfm.customers) repeaters += c.frequency > 0;
    out += fmt::format(
        "Calibration to {} in {}; horizon {} ({:.1f} {}), margin {:.0f}%, discount {:.1f}%/year\n",
        FormatDate(o.calibration_end), UnitPlural(m.rfm), info.horizon_text,
        info.horizon_days / unit_days, UnitPlural(m.rfm), info.margin * 100,
        info.annual_discount_rate * 100);
    out += fmt::format("Customers: {} ({} repeat)\n\n", Fixed(double(m.rfm.customers.size()), 0),
                       Fixed(double(repeaters), 0));

    const BgNbdFit& b = m.bgnbd;
    TextTable model;
    model.Add({"BG/NBD", "estimate", "std. error"});
    auto se = [](const std::optional<BgNbdParams>& e, double BgNbdParams::*f) {
      return e && std::isfinite((*e).*f) ? Estimate((*e).*f) : std::string(kNull);
    };
    model.Add({"r", Param(b.fit, "r", b.params.r), se(b.standard_errors, &BgNbdParams::r)});
    model.Add({"alpha", Param(b.fit, "alpha", b.params.alpha),
               se(b.standard_errors, &BgNbdParams::alpha)});
    model.Add({"a", Param(b.fit, "a", b.params.a), se(b.standard_errors, &BgNbdParams::a)});
    model.Add({"b", Param(b.fit, "b", b.params.b), se(b.standard_errors, &BgNbdParams::b)});
    const GammaGammaFit& g = m.gamma_gamma;
    auto gse = [](const std::optional<GammaGammaParams>& e, double GammaGammaParams::*f) {
      return e && std::isfinite((*e).*f) ? Estimate((*e).*f) : std::string(kNull);
    };
    model.Add({"Gamma-Gamma", "", ""});
    model.Add({"p", Param(g.fit, "p", g.params.p), gse(g.standard_errors, &GammaGammaParams::p)});
    model.Add({"q", Param(g.fit, "q", g.params.q), gse(g.standard_errors, &GammaGammaParams::q)});
    model.Add({"v", Param(g.fit, "v", g.params.v), gse(g.standard_errors, &GammaGammaParams::v)});
    out += model.Render();
    // A fit that broke down has NaNs: n/a, never "nan" as if a number.
    auto fixed2 = [](double v) {
      return std::isfinite(v) ? fmt::format("{:.2f}", v) : std::string(kNull);
    };
    // A fit at a boundary has a small gradient there: say why it is no
    // optimum, lest "gradient norm below 1e-6" read as one.
    auto state = [](const FitReport& f) {
      return f.converged                ? std::string("converged")
             : f.not_identified.empty() ? std::string("NOT converged")
                                        : "NOT converged (at a boundary)";
    };
    out += fmt::format(
        "BG/NBD fit: log-likelihood {}, {}, {} evaluations from {} starts, gradient norm "
        "{}; {} in {}\n",
        fixed2(b.fit.log_likelihood), state(b.fit), b.fit.iterations, b.fit.starts,
        !std::isfinite(b.fit.gradient_norm) ? std::string(kNull)
        : b.fit.gradient_norm < 1e-6        ? std::string("below 1e-6")
                                            : fmt::format("{:.1e}", b.fit.gradient_norm),
        Counted(b.customers, "customer"),
        Counted(b.distinct_summaries, "distinct summary", "distinct summaries"));
    out += fmt::format(
        "Gamma-Gamma fit: log-likelihood {}, {}, {} used; "
        "frequency/monetary correlation {}\n\n",
        fixed2(g.fit.log_likelihood), state(g.fit), Counted(g.customers_used, "repeat customer"),
        g.frequency_monetary_correlation ? fmt::format("{:.2f}", *g.frequency_monetary_correlation)
                                         : std::string(kNull));

    const ClvTotals& t = m.totals;
    TextTable totals;
    totals.Add({"Over the horizon", ""});
    totals.Add({"expected repeat transactions", Fixed(t.expected_transactions, 1)});
    totals.Add({"expected revenue", Fixed(t.expected_revenue, 2)});
    totals.Add({"total CLV", Fixed(t.clv, 2)});
    totals.Add({"customers expected alive", Fixed(t.expected_alive, 1)});
    totals.Add({"customers with P(alive) >= 50%", Fixed(double(t.likely_alive), 0)});
    out += totals.Render() + "\n";

    std::vector<size_t> rank = ClvRanking(s, info.threads, static_cast<size_t>(info.top));
    out += fmt::format("Top {} by CLV\n", Counted(static_cast<int64_t>(rank.size()), "customer"));
    TextTable top;
    top.Add(
        {"customer", "x", "t_x", "T", "monetary", "P(alive)", "exp. trans.", "exp. spend", "CLV"});
    for (size_t i : rank) {
      const CustomerRfm& c = m.rfm.customers[i];
      const CustomerClv& p = m.customers[i];
      top.Add({EscapeControls(s.table->customers[c.customer]), std::to_string(c.frequency),
               Fixed(c.recency, 1), Fixed(c.age, 1), Fixed(RepeatMean(c), 2), Percent(p.p_alive),
               Fixed(p.expected_transactions, 2), Fixed(p.expected_spend, 2), Fixed(p.clv, 2)});
    }
    out += top.Render();

    if (m.holdout) {
      const HoldoutCheck& h = *m.holdout;
      // The holdout begins the day after the calibration end.
      out += fmt::format("\nHoldout {} to {} ({:.1f} {}): repeat transactions per customer\n",
                         FormatDate(AddDays(o.calibration_end, 1)), FormatDate(*o.holdout_end),
                         h.length, UnitPlural(m.rfm));
      TextTable freq;
      freq.Add({"x", "customers", "predicted", "actual", "pred. spend", "actual spend"});
      for (const HoldoutFrequencyRow& r : h.by_frequency) {
        freq.Add({std::to_string(r.frequency) + (r.or_more ? "+" : ""), std::to_string(r.customers),
                  Fixed(r.predicted, 3), Fixed(r.actual, 3), Fixed(r.predicted_spend, 2),
                  Fixed(r.actual_spend, 2)});
      }
      out += freq.Render();
      auto corr = [](const std::optional<double>& c) {
        return c ? fmt::format("{:.3f}", *c) : std::string(kNull);
      };
      out += fmt::format(
          "transactions: predicted {} actual {}, MAE per customer {}, correlation {}\n",
          Fixed(h.transactions.predicted_total, 1), Fixed(h.transactions.actual_total, 0),
          Fixed(h.transactions.mae, 3), corr(h.transactions.correlation));
      out += fmt::format("spend: predicted {} actual {}, MAE per customer {}, correlation {}\n",
                         Fixed(h.spend.predicted_total, 2), Fixed(h.spend.actual_total, 2),
                         Fixed(h.spend.mae, 2), corr(h.spend.correlation));
      // The tracking curve at its two telling points (every unit: JSON, HTML).
      for (const HoldoutTrackingPoint& p : h.tracking) {
        if (p.units != 0 && &p != &h.tracking.back()) continue;
        out += fmt::format(
            "cumulative repeat transactions since the first, at the {} end: predicted {} "
            "actual {}\n",
            p.units == 0 ? "calibration" : "holdout", Fixed(p.predicted, 1),
            Fixed(static_cast<double>(p.actual), 0));
      }
    }
    std::vector<std::string> notes = ClvNotes(s);
    if (!notes.empty()) out += "\n";
    for (const std::string& n : notes) out += "Note: " + n + "\n";
  }
  const std::vector<std::string> skipped = SkippedSegmentNotes(info);
  if (!skipped.empty()) out += "\n";
  for (const std::string& n : skipped) out += "Note: " + n + "\n";
  return out;
}

}  // namespace retention

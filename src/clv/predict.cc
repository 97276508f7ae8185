// Per-customer predictions: P(alive), expected transactions, expected
// spend and discounted CLV (docs/clv.md, "CLV"), and ComputeClv.
#include "clv/predict.h"

#include <algorithm>
#include <cmath>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "base/page_memory.h"
#include "base/parallel_chunks.h"
#include "retention/clv.h"
#include "retention/error.h"

namespace retention {
namespace clv {

Runs GroupBySummary(const std::vector<CustomerRfm>& customers) {
  Runs runs;
  const size_t n = customers.size();
  ResizeInHugePages(&runs.order, n);
  ReserveInHugePages(&runs.run_starts, n + 1);
  // (x, t_x, T) in units are (x, last - first day, end - first day) in
  // days, scaled: sorting by the days, packed into one integer, sorts by
  // the summary without comparing doubles through an index.
  // One pass over the summaries for the ranges (80 bytes a customer: each
  // pass over a million is felt).
  int64_t max_first = 0, min_first = 0, max_frequency = 0, max_recency = 0;
  if (n > 0) max_first = min_first = customers.front().first_day;
  for (const CustomerRfm& c : customers) {
    max_first = std::max(max_first, c.first_day);
    min_first = std::min(min_first, c.first_day);
    max_frequency = std::max(max_frequency, c.frequency);
    max_recency = std::max(max_recency, c.last_day - c.first_day);
  }
  const int64_t max_age = max_first - min_first;
  auto bits = [](int64_t v) { return v <= 0 ? 0 : 64 - __builtin_clzll(static_cast<uint64_t>(v)); };
  const int age_bits = bits(max_age), recency_bits = bits(max_recency);
  const int key_bits = age_bits + recency_bits + bits(max_frequency);
  const int index_bits = bits(static_cast<int64_t>(n));
  if (key_bits + index_bits <= 64) {
    // A least-significant-digit radix sort of the keys, each with its
    // index in the bits below it: stable, so indices stay ascending within
    // a run; linear where a comparison sort of a million summaries was a
    // tenth of the fit; 8 bytes an entry where (key, index) pairs moved 16.
    std::vector<uint64_t> keyed, spare;
    ResizeInHugePages(&keyed, n);
    ResizeInHugePages(&spare, n);
    for (size_t i = 0; i < n; ++i) {
      const CustomerRfm& c = customers[i];
      // A later first day is a smaller age.
      const uint64_t key = (static_cast<uint64_t>(c.frequency) << (recency_bits + age_bits)) |
                           (static_cast<uint64_t>(c.last_day - c.first_day) << age_bits) |
                           static_cast<uint64_t>(max_first - c.first_day);
      keyed[i] = key << index_bits | i;
    }
    constexpr int kDigit = 11;
    for (int shift = index_bits; shift < index_bits + key_bits; shift += kDigit) {
      std::vector<size_t> count((size_t{1} << kDigit) + 1, 0);
      auto digit = [shift](uint64_t k) { return (k >> shift) & ((1u << kDigit) - 1); };
      for (uint64_t k : keyed) ++count[digit(k) + 1];
      for (size_t d = 1; d < count.size(); ++d) count[d] += count[d - 1];
      for (uint64_t k : keyed) spare[count[digit(k)]++] = k;
      keyed.swap(spare);
    }
    const uint64_t index_mask = index_bits == 0 ? 0 : ~uint64_t{0} >> (64 - index_bits);
    for (size_t i = 0; i < n; ++i) {
      runs.order[i] = static_cast<size_t>(keyed[i] & index_mask);
      if (i == 0 || (keyed[i] >> index_bits) != (keyed[i - 1] >> index_bits)) {
        runs.run_starts.push_back(i);
      }
    }
  } else {
    // Days spanning millennia: compare the summaries themselves.
    for (size_t i = 0; i < n; ++i) runs.order[i] = i;
    auto key = [&](size_t i) {
      const CustomerRfm& c = customers[i];
      return std::make_tuple(c.frequency, c.recency, c.age);
    };
    std::sort(runs.order.begin(), runs.order.end(),
              [&](size_t a, size_t b) { return key(a) < key(b) || (key(a) == key(b) && a < b); });
    for (size_t i = 0; i < n; ++i) {
      if (i == 0 || key(runs.order[i]) != key(runs.order[i - 1])) runs.run_starts.push_back(i);
    }
  }
  runs.run_starts.push_back(n);
  ResizeInHugePages(&runs.run_of, n);
  for (size_t r = 0; r + 1 < runs.run_starts.size(); ++r) {
    for (size_t i = runs.run_starts[r]; i < runs.run_starts[r + 1]; ++i) {
      runs.run_of[runs.order[i]] = static_cast<uint32_t>(r);
    }
  }
  return runs;
}

double ObservedMeanSpend(const std::vector<CustomerRfm>& customers) {
  double sum = 0;
  int64_t n = 0;
  for (const CustomerRfm& c : customers) {
    if (c.frequency > 0 && c.repeat_value.units > 0) sum += c.monetary, ++n;
  }
  return n > 0 ? sum / static_cast<double>(n) : 0;
}

double ExpectedSpend(const GammaGammaFit& fit, const CustomerRfm& c, double observed_mean) {
  const GammaGammaParams& g = fit.params;
  if (c.frequency > 0) {
    // p (v + x m) / (p x + q - 1): finite for any q once x > 0. A customer
    // whose repeats net to zero or less is shrunk from m = 0.
    double x = static_cast<double>(c.frequency), m = std::max(c.monetary, 0.0);
    return g.p * (g.v + x * m) / (g.p * x + g.q - 1);
  }
  // q <= 1 makes the population mean infinite: the observed mean stands
  // in (a note says so). A fit that failed (NaN) gives no spend at all,
  // as it gives none to the repeat customers above.
  double spend = GammaGammaExpectedSpend(g, 0, 0);
  return std::isinf(spend) ? observed_mean : spend;
}

}  // namespace clv

std::vector<CustomerClv> PredictClv(const RfmSummary& rfm, const BgNbdFit& bgnbd,
                                    const GammaGammaFit& gamma_gamma, const ClvOptions& options,
                                    ClvTotals* totals) {
  return clv::PredictClv(rfm, clv::GroupBySummary(rfm.customers), bgnbd, gamma_gamma, options,
                         totals);
}

std::vector<CustomerClv> clv::PredictClv(const RfmSummary& rfm, const Runs& runs,
                                         const BgNbdFit& bgnbd, const GammaGammaFit& gamma_gamma,
                                         const ClvOptions& options, ClvTotals* totals) {
  if (!(options.horizon_days > 0)) throw UsageError("the horizon must be longer than 0 days");
  const double unit_days = DaysPerUnit(rfm.options.unit);
  const double horizon = options.horizon_days / unit_days;
  // Discounting per time unit: transactions expected in unit k are
  // discounted by (1 + d)^-k, d the annual rate converted to one unit.
  const double per_unit = std::pow(1 + options.annual_discount_rate, unit_days / 365.25) - 1;
  const int steps = static_cast<int>(std::ceil(horizon - 1e-9));
  const double observed_mean = clv::ObservedMeanSpend(rfm.customers);

  const std::vector<CustomerRfm>& cs = rfm.customers;
  const BgNbdParams& params = bgnbd.params;
  // Transactions expected over the horizon, plain and discounted, are
  // P(alive) times what a customer alive at T expects, which depends on x
  // and T alone: computed once per (x, T), shared by every t_x. `expected`
  // gives the latter.
  auto expected = [&](double x, double T, double* total, double* discounted) {
    auto if_alive = [&](double t) { return clv::ExpectedIfAlive(params, x, T, t); };
    // Undiscounted, the sum of the units' increments is E[Y(horizon)]:
    // one evaluation of 2F1 instead of one per unit.
    const double all = if_alive(horizon);
    double previous = 0, sum = 0;
    if (per_unit == 0) {
      sum = all;
    } else {
      for (int k = 1; k <= steps; ++k) {
        const double factor = std::pow(1 + per_unit, -k);
        // The increments left are at most all - previous, each discounted
        // at least this much: once that is nothing beside the sum, the
        // units after add nothing (a horizon of centuries is thousands of
        // weeks otherwise).
        if ((all - previous) * factor <= 1e-13 * sum) break;
        double e = if_alive(std::min(static_cast<double>(k), horizon));
        sum += (e - previous) * factor;
        previous = e;
      }
    }
    *total = all;
    *discounted = sum;
  };
  int64_t first_day = cs.empty() ? 0 : cs.front().first_day, last_day = first_day;
  for (const CustomerRfm& c : cs) {
    first_day = std::min(first_day, c.first_day);
    last_day = std::max(last_day, c.first_day);
  }
  // T follows from the first day: per chunk of summaries, what is known
  // for the x at hand, by first day (24 bytes a day: a century of first
  // days is under 1 MB; longer spans go without).
  const bool memo = last_day - first_day < (int64_t{1} << 15);
  struct Memo {
    int64_t x = -1;
    double total = 0, discounted = 0;
  };

  // Per distinct summary: P(alive) and what is expected over the horizon,
  // plain and discounted. Then per customer, in customer order: reaching
  // customers through the grouping's order, in no order memory likes, was
  // most of the time.
  struct Shared {
    double alive, total, discounted;
  };
  const size_t summaries = runs.run_starts.size() - 1;
  std::vector<Shared> shared;
  ResizeInHugePages(&shared, summaries);
  // Chunks of a sixteenth of the summaries, from 64 to 8192 of them: a
  // few thousand summaries over a long horizon in days, discounted, are
  // seconds of work that every thread should share.
  const size_t chunk_size = std::clamp<size_t>(summaries / 16, 64, 8192);
  ForEachChunk((summaries + chunk_size - 1) / chunk_size, options.threads, [&](size_t chunk) {
    std::vector<Memo> known(memo ? static_cast<size_t>(last_day - first_day + 1) : 0);
    for (size_t r = chunk * chunk_size; r < std::min(summaries, (chunk + 1) * chunk_size); ++r) {
      const CustomerRfm& c = cs[runs.order[runs.run_starts[r]]];
      const double x = static_cast<double>(c.frequency);
      const double alive = BgNbdProbabilityAlive(params, x, c.recency, c.age);
      double total, discounted;
      if (memo) {
        Memo& m = known[static_cast<size_t>(c.first_day - first_day)];
        if (m.x != c.frequency) {
          m.x = c.frequency;
          expected(x, c.age, &m.total, &m.discounted);
        }
        total = alive * m.total;
        discounted = alive * m.discounted;
      } else {
        expected(x, c.age, &total, &discounted);
        total *= alive;
        discounted *= alive;
      }
      shared[r] = {alive, total, discounted};
    }
  });
  // bgnbd.cc gives a finite expectation for every finite fit tried;
  // should one still fail, it is an error, not a silent null. NaN
  // parameters (a failed fit) give NaN throughout.
  if (std::isfinite(params.r + params.alpha + params.a + params.b)) {
    for (size_t r = 0; r < summaries; ++r) {
      if (std::isfinite(shared[r].total) && std::isfinite(shared[r].discounted)) continue;
      const CustomerRfm& c = cs[runs.order[runs.run_starts[r]]];
      throw DataError({}, "the transactions expected of a customer with " +
                              std::to_string(c.frequency) +
                              " repeat purchases could not be computed over this horizon; "
                              "try a shorter --horizon");
    }
  }
  std::vector<CustomerClv> out;
  ResizeInHugePages(&out, cs.size());
  constexpr size_t kCustomers = 65536;
  ForEachChunk((cs.size() + kCustomers - 1) / kCustomers, options.threads, [&](size_t chunk) {
    for (size_t i = chunk * kCustomers; i < std::min(cs.size(), (chunk + 1) * kCustomers); ++i) {
      const Shared& sh = shared[runs.run_of[i]];
      CustomerClv& p = out[i];
      p.customer = cs[i].customer;
      p.p_alive = sh.alive;
      p.expected_transactions = sh.total;
      p.expected_spend = clv::ExpectedSpend(gamma_gamma, cs[i], observed_mean);
      p.clv = options.margin * p.expected_spend * sh.discounted;
    }
  });
  if (totals) {
    *totals = ClvTotals{};
    totals->customers = static_cast<int64_t>(out.size());
    for (const CustomerClv& p : out) {
      totals->expected_alive += p.p_alive;
      totals->likely_alive += p.p_alive >= 0.5;
      totals->expected_transactions += p.expected_transactions;
      totals->expected_revenue += p.expected_transactions * p.expected_spend;
      totals->clv += p.clv;
    }
  }
  return out;
}

ClvModel ComputeClv(const OrderTable& table, const RfmOptions& rfm, const ClvOptions& options) {
  if (!(options.horizon_days > 0)) throw UsageError("the horizon must be longer than 0 days");
  if (options.margin < 0) throw UsageError("the margin must be 0 or more");
  if (!(options.annual_discount_rate > -1)) {
    throw UsageError("the discount rate must be more than -100%");
  }
  ClvModel model;
  RfmOptions summary_options = rfm;
  summary_options.threads = options.threads;
  model.rfm = SummarizeRfm(table, summary_options);
  // The spend model needs neither the grouping nor the other model: it is
  // fitted beside them, on the cores the grouping (one thread) and the
  // purchase model's optimizer (between its parallel sums) leave idle.
  // Its error comes after theirs, as when fitted after them. On every
  // core (0) both sums use every core and the kernel shares them out;
  // `threads` given, the two share that many.
  const int spend_threads = options.threads > 1 ? options.threads / 2 : options.threads;
  const int purchase_threads =
      options.threads > 1 ? options.threads - spend_threads : options.threads;
  clv::Runs runs;
  RunBoth(
      options.threads,
      [&] {
        runs = clv::GroupBySummary(model.rfm.customers);
        model.bgnbd = clv::FitBgNbd(model.rfm.customers, runs, purchase_threads);
      },
      [&] { model.gamma_gamma = FitGammaGamma(model.rfm.customers, spend_threads); });
  model.customers =
      clv::PredictClv(model.rfm, runs, model.bgnbd, model.gamma_gamma, options, &model.totals);
  if (rfm.holdout_end) {
    model.holdout =
        clv::CheckHoldout(model.rfm, runs, model.bgnbd, model.gamma_gamma, options.threads);
  }
  return model;
}

}  // namespace retention

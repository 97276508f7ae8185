// The counting behind every figure. Definitions quoted from the metrics
// contract (docs/metrics.md) sit next to the code that implements them.
#include "retention/metrics.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

#include "retention/error.h"

namespace retention {
namespace {

// Order times grouped by customer and sorted, so each question about one
// customer is a binary search.
struct OrdersByCustomer {
  std::vector<size_t> offsets;  // customer c owns times[offsets[c], offsets[c+1])
  std::vector<Time> times;

  OrdersByCustomer(const OrderTable& table, Time until) {
    size_t customers = table.customers.size();
    offsets.assign(customers + 1, 0);
    for (size_t i = 0; i < table.order_count(); ++i) {
      if (table.order_time[i] < until) ++offsets[table.order_customer[i] + 1];
    }
    std::partial_sum(offsets.begin(), offsets.end(), offsets.begin());
    times.resize(offsets.back());
    std::vector<size_t> next(offsets.begin(), offsets.end() - 1);
    for (size_t i = 0; i < table.order_count(); ++i) {
      if (table.order_time[i] < until) times[next[table.order_customer[i]]++] = table.order_time[i];
    }
    for (size_t c = 0; c < customers; ++c) {
      std::sort(times.begin() + static_cast<ptrdiff_t>(offsets[c]),
                times.begin() + static_cast<ptrdiff_t>(offsets[c + 1]));
    }
  }
};

// What the counting needs to know of one customer in one period. Order
// data and subscription data both reduce to this, so the definitions below
// are written once.
struct CustomerInPeriod {
  bool has_history = false;  // has a first order / first start at all
  Time first = 0;            // first order ever (first start)
  bool active_start = false;
  bool active_end = false;
  int64_t orders = 0;  // orders in [t0, t1)
};

// Adds one customer to the period's counts.
void Count(const CustomerInPeriod& c, Time t0, Time t1, PeriodMetrics* m) {
  if (!c.has_history || c.first >= t1) return;  // rows after t1 are ignored
  // S: active at t0.  E: active at t1.
  m->customers_start += c.active_start;
  m->customers_end += c.active_end;
  // N: first order ever falls in [t0, t1).
  bool is_new = c.first >= t0;
  m->customers_new += is_new;
  // L: active at t0 and not active at t1.
  m->customers_lost += c.active_start && !c.active_end;
  // R: first order before t0, not active at t0, active at t1.
  m->customers_reactivated += !is_new && !c.active_start && c.active_end;
  // C: at least one order in [t0, t1); O: orders in [t0, t1).
  if (c.orders > 0) {
    ++m->customers_active;
    m->orders += c.orders;
    m->customers_repeat += c.orders >= 2;
    m->customers_returning += !is_new;
  }
}

std::optional<double> Ratio(int64_t numerator, int64_t denominator) {
  if (denominator == 0) return std::nullopt;  // a rate of nothing is null, never 0
  return static_cast<double>(numerator) / static_cast<double>(denominator);
}

void FillRates(const MetricsOptions& options, PeriodMetrics* m) {
  m->churn_rate = Ratio(m->customers_lost, m->customers_start);
  m->retention_rate = Ratio(m->customers_end - m->customers_new, m->customers_start);
  m->repeat_rate = Ratio(m->customers_repeat, m->customers_active);
  m->returning_rate = Ratio(m->customers_returning, m->customers_active);
  m->purchase_frequency = Ratio(m->orders, m->customers_active);
  if (m->orders > 0) m->aov = DivideMoney(m->revenue, m->orders);
  if (options.lifespan) {
    m->lifespan = *options.lifespan;
  } else if (m->churn_rate && *m->churn_rate > 0) {
    m->lifespan = 1.0 / *m->churn_rate;
  }
  // clv = aov x frequency x margin x lifespan = revenue / C x margin x
  // lifespan; computed from the unrounded quotient.
  if (m->aov && m->purchase_frequency && m->lifespan) {
    long double units = static_cast<long double>(m->revenue.units) /
                        static_cast<long double>(m->customers_active) * options.margin *
                        *m->lifespan;
    if (std::isfinite(static_cast<double>(units)) && std::fabs(units) < 9e18L) {
      m->clv = Money{static_cast<int64_t>(std::llround(units))};
    }
  }
}

}  // namespace

std::vector<PeriodMetrics> ComputeMetrics(const OrderTable& table,
                                          const std::vector<Period>& periods,
                                          const MetricsOptions& options) {
  std::vector<PeriodMetrics> result(periods.size());
  const Time until = options.known_through ? TimeFromDate(AddDays(*options.known_through, 1))
                                           : std::numeric_limits<Time>::max();
  const OrdersByCustomer orders(table, until);

  struct Bounds {
    Time t0, t1;
    Time start_window, end_window;  // t0 - W and t1 - W
  };
  std::vector<Bounds> bounds(periods.size());
  for (size_t p = 0; p < periods.size(); ++p) {
    PeriodMetrics& m = result[p];
    m.period = periods[p];
    m.window = options.window ? *options.window : WindowOfPeriod(periods[p]);
    m.partial = IsPartial(periods[p], options.as_of);
    Time t0 = TimeFromDate(periods[p].start), t1 = TimeFromDate(periods[p].end);
    bounds[p] = Bounds{t0, t1, SubtractWindow(t0, m.window), SubtractWindow(t1, m.window)};
  }

  // Activity: a customer is active at t if they have an order in [t - W, t).
  for (size_t c = 0; c + 1 < orders.offsets.size(); ++c) {
    const Time* first = orders.times.data() + orders.offsets[c];
    const Time* last = orders.times.data() + orders.offsets[c + 1];
    if (first == last) continue;
    auto active = [&](Time t, Time t_minus_w) {
      const Time* it = std::lower_bound(first, last, t_minus_w);
      return it != last && *it < t;
    };
    for (size_t p = 0; p < periods.size(); ++p) {
      const Bounds& b = bounds[p];
      CustomerInPeriod facts;
      facts.has_history = true;
      facts.first = *first;
      if (facts.first >= b.t1) continue;
      facts.active_start = active(b.t0, b.start_window);
      facts.active_end = active(b.t1, b.end_window);
      facts.orders = std::lower_bound(first, last, b.t1) - std::lower_bound(first, last, b.t0);
      Count(facts, b.t0, b.t1, &result[p]);
    }
  }

  // Revenue: the sum of all amounts (purchases and refunds) dated in
  // [t0, t1). Summed in 128 bits so no data set can overflow silently.
  std::vector<__int128> revenue(periods.size(), 0);
  std::vector<size_t> by_start(periods.size());
  std::iota(by_start.begin(), by_start.end(), 0);
  std::sort(by_start.begin(), by_start.end(),
            [&](size_t a, size_t b) { return bounds[a].t0 < bounds[b].t0; });
  std::vector<Time> starts;
  bool disjoint = true;
  for (size_t k = 0; k < by_start.size(); ++k) {
    starts.push_back(bounds[by_start[k]].t0);
    if (k > 0 && bounds[by_start[k - 1]].t1 > bounds[by_start[k]].t0) disjoint = false;
  }
  for (size_t i = 0; i < table.amount_count(); ++i) {
    Time t = table.amount_time[i];
    if (t >= until) continue;
    if (disjoint) {  // a series: one binary search per amount
      size_t k =
          static_cast<size_t>(std::upper_bound(starts.begin(), starts.end(), t) - starts.begin());
      if (k > 0 && t < bounds[by_start[k - 1]].t1) {
        revenue[by_start[k - 1]] += table.amount_value[i].units;
      }
      continue;
    }
    for (size_t p = 0; p < periods.size(); ++p) {
      if (t >= bounds[p].t0 && t < bounds[p].t1) revenue[p] += table.amount_value[i].units;
    }
  }
  for (size_t p = 0; p < periods.size(); ++p) {
    if (revenue[p] > INT64_MAX || revenue[p] < INT64_MIN) {
      throw DataError(Location{},
                      "the revenue of " + periods[p].label + " is too large to represent exactly");
    }
    result[p].revenue = Money{static_cast<int64_t>(revenue[p])};
    FillRates(options, &result[p]);
  }
  return result;
}

}  // namespace retention

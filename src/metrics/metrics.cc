// The counting behind every figure. Definitions quoted from the metrics
// contract (docs/metrics.md) sit next to the code that implements them.
// It stays one file (about 600 lines): the one-period counter and the
// series counter apply the same definitions and are kept side by side so
// that a change to one is seen against the other.
#include "retention/metrics.h"

#include <algorithm>
#include <atomic>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <exception>
#include <limits>
#include <numeric>
#include <optional>
#include <stdexcept>
#include <string_view>
#include <thread>
#include <unordered_map>
#include <utility>

#include "base/page_memory.h"
#include "retention/error.h"
#include "retention/subscriptions.h"

namespace retention {
namespace {

// Order times grouped by customer and sorted, so each question about one
// customer is a binary search. Holds customers [first, end) only, so that
// ranges of customers can be counted on separate threads.
struct OrdersByCustomer {
  // Customer first + c owns times[offsets[c], offsets[c+1]). 32 bits: the
  // loader numbers orders in 32 bits too.
  std::vector<uint32_t> offsets;
  std::vector<Time> times;
  std::vector<uint32_t> next;  // scratch

  OrdersByCustomer() = default;
  // Every customer's orders.
  OrdersByCustomer(const OrderTable& table, Time until) {
    Fill(table, until, 0, static_cast<CustomerIndex>(table.customers.size()), table.order_count(),
         [](size_t k) { return k; });
  }

  // Holds the orders `order_of(0 .. count - 1)`, which must include every
  // order of customers [first, end) and no other. Refilling keeps the
  // memory: fresh pages cost more than reading them again.
  template <typename OrderOf>
  void Fill(const OrderTable& table, Time until, CustomerIndex first, CustomerIndex end,
            size_t count, OrderOf order_of) {
    if (table.order_count() > UINT32_MAX) throw std::length_error("more than 2^32 orders");
    offsets.assign(end - first + 1, 0);
    for (size_t k = 0; k < count; ++k) {
      size_t i = order_of(k);
      if (table.order_time[i] < until) ++offsets[table.order_customer[i] - first + 1];
    }
    std::partial_sum(offsets.begin(), offsets.end(), offsets.begin());
    if (times.capacity() < offsets.back()) {
      times = std::vector<Time>();
      times.reserve(offsets.back());
      AdviseHugePages(times.data(), times.capacity() * sizeof(Time));
    }
    times.resize(offsets.back());
    next.assign(offsets.begin(), offsets.end() - 1);
    for (size_t k = 0; k < count; ++k) {
      size_t i = order_of(k);
      if (table.order_time[i] < until) {
        times[next[table.order_customer[i] - first]++] = table.order_time[i];
      }
    }
    for (size_t c = 0; c + 1 < offsets.size(); ++c) {
      auto begin = times.begin() + static_cast<ptrdiff_t>(offsets[c]);
      auto stop = times.begin() + static_cast<ptrdiff_t>(offsets[c + 1]);
      if (!std::is_sorted(begin, stop)) std::sort(begin, stop);  // files are mostly by date
    }
  }
};

// What the counting needs to know of one customer in one period. Order
// data and subscription data both reduce to this, so the definitions below
// are written once.
struct CustomerInPeriod {
  // Activity, from orders (windowed) or from contracts.
  bool has_history = false;  // has a first order / first start at all
  Time first = 0;            // first order ever (first start)
  bool active_start = false;
  bool active_end = false;
  // Purchases, from orders.
  int64_t orders = 0;           // orders in [t0, t1)
  bool ordered_before = false;  // has an order before t0
};

// Adds one customer to the period's counts.
void Count(const CustomerInPeriod& c, Time t0, Time t1, PeriodMetrics* m) {
  if (c.has_history && c.first < t1) {  // rows after t1 are ignored
    // S: active at t0.  E: active at t1.
    m->customers_start += c.active_start;
    m->customers_end += c.active_end;
    // N: first order ever (first start) falls in [t0, t1).
    bool is_new = c.first >= t0;
    m->customers_new += is_new;
    // L: active at t0 and not active at t1.
    m->customers_lost += c.active_start && !c.active_end;
    // R: first order (start) before t0, not active at t0, active at t1.
    m->customers_reactivated += !is_new && !c.active_start && c.active_end;
  }
  // C: at least one order in [t0, t1); O: orders in [t0, t1).
  if (c.orders > 0) {
    ++m->customers_active;
    m->orders += c.orders;
    m->customers_repeat += c.orders >= 2;
    // Returning: first order before the period.
    m->customers_returning += c.ordered_before;
  }
}

// Adds the customer counts of `from` (one range of customers) to `to`.
void AddCounts(const PeriodMetrics& from, PeriodMetrics* to) {
  to->customers_start += from.customers_start;
  to->customers_end += from.customers_end;
  to->customers_new += from.customers_new;
  to->customers_lost += from.customers_lost;
  to->customers_reactivated += from.customers_reactivated;
  to->customers_active += from.customers_active;
  to->orders += from.orders;
  to->customers_repeat += from.customers_repeat;
  to->customers_returning += from.customers_returning;
}

// A period and the instants activity is asked about.
struct Bounds {
  Time t0, t1;
  Time start_window, end_window;  // t0 - W and t1 - W (orders only)
};

// Where a customer's sorted order times [first, last) reach each instant
// of a period: the first order at or after it (or last).
struct OrderPositions {
  const Time *start_window, *t0, *end_window, *t1;
};

OrderPositions FindPositions(const Time* first, const Time* last, const Bounds& b) {
  return OrderPositions{
      std::lower_bound(first, last, b.start_window), std::lower_bound(first, last, b.t0),
      std::lower_bound(first, last, b.end_window), std::lower_bound(first, last, b.t1)};
}

// Activity from orders: active at t if they have an order in [t - W, t).
// [first, last) are the customer's order times, sorted; `at` where they
// reach b's instants.
void ActivityFromOrders(const Time* first, const Time* last, const Bounds& b,
                        const OrderPositions& at, CustomerInPeriod* c) {
  if (first == last) return;
  c->has_history = true;
  c->first = *first;
  c->active_start = at.start_window != last && *at.start_window < b.t0;
  c->active_end = at.end_window != last && *at.end_window < b.t1;
}

// Activity from contracts: active at t if some contract started before t
// and has not ended by t: start < t < end. This is start <= t < end for
// every t except a contract's very first instant, which belongs to the
// period it starts in, as an order's does: an order at o makes its
// customer active for o < t < ActiveUntil(o). So a customer who signs at
// t0 is new in the period, not also at its start (S and N never share a
// customer), and E of one period is S of the next. [start, start + n) and
// [end, end + n) are the customer's merged intervals, sorted and disjoint;
// merging is what keeps a renewal at exactly t from looking like a gap.
void ActivityFromContracts(const Time* start, const Time* end, size_t n, const Bounds& b,
                           CustomerInPeriod* c) {
  if (n == 0) return;
  auto active = [&](Time t) {
    // The last interval starting before t holds t, if any does.
    size_t k = static_cast<size_t>(std::lower_bound(start, start + n, t) - start);
    return k > 0 && t < end[k - 1];
  };
  c->has_history = true;
  c->first = start[0];
  c->active_start = active(b.t0);
  c->active_end = active(b.t1);
}

// Purchases from orders: orders in [t0, t1) and whether one came before.
void PurchasesFromOrders(const Time* first, const Time* last, const Bounds& b,
                         const OrderPositions& at, CustomerInPeriod* c) {
  if (first == last) return;
  c->orders = at.t1 - at.t0;
  c->ordered_before = *first < b.t0;
}

std::optional<double> Ratio(int64_t numerator, int64_t denominator) {
  if (denominator == 0) return std::nullopt;  // a rate of nothing is null, never 0
  return static_cast<double>(numerator) / static_cast<double>(denominator);
}

// A fraction numerator / denominator, both positive except a numerator's sign.
struct Fraction {
  __int128 numerator;
  __int128 denominator;
};

// The decimal a flag's number was written as (0.3, 2.5, 12): the shortest
// digits that read back as the double, over a power of ten. None past 18
// digits: such a number was not typed, and the caller falls back.
std::optional<Fraction> WrittenDecimal(double x) {
  char text[64];
  const auto [end, error] = std::to_chars(text, text + sizeof text, x, std::chars_format::fixed);
  if (error != std::errc() || !(x > 0)) return std::nullopt;
  Fraction f{0, 1};
  int digits = 0, decimals = 0;
  bool fraction = false;
  for (const char* c = text; c != end; ++c) {
    if (*c == '.') {
      fraction = true;
      continue;
    }
    if (f.numerator != 0 || *c != '0') ++digits;
    // Both stay below 10^18: 1e-40 falls back too.
    if (fraction) ++decimals;
    if (digits > 18 || decimals > 18) return std::nullopt;
    f.numerator = f.numerator * 10 + (*c - '0');
    if (fraction) f.denominator *= 10;
  }
  return f;
}

// revenue / C x margin x lifespan rounded half away from zero, computed
// exactly when margin and a given lifespan are decimals of up to 18 digits
// and the products fit in 128 bits: a tie such as 4.63125 is 4.6313, where
// a product of doubles may land just below it. With the lifespan 1 / churn,
// it is S / L, so no division rounds before the last.
std::optional<Money> ExactClv(const PeriodMetrics& m, const MetricsOptions& options) {
  const std::optional<Fraction> margin = WrittenDecimal(options.margin);
  std::optional<Fraction> lifespan;
  if (options.lifespan) {
    lifespan = WrittenDecimal(*options.lifespan);
  } else if (m.customers_lost > 0) {
    lifespan = Fraction{m.customers_start, m.customers_lost};
  }
  if (!margin || !lifespan || m.customers_active <= 0) return std::nullopt;
  __int128 n = m.revenue.units, d = m.customers_active;
  if (__builtin_mul_overflow(n, margin->numerator, &n) ||
      __builtin_mul_overflow(n, lifespan->numerator, &n) ||
      __builtin_mul_overflow(d, margin->denominator, &d) ||
      __builtin_mul_overflow(d, lifespan->denominator, &d)) {
    return std::nullopt;
  }
  __int128 quotient = n / d, remainder = n % d;
  if (remainder < 0) remainder = -remainder;
  if (remainder >= d - remainder) quotient += n < 0 ? -1 : 1;
  // Too large for money: the caller's check says so.
  if (quotient >= 9'000'000'000'000'000'000 || quotient <= -9'000'000'000'000'000'000) {
    return std::nullopt;
  }
  return Money{static_cast<int64_t>(quotient)};
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
    // S / L in one division: 1 / (L / S) rounds twice (335 / 125 gave
    // 2.6799999999999997).
    m->lifespan = static_cast<double>(m->customers_start) / static_cast<double>(m->customers_lost);
  }
  // clv = aov x frequency x margin x lifespan = revenue / C x margin x
  // lifespan, from the unrounded quotient.
  if (m->aov && m->purchase_frequency && m->lifespan) {
    const std::optional<Money> clv = ExactClv(*m, options);
    if (clv) {
      m->clv = *clv;
      return;
    }
    long double units = static_cast<long double>(m->revenue.units) /
                        static_cast<long double>(m->customers_active) * options.margin *
                        *m->lifespan;
    // Past 9.2e14 a figure cannot be money exactly: an error, as for
    // revenue, never a null that reads like "undefined".
    // (long double holds 2^63 - 1 exactly: below it, llround fits.)
    if (!std::isfinite(static_cast<double>(units)) ||
        std::fabs(units) >= static_cast<long double>(std::numeric_limits<int64_t>::max())) {
      char about[32];
      std::snprintf(about, sizeof about, "%.3g", static_cast<double>(units) / kMoneyScale);
      throw DataError(Location{}, "the CLV of " + m->period.label + " (about " + about +
                                      ") is too large to represent exactly (beyond ±9.2e14); "
                                      "check the amounts, or give a shorter --lifespan");
    }
    m->clv = Money{static_cast<int64_t>(std::llround(units))};
  }
}

// Orders and amounts count up to this instant (MetricsOptions::known_through).
Time Until(const MetricsOptions& options) {
  return options.known_through ? TimeFromDate(AddDays(*options.known_through, 1))
                               : std::numeric_limits<Time>::max();
}

// Runs task(0) .. task(n - 1), each on its own thread (task(0) on this
// one, and any no thread could be started for: the tasks never wait for
// each other). The first exception a task throws (out of memory, say) is
// rethrown here once all have stopped; escaping a thread it would abort.
template <typename Task>
void OnThreads(size_t n, Task task) {
  std::vector<std::exception_ptr> errors(n);
  auto run = [&](size_t t) {
    try {
      task(t);
    } catch (...) {
      errors[t] = std::current_exception();
    }
  };
  std::vector<std::thread> threads;
  size_t started = 1;
  try {
    threads.reserve(n);
    for (; started < n; ++started) threads.emplace_back(run, started);
  } catch (const std::exception&) {
    // No more threads to be had (a memory limit): this one does the rest.
  }
  run(0);
  for (size_t t = started; t < n; ++t) run(t);
  for (std::thread& thread : threads) thread.join();
  for (const std::exception_ptr& error : errors) {
    if (error) std::rethrow_exception(error);
  }
}

// Splits [0, n) into `slices` consecutive slices and runs
// task(slice, begin, end) for each on its own thread.
template <typename Task>
void OnSlices(size_t slices, size_t n, Task task) {
  const size_t size = (n + slices - 1) / slices;
  OnThreads(slices, [&](size_t t) { task(t, std::min(n, t * size), std::min(n, (t + 1) * size)); });
}

// Threads worth starting for a pass over n values.
size_t ThreadsFor(size_t n) {
  constexpr size_t kFewestPerThread = 200000;
  const size_t cores = std::max<size_t>(1, std::thread::hardware_concurrency());
  return std::max<size_t>(1, std::min(cores, n / kFewestPerThread));
}

// Sets up one PeriodMetrics per period and returns their bounds.
std::vector<Bounds> Prepare(const std::vector<Period>& periods, const MetricsOptions& options,
                            std::vector<PeriodMetrics>* result) {
  CheckMetricsOptions(options);
  result->assign(periods.size(), PeriodMetrics());
  std::vector<Bounds> bounds(periods.size());
  for (size_t p = 0; p < periods.size(); ++p) {
    PeriodMetrics& m = (*result)[p];
    m.period = periods[p];
    m.window = options.window ? *options.window : WindowOfPeriod(periods[p]);
    m.partial = IsPartial(periods[p], options.as_of) ||
                (options.now && TimeFromDate(periods[p].end) > *options.now);
    Time t0 = TimeFromDate(periods[p].start), t1 = TimeFromDate(periods[p].end);
    bounds[p] = Bounds{t0, t1, SubtractWindow(t0, m.window), SubtractWindow(t1, m.window)};
  }
  return bounds;
}

// Revenue: the sum of all money (orders' own lines, other purchase lines
// and refunds) dated in [t0, t1). Summed in 128 bits so no data set can
// overflow silently.
void AddRevenue(const OrderTable& table, Time until, const std::vector<Bounds>& bounds,
                std::vector<PeriodMetrics>* result) {
  const size_t periods = bounds.size();
  std::vector<size_t> by_start(periods);
  std::iota(by_start.begin(), by_start.end(), 0);
  std::sort(by_start.begin(), by_start.end(),
            [&](size_t a, size_t b) { return bounds[a].t0 < bounds[b].t0; });
  std::vector<Time> starts;
  bool disjoint = true;
  for (size_t k = 0; k < by_start.size(); ++k) {
    starts.push_back(bounds[by_start[k]].t0);
    if (k > 0 && bounds[by_start[k - 1]].t1 > bounds[by_start[k]].t0) disjoint = false;
  }
  // Integer sums: any split of the work gives the same total.
  auto add = [&](Time t, Money value, std::vector<__int128>* sums) {
    if (t >= until) return;
    if (disjoint) {  // a series: one binary search per amount
      size_t k =
          static_cast<size_t>(std::upper_bound(starts.begin(), starts.end(), t) - starts.begin());
      if (k > 0 && t < bounds[by_start[k - 1]].t1) (*sums)[by_start[k - 1]] += value.units;
      return;
    }
    for (size_t p = 0; p < periods; ++p) {
      if (t >= bounds[p].t0 && t < bounds[p].t1) (*sums)[p] += value.units;
    }
  };
  const size_t orders = table.order_count(), amounts = table.amount_count();
  const size_t threads = ThreadsFor(orders + amounts);
  std::vector<std::vector<__int128>> sums(threads, std::vector<__int128>(periods, 0));
  OnSlices(threads, orders + amounts, [&](size_t t, size_t begin, size_t end) {
    for (size_t i = begin; i < std::min(end, orders); ++i) {
      add(table.order_time[i], table.order_value[i], &sums[t]);
    }
    for (size_t i = std::max(begin, orders); i < end; ++i) {
      add(table.amount_time[i - orders], table.amount_value[i - orders], &sums[t]);
    }
  });
  std::vector<__int128> revenue(periods, 0);
  for (const auto& part : sums) {
    for (size_t p = 0; p < periods; ++p) revenue[p] += part[p];
  }
  for (size_t p = 0; p < periods; ++p) {
    PeriodMetrics& m = (*result)[p];
    if (revenue[p] > INT64_MAX || revenue[p] < INT64_MIN) {
      throw DataError(Location{},
                      "the revenue of " + m.period.label +
                          " is too large to represent exactly (beyond ±9.2e14); check the "
                          "amount column's unit (cents read as whole units?), or report shorter "
                          "periods");
    }
    m.revenue = Money{static_cast<int64_t>(revenue[p])};
  }
}

// One period, the common report: one pass over the orders notes, per
// customer, what Count asks about, instead of grouping every customer's
// order times. The customers are split into one range per thread; each
// thread reads every order and keeps those of its range.
void CountOnePeriod(const OrderTable& table, Time until, const Bounds& b, PeriodMetrics* m) {
  // Count compares a customer's first order only with t0 and t1, so which
  // side of t0 it falls on is all that is kept of it: 8 bytes a customer.
  struct Facts {      // zero: no order yet
    uint32_t orders;  // in [t0, t1)
    bool seen, before_t0, active_start, active_end;
  };
  const size_t customers = table.customers.size(), orders = table.order_count();
  if (orders > UINT32_MAX) throw std::length_error("more than 2^32 orders");
  // Zeroed pages, each first written by the thread that owns them.
  PageArray<Facts> facts(customers);
  const size_t threads = ThreadsFor(orders);
  std::vector<PeriodMetrics> parts(threads);
  OnSlices(threads, customers, [&](size_t t, size_t begin, size_t end) {
    // The facts are read at random: ask for them well ahead.
    constexpr size_t kAhead = 32;
    for (size_t i = 0; i < orders; ++i) {
      if (i + kAhead < orders) {
        const CustomerIndex ahead = table.order_customer[i + kAhead];
        if (ahead >= begin && ahead < end) __builtin_prefetch(&facts[ahead], 1);
      }
      const CustomerIndex c = table.order_customer[i];
      if (c < begin || c >= end) continue;
      const Time time = table.order_time[i];
      if (time >= until) continue;
      Facts& f = facts[c];
      f.seen = true;
      f.before_t0 |= time < b.t0;
      f.orders += time >= b.t0 && time < b.t1;
      // Active at t when an order falls in [t - W, t).
      f.active_start |= time >= b.start_window && time < b.t0;
      f.active_end |= time >= b.end_window && time < b.t1;
    }
    for (size_t c = begin; c < end; ++c) {
      const Facts& f = facts[c];
      if (!f.seen) continue;
      CustomerInPeriod in;
      in.has_history = true;
      // A time on the same side of t0 and t1 as the first order.
      in.first = f.before_t0 ? b.t0 - 1 : f.orders > 0 ? b.t0 : b.t1;
      in.active_start = f.active_start;
      in.active_end = f.active_end;
      in.orders = f.orders;
      in.ordered_before = f.before_t0;
      Count(in, b.t0, b.t1, &parts[t]);
    }
  });
  for (const PeriodMetrics& part : parts) AddCounts(part, m);
}

}  // namespace

void CheckMetricsOptions(const MetricsOptions& options) {
  if (!(options.margin > 0 && options.margin <= 1)) {
    throw UsageError("--margin is a fraction of revenue, above 0 and at most 1 (e.g. 0.3 or 30%)");
  }
  if (options.lifespan && !(*options.lifespan > 0 && *options.lifespan < 1e6)) {
    throw UsageError("--lifespan is a number of periods above 0 and below a million (e.g. 12)");
  }
  if (options.window &&
      !(options.window->count >= 1 && options.window->count <= Window::kMaxCount)) {
    throw UsageError("--window takes a count of 1 to " + std::to_string(Window::kMaxCount) +
                     " units; got " + std::to_string(options.window->count));
  }
}

std::vector<PeriodMetrics> ComputeMetrics(const OrderTable& table,
                                          const std::vector<Period>& periods,
                                          const MetricsOptions& options) {
  std::vector<PeriodMetrics> result;
  const std::vector<Bounds> bounds = Prepare(periods, options, &result);
  const Time until = Until(options);
  if (periods.size() == 1) {
    CountOnePeriod(table, until, bounds[0], &result[0]);
    AddRevenue(table, until, bounds, &result);
    FillRates(options, &result[0]);
    return result;
  }

  // Activity and purchases both come from each customer's orders. Large
  // tables are counted in ranges of customers, so the grouped order times
  // of one range at a time are in memory, on every core; the counts are
  // integers, so the sum is the same for any split.
  //
  // A customer adds nothing to a period that ends before their first order
  // or starts (with its start window) after their last. Periods are
  // visited by end; when their starts rise in that order too, as in any
  // series, the periods a customer adds to are one stretch of that order,
  // found by binary search, and a long series does not cost a step per
  // period for every customer.
  std::vector<size_t> by_end(periods.size());
  std::iota(by_end.begin(), by_end.end(), 0);
  std::stable_sort(by_end.begin(), by_end.end(),
                   [&](size_t a, size_t b) { return bounds[a].t1 < bounds[b].t1; });
  std::vector<Time> ends, floors;  // by_end's t1, and min(start window, t0)
  bool stretch = true;
  // When every instant rises in this order too, each customer's positions
  // only move forward: a walk over their few orders replaces the binary
  // searches.
  bool walk = true;
  for (size_t k = 0; k < by_end.size(); ++k) {
    const Bounds& b = bounds[by_end[k]];
    ends.push_back(b.t1);
    floors.push_back(std::min(b.start_window, b.t0));
    if (k > 0) {
      const Bounds& a = bounds[by_end[k - 1]];
      stretch = stretch && floors[k] >= floors[k - 1];
      walk =
          walk && b.start_window >= a.start_window && b.t0 >= a.t0 && b.end_window >= a.end_window;
    }
  }
  walk = walk && stretch;
  auto count_range = [&](const OrdersByCustomer& orders, std::vector<PeriodMetrics>* out) {
    for (size_t c = 0; c + 1 < orders.offsets.size(); ++c) {
      const Time* first = orders.times.data() + orders.offsets[c];
      const Time* last = orders.times.data() + orders.offsets[c + 1];
      if (first == last) continue;
      const Time latest = last[-1];
      size_t from = 0, to = periods.size();
      OrderPositions at{first, first, first, first};
      if (stretch) {
        from =
            static_cast<size_t>(std::upper_bound(ends.begin(), ends.end(), *first) - ends.begin());
        to = static_cast<size_t>(std::upper_bound(floors.begin(), floors.end(), latest) -
                                 floors.begin());
      }
      for (size_t k = from; k < to; ++k) {
        const size_t p = by_end[k];
        const Bounds& b = bounds[p];
        if (*first >= b.t1) continue;
        // Gone before the period's start window: not active at either end,
        // not new, no orders in it; such a customer adds nothing to any
        // count. (In a long series that is most customers most periods.)
        if (latest < b.start_window && latest < b.t0) continue;
        if (walk) {  // every instant is at or after its place in the last period
          auto reach = [last](const Time*& it, Time t) {
            while (it != last && *it < t) ++it;
          };
          reach(at.start_window, b.start_window);
          reach(at.t0, b.t0);
          reach(at.end_window, b.end_window);
          reach(at.t1, b.t1);
        } else {
          at = FindPositions(first, last, b);
        }
        CustomerInPeriod facts;
        ActivityFromOrders(first, last, b, at, &facts);
        PurchasesFromOrders(first, last, b, at, &facts);
        Count(facts, b.t0, b.t1, &(*out)[p]);
      }
    }
  };
  const size_t customers = table.customers.size();
  // Ranges of about 100,000 customers (at most 131,072) keep a range's
  // scattered writes in cache; with fewer customers, still one range per
  // core (a long series is worth splitting) unless ranges would get too
  // small to pay a thread.
  constexpr size_t kCustomersPerRange = 100000, kFewestPerRange = 20000;
  const size_t cores = std::max<size_t>(1, std::thread::hardware_concurrency());
  size_t ranges = std::max<size_t>(
      {1, customers / kCustomersPerRange, std::min(cores, customers / kFewestPerRange)});
  const size_t threads = std::min(cores, ranges);
  if (ranges == 1) {
    count_range(OrdersByCustomer(table, until), &result);
  } else {
    // Range r holds customers [r * per, (r + 1) * per), with `per` a power
    // of two: an order's range is a shift, not a division. The orders are
    // bucketed by range once, so that each range reads its own orders
    // only; each thread buckets a slice of them, counting first where its
    // orders go.
    int shift = 0;
    while ((size_t{1} << shift) * ranges < customers) ++shift;
    const size_t per = size_t{1} << shift;
    ranges = (customers + per - 1) >> shift;
    const size_t orders = table.order_count();
    const size_t slices = ThreadsFor(orders);
    std::vector<std::vector<size_t>> next(slices, std::vector<size_t>(ranges, 0));
    OnSlices(slices, orders, [&](size_t t, size_t begin, size_t end) {
      for (size_t i = begin; i < end; ++i) ++next[t][table.order_customer[i] >> shift];
    });
    std::vector<size_t> starts(ranges + 1, 0);
    for (size_t r = 0, at = 0; r < ranges; ++r) {  // counts to positions
      starts[r] = at;
      for (size_t t = 0; t < slices; ++t) at += std::exchange(next[t][r], at);
      starts[r + 1] = at;
    }
    std::vector<uint32_t> by_range(orders);
    AdviseHugePages(by_range.data(), by_range.size() * sizeof(uint32_t));
    OnSlices(slices, orders, [&](size_t t, size_t begin, size_t end) {
      std::vector<size_t>& at = next[t];
      for (size_t i = begin; i < end; ++i) {
        by_range[at[table.order_customer[i] >> shift]++] = static_cast<uint32_t>(i);
      }
    });
    std::vector<std::vector<PeriodMetrics>> parts(threads, result);
    std::atomic<size_t> next_range{0};
    OnThreads(threads, [&](size_t t) {
      OrdersByCustomer orders;  // one per thread, refilled range after range
      for (size_t r; (r = next_range++) < ranges;) {
        const uint32_t* mine = by_range.data() + starts[r];
        orders.Fill(table, until, static_cast<CustomerIndex>(r * per),
                    static_cast<CustomerIndex>(std::min(customers, (r + 1) * per)),
                    starts[r + 1] - starts[r], [&](size_t k) { return mine[k]; });
        count_range(orders, &parts[t]);
      }
    });
    for (const auto& part : parts) {
      for (size_t p = 0; p < periods.size(); ++p) AddCounts(part[p], &result[p]);
    }
  }

  AddRevenue(table, until, bounds, &result);
  for (PeriodMetrics& m : result) FillRates(options, &m);
  return result;
}

std::vector<PeriodMetrics> ComputeSubscriptionMetrics(const SubscriptionTable& subscriptions,
                                                      const OrderTable* order_table,
                                                      const std::vector<Period>& periods,
                                                      const MetricsOptions& options) {
  if (options.window) {
    throw UsageError(
        "an activity window (--window) applies to orders; with subscriptions a customer is "
        "active while a contract runs, so leave the window out");
  }
  std::vector<PeriodMetrics> result;
  const std::vector<Bounds> bounds = Prepare(periods, options, &result);
  const Time until = Until(options);
  for (PeriodMetrics& m : result) {
    m.activity = ActivitySource::kSubscriptions;
    m.has_orders = order_table != nullptr;
  }
  const ActivityIntervals intervals = MergeContracts(subscriptions, until);

  // Orders are matched to contracts by customer id: the two tables number
  // their customers independently. Customers with orders but no contract
  // still count in the order-based figures.
  const OrderTable empty;
  const OrderTable& table = order_table ? *order_table : empty;
  const OrdersByCustomer orders(table, until);
  constexpr size_t kNone = std::numeric_limits<size_t>::max();
  std::vector<size_t> orders_of(subscriptions.customers.size(), kNone);
  std::vector<size_t> without_contract;
  {
    std::unordered_map<std::string_view, size_t> by_id;
    by_id.reserve(subscriptions.customers.size());
    for (size_t c = 0; c < subscriptions.customers.size(); ++c) {
      by_id.emplace(subscriptions.customers[c], c);
    }
    for (size_t o = 0; o < table.customers.size(); ++o) {
      auto it = by_id.find(table.customers[o]);
      if (it != by_id.end()) {
        orders_of[it->second] = o;
      } else {
        without_contract.push_back(o);
      }
    }
  }
  auto order_times = [&](size_t o, const Time** first, const Time** last) {
    *first = *last = nullptr;
    if (o == kNone || o + 1 >= orders.offsets.size()) return;
    *first = orders.times.data() + orders.offsets[o];
    *last = orders.times.data() + orders.offsets[o + 1];
  };

  // Activity from contracts, purchases from the customer's orders.
  for (size_t c = 0; c < intervals.customer_count(); ++c) {
    const size_t n = intervals.offsets[c + 1] - intervals.offsets[c];
    const Time* start = intervals.start.data() + intervals.offsets[c];
    const Time* end = intervals.end.data() + intervals.offsets[c];
    const Time *first, *last;
    order_times(orders_of[c], &first, &last);
    if (n == 0 && first == last) continue;
    for (size_t p = 0; p < periods.size(); ++p) {
      const Bounds& b = bounds[p];
      CustomerInPeriod facts;
      ActivityFromContracts(start, end, n, b, &facts);
      PurchasesFromOrders(first, last, b, FindPositions(first, last, b), &facts);
      Count(facts, b.t0, b.t1, &result[p]);
    }
  }
  // Customers who bought without a contract: purchases only.
  for (size_t o : without_contract) {
    const Time *first, *last;
    order_times(o, &first, &last);
    if (first == last) continue;
    for (size_t p = 0; p < periods.size(); ++p) {
      CustomerInPeriod facts;
      PurchasesFromOrders(first, last, bounds[p], FindPositions(first, last, bounds[p]), &facts);
      Count(facts, bounds[p].t0, bounds[p].t1, &result[p]);
    }
  }

  AddRevenue(table, until, bounds, &result);
  for (PeriodMetrics& m : result) FillRates(options, &m);
  return result;
}

}  // namespace retention

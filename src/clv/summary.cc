// The per-customer summary the models are fitted on: transaction days,
// frequency, recency, age and monetary value (docs/clv.md, "Summary").
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <exception>
#include <string>
#include <vector>

#include "base/page_memory.h"
#include "base/parallel_chunks.h"
#include "retention/clv.h"
#include "retention/error.h"

namespace retention {

double DaysPerUnit(ClvTimeUnit unit) {
  switch (unit) {
    case ClvTimeUnit::kDay:
      return 1;
    case ClvTimeUnit::kWeek:
      return 7;
    case ClvTimeUnit::kMonth:
      return 365.25 / 12;
  }
  return 7;
}

std::string_view TimeUnitName(ClvTimeUnit unit) {
  switch (unit) {
    case ClvTimeUnit::kDay:
      return "day";
    case ClvTimeUnit::kWeek:
      return "week";
    case ClvTimeUnit::kMonth:
      return "month";
  }
  return "week";
}

std::optional<ClvTimeUnit> ParseTimeUnit(std::string_view text) {
  if (text == "day") return ClvTimeUnit::kDay;
  if (text == "week") return ClvTimeUnit::kWeek;
  if (text == "month") return ClvTimeUnit::kMonth;
  return std::nullopt;
}

namespace {

// Time is local seconds; floor division keeps days before 1970 right.
int64_t DayOf(Time t) {
  int64_t d = t / kSecondsPerDay;
  return (t % kSecondsPerDay < 0) ? d - 1 : d;
}

struct DayValue {
  int64_t day;
  Money value;
};

// `what` of the customer `c` of `table`: "spend of one day".
void Add(Money* sum, Money amount, const OrderTable& table, size_t c, const char* what) {
  if (!AddMoney(sum, amount)) {
    throw DataError({}, "the " + std::string(what) + " of customer \"" +
                            InputExcerpt(table.customers[c], 40) +
                            "\" adds up to more than 9.2e14, past what money is summed "
                            "exactly; check the amount column holds money, not ids or "
                            "timestamps, or give its amounts in a larger unit");
  }
}

}  // namespace

RfmSummary SummarizeRfm(const OrderTable& table, const RfmOptions& options) {
  const int64_t cal_end = DaysFromCivil(options.calibration_end);
  int64_t hold_end = cal_end;
  if (options.holdout_end) {
    hold_end = DaysFromCivil(*options.holdout_end);
    if (hold_end <= cal_end) {
      throw UsageError("the holdout end (" + FormatDate(*options.holdout_end) +
                       ") must come after the calibration end (" +
                       FormatDate(options.calibration_end) + ")");
    }
  }
  const double unit_days = DaysPerUnit(options.unit);
  const size_t n = table.customers.size();

  // Calibration orders grouped by customer (counting sort), so each
  // customer's days can be merged on their own.
  // The large arrays come in huge pages, already zero: on a million
  // customers, faulting in 4 KB pages cost more than the work on them.
  // Both passes over the orders split the customers between the threads:
  // each thread reads every order and writes those of its own customers,
  // in order, so `days` is the same for any number of threads.
  PageArray<uint32_t> start(n + 1);
  PageArray<bool> has_later(n);
  const int64_t known_end = options.known_until ? DaysFromCivil(*options.known_until) : INT64_MAX;
  // Each part reads every order: a few parts, however many cores.
  const size_t parts =
      n < 65536 ? 1 : std::min<size_t>(4, static_cast<size_t>(ThreadsOrCores(options.threads)));
  auto for_own_orders = [&](size_t part, auto&& fn) {
    const auto [from, to] = PartOf(n, parts, part);
    for (size_t i = 0; i < table.order_count(); ++i) {
      const CustomerIndex c = table.order_customer[i];
      if (c >= from && c < to) fn(i, c, DayOf(table.order_time[i]));
    }
  };
  ForEachChunk(parts, options.threads, [&](size_t part) {
    for_own_orders(part, [&](size_t, CustomerIndex c, int64_t day) {
      if (day <= cal_end) {
        ++start[c + 1];
      } else if (day <= known_end) {
        has_later[c] = true;
      }
    });
  });
  for (size_t c = 0; c < n; ++c) start[c + 1] += start[c];
  PageArray<DayValue> days(start[n]);
  {
    PageArray<uint32_t> next(n);
    std::copy(start.begin(), start.end() - 1, next.data());
    ForEachChunk(parts, options.threads, [&](size_t part) {
      for_own_orders(part, [&](size_t i, CustomerIndex c, int64_t day) {
        if (day <= cal_end) days[next[c]++] = {day, table.order_value[i]};
      });
    });
  }
  // Per customer: sort by day and merge each day into one transaction.
  // `end[c]` is where customer c's merged days stop.
  // Customers apart from each other, so in chunks on every thread.
  // `in_model[k]`: customers of chunk k with a calibration transaction.
  PageArray<uint32_t> end(n);
  constexpr size_t kChunk = 65536;  // customers
  const size_t chunks = (n + kChunk - 1) / kChunk;
  std::vector<size_t> in_model(chunks, 0);
  ForEachChunk(chunks, options.threads, [&](size_t chunk) {
    for (size_t c = chunk * kChunk; c < std::min(n, (chunk + 1) * kChunk); ++c) {
      DayValue* first = days.data() + start[c];
      DayValue* last = days.data() + start[c + 1];
      if (!std::is_sorted(first, last, [](auto& a, auto& b) { return a.day < b.day; })) {
        std::sort(first, last, [](auto& a, auto& b) { return a.day < b.day; });
      }
      auto out = first;
      for (auto it = first; it != last; ++it) {
        if (out != first && (out - 1)->day == it->day) {
          Add(&(out - 1)->value, it->value, table, c, "spend of one day");
        } else {
          *out++ = *it;
        }
      }
      end[c] = static_cast<uint32_t>(out - days.data());
      in_model[chunk] += out != first;
    }
  });

  RfmSummary summary;
  summary.options = options;
  // Without a holdout window nothing is dated in it.
  PageArray<int64_t> holdout_value(options.holdout_end ? n : 0);
  // Amounts apart from their order: in the calibration window they belong
  // to the transaction of their day, else the last one before it; in the
  // holdout window they are holdout spend as they stand.
  // Split between the threads by customer, as the orders are. An amount
  // that overflows its sum ends its part; the first of those in the
  // table is the one told, as when one thread adds them all in order.
  {
    std::vector<int64_t> without(parts, 0);
    std::vector<size_t> failed_at(parts, SIZE_MAX);
    std::vector<std::exception_ptr> failures(parts);
    ForEachChunk(parts, options.threads, [&](size_t part) {
      const auto [from, to] = PartOf(n, parts, part);
      size_t i = 0;
      try {
        for (; i < table.amount_count(); ++i) {
          const CustomerIndex c = table.amount_customer[i];
          if (c < from || c >= to) continue;
          const int64_t day = DayOf(table.amount_time[i]);
          if (day > cal_end) {
            if (day <= hold_end) {
              Money m{holdout_value[c]};
              Add(&m, table.amount_value[i], table, c, "holdout spend");
              holdout_value[c] = m.units;
            }
            continue;
          }
          const DayValue* first = days.begin() + start[c];
          const DayValue* last = days.begin() + end[c];
          const DayValue* it = std::upper_bound(
              first, last, day, [](int64_t d, const DayValue& v) { return d < v.day; });
          if (it == first) {
            ++without[part];
            continue;
          }
          Add(&days[static_cast<size_t>(it - 1 - days.begin())].value, table.amount_value[i], table,
              c, "spend of one day");
        }
      } catch (const DataError&) {
        failed_at[part] = i;
        failures[part] = std::current_exception();
      }
    });
    const size_t first_failed = static_cast<size_t>(
        std::min_element(failed_at.begin(), failed_at.end()) - failed_at.begin());
    if (failures[first_failed]) std::rethrow_exception(failures[first_failed]);
    for (int64_t w : without) summary.amounts_without_transaction += w;
  }

  // The unit (from the calibration end) that `day` falls in.
  auto unit_of = [&](int64_t day) {
    return static_cast<int64_t>(std::ceil(static_cast<double>(day - cal_end) / unit_days));
  };
  // Holdout transactions: distinct order days per customer in the window;
  // and for the tracking curve, repeat transactions per unit since the
  // first transaction.
  PageArray<int64_t> holdout_count(options.holdout_end ? n : 0);
  if (options.holdout_end) {
    summary.holdout_length = static_cast<double>(hold_end - cal_end) / unit_days;
    int64_t origin = cal_end;
    for (size_t c = 0; c < n; ++c) {
      if (start[c] != end[c]) origin = std::min(origin, days[start[c]].day);
    }
    summary.calibration_units = -unit_of(origin) + 1;
    const int64_t holdout_units = static_cast<int64_t>(std::ceil(summary.holdout_length));
    summary.repeats_by_unit.assign(static_cast<size_t>(summary.calibration_units + holdout_units),
                                   0);
    for (size_t c = 0; c < n; ++c) {
      for (uint32_t i = start[c] + 1; i < end[c]; ++i) {
        ++summary.repeats_by_unit[static_cast<size_t>(unit_of(days[i].day) +
                                                      summary.calibration_units - 1)];
      }
    }
    std::vector<std::pair<CustomerIndex, int64_t>> later;
    for (size_t i = 0; i < table.order_count(); ++i) {
      int64_t day = DayOf(table.order_time[i]);
      if (day <= cal_end || day > hold_end) continue;
      CustomerIndex c = table.order_customer[i];
      later.push_back({c, day});
      Money m{holdout_value[c]};
      Add(&m, table.order_value[i], table, c, "holdout spend");
      holdout_value[c] = m.units;
    }
    std::sort(later.begin(), later.end());
    later.erase(std::unique(later.begin(), later.end()), later.end());
    for (auto& [c, day] : later) {
      // Only customers of the model count in the tracking curve.
      if (start[c] == end[c]) continue;
      ++holdout_count[c];
      ++summary.repeats_by_unit[static_cast<size_t>(
          std::min(unit_of(day) + summary.calibration_units,
                   summary.calibration_units + holdout_units) -
          1)];
    }
  }

  // Each chunk of customers writes its summaries at once, from where the
  // chunks before it end.
  std::vector<size_t> placed(chunks + 1, 0);
  for (size_t k = 0; k < chunks; ++k) placed[k + 1] = placed[k] + in_model[k];
  ResizeInHugePages(&summary.customers, placed[chunks]);
  ForEachChunk(chunks, options.threads, [&](size_t chunk) {
    CustomerRfm* r = summary.customers.data() + placed[chunk];
    for (size_t c = chunk * kChunk; c < std::min(n, (chunk + 1) * kChunk); ++c) {
      if (start[c] == end[c]) continue;  // no calibration transaction
      const DayValue* first = days.begin() + start[c];
      const DayValue* last = days.begin() + end[c] - 1;
      r->customer = static_cast<CustomerIndex>(c);
      r->frequency = last - first;
      r->first_day = first->day;
      r->last_day = last->day;
      r->recency = static_cast<double>(r->last_day - r->first_day) / unit_days;
      r->age = static_cast<double>(cal_end - r->first_day) / unit_days;
      for (const DayValue* d = first + 1; d <= last; ++d) {
        Add(&r->repeat_value, d->value, table, c, "repeat spend");
      }
      if (r->frequency > 0) {
        r->monetary = static_cast<double>(r->repeat_value.units) / kMoneyScale /
                      static_cast<double>(r->frequency);
      }
      if (options.holdout_end) {
        r->holdout_transactions = holdout_count[c];
        r->holdout_value = Money{holdout_value[c]};
      }
      ++r;
    }
  });
  // Customers whose first order is after the calibration end.
  for (size_t c = 0; c < n; ++c) {
    if (start[c] == end[c] && has_later[c]) ++summary.customers_after_calibration;
  }
  if (summary.customers.empty()) {
    if (table.order_count() == 0) {
      // A segment of refunds alone: no date would help.
      throw DataError({}, "no orders to fit the model on (" +
                              std::string(table.amount_count() > 0 ? "only refunds" : "no rows") +
                              ")");
    }
    Time t = *std::min_element(table.order_time.begin(), table.order_time.end());
    throw DataError(
        {}, "no order on or before the calibration end " + FormatDate(options.calibration_end) +
                " (the first order is on " + FormatDate(DateFromTime(t)) +
                "); choose a later --calibration-end (or, without one, a later --as-of)");
  }
  return summary;
}

}  // namespace retention

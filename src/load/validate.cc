#include "retention/validate.h"

#include <algorithm>
#include <string>

#include "load/load_checked.h"
#include "load/problems.h"
#include "retention/money.h"

namespace retention {

const char* SeverityName(Severity severity) {
  return severity == Severity::kError ? "error" : "warning";
}

const char* CheckName(Check check) {
  switch (check) {
    case Check::kFile:
      return "file";
    case Check::kColumns:
      return "columns";
    case Check::kFieldCount:
      return "field-count";
    case Check::kUtf8:
      return "utf8";
    case Check::kNulByte:
      return "nul-byte";
    case Check::kCustomerId:
      return "customer-id";
    case Check::kDate:
      return "date";
    case Check::kFutureDate:
      return "future-date";
    case Check::kAmount:
      return "amount";
    case Check::kValue:
      return "value";
    case Check::kOrderCustomer:
      return "order-customer";
    case Check::kOrderDates:
      return "order-dates";
    case Check::kDuplicateRow:
      return "duplicate-row";
    case Check::kCurrency:
      return "currency";
  }
  return "other";
}

std::string Diagnostic::ToString() const {
  std::string location = where.ToString();
  return (location.empty() ? "" : location + ": ") + SeverityName(severity) + ": " + message;
}

ValidationReport ValidateOrders(const std::vector<std::string>& paths,
                                const ValidateOptions& options) {
  ValidationReport report;
  Problems problems(&report, options.load.strict, options);
  try {
    OrderTable table = LoadOrdersChecked(paths, options.load, &problems, &options.as_of);
    problems.InputReadWhole();
    report.rows_left_out = table.stats.rows_left_out;
    report.first_row_left_out = table.stats.first_row_left_out;
    report.shared_emails = table.stats.shared_emails;
    if (auto warning = OrderTotalOnLinesWarning(table.stats)) {
      problems.Warning(table.stats.first_order_total_line, Check::kAmount, *warning);
      // Found on the whole file, about each further line: those are the
      // rows whose amount would be counted again (some may have been
      // counted for another problem: never more than the rows read).
      report.rows_with_problems =
          std::min(table.stats.rows, report.rows_with_problems + table.stats.order_total_lines);
    }
    // Rows, but none an order: report refuses such input unless given a
    // period, and its figures would all be zeros.
    const LoadStats& stats = table.stats;
    if (stats.rows > 0 && stats.purchase_rows + stats.refund_rows == 0) {
      problems.Warning(Location{}, Check::kFile,
                       "no row is an order (" + std::to_string(stats.rows) +
                           (stats.rows == 1 ? " row read, left out" : " rows read, all left out") +
                           "); a report without --period fails on it, and with one it reports "
                           "zeros");
    }
    // What a report refuses after loading, refused here too.
    try {
      RequireOrdersBy(table, options.as_of);
    } catch (const DataError& e) {
      // No order at all is about the file; none by --as-of, about dates.
      problems.Error(e.where(), table.order_count() == 0 ? Check::kFile : Check::kFutureDate,
                     e.message());
    }
    // A period's revenue past what is exact stops a report; when all the
    // amounts, refunds counted as they lower it, stay within that, no
    // period's can pass it.
    Money purchases, refunds;
    bool exact = true;
    // (Rows after --as-of are in no figure.)
    const Time known = TimeFromDate(AddDays(options.as_of, 1));
    auto add = [&](Time t, Money m) {
      if (t < known) exact = exact && AddMoney(m.units < 0 ? &refunds : &purchases, m);
    };
    for (size_t i = 0; i < table.order_count(); ++i) add(table.order_time[i], table.order_value[i]);
    for (size_t i = 0; i < table.amount_count(); ++i) {
      add(table.amount_time[i], table.amount_value[i]);
    }
    if (!exact) {
      problems.Error(Location{}, Check::kAmount,
                     "the amounts add up to more than a report can total exactly (beyond "
                     "±9.2e14), so a report over all of them (a year, or the whole range) "
                     "fails; check the amount column (a wrong column, or amounts in a smaller "
                     "unit than written)");
    }
  } catch (const StopChecking&) {
    report.stopped_early = true;
  }
  problems.Finish();
  return report;
}

}  // namespace retention

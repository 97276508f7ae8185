// Turns files into an OrderTable: opens each source, tells its format and
// hands it to the CSV or JSON loader; the entry points of load.h.
#include "retention/load.h"

#include <fmt/format.h>
#include <sys/stat.h>

#include <algorithm>
#include <exception>
#include <memory>

#include "input/byte_source.h"
#include "input/input_format.h"
#include "input/postgres_source.h"
#include "load/column_mapping.h"
#include "load/load_checked.h"
#include "load/loaders.h"
#include "load/problems.h"
#include "load/row_pipeline.h"
#include "load/sniff.h"
#include "retention/error.h"

namespace retention {

InputFormat ParseInputFormat(const std::string& text, char* delimiter) {
  if (text == "auto") return InputFormat::kAuto;
  if (text == "csv") return InputFormat::kCsv;
  if (text == "tsv") {
    *delimiter = '\t';
    return InputFormat::kCsv;
  }
  if (text == "json") return InputFormat::kJson;
  if (text == "ndjson" || text == "jsonl") return InputFormat::kNdjson;
  throw UsageError("unknown input format \"" + text + "\"; use auto, csv, tsv, json or ndjson");
}

namespace {

// When `source` changed size while it was read, records that first among
// the problems (it explains the others) and returns true.
bool ExplainIfChanged(PeekedSource* source, Problems* problems) {
  try {
    source->CheckUnchanged();
    return false;
  } catch (const DataError& e) {
    problems->Explaining(e.where(), Check::kFile, e.message());
    return true;
  }
}

}  // namespace

OrderTable LoadOrdersChecked(const std::vector<std::string>& paths, const LoadOptions& options,
                             Problems* problems, const CivilDate* as_of) {
  // However loading ends, a progress display hears that it did. What it
  // throws is passed on (a caller's way to cancel), unless loading ends by
  // an exception already: thrown then, it would end the process.
  struct Finished {
    const LoadOptions& options;
    const int unwinding = std::uncaught_exceptions();
    ~Finished() noexcept(false) {
      if (!options.progress) return;
      LoadProgress done;
      done.finished = true;
      if (std::uncaught_exceptions() == unwinding) {
        options.progress(done);
        return;
      }
      try {
        options.progress(done);
      } catch (...) {  // the exception that ends loading says more
      }
    }
  } finished{options};
  RowAggregator aggregator(problems);
  if (const CivilDate* until = as_of                 ? as_of
                               : options.known_until ? &*options.known_until
                                                     : nullptr)
    aggregator.KnowUntil(TimeFromDate(AddDays(*until, 1)));
  // The sizes of the files after each one (those that have a size), so
  // validation makes room for every file's rows at its first.
  std::vector<uint64_t> later_bytes(paths.size() + 1, 0);
  for (size_t i = paths.size(); i-- > 1;) {
    struct stat info;
    const bool sized = paths[i] != "-" && stat(paths[i].c_str(), &info) == 0 &&
                       S_ISREG(info.st_mode) && info.st_size > 0;
    later_bytes[i - 1] = later_bytes[i] + (sized ? static_cast<uint64_t>(info.st_size) : 0);
  }
  int file_number = 0;
  for (const std::string& path : paths) {
    std::unique_ptr<PeekedSource> source;
    aggregator.ExpectLaterFiles(later_bytes[static_cast<size_t>(file_number)]);
    ++file_number;
    const int64_t rows_before = problems->row(), errors_before = problems->errors();
    try {
      // A database streams CSV with a header (postgres_source.h).
      const bool database = IsPostgresUri(path);
      source = std::make_unique<PeekedSource>(database ? OpenPostgres(path, options.database_query)
                                                       : ByteSource::Open(path));
      // The first rows, for telling how dates and numbers are written.
      source->Peek(kSampleBytes);
      aggregator.WatchProgress(options.progress, source.get(), file_number,
                               static_cast<int>(paths.size()));
      if (!database) {
        if (std::string what = NotTextExport(source->prefix()); !what.empty())
          throw DataError(Location{source->name(), 0, 0}, what);
      }
      char delimiter = database ? ',' : options.delimiter;
      InputFormat format = database
                               ? InputFormat::kCsv
                               : DetectFormat(options.format, path, source->prefix(), &delimiter);
      if (format == InputFormat::kCsv) {
        LoadCsv(source.get(), options, delimiter, problems, as_of, &aggregator);
      } else {
        LoadJson(source.get(), source->prefix(), options, format == InputFormat::kNdjson, problems,
                 as_of, &aggregator);
      }
      source->CheckUnchanged();
    } catch (const StopChecking&) {
      // Checking stopped on the errors of a file that may have changed
      // under it (truncated: its end reads as zeros): that is the error.
      if (source && problems->collecting()) ExplainIfChanged(source.get(), problems);
      throw;
    } catch (const DataError& e) {
      // A problem that ends reading this file (unreadable, no such column,
      // broken quoting or JSON). Validation notes it and goes on with the
      // next file.
      if (!problems->collecting()) {
        // Parse errors in a file truncated while it was read come from the
        // zeros that replaced its end: the truncation is the problem.
        if (source) source->CheckUnchanged();
        throw;
      }
      // The workers may have added rows of blocks after the error.
      aggregator.ForgetUnapplied();
      problems->EndRows();
      // The error was the zeros of a truncated end (or is the change).
      if (!source || !ExplainIfChanged(source.get(), problems)) {
        problems->Error(e.where(), Check::kFile, e.message());
      }
      if (!source || source->failed()) problems->NoteUnreadableFile();
    }
    problems->EndRows();
    // A header (or an empty JSON array) and not one row: most often an
    // export that went wrong. A report with a period reads it (and
    // reports zeros), so it is no error, but it is not passed in silence,
    // among other files either.
    if (source && problems->collecting() && problems->errors() == errors_before &&
        problems->row() == rows_before) {
      problems->Warning(Location{source->name(), 0, 0}, Check::kFile,
                        paths.size() == 1
                            ? "the file holds no rows; a report without --period fails on it, "
                              "and with one it reports zeros"
                            : "the file holds no rows; the other files are read as usual");
    }
  }
  aggregator.WatchProgress(nullptr, nullptr, 0, 0);
  OrderTable table = aggregator.Finish(static_cast<int64_t>(paths.size()));
  table.stats.every_row_an_order = NoOrderColumn(options.columns);
  return table;
}

OrderTable LoadOrders(const std::vector<std::string>& paths, const LoadOptions& options) {
  Problems problems;
  return LoadOrdersChecked(paths, options, &problems, nullptr);
}

std::optional<std::string> OrderTotalOnLinesWarning(const LoadStats& s) {
  if (s.order_total_lines == 0 || s.order_total_repeats < s.order_total_lines) return std::nullopt;
  const std::string column = InputExcerpt(s.order_total_column, 40);
  return "every further line of an order repeats the amount of the line before in column \"" +
         column +
         "\": if it is the order's total, each order counts once per line; name the column of "
         "line amounts with --amount-col (--amount-col \"" +
         column + "\" if these are line amounts), or give --quantity-col and --price-col";
}

void RequireOrders(const OrderTable& table) {
  const LoadStats& s = table.stats;
  if (table.order_count() > 0 || s.refund_rows == 0) return;
  // Refunds are no orders (docs/metrics.md): a file of them alone would
  // report a revenue below zero and no customer.
  const bool one = s.refund_rows == 1;
  throw DataError(
      Location{},
      fmt::format("no order: {} of the {} rows read {}, which lower{} revenue but "
                  "{} no order{}, so there are no figures to compute; check the amount "
                  "column",
                  s.refund_rows, s.rows,
                  one ? "is a refund (an amount below 0)" : "are refunds (amounts below 0)",
                  one ? "s" : "", one ? "is" : "are", one ? "" : "s"));
}

void RequireOrdersBy(const OrderTable& table, CivilDate as_of) {
  if (table.stats.purchase_rows + table.stats.refund_rows == 0) return;
  RequireOrders(table);
  const Time first = table.order_span().first;
  if (first < TimeFromDate(AddDays(as_of, 1))) return;
  throw DataError(Location{},
                  "no order is dated on or before --as-of " + FormatDate(as_of) +
                      " (the first is on " + FormatDate(DateFromTime(first)) +
                      "), so there are no figures to compute; give a later --as-of (default: "
                      "today), or check the dates (--date-format, --tz)");
}

}  // namespace retention

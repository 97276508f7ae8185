#include "cli/input_flags.h"

#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <memory>
#include <optional>
#include <set>
#include <vector>

#include "base/closest_name.h"
#include "base/text.h"
#include "cli/command.h"
#include "cli/notices.h"
#include "cli/print/text_format.h"
#include "cli/progress_line.h"
#include "input/byte_source.h"
#include "input/postgres_source.h"
#include "retention/error.h"

namespace retention {

void AddInputFlags(CLI::App* app, InputFlags* f, bool files_required) {
  // Not required by CLI11: with none named, stdin may be piped in.
  app->add_option("FILE", f->files,
                  std::string("Order files: CSV, JSON or NDJSON, optionally gzip-compressed; - "
                              "reads stdin. Several files are one data set.") +
                      " Without FILE, a pipe or redirected file on stdin" +
                      (files_required ? "." : " (not read with --subscriptions).") +
                      " postgresql://user@host/db reads from PostgreSQL (with --table or "
                      "--query).")
      // The password leaves the URI at once: every name shown from here on
      // (messages, titles, recorded inputs) is the URI without it.
      ->transform(CLI::Validator(
          [](std::string& path) {
            path = HidePostgresPassword(path);
            return std::string();
          },
          "", "password"));
  app->add_option("--table", f->table,
                  "With a postgresql:// source: the orders table or view (schema.table works)")
      ->group("Input");
  app->add_option("--query", f->query,
                  "With a postgresql:// source: a SELECT giving the order rows")
      ->group("Input");
  AddQuietFlag(app);
  app->add_option("--input-format", f->input_format, "auto (default), csv, tsv, json or ndjson")
      ->group("Input");
  app->add_option("--customer-col", f->columns.customer,
                  "Column holding the customer id (default: customer_id, customer, client_id, "
                  "user_id, ...); a number maps by position (1 = first)")
      ->group("Input");
  app->add_option("--order-col", f->columns.order,
                  "Column holding the order id; rows sharing it are lines of one order "
                  "(default: order_id, order, invoice, invoiceno, ...; without one, or with "
                  "'none', every row is its own order)")
      ->group("Input");
  app->add_option("--date-col", f->columns.date,
                  "Column holding the order date (default: date, order_date, created_at, "
                  "invoicedate, timestamp, ...)")
      ->group("Input");
  app->add_option("--amount-col", f->columns.amount,
                  "Column holding the amount (default: amount, revenue, total, order_total, "
                  "...); negative amounts are refunds")
      ->group("Input");
  app->add_option("--quantity-col", f->columns.quantity,
                  "With --price-col: amount = quantity x price")
      ->group("Input");
  app->add_option("--price-col", f->columns.price, "With --quantity-col: the unit price")
      ->group("Input");
  app->add_option("--currency-col", f->columns.currency,
                  "Column holding the currency (default: currency, currency_code, curr); all rows "
                  "must share one; none: no currency column (a Valuta that is a value date)")
      ->group("Input");
  std::string layouts;
  for (const std::string& name : KnownLayouts()) layouts += name + ", ";
  app->add_option("--layout", f->layout,
                  "Read the file as this known export: " + layouts +
                      "or none to read every row as a sale at its amount (default: recognized by "
                      "the header, and a status or document-type column's rules applied)")
      ->group("Input");
  app->add_option("--date-format", f->date_format,
                  "strftime-style pattern for dates that are not ISO 8601, e.g. '%m/%d/%Y "
                  "%H:%M' or '%d.%m.%Y', or '%s' for Unix time in seconds or milliseconds; "
                  "a time of day after the date is read with or without the pattern's "
                  "(default: ISO, or the layout the first rows show)")
      ->group("Input");
  app->add_option("--decimal-separator", f->decimal_separator,
                  "Decimal separator of amounts, quantities and prices: . or , (default: told "
                  "from the first rows, e.g. , for 1.234,56)")
      ->group("Input");
  app->add_option("--thousands-separator", f->thousands_separator,
                  "Their thousands separator: , . space ' or none (default: any that is not "
                  "the decimal separator)")
      ->group("Input");
  app->add_option("--delimiter", f->delimiter,
                  "CSV field separator: , ; tab | or space (runs of blanks); default: detected "
                  "from the header")
      ->group("Input");
  app->add_flag("--no-header", f->no_header,
                "The CSV has no header row; map columns by number (--customer-col 1 ...)")
      ->group("Input");
  app->add_option("--tz", f->time_zone,
                  "Reporting time zone: UTC (default), an offset like +02:00, or a name like "
                  "Europe/Berlin. Times with an offset are converted to it.")
      ->group("Input");
  app->add_option("--threads", f->threads,
                  "Threads that parse input, and for clv also fit, score and write (default "
                  "0: every core); the result is the same for any number")
      ->check(CLI::Range(0, 1024))
      ->group("Input");
  app->add_option("--max-line-length", f->max_line_length,
                  "Longest line (or CSV record) in bytes, default 1048576 (1 MiB); a longer "
                  "one is an error, so binary input cannot fill memory")
      ->check(CLI::Range(int64_t{1}, int64_t{1} << 40))
      ->group("Input");
  app->add_flag("--strict", f->strict,
                "Warnings are errors: rows without a customer id (else left out with a "
                "warning); for report, a period entirely outside the data or no orders at all; for "
                "clv, a segment the models cannot fit")
      ->group("Input");
}

bool StdinIsPiped() {
  struct stat info {};
  return !isatty(STDIN_FILENO) && fstat(STDIN_FILENO, &info) == 0 &&
         (S_ISFIFO(info.st_mode) || S_ISREG(info.st_mode) || S_ISSOCK(info.st_mode));
}

void StdinWhenNoFiles(InputFlags* f, bool required) {
  if (f->files.empty() && StdinIsPiped()) f->files.push_back("-");
  if (required && f->files.empty()) {
    throw UsageError(
        "name the order files to read, or pipe them in (cat orders.csv | retention ...)");
  }
}

namespace {

// Whether regular files `a` and `b` (of one size) hold the same bytes and
// at least `min_lines` lines: two exports of days without orders, a header
// alone each, are no copy of each other's orders.
bool SameRows(const std::string& a, const std::string& b, size_t min_lines) {
  std::unique_ptr<FILE, int (*)(FILE*)> x(std::fopen(a.c_str(), "rb"), std::fclose);
  std::unique_ptr<FILE, int (*)(FILE*)> y(std::fopen(b.c_str(), "rb"), std::fclose);
  if (!x || !y) return false;  // reading says why
  std::vector<char> p(1 << 16), q(1 << 16);
  size_t lines = 0;
  char last = '\n';
  for (;;) {
    const size_t n = std::fread(p.data(), 1, p.size(), x.get());
    if (std::fread(q.data(), 1, q.size(), y.get()) != n ||
        std::memcmp(p.data(), q.data(), n) != 0) {
      return false;
    }
    if (lines < min_lines) lines += static_cast<size_t>(std::count(p.data(), p.data() + n, '\n'));
    if (n > 0) last = p[n - 1];
    if (n < p.size()) {
      return std::ferror(x.get()) == 0 && std::ferror(y.get()) == 0 &&
             lines + (last != '\n') >= min_lines;
    }
  }
}

}  // namespace

// A file named twice (or by two spellings, or through a link, or as a
// file and as the stdin it is redirected from, or a copy of it) would
// count each of its orders twice without a word: every figure doubled.
// (Without an order column nothing else would tell.)
void RefuseRepeatedFiles(const std::vector<std::string>& files, bool header) {
  std::vector<std::pair<struct stat, const std::string*>> seen;
  bool stdin_named = false;
  for (const std::string& file : files) {
    if (file == "-") {
      if (stdin_named) {
        throw UsageError(
            "standard input (-) is named twice; it can be read only once: name it once");
      }
      stdin_named = true;
    }
    struct stat info {};
    if (IsPostgresUri(file) || !ByteSource::Stat(file, &info)) continue;
    auto shown = [](const std::string& name) {
      return name == "-" ? std::string("standard input (-)") : name;
    };
    for (const auto& [other, name] : seen) {
      if (other.st_dev == info.st_dev && other.st_ino == info.st_ino) {
        throw UsageError(shown(file) + " is the same file as " + shown(*name) +
                         ", named before it; read twice, everything in it would count twice: "
                         "name it once");
      }
      // Only files of one size are read to compare: copies are.
      if (S_ISREG(info.st_mode) && S_ISREG(other.st_mode) && info.st_size == other.st_size &&
          info.st_size > 0 && file != "-" && *name != "-" &&
          SameRows(*name, file, header ? 2 : 1)) {
        throw UsageError(shown(file) + " is a copy of " + shown(*name) +
                         " (the same bytes), named before it; read twice, everything in it would "
                         "count twice: name one of them");
      }
    }
    seen.emplace_back(info, &file);
  }
}

CLI::Validator PercentAsFraction() {
  return CLI::Validator(
      [](std::string& text) {
        if (text.empty() || text.back() != '%') return std::string();
        const std::string number = text.substr(0, text.size() - 1);
        char* end = nullptr;
        const double value = std::strtod(number.c_str(), &end);
        // No hexadecimal (0x1e1%), no exponent past what a double holds.
        const size_t e = number.find_first_of("eE");
        const long exponent =
            e == std::string::npos ? 0 : std::strtol(number.c_str() + e + 1, nullptr, 10);
        if (number.empty() || end != number.c_str() + number.size() || !std::isfinite(value) ||
            number.find_first_of("xX") != std::string::npos || exponent < -400 || exponent > 400) {
          return "a percentage is a number and %, like 30%; got \"" + text + "\"";
        }
        // The decimal point moved, not a division of doubles: 33.3% is the
        // double nearest 0.333, which CLV reads back as 333/1000. A number
        // with an exponent (5e0%) has it lowered by 2.
        text = e == std::string::npos ? number + "e-2"
                                      : number.substr(0, e) + "e" + std::to_string(exponent - 2);
        return std::string();
      },
      "", "percent");
}

LoadOptions ToLoadOptions(const InputFlags& f) {
  RefuseRepeatedFiles(f.files, !f.no_header);
  LoadOptions options;
  bool database = false;
  for (const std::string& file : f.files) database = database || IsPostgresUri(file);
  if (!f.table.empty() && !f.query.empty()) {
    throw UsageError("give --table or --query, not both");
  }
  if (database) {
    if (f.table.empty() && f.query.empty()) {
      throw UsageError(
          "name what to read from the database: --table orders, or --query 'SELECT ...'");
    }
    options.database_query = f.table.empty() ? f.query : SelectAllFrom(f.table);
  } else if (!f.table.empty() || !f.query.empty()) {
    throw UsageError(
        "--table and --query read from a database: name it as postgresql://user@host/db");
  }
  options.format = ParseInputFormat(f.input_format, &options.delimiter);
  options.columns = f.columns;
  if (!f.columns.amount.empty() && !f.columns.quantity.empty()) {
    throw UsageError(kAmountOrProduct);
  }
  if (f.columns.quantity.empty() != f.columns.price.empty()) {
    throw UsageError(
        "--quantity-col and --price-col go together (amount = quantity x price); "
        "give both, or --amount-col alone");
  }
  if (!f.layout.empty()) {
    std::vector<std::string> names = KnownLayouts();
    names.push_back("none");
    if (std::find(names.begin(), names.end(), f.layout) == names.end()) {
      std::string list;
      for (const std::string& n : names) list += (list.empty() ? "" : ", ") + n;
      throw UsageError("--layout takes " + list + "; got \"" + f.layout + "\"" +
                       DidYouMean(f.layout, names));
    }
  }
  options.layout = f.layout;
  options.date_format = f.date_format;
  const std::string& decimal = f.decimal_separator;
  if (decimal == "." || decimal == ",") {
    options.decimal_separator = decimal[0];
  } else if (!decimal.empty()) {
    throw UsageError("--decimal-separator takes . or ,; got \"" + decimal + "\"");
  }
  const std::string& thousands = f.thousands_separator;
  if (thousands == "none") {
    options.thousands_separator = kNoThousandsSeparator;
  } else if (thousands == "space" || thousands == " ") {
    options.thousands_separator = ' ';
  } else if (thousands == "," || thousands == "." || thousands == "'") {
    options.thousands_separator = thousands[0];
  } else if (!thousands.empty()) {
    throw UsageError("--thousands-separator takes , . space ' or none; got \"" + thousands + "\"");
  }
  if (options.decimal_separator != 0 && options.decimal_separator == options.thousands_separator) {
    throw UsageError("--decimal-separator and --thousands-separator must differ");
  }
  // Said once per way of reading, not once per file.
  options.notice = [said = std::make_shared<std::set<std::string>>()](const std::string& note) {
    size_t read = note.find(": read ");
    if (!said->insert(read == std::string::npos ? note : note.substr(read + 2)).second) return;
    Notice(note.rfind("warning: ", 0) == 0 ? note : "note: " + note);
  };
  options.time_zone = TimeZone::Parse(f.time_zone);
  options.header = !f.no_header;
  options.strict = f.strict;
  options.threads = f.threads;
  options.max_line_length = static_cast<size_t>(f.max_line_length);
  options.progress = ProgressLineOrNone(Quiet());
  const std::string& d = f.delimiter;
  if (d.empty()) {
  } else if (d == "tab" || d == "\\t" || d == "\t") {
    options.delimiter = '\t';
  } else if (d == "space" || d == "whitespace" || d == " ") {
    options.delimiter = ' ';
  } else if (d.size() == 1 && d != "\"" && d != "\n" && d != "\r") {
    options.delimiter = d[0];
  } else {
    throw UsageError("--delimiter takes one character, or tab or space; got \"" + d + "\"");
  }
  return options;
}

// Whether `tz` reads as a POSIX TZ rule: a name of 3 letters or more (or
// <+03>) with an offset, then optionally a summer-time name, its offset
// and the rule of its dates (left to the C library).
bool PosixRuleRead(std::string_view tz) {
  size_t i = 0;
  auto name = [&] {
    if (i < tz.size() && tz[i] == '<') {
      const size_t end = tz.find('>', i);
      if (end == std::string_view::npos) return false;
      i = end + 1;
      return true;
    }
    const size_t start = i;
    while (i < tz.size() && ((tz[i] >= 'A' && tz[i] <= 'Z') || (tz[i] >= 'a' && tz[i] <= 'z'))) ++i;
    return i - start >= 3;
  };
  auto offset = [&] {
    if (i < tz.size() && (tz[i] == '+' || tz[i] == '-')) ++i;
    const size_t start = i;
    while (i < tz.size() && (IsDigit(tz[i]) || tz[i] == ':')) ++i;
    return i > start;
  };
  if (!name() || !offset()) return false;
  if (i == tz.size()) return true;
  if (!name()) return false;
  if (i < tz.size() && tz[i] != ',' && !offset()) return false;
  return i == tz.size() || tz[i] == ',';
}

// Today as the clock and TZ say, as date and cron there agree: a zone name
// or offset through the time zone database; a POSIX rule ("UTC0",
// "CET-1CEST,M3.5.0,M10.5.0/3", what containers often set) through the C
// library, which reads it.
CivilDate LocalToday() {
  const int64_t now = NowUtc();
  // As the C library reads TZ: a leading ':' is optional, empty means UTC.
  const char* tz = std::getenv("TZ");
  if (tz == nullptr) return DateFromTime(TimeZone::System().FromUtc(now));
  std::string name = tz[0] == ':' ? tz + 1 : tz;
  if (name.empty()) return DateFromTime(TimeZone().FromUtc(now));
  // A zone file's path (":/usr/share/zoneinfo/Asia/Tokyo", as glibc reads
  // it): its name in the database.
  for (const char* dir : {"/usr/share/zoneinfo/", "/usr/lib/zoneinfo/"}) {
    if (name.rfind(dir, 0) == 0 && name.size() > std::strlen(dir)) name.erase(0, std::strlen(dir));
  }
  try {
    return DateFromTime(TimeZone::Parse(name).FromUtc(now));
  } catch (const UsageError&) {
  }
  tzset();
  const time_t t = static_cast<time_t>(now);
  struct tm local;
  // glibc takes any TZ: one it cannot read is UTC, with the zone named
  // "UTC" or the text's letters but no rule. Only a rule it read counts.
  if (tz[0] != ':' && localtime_r(&t, &local) != nullptr && PosixRuleRead(name)) {
    return CivilDate{local.tm_year + 1900, local.tm_mon + 1, local.tm_mday};
  }
  throw UsageError("the TZ environment variable \"" + name +
                   "\" is not a time zone name (like Asia/Tokyo), an offset (like +09:00) or a "
                   "POSIX rule (like UTC0 or CET-1CEST,M3.5.0,M10.5.0/3); set it to one, or give "
                   "--as-of");
}

int64_t NowUtc() {
  // Tests fake the clock; an offset is required so the instant is exact.
  const char* fake = std::getenv("RETENTION_NOW");
  if (fake == nullptr || fake[0] == '\0') return std::time(nullptr);
  std::string text = fake;
  std::string error;
  size_t t = text.find('T');
  bool has_offset = t != std::string::npos &&
                    (text.back() == 'Z' || text.find_first_of("+-", t) != std::string::npos);
  std::optional<Time> utc = DateParser().Parse(text, &error);
  if (!has_offset || !utc) {
    throw UsageError(
        "RETENTION_NOW takes a timestamp with its offset, like "
        "2024-04-01T00:30:00+02:00 or 2024-03-31T22:30:00Z; got \"" +
        text + "\"");
  }
  return *utc;
}

CivilDate ParseAsOf(const std::string& text) {
  if (text.empty()) return LocalToday();
  auto date = ParseIsoDate(text);
  if (!date) throw UsageError("--as-of takes a date like 2024-03-31; got \"" + text + "\"");
  return *date;
}

// Rows dated after --as-of are left out (the figures as known that day);
// say so, since a count that silently shrinks looks like a bug.
std::optional<CivilDate> NoteRowsAfter(const OrderTable& table, CivilDate as_of) {
  Time until = TimeFromDate(AddDays(as_of, 1));
  int64_t later = 0;
  Time known = INT64_MIN;
  for (const auto* times : {&table.order_time, &table.amount_time}) {
    const bool orders = times == &table.order_time;
    for (Time t : *times) {
      later += t >= until;
      if (orders && t < until && t > known) known = t;
    }
  }
  if (later > 0) {
    Notice(fmt::format(
        "note: {} amount{} dated after --as-of {} left out of every figure (the figures as "
        "known that day)",
        later, later == 1 ? "" : "s", FormatDate(as_of)));
  }
  if (known == INT64_MIN) return std::nullopt;
  return DateFromTime(known);
}

void NoteRowsLeftOut(int64_t rows, const Location& first) {
  if (rows == 0) return;
  // Counted by the row holding the status: an order's further lines
  // (Shopify's) have none, and go with it. Rows, not orders: a file of
  // lines may mark one line of an order, and its other lines count.
  Notice(fmt::format(
      "note: {} row{} left out of every figure: the file marks {} as no sale (first at {}, "
      "by the rules of the note on how the file was read); --layout none reads every row",
      rows, rows == 1 ? "" : "s", rows == 1 ? "it" : "them", first.ToString()));
}

void NoteSharedEmails(const SharedEmails& shared) {
  if (shared.count == 0) return;
  const bool one = shared.count == 1;
  Notice(fmt::format(
      "note: {} e-mail address{} {} to more than one customer (first: the e-mail at {} is "
      "another customer's at {}): a guest who later has a customer id, or a checkout that makes "
      "a customer per purchase, counts one person as several; {}",
      shared.count, one ? "" : "es", one ? "belongs" : "belong", shared.other.ToString(),
      shared.first.ToString(), shared.fix));
}

void RequireSomeOrders(const OrderTable& table, const InputFlags& input, bool has_range,
                       std::string_view range) {
  if (table.order_count() > 0) return;
  // Said here, where the files are known: a header-only export is the
  // usual cause, and the message names it.
  const std::vector<std::string>& files = input.files;
  const std::string name = files.size() == 1 ? (files[0] == "-" ? "<stdin>" : files[0])
                                             : fmt::format("the {} files", files.size());
  const Location where{files.size() == 1 ? name : "", 0, 0};
  const std::string none = fmt::format("{} no orders ({} row{} read)",
                                       files.size() == 1 ? "the file holds" : name + " hold",
                                       table.stats.rows, table.stats.rows == 1 ? "" : "s");
  // Refunds of orders the input lacks: an export cut wrongly, never a
  // quiet month (docs/cli.md, --as-of); validate says so too.
  if (table.amount_count() > 0) RequireOrders(table);
  if (!has_range) {
    throw DataError(where, fmt::format("{}; name {} to report on {} anyway", none, range,
                                       files.size() == 1 ? "it" : "them"));
  }
  if (input.strict)
    throw DataError(where, none + "; --strict makes this an error: check the export");
  Notice(fmt::format("warning: {}{}; every count is zero, as if nobody bought: check the export",
                     where.file.empty() ? "" : where.file + ": ", none));
}

void WarnAboutInput(const OrderTable& table) {
  const LoadStats& s = table.stats;
  NoteRowsLeftOut(s.rows_left_out, s.first_row_left_out);
  if (s.refunds_above_amount > 0) {
    const bool one = s.refunds_above_amount == 1;
    Notice(fmt::format(
        "warning: {} order{} refunded more than {} amount (first at {}): {} revenue falls below "
        "zero; check the amounts are read as written (retention validate lists each)",
        s.refunds_above_amount, one ? "" : "s", one ? "its" : "their",
        s.first_refunds_above_amount.ToString(), one ? "its" : "their"));
  }
  NoteSharedEmails(s.shared_emails);
  if (s.rows_without_customer > 0) {
    Notice(fmt::format(
        "warning: {} row{} without a customer id left out of every figure (first at {}); fill "
        "in the ids, or use --strict to treat this as an error",
        s.rows_without_customer, s.rows_without_customer == 1 ? "" : "s",
        s.first_row_without_customer.ToString()));
  }
  if (auto warning = OrderTotalOnLinesWarning(s)) {
    Notice("warning: " + s.first_order_total_line.ToString() + ": " + *warning);
  }
  if (s.rows_of_earlier_files_orders > 0) {
    // Counted per run of an order's lines (read as their sum), so about
    // the orders listed again; the orders merge, their amounts add up.
    const bool one = s.rows_of_earlier_files_orders == 1;
    Notice(fmt::format(
        "warning: {} an earlier file already listed {} ({}order \"{}\" at {}); if the "
        "files are exports whose dates overlap, {} counted twice in revenue: keep each order "
        "in one file (retention validate lists every such row)",
        one ? "an order" : "orders",
        one ? "is listed again"
            : fmt::format("are listed again, {} times", s.rows_of_earlier_files_orders),
        one ? "" : "first: ", s.first_earlier_files_order,
        s.first_row_of_earlier_files_order.ToString(),
        one ? "its amount is" : "their amounts are"));
  }
  if (!s.overlapping_file.empty()) {
    const std::string from = FormatDate(DateFromTime(s.overlap_from));
    const std::string to = FormatDate(DateFromTime(s.overlap_to));
    Notice(fmt::format(
        "warning: {} has no order ids and holds days the files before it hold too ({}); if they "
        "are exports whose dates overlap, a row in both counts twice (retention validate lists "
        "rows repeated exactly)",
        s.overlapping_file, from == to ? from : from + " to " + to));
  }
}

}  // namespace retention

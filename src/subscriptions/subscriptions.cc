// Turns subscription files into a SubscriptionTable: picks the format,
// finds the customer/start/end columns, parses each value with its
// location, and merges contracts into intervals of activity.
#include "retention/subscriptions.h"

#include <algorithm>
#include <cctype>
#include <cstring>
#include <initializer_list>
#include <memory>
#include <numeric>
#include <string_view>
#include <unordered_map>

#include "base/text.h"
#include "calendar/date_formats.h"
#include "input/byte_source.h"
#include "input/csv_reader.h"
#include "input/input_format.h"
#include "input/json_reader.h"
#include "load/column_mapping.h"

namespace retention {
namespace {

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) {
    s.remove_suffix(1);
  }
  return s;
}

// --- Columns -------------------------------------------------------------

struct Role {
  const char* name;                  // as said in messages
  const char* flag;                  // the flag that maps it
  std::vector<const char*> aliases;  // normalized header names, best first
};

const Role kCustomer{"customer id",
                     "--subscription-customer-col",
                     {"customerid", "customer", "clientid", "client", "userid", "user", "accountid",
                      "account", "subscriberid", "subscriber", "memberid", "member", "custid",
                      "customerno", "customernumber", "customeremail", "email"}};
const Role kStart{"start date",
                  "--start-col",
                  {"start",
                   "startdate",
                   "startedat",
                   "startsat",
                   "starttime",
                   "begin",
                   "begindate",
                   "beginsat",
                   "subscriptionstart",
                   "subscriptionstartdate",
                   "subscriptionstartedat",
                   "contractstart",
                   "contractstartdate",
                   "periodstart",
                   "validfrom",
                   "activatedat",
                   "activationdate",
                   "signupdate",
                   "signedupat",
                   "subscribedat",
                   "createdat",
                   "created"}};
const Role kEnd{"end date",
                "--end-col",
                {"end",
                 "enddate",
                 "endedat",
                 "endsat",
                 "endtime",
                 "subscriptionend",
                 "subscriptionenddate",
                 "subscriptionendedat",
                 "contractend",
                 "contractenddate",
                 "periodend",
                 "validto",
                 "validuntil",
                 "cancelledat",
                 "canceledat",
                 "cancellationdate",
                 "canceldate",
                 "cancelledon",
                 "canceledon",
                 "churnedat",
                 "churndate",
                 "terminatedat",
                 "terminationdate",
                 "expiredat",
                 "expiresat",
                 "unsubscribedat"}};

// The column of `role`: by number, by the name asked for, or among the
// aliases. -1 when not found and `lenient` (JSON keys may be absent);
// otherwise throws naming the header and the flag.
int FindColumn(const Role& role, const std::string& wanted, const std::vector<std::string>& header,
               size_t column_count, const std::string& file, bool lenient) {
  if (IsColumnNumber(wanted)) {
    const int index = ColumnIndex(role.flag, wanted);
    if (static_cast<size_t>(index) >= column_count) {
      if (lenient) return -1;
      throw DataError(Location{file, 1, 0}, std::string(role.flag) + " " + wanted +
                                                " is out of range: the file has " +
                                                std::to_string(column_count) + " columns");
    }
    return index;
  }
  std::vector<std::string> normalized;
  for (const std::string& h : header) normalized.push_back(NormalizeHeaderName(h));
  if (!wanted.empty()) {
    for (size_t i = 0; i < header.size(); ++i) {
      if (header[i] == wanted) return static_cast<int>(i);
    }
    std::string key = NormalizeHeaderName(wanted);
    for (size_t i = 0; i < header.size(); ++i) {
      if (normalized[i] == key) return static_cast<int>(i);
    }
  } else {
    for (const char* alias : role.aliases) {
      for (size_t i = 0; i < header.size(); ++i) {
        if (normalized[i] == alias) return static_cast<int>(i);
      }
    }
    // Then, as in an order file, names with a note: "Start (UTC)".
    const std::vector<std::string> bare = NamesWithoutNotes(header);
    for (const char* alias : role.aliases) {
      for (size_t i = 0; i < header.size(); ++i) {
        if (bare[i] == alias) return static_cast<int>(i);
      }
    }
  }
  if (lenient) return -1;
  if (header.empty()) {
    throw DataError(Location{file, 0, 0},
                    std::string("the subscriptions file has no header; say which column holds "
                                "the ") +
                        role.name + " with " + role.flag + " N (1 = first column)");
  }
  if (!wanted.empty()) {
    throw DataError(Location{file, 1, 0}, std::string("no column named \"") +
                                              InputExcerpt(wanted, 40) + "\" for " + role.flag +
                                              "; the header has: " + JoinHeader(header));
  }
  throw DataError(
      Location{file, 1, 0},
      std::string("no ") + role.name + " column found in the subscriptions file; the header has: " +
          JoinHeader(header) + "; name the column with " + role.flag + " NAME" +
          (&role == &kEnd ? " (an empty end means the contract is still running)" : ""));
}

struct Columns {
  int customer = -1, start = -1, end = -1;
  /// A Stripe export's Status: incomplete subscriptions never ran.
  int status = -1;
};

// Stripe Dashboard, Subscriptions > Export: known by its period columns.
// Returns the mapping with what `mapping` leaves to detection taken from
// Stripe's names, and sets `*status`; `mapping` itself for other headers.
SubscriptionColumns StripeSubscriptions(const std::vector<std::string>& header,
                                        const SubscriptionColumns& mapping,
                                        const LoadOptions& options, const std::string& file,
                                        bool note, int* status) {
  *status = -1;
  if (options.layout == "none" || FindHeaderName(header, {"id"}) < 0 ||
      FindHeaderName(header, {"Customer ID"}) < 0 || FindHeaderName(header, {"Status"}) < 0 ||
      FindHeaderName(header, {"Current Period End (UTC)", "Cancel At Period End"}) < 0) {
    return mapping;
  }
  SubscriptionColumns m = mapping;
  auto take = [&](std::string* role, const std::vector<std::string_view>& names) {
    int i = FindHeaderName(header, names);
    if (role->empty() && i >= 0) *role = header[static_cast<size_t>(i)];
  };
  take(&m.customer, {"Customer ID"});
  take(&m.start, {"Start (UTC)", "Start Date (UTC)", "Created (UTC)"});
  // When it stopped; "Canceled At" is when the cancellation was asked for.
  take(&m.end, {"Ended At (UTC)"});
  *status = FindHeaderName(header, {"Status"});
  if (note && options.notice) {
    options.notice(file + ": read as a Stripe subscriptions export: customers by " +
                   InputExcerpt(m.customer, 40) + ", starts from " + InputExcerpt(m.start, 40) +
                   ", ends from " + InputExcerpt(m.end, 40) +
                   "; incomplete subscriptions (never paid) left out");
  }
  return m;
}

bool NeverRan(std::string_view status) {
  status = Trim(status);
  return status == "incomplete" || status == "incomplete_expired";
}

// --- Rows ----------------------------------------------------------------

// One value with where it came from.
struct Cell {
  std::string_view text;
  int64_t line = 0;
  int64_t column = 0;
  std::string name;  // column name, or "#3" without a header
  bool utc = false;  // the name says its times are UTC (NameSaysUtc)
};

// Which of `columns` (indices into `names`; -1 for none) say their times
// are UTC, per name. Said once per file: Stripe's "Start (UTC)" holds UTC
// times without an offset, and the report moves them into --tz.
std::vector<bool> NoteUtcColumns(const LoadOptions& options, const std::string& file,
                                 const std::vector<std::string>& names,
                                 std::initializer_list<int> columns) {
  std::vector<bool> utc(names.size());
  std::vector<std::string> utc_columns;
  for (int index : columns) {
    const auto i = static_cast<size_t>(index);
    if (index < 0 || i >= names.size() || !NameSaysUtc(names[i])) continue;
    utc[i] = true;
    utc_columns.push_back(names[i]);
  }
  if (utc_columns.empty() || !options.notice || TimeZone::IsUtcName(options.time_zone.name())) {
    return utc;
  }
  std::string list;
  for (const std::string& n : utc_columns) {
    list += (list.empty() ? "\"" : ", \"") + InputExcerpt(n, 40) + "\"";
  }
  options.notice(file + ": times without an offset in " + list + " read as UTC, as " +
                 (utc_columns.size() == 1 ? "the name says" : "their names say") +
                 ", and reported in " + options.time_zone.name());
  return utc;
}

std::string Quoted(const Cell& cell) {
  return cell.name.empty() || cell.name[0] == '#' ? "column " + cell.name
                                                  : "column '" + InputExcerpt(cell.name, 40) + "'";
}

// "2024-03-01" for a midnight, else the full local time.
std::string FormatMoment(Time t) {
  return t % kSecondsPerDay == 0 ? FormatDate(DateFromTime(t)) : FormatTime(t);
}

class ContractBuilder {
 public:
  explicit ContractBuilder(const LoadOptions& options)
      : options_(options),
        parser_(options.date_format, options.time_zone),
        utc_parser_(options.date_format, options.time_zone, DateParser::NaiveTimes::kUtc),
        unix_parser_("%s", options.time_zone) {}

  void BeginRow() { ++table_.stats.rows; }

  void Add(const std::string& file, const Cell& customer, const Cell& start, const Cell& end,
           const Cell& status) {
    if (NeverRan(status.text)) {
      ++table_.stats.never_started;
      return;
    }
    std::string_view id = Trim(customer.text);
    // A dump's NULL is no id, as in an order file.
    if (SaysNothing(id)) id = {};
    if (id.empty()) {
      Location where{file, customer.line, customer.column};
      if (options_.strict) {
        throw DataError(where,
                        "empty customer id; every contract needs one (without --strict "
                        "such rows are left out with a warning)");
      }
      if (table_.stats.rows_without_customer++ == 0) {
        table_.stats.first_row_without_customer = where;
      }
      return;
    }
    std::string_view start_text = Trim(start.text);
    if (start_text.empty()) {
      throw DataError(
          Location{file, start.line, start.column},
          "empty start date in " + Quoted(start) + "; every contract needs the day it began");
    }
    Time from = ParseDate(file, start, start_text, "start");
    Time to = kOpenEnded;
    std::string_view end_text = Trim(end.text);
    // A database dump's NULL end (or 0, an integer column's none): the
    // contract runs on.
    if (!end_text.empty() && !SaysNothing(end_text) && end_text != "0") {
      to = ParseDate(file, end, end_text, "end");
      if (to < from) {
        throw DataError(Location{file, end.line, end.column},
                        "the contract ends (" + FormatMoment(to) + ") before it starts (" +
                            FormatMoment(from) + "); swap the columns or fix the dates");
      }
    }
    // E-mail ids match as the orders' do (NamesEmail).
    if (NamesEmail(customer.name)) id = FoldAsciiCase(id, &folded_);
    CustomerIndex index = Intern(id);
    if (to == from) {  // a contract that never ran
      ++table_.stats.empty_contracts;
      return;
    }
    table_.customer.push_back(index);
    table_.start.push_back(from);
    table_.end.push_back(to);
    ++table_.stats.contracts;
    table_.stats.open_contracts += to == kOpenEnded;
  }

  SubscriptionTable Finish(int64_t files) {
    table_.stats.files = files;
    return std::move(table_);
  }

 private:
  Time ParseDate(const std::string& file, const Cell& cell, std::string_view text,
                 const char* role) {
    std::string error;
    // Stripe's "Start (UTC)" holds UTC times without an offset.
    const DateParser& parser = cell.utc ? utc_parser_ : parser_;
    std::optional<Time> t = parser.Parse(text, &error);
    // Seconds (or milliseconds) since 1970, as Stripe's API and database
    // dumps write contract dates: told as order dates are.
    if (!t && options_.date_format.empty()) {
      const std::vector<std::string> formats = DateFormatCandidates(text);
      if (formats.size() == 1 && formats[0] == "%s") t = unix_parser_.Parse(text, nullptr);
    }
    if (!t) {
      std::string hint = options_.date_format.empty()
                             ? "; give --date-format for other layouts (e.g. %d/%m/%Y)"
                             : "";
      throw DataError(Location{file, cell.line, cell.column},
                      "cannot read the " + std::string(role) + " date \"" + InputExcerpt(text) +
                          "\" in " + Quoted(cell) + ": " + error + hint);
    }
    if (*t < kEarliestInputTime) {
      throw DataError(Location{file, cell.line, cell.column},
                      "the " + std::string(role) + " date \"" + InputExcerpt(text) + "\" in " +
                          Quoted(cell) + kBeforeEarliestInputFix);
    }
    return *t;
  }

  CustomerIndex Intern(std::string_view id) {
    auto it = index_.find(std::string(id));
    if (it != index_.end()) return it->second;
    auto index = static_cast<CustomerIndex>(table_.customers.size());
    table_.customers.emplace_back(id);
    index_.emplace(table_.customers.back(), index);
    return index;
  }

  const LoadOptions& options_;
  DateParser parser_;
  DateParser utc_parser_;   // for a column whose name says UTC
  DateParser unix_parser_;  // for dates written as Unix time
  SubscriptionTable table_;
  std::string folded_;  // an e-mail id in lower case
  std::unordered_map<std::string, CustomerIndex> index_;
};

void LoadCsv(ByteSource* source, const LoadOptions& options, const SubscriptionColumns& mapping,
             char delimiter, ContractBuilder* builder) {
  const std::string file = source->name();
  CsvReader reader(source, delimiter, 1, options.max_line_length);
  if (!reader.Next()) {
    throw DataError(Location{file, 0, 0},
                    "the subscriptions file is empty; expected a header line such as "
                    "customer_id,start_date,end_date and one row per contract");
  }
  size_t width = reader.field_count();
  std::vector<std::string> header;
  if (options.header) {
    for (size_t i = 0; i < width; ++i) header.emplace_back(reader.field(i));
  }
  Columns c;
  const SubscriptionColumns stripe =
      StripeSubscriptions(header, mapping, options, file, true, &c.status);
  c.customer = FindColumn(kCustomer, stripe.customer, header, width, file, false);
  c.start = FindColumn(kStart, stripe.start, header, width, file, false);
  c.end = FindColumn(kEnd, stripe.end, header, width, file, false);
  std::vector<std::string> names(width);
  for (size_t i = 0; i < width; ++i) {
    names[i] = i < header.size() && !header[i].empty() ? header[i] : "#" + std::to_string(i + 1);
  }
  // Per column, not per row.
  std::vector<bool> utc = NoteUtcColumns(options, file, header, {c.start, c.end});
  utc.resize(width);
  auto cell = [&](int index) {
    auto i = static_cast<size_t>(index);
    return Cell{reader.field(i), reader.field_line(i), reader.field_column(i), names[i], utc[i]};
  };
  bool pending = !options.header;  // without a header the first record is data
  while (pending || reader.Next()) {
    pending = false;
    size_t count = reader.field_count();
    bool blank = true;
    for (size_t i = 0; i < count && blank; ++i) blank = Trim(reader.field(i)).empty();
    if (blank) continue;
    builder->BeginRow();
    if (count != width) {
      size_t at = count > width ? width : count - 1;
      char d = reader.delimiter();
      throw DataError(
          Location{file, reader.field_line(at), reader.field_column(at)},
          "this row has " + std::to_string(count) + (count == 1 ? " field" : " fields") +
              " but the " + (options.header ? "header has " : "first row has ") +
              std::to_string(width) +
              (reader.stray_cr_column() != 0
                   ? StrayCrHint(reader.stray_cr_column())
                   : "; quote fields that contain the delimiter " +
                         (d == '\t' ? std::string("(a tab)") : "'" + std::string(1, d) + "'")));
    }
    builder->Add(file, cell(c.customer), cell(c.start), cell(c.end),
                 c.status >= 0 ? cell(c.status) : Cell());
  }
}

void LoadJson(ByteSource* source, const LoadOptions& options, const SubscriptionColumns& given,
              bool ndjson, ContractBuilder* builder) {
  const std::string file = source->name();
  for (const std::string* s : {&given.customer, &given.start, &given.end}) {
    if (IsColumnNumber(*s)) {
      throw UsageError(
          "JSON objects have keys, not column numbers; name the key (e.g. --start-col "
          "start_date)");
    }
  }
  std::vector<std::string> keys;
  int64_t records = 0;  // the note is said for the first
  ReadJson(source, ndjson, [&](const JsonRecord& record) {
    builder->BeginRow();
    keys.clear();
    for (const auto& f : record.fields) keys.emplace_back(f.key);
    Columns c;
    const SubscriptionColumns mapping =
        StripeSubscriptions(keys, given, options, file, records++ == 0, &c.status);
    // Keys inside objects (few files have them) are matched only by name.
    const bool inside = std::any_of(record.fields.begin(), record.fields.end(),
                                    [](const JsonRecord::Field& f) { return f.inside; });
    const std::vector<std::string> matched =
        inside ? HideKeysInsideObjects(keys, {mapping.customer, mapping.start, mapping.end}) : keys;
    c.customer = FindColumn(kCustomer, mapping.customer, matched, keys.size(), file, true);
    c.start = FindColumn(kStart, mapping.start, matched, keys.size(), file, true);
    // Serializers drop null values, so a missing end key is an open contract.
    c.end = FindColumn(kEnd, mapping.end, matched, keys.size(), file, true);
    auto missing = [&](const Role& role) {
      std::string list;
      for (const std::string& k : keys) list += (list.empty() ? "" : ", ") + k;
      throw DataError(Location{file, record.line, 0},
                      std::string("this object has no ") + role.name + " (its keys: " +
                          (list.empty() ? "none" : list) + "); name the key with " + role.flag);
    };
    if (c.customer < 0) missing(kCustomer);
    if (c.start < 0) missing(kStart);
    if (records == 1) NoteUtcColumns(options, file, keys, {c.start, c.end});
    // `flag` names the key of the role at `index` ("" for the status,
    // which a known layout finds).
    auto cell = [&](int index, const std::string& flag) {
      Cell out;
      out.line = record.line;
      if (index < 0) return out;
      const auto& field = record.fields[static_cast<size_t>(index)];
      out.name = keys[static_cast<size_t>(index)];
      out.utc = NameSaysUtc(out.name);
      if (field.nested) {
        const bool object = *field.at == '{';
        const std::string_view inside = record.PathInside(static_cast<size_t>(index));
        throw DataError(
            Location{file, record.line, 0},
            "the value of \"" + InputExcerpt(out.name, 40) + "\" is an " +
                (object ? "object" : "array") + "; expected a string or number" +
                (flag.empty() ? ""
                 : !object    ? ": name a key with plain values with " + flag +
                                 " (values inside arrays are not read)"
                 : inside.empty() ? ": name the value inside it to read by its path with " + flag +
                                        " (as " + InputExcerpt(out.name, 40) + ".KEY)"
                                  : ": name the value inside it to read with " + flag + " (" +
                                        flag + " " + ShellWord(InputExcerpt(inside, 60)) + ")"));
      }
      out.text = field.value;
      return out;
    };
    builder->Add(file, cell(c.customer, kCustomer.flag), cell(c.start, kStart.flag),
                 cell(c.end, kEnd.flag), cell(c.status, ""));
  });
}

}  // namespace

SubscriptionTable LoadSubscriptions(const std::vector<std::string>& paths,
                                    const LoadOptions& options,
                                    const SubscriptionColumns& columns) {
  ContractBuilder builder(options);
  for (const std::string& path : paths) {
    auto source = std::make_unique<PeekedSource>(ByteSource::Open(path));
    char delimiter = options.delimiter;
    InputFormat format = DetectFormat(options.format, path, source->prefix(), &delimiter);
    if (format == InputFormat::kCsv) {
      LoadCsv(source.get(), options, columns, delimiter, &builder);
    } else {
      LoadJson(source.get(), options, columns, format == InputFormat::kNdjson, &builder);
    }
  }
  return builder.Finish(static_cast<int64_t>(paths.size()));
}

ActivityIntervals MergeContracts(const SubscriptionTable& table, Time until) {
  ActivityIntervals out;
  const size_t customers = table.customers.size();
  // Contracts grouped by customer, then sorted by start within each.
  std::vector<size_t> offsets(customers + 1, 0);
  for (size_t i = 0; i < table.contract_count(); ++i) {
    if (table.start[i] < until) ++offsets[table.customer[i] + 1];
  }
  std::partial_sum(offsets.begin(), offsets.end(), offsets.begin());
  std::vector<size_t> order(offsets.back());
  std::vector<size_t> next(offsets.begin(), offsets.end() - 1);
  for (size_t i = 0; i < table.contract_count(); ++i) {
    if (table.start[i] < until) order[next[table.customer[i]]++] = i;
  }
  out.offsets.reserve(customers + 1);
  out.offsets.push_back(0);
  for (size_t c = 0; c < customers; ++c) {
    auto first = order.begin() + static_cast<ptrdiff_t>(offsets[c]);
    auto last = order.begin() + static_cast<ptrdiff_t>(offsets[c + 1]);
    std::sort(first, last, [&](size_t a, size_t b) {
      return table.start[a] != table.start[b] ? table.start[a] < table.start[b]
                                              : table.end[a] < table.end[b];
    });
    for (auto it = first; it != last; ++it) {
      Time s = table.start[*it], e = table.end[*it];
      if (s >= e) continue;  // never active (the loader leaves these out)
      // An end after `until` was not known then: the contract was running.
      if (e >= until) e = kOpenEnded;
      // Overlapping or back-to-back ([a, b) then [b, c)): one relationship.
      if (out.start.size() > out.offsets.back() && s <= out.end.back()) {
        out.end.back() = std::max(out.end.back(), e);
      } else {
        out.start.push_back(s);
        out.end.push_back(e);
      }
    }
    out.offsets.push_back(out.start.size());
  }
  return out;
}

}  // namespace retention

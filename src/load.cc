// Turns files into an OrderTable: picks the format, maps columns, parses
// each value with its location, and hands rows to the builder.
#include "retention/load.h"

#include <algorithm>
#include <cctype>
#include <cstring>
#include <set>
#include <unordered_map>

#include "byte_source.h"
#include "column_mapping.h"
#include "csv_reader.h"
#include "json_reader.h"
#include "load_checked.h"
#include "order_table_builder.h"
#include "problems.h"
#include "retention/error.h"
#include "retention/money.h"

namespace retention {
namespace {

// Serves a prefix it has already read, then the rest of the source, so the
// format can be sniffed from the first bytes of a pipe.
class PeekedSource : public ByteSource {
 public:
  explicit PeekedSource(std::unique_ptr<ByteSource> inner)
      : ByteSource(inner->name()), inner_(std::move(inner)) {
    prefix_.resize(4096);
    size_t used = 0;
    while (used < prefix_.size()) {
      size_t n = inner_->Read(&prefix_[used], prefix_.size() - used);
      if (n == 0) break;
      used += n;
    }
    prefix_.resize(used);
  }
  size_t Read(char* buffer, size_t size) override {
    if (offset_ < prefix_.size()) {
      size_t n = std::min(size, prefix_.size() - offset_);
      std::memcpy(buffer, prefix_.data() + offset_, n);
      offset_ += n;
      return n;
    }
    return inner_->Read(buffer, size);
  }
  const std::string& prefix() const { return prefix_; }

 private:
  std::unique_ptr<ByteSource> inner_;
  std::string prefix_;
  size_t offset_ = 0;
};

bool EndsWith(const std::string& s, const char* suffix) {
  size_t n = std::strlen(suffix);
  return s.size() >= n && s.compare(s.size() - n, n, suffix) == 0;
}

// A day alone when the time is midnight: "2024-02-03", else the full time.
std::string FormatMoment(Time t) {
  return t % kSecondsPerDay == 0 ? FormatDate(DateFromTime(t)) : FormatTime(t);
}

std::string_view TrimSpaces(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// The format a file is in, from the option, its extension or its first bytes.
InputFormat DetectFormat(InputFormat requested, const std::string& path, const std::string& prefix,
                         char* delimiter) {
  size_t i = 0;
  if (prefix.compare(0, 3, "\xEF\xBB\xBF") == 0) i = 3;
  while (i < prefix.size() && std::isspace(static_cast<unsigned char>(prefix[i]))) ++i;
  char first = i < prefix.size() ? prefix[i] : 0;
  // JSON files are either an array or one object per line; the first
  // character tells which, whatever the extension says.
  auto json_kind = [&] { return first == '[' ? InputFormat::kJson : InputFormat::kNdjson; };
  if (requested == InputFormat::kJson || requested == InputFormat::kNdjson) return json_kind();
  if (requested == InputFormat::kCsv) return InputFormat::kCsv;
  std::string name = path;
  std::transform(name.begin(), name.end(), name.begin(),
                 [](unsigned char c) { return std::tolower(c); });
  if (EndsWith(name, ".gz")) name.resize(name.size() - 3);
  if (EndsWith(name, ".tsv") || EndsWith(name, ".tab")) {
    if (*delimiter == 0) *delimiter = '\t';
    return InputFormat::kCsv;
  }
  if (EndsWith(name, ".csv") || EndsWith(name, ".txt")) return InputFormat::kCsv;
  if (EndsWith(name, ".json") || EndsWith(name, ".ndjson") || EndsWith(name, ".jsonl")) {
    return json_kind();
  }
  if (first == '[' || first == '{') return json_kind();
  return InputFormat::kCsv;
}

// One value of a row and where it came from.
struct Cell {
  std::string_view text;
  int64_t line = 0;
  int64_t column = 0;
  int index = -1;                     // 0-based field number
  const std::string* name = nullptr;  // the header name or JSON key
};

struct Row {
  Cell customer, order, date, amount, quantity, price, currency;
};

// FNV-1a over a row's fields, for finding exact duplicate rows.
class RowHash {
 public:
  void Add(std::string_view field) {
    for (unsigned char c : field) hash_ = (hash_ ^ c) * 1099511628211ull;
    hash_ = (hash_ ^ 0x1f) * 1099511628211ull;  // field separator
  }
  uint64_t value() const { return hash_; }

 private:
  uint64_t hash_ = 14695981039346656037ull;
};

// Offset of the first byte that is not valid UTF-8, or npos.
size_t InvalidUtf8At(std::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      ++i;
      continue;
    }
    size_t n = (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : (c & 0xF8) == 0xF0 ? 4 : 0;
    if (n == 0 || c == 0xC0 || c == 0xC1 || c > 0xF4 || i + n > s.size()) return i;
    for (size_t k = 1; k < n; ++k) {
      if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return i;
    }
    unsigned char d = static_cast<unsigned char>(s[i + 1]);
    if ((c == 0xE0 && d < 0xA0) || (c == 0xED && d > 0x9F) || (c == 0xF0 && d < 0x90) ||
        (c == 0xF4 && d > 0x8F)) {
      return i;  // overlong, surrogate or beyond U+10FFFF
    }
    i += n;
  }
  return std::string_view::npos;
}

// Parses rows and feeds the builder; owns everything that is the same for
// every file. Problems go to `problems`: thrown when loading for a report,
// collected (and the row skipped) when validating, which also enables the
// checks only validation pays for.
class RowLoader {
 public:
  RowLoader(const LoadOptions& options, Problems* problems, const CivilDate* as_of)
      : options_(options),
        dates_(options.date_format, options.time_zone),
        problems_(problems),
        future_(as_of ? TimeFromDate(AddDays(*as_of, 1)) : INT64_MAX) {}

  Problems& problems() { return *problems_; }

  // Validation only: warns when this exact row was seen before.
  void CheckDuplicate(const std::string& file, int64_t line, uint64_t hash) {
    auto [it, inserted] = seen_rows_.try_emplace(hash, Location{file, line, 0});
    if (!inserted) {
      problems_->Warning(Location{file, line, 0},
                         "this row repeats " + it->second.ToString() +
                             " exactly; remove the duplicate (or give each line its own order "
                             "id or line number)");
    }
  }

  void Add(const std::string& file, const Row& row) {
    ++stats_.rows;
    std::string_view customer = TrimSpaces(row.customer.text);
    if (customer.empty()) {
      Location where{file, row.customer.line, row.customer.column};
      if (options_.strict) {
        problems_->Error(where,
                         "empty customer id; every row needs one (without --strict such rows "
                         "are left out with a warning)");
        return;
      }
      problems_->Warning(where,
                         "empty customer id; the row is left out of every figure (fill in the "
                         "id, or drop the row)");
      if (stats_.rows_without_customer++ == 0) stats_.first_row_without_customer = where;
      return;
    }
    std::string_view date_text = TrimSpaces(row.date.text);
    auto time = dates_.Parse(date_text, &error_);
    if (!time) {
      return Fail(file, row.date,
                  "cannot read the date \"" + std::string(date_text) + "\" in column " +
                      Name(row.date) + ": " + error_);
    }
    if (*time >= future_) {
      return Fail(file, row.date,
                  "the date \"" + std::string(date_text) + "\" in column " + Name(row.date) +
                      " is after --as-of " + FormatDate(AddDays(DateFromTime(future_), -1)) +
                      "; orders cannot be in the future (check the date or the --as-of day)");
    }
    std::optional<Money> amount;
    if (row.amount.name != nullptr) {
      amount = ParseAmount(file, row.amount);
    } else {
      auto quantity = ParseAmount(file, row.quantity);
      auto price = quantity ? ParseAmount(file, row.price) : std::nullopt;
      if (quantity && price) {
        amount = MultiplyMoney(*quantity, *price);
        if (!amount)
          return Fail(file, row.quantity, "quantity x price is too large to be an amount");
      }
    }
    if (!amount) return;
    if (!CheckCurrency(file, row.currency)) return;
    std::string_view order = TrimSpaces(row.order.text);
    switch (builder_.Add(customer, order, *time, *amount)) {
      case OrderTableBuilder::Added::kOk:
        break;
      case OrderTableBuilder::Added::kOkOnOtherDate:
        if (!problems_->collecting()) break;  // merged correctly; only validation remarks
        problems_->Warning(Location{file, row.date.line, row.date.column},
                           "order \"" + std::string(order) +
                               "\" has lines on different dates: " + std::string(date_text) +
                               " here, " + FormatMoment(builder_.first_line_time()) +
                               " on its first line; the order counts at its earliest line");
        break;
      case OrderTableBuilder::Added::kOrderOfOtherCustomer:
        return Fail(file, row.customer,
                    "order \"" + std::string(order) + "\" was first seen with customer \"" +
                        builder_.conflicting_customer() + "\" but this line names \"" +
                        std::string(customer) +
                        "\"; one order id must belong to one customer (check the --order-col "
                        "mapping)");
    }
    if (amount->units < 0) {
      ++stats_.refund_rows;
    } else {
      ++stats_.purchase_rows;
    }
    if (stats_.purchase_rows + stats_.refund_rows == 1 || *time < stats_.first_time) {
      stats_.first_time = *time;
    }
    if (stats_.purchase_rows + stats_.refund_rows == 1 || *time > stats_.last_time) {
      stats_.last_time = *time;
    }
  }

  OrderTable Finish(int64_t files) {
    OrderTable table = builder_.Finish();
    table.stats = stats_;
    table.stats.files = files;
    return table;
  }

 private:
  static std::string Name(const Cell& cell) {
    return cell.name && !cell.name->empty() ? "'" + *cell.name + "'"
                                            : "#" + std::to_string(cell.index + 1);
  }

  // Sums across currencies mean nothing, so every row must share one.
  bool CheckCurrency(const std::string& file, const Cell& cell) {
    if (cell.name == nullptr) return true;
    std::string_view currency = TrimSpaces(cell.text);
    if (currency_where_.file.empty()) {
      currency_.assign(currency.data(), currency.size());
      currency_where_ = Location{file, cell.line, cell.column};
      return true;
    }
    if (currency == currency_) return true;
    // One message per currency is enough to act on.
    if (!other_currencies_.insert(std::string(currency)).second) return false;
    Fail(file, cell,
         "mixed currencies: \"" + std::string(currency) + "\" here, \"" + currency_ + "\" since " +
             currency_where_.ToString() +
             "; amounts in different currencies cannot be summed, so report each currency from "
             "its own file");
    return false;
  }

  std::optional<Money> ParseAmount(const std::string& file, const Cell& cell) {
    MoneyError why = MoneyError::kNone;
    auto value = ParseMoney(cell.text, &why);
    if (value) return value;
    std::string text(TrimSpaces(cell.text));
    std::string message = "cannot read the amount \"" + text + "\" in column " + Name(cell) + ": " +
                          std::string(DescribeMoneyError(why));
    if (why == MoneyError::kNotANumber && text.find_first_of("eE") != std::string::npos &&
        std::isdigit(static_cast<unsigned char>(text[0]))) {
      message += "; write the number out in full (100000, not 1e5)";
    } else if (why == MoneyError::kNotANumber && text.find(',') != std::string::npos) {
      message +=
          "; write amounts with '.' as the decimal point and no thousands separators "
          "(12.50, 1234.00)";
    } else if (why == MoneyError::kEmpty) {
      message += "; every row needs an amount (0 for a free order)";
    } else if (why == MoneyError::kTooPrecise) {
      message += "; round it to 4 decimal places";
    } else if (why == MoneyError::kOutOfRange) {
      message += "; check the column holds money, not an id or a timestamp";
    } else {
      message += "; expected a decimal number like 19.99 or -5.00";
    }
    Fail(file, cell, message);
    return std::nullopt;
  }

  void Fail(const std::string& file, const Cell& cell, const std::string& message) {
    problems_->Error(Location{file, cell.line, cell.column}, message);
  }

  const LoadOptions& options_;
  DateParser dates_;
  Problems* problems_;
  Time future_;
  OrderTableBuilder builder_;
  LoadStats stats_;
  std::string error_;
  std::string currency_;
  Location currency_where_;
  std::set<std::string> other_currencies_;
  std::unordered_map<uint64_t, Location> seen_rows_;
};

void LoadCsv(ByteSource* source, const LoadOptions& options, char delimiter, RowLoader* loader) {
  const std::string& file = source->name();
  Problems& problems = loader->problems();
  CsvReader reader(source, delimiter);
  if (!reader.Next()) {
    return problems.Error(Location{file, 0, 0},
                          "the file is empty; expected a header line such as "
                          "customer_id,order_id,order_date,amount and one row per order line");
  }
  std::vector<std::string> header;
  if (options.header) {
    for (size_t i = 0; i < reader.field_count(); ++i) header.emplace_back(reader.field(i));
  }
  size_t width = reader.field_count();
  ColumnIndices columns = ResolveColumns(header, width, options.columns, file);
  std::vector<std::string> names = header;
  names.resize(width);
  auto cell = [&](int index) {
    Cell c;
    if (index < 0) return c;
    c.text = reader.field(static_cast<size_t>(index));
    c.line = reader.field_line(static_cast<size_t>(index));
    c.column = reader.field_column(static_cast<size_t>(index));
    c.index = index;
    c.name = &names[static_cast<size_t>(index)];
    return c;
  };
  problems.BeginRows();
  for (bool have = options.header ? reader.Next() : true; have; have = reader.Next()) {
    size_t count = reader.field_count();
    // A line of nothing but delimiters is a blank line from a spreadsheet.
    bool empty = true;
    for (size_t i = 0; i < count && empty; ++i) empty = reader.field(i).empty();
    if (empty) continue;
    problems.BeginRow();
    if (count != width) {
      // Point at the first surplus field, or at the last one when short.
      size_t at = count > width ? width : count - 1;
      problems.Error(
          Location{file, reader.field_line(at), reader.field_column(at)},
          "this row has " + std::to_string(count) + " fields but the " +
              (options.header ? "header has " : "first row has ") + std::to_string(width) +
              "; quote fields that contain the delimiter " +
              (reader.delimiter() == '\t' ? std::string("(a tab)")
                                          : "'" + std::string(1, reader.delimiter()) + "'") +
              ", like \"Gift card, digital\"");
      continue;
    }
    if (problems.collecting()) {
      RowHash hash;
      bool valid = true;
      for (size_t i = 0; i < count && valid; ++i) {
        size_t bad = InvalidUtf8At(reader.field(i));
        if (bad != std::string_view::npos) {
          valid = false;
          problems.Error(
              Location{file, reader.field_line(i), reader.field_column(i)},
              "invalid UTF-8 in column " +
                  (names[i].empty() ? "#" + std::to_string(i + 1) : "'" + names[i] + "'") +
                  " (byte " + std::to_string(bad + 1) + " of the value); save the file as UTF-8");
        }
        hash.Add(reader.field(i));
      }
      if (!valid) continue;
      loader->CheckDuplicate(file, reader.line(), hash.value());
    }
    loader->Add(file, Row{cell(columns.customer), cell(columns.order), cell(columns.date),
                          cell(columns.amount), cell(columns.quantity), cell(columns.price),
                          cell(columns.currency)});
  }
}

void LoadJson(ByteSource* source, const LoadOptions& options, bool ndjson, RowLoader* loader) {
  const std::string& file = source->name();
  Problems& problems = loader->problems();
  std::vector<std::string> names;  // keys of the first object, roles resolved against them
  ColumnIndices columns;
  bool resolved = false;
  ReadJson(source, ndjson, [&](const JsonRecord& record) {
    if (!resolved) {
      std::vector<std::string> keys;
      for (const auto& f : record.fields) keys.emplace_back(f.key);
      const ColumnMapping& m = options.columns;
      for (const std::string* s :
           {&m.customer, &m.order, &m.date, &m.amount, &m.quantity, &m.price, &m.currency}) {
        if (!s->empty() && std::all_of(s->begin(), s->end(), ::isdigit)) {
          throw UsageError(
              "JSON objects have keys, not column numbers; name the key (e.g. --customer-col "
              "customer_id)");
        }
      }
      try {
        columns = ResolveColumns(keys, keys.size(), options.columns, file);
      } catch (const DataError& e) {
        throw DataError(Location{file, record.line, 0}, "in the first object: " + e.message());
      }
      names = keys;
      resolved = true;
      problems.BeginRows();
    }
    problems.BeginRow();
    bool nested = false;
    auto cell = [&](int index) {
      Cell c;
      if (index < 0) return c;
      c.name = &names[static_cast<size_t>(index)];
      c.index = index;
      c.line = record.line;
      for (const auto& f : record.fields) {
        if (f.key != *c.name) continue;
        if (f.nested && !nested) {
          nested = true;
          problems.Error(Location{file, record.line, 0},
                         "the value of \"" + *c.name +
                             "\" is an object or array; expected a string or number");
        }
        c.text = f.value;
      }
      return c;
    };
    Row row{cell(columns.customer), cell(columns.order),    cell(columns.date),
            cell(columns.amount),   cell(columns.quantity), cell(columns.price),
            cell(columns.currency)};
    if (nested) return;
    if (problems.collecting()) {
      RowHash hash;
      for (const auto& f : record.fields) {
        hash.Add(f.key);
        hash.Add(f.value);
      }
      loader->CheckDuplicate(file, record.line, hash.value());
    }
    loader->Add(file, row);
  });
}

}  // namespace

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

OrderTable LoadOrdersChecked(const std::vector<std::string>& paths, const LoadOptions& options,
                             Problems* problems, const CivilDate* as_of) {
  RowLoader loader(options, problems, as_of);
  for (const std::string& path : paths) {
    try {
      auto source = std::make_unique<PeekedSource>(ByteSource::Open(path));
      char delimiter = options.delimiter;
      InputFormat format = DetectFormat(options.format, path, source->prefix(), &delimiter);
      if (format == InputFormat::kCsv) {
        LoadCsv(source.get(), options, delimiter, &loader);
      } else {
        LoadJson(source.get(), options, format == InputFormat::kNdjson, &loader);
      }
    } catch (const DataError& e) {
      // A problem that ends reading this file (unreadable, no such column,
      // broken quoting or JSON). Validation notes it and goes on with the
      // next file.
      if (!problems->collecting()) throw;
      problems->EndRows();
      problems->Error(e.where(), e.message());
    }
    problems->EndRows();
  }
  return loader.Finish(static_cast<int64_t>(paths.size()));
}

OrderTable LoadOrders(const std::vector<std::string>& paths, const LoadOptions& options) {
  Problems problems;
  return LoadOrdersChecked(paths, options, &problems, nullptr);
}

}  // namespace retention

// Turns files into an OrderTable: picks the format, maps columns, parses
// each value with its location, and hands rows to the builder.
#include "retention/load.h"

#include <algorithm>
#include <cctype>
#include <cstring>

#include "byte_source.h"
#include "column_mapping.h"
#include "csv_reader.h"
#include "json_reader.h"
#include "order_table_builder.h"
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
  const std::string* name = nullptr;  // the header name or JSON key
};

struct Row {
  Cell customer, order, date, amount, quantity, price;
};

// Parses rows and feeds the builder; owns everything that is the same for
// every file.
class RowLoader {
 public:
  explicit RowLoader(const LoadOptions& options)
      : options_(options), dates_(options.date_format, options.time_zone) {}

  void Add(const std::string& file, const Row& row) {
    ++stats_.rows;
    std::string_view customer = TrimSpaces(row.customer.text);
    if (customer.empty()) {
      if (options_.strict) {
        Fail(file, row.customer,
             "empty customer id; every row needs one (without --strict such rows are left out "
             "with a warning)");
      }
      if (stats_.rows_without_customer++ == 0) {
        stats_.first_row_without_customer = Location{file, row.customer.line, row.customer.column};
      }
      return;
    }
    std::string_view date_text = TrimSpaces(row.date.text);
    auto time = dates_.Parse(date_text, &error_);
    if (!time) {
      Fail(file, row.date,
           "cannot read the date \"" + std::string(date_text) + "\" in column " + Name(row.date) +
               ": " + error_);
    }
    Money amount;
    if (row.amount.name != nullptr) {
      amount = ParseAmount(file, row.amount);
    } else {
      Money quantity = ParseAmount(file, row.quantity);
      Money price = ParseAmount(file, row.price);
      auto product = MultiplyMoney(quantity, price);
      if (!product) Fail(file, row.quantity, "quantity x price is too large to be an amount");
      amount = *product;
    }
    if (amount.units < 0) {
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
    std::string_view order = TrimSpaces(row.order.text);
    if (builder_.Add(customer, order, *time, amount) ==
        OrderTableBuilder::Added::kOrderOfOtherCustomer) {
      Fail(file, row.customer,
           "order \"" + std::string(order) + "\" was first seen with customer \"" +
               builder_.conflicting_customer() + "\" but this line names \"" +
               std::string(customer) +
               "\"; one order id must belong to one customer (check the --order-col mapping)");
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
                                            : "#" + std::to_string(cell.column);
  }

  Money ParseAmount(const std::string& file, const Cell& cell) {
    MoneyError why = MoneyError::kNone;
    auto value = ParseMoney(cell.text, &why);
    if (value) return *value;
    std::string text(TrimSpaces(cell.text));
    std::string message = "cannot read the amount \"" + text + "\" in column " + Name(cell) + ": " +
                          std::string(DescribeMoneyError(why));
    if (why == MoneyError::kNotANumber && text.find(',') != std::string::npos) {
      message +=
          "; write amounts with '.' as the decimal point and no thousands separators "
          "(12.50, 1234.00)";
    } else if (why == MoneyError::kEmpty) {
      message += "; every row needs an amount (0 for a free order)";
    } else {
      message += "; expected a decimal number like 19.99 or -5.00";
    }
    Fail(file, cell, message);
  }

  [[noreturn]] static void Fail(const std::string& file, const Cell& cell,
                                const std::string& message) {
    throw DataError(Location{file, cell.line, cell.column}, message);
  }

  const LoadOptions& options_;
  DateParser dates_;
  OrderTableBuilder builder_;
  LoadStats stats_;
  std::string error_;
};

void LoadCsv(ByteSource* source, const LoadOptions& options, char delimiter, RowLoader* loader) {
  const std::string& file = source->name();
  CsvReader reader(source, delimiter);
  if (!reader.Next()) {
    throw DataError(Location{file, 0, 0},
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
  bool have = options.header ? reader.Next() : true;
  auto cell = [&](int index) {
    Cell c;
    if (index < 0) return c;
    c.text = reader.field(static_cast<size_t>(index));
    c.line = reader.field_line(static_cast<size_t>(index));
    c.column = reader.field_column(static_cast<size_t>(index));
    c.name = &names[static_cast<size_t>(index)];
    return c;
  };
  for (; have; have = reader.Next()) {
    size_t count = reader.field_count();
    if (count != width) {
      // A line of nothing but delimiters is a blank line from a spreadsheet.
      bool empty = true;
      for (size_t i = 0; i < count && empty; ++i) empty = reader.field(i).empty();
      if (empty) continue;
      throw DataError(Location{file, reader.line(), 0},
                      "this row has " + std::to_string(count) + " fields but the " +
                          (options.header ? "header has " : "first row has ") +
                          std::to_string(width) + "; quote fields that contain the delimiter '" +
                          std::string(1, reader.delimiter() == '\t' ? 't' : reader.delimiter()) +
                          "' (\"like, this\")" +
                          (reader.delimiter() == '\t' ? " (the delimiter is a tab)" : ""));
    }
    bool empty = true;
    for (size_t i = 0; i < count && empty; ++i) empty = reader.field(i).empty();
    if (empty) continue;
    Row row{cell(columns.customer), cell(columns.order),    cell(columns.date),
            cell(columns.amount),   cell(columns.quantity), cell(columns.price)};
    loader->Add(file, row);
  }
}

void LoadJson(ByteSource* source, const LoadOptions& options, bool ndjson, RowLoader* loader) {
  const std::string& file = source->name();
  std::vector<std::string> names;  // resolved key per role, from the first object
  ColumnIndices columns;
  bool resolved = false;
  ReadJson(source, ndjson, [&](const JsonRecord& record) {
    if (!resolved) {
      std::vector<std::string> keys;
      for (const auto& f : record.fields) keys.emplace_back(f.key);
      for (const std::string* s :
           {&options.columns.customer, &options.columns.order, &options.columns.date,
            &options.columns.amount, &options.columns.quantity, &options.columns.price}) {
        if (!s->empty() && std::all_of(s->begin(), s->end(), ::isdigit)) {
          throw UsageError(
              "JSON objects have keys, not column numbers; name the key (e.g. "
              "--customer-col customer_id)");
        }
      }
      try {
        columns = ResolveColumns(keys, keys.size(), options.columns, file);
      } catch (const DataError& e) {
        throw DataError(Location{file, record.line, 0},
                        std::string(e.message()).replace(0, 0, "in the first object: "));
      }
      names = keys;
      resolved = true;
    }
    auto cell = [&](int index) {
      Cell c;
      if (index < 0) return c;
      c.name = &names[static_cast<size_t>(index)];
      c.line = record.line;
      for (const auto& f : record.fields) {
        if (f.key == *c.name) {
          if (f.nested) {
            throw DataError(Location{file, record.line, 0},
                            "the value of \"" + *c.name +
                                "\" is an object or array; expected "
                                "a string or number");
          }
          c.text = f.value;
        }
      }
      return c;
    };
    Row row{cell(columns.customer), cell(columns.order),    cell(columns.date),
            cell(columns.amount),   cell(columns.quantity), cell(columns.price)};
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

OrderTable LoadOrders(const std::vector<std::string>& paths, const LoadOptions& options) {
  RowLoader loader(options);
  for (const std::string& path : paths) {
    auto source = std::make_unique<PeekedSource>(ByteSource::Open(path));
    char delimiter = options.delimiter;
    InputFormat format = DetectFormat(options.format, path, source->prefix(), &delimiter);
    if (format == InputFormat::kCsv) {
      LoadCsv(source.get(), options, delimiter, &loader);
    } else {
      LoadJson(source.get(), options, format == InputFormat::kNdjson, &loader);
    }
  }
  return loader.Finish(static_cast<int64_t>(paths.size()));
}

}  // namespace retention

// The JSON and NDJSON loader: objects flattened by simdjson, their keys
// matched to roles once per key list, parsed in parallel blocks.
#include <algorithm>
#include <cstdint>
#include <iterator>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "base/text.h"
#include "input/json_array_blocks.h"
#include "input/json_reader.h"
#include "input/record_blocks.h"
#include "load/block_pipeline.h"
#include "load/column_mapping.h"
#include "load/export_layouts.h"
#include "load/loaders.h"
#include "load/problems.h"
#include "load/row_pipeline.h"
#include "retention/error.h"

namespace retention {
namespace {

// The roles a flag may name, in the order of JsonRowParser::roles_found's
// bits: a key named for one that no object has is a typo, not a file
// without that column. (Not --quantity-col and --price-col: an amount key
// found beside them wins, which leaves them unmatched though present.)
struct NamedRole {
  std::string ColumnMapping::*name;
  int ColumnIndices::*index;
  const char* flag;
};
constexpr NamedRole kNamedRoles[] = {
    {&ColumnMapping::customer, &ColumnIndices::customer, "--customer-col"},
    {&ColumnMapping::order, &ColumnIndices::order, "--order-col"},
    {&ColumnMapping::date, &ColumnIndices::date, "--date-col"},
    {&ColumnMapping::amount, &ColumnIndices::amount, "--amount-col"},
    {&ColumnMapping::currency, &ColumnIndices::currency, "--currency-col"},
    {&ColumnMapping::segment, &ColumnIndices::segment, "--by"}};
constexpr uint32_t kAnyObject = 1u << 31;
constexpr uint32_t kRolesLacking = 1u << 30;  // an object's error named the roles it lacks
// A layout's fallback key for customers (a guest's e-mail): apart from
// the customer key's own bit, which says whether --customer-col's key was.
constexpr uint32_t kCustomerFallback = 1u << 29;

// A jq path to `key`, or "" when the key needs quoting in one.
std::string JqKey(std::string_view key) {
  const bool plain =
      !key.empty() && !IsDigit(key[0]) && std::all_of(key.begin(), key.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || IsDigit(c) || c == '_';
      });
  return plain ? "." + std::string(key) : "";
}

// `keys` as roles are matched by them (HideKeysInsideObjects): a key
// inside an object only when `mapping` (a flag, the layout) names it.
std::vector<std::string> KeysToMatch(const std::vector<std::string>& keys,
                                     const ColumnMapping& mapping) {
  return HideKeysInsideObjects(
      keys, {mapping.customer, mapping.order, mapping.date, mapping.amount, mapping.quantity,
             mapping.price, mapping.currency, mapping.segment});
}

// The columns of an object's `keys` by the layout `known` (or none) and
// the flags' names `flags`, keys inside objects where named (KeysToMatch).
ColumnIndices MatchObjectKeys(const std::vector<std::string>& keys, const ExportLayout* known,
                              const ColumnMapping& flags) {
  const ColumnMapping mapping = known != nullptr ? LayoutMapping(*known, flags, keys) : flags;
  return MatchKeys(KeysToMatch(keys, mapping), mapping);
}

// For an object that holds no record but an array of objects (an API's
// response: {"object": "list", "data": [{...}, ...]}): how to read those.
// `in_array`: the object is an element of a JSON array (pages saved as
// one array).
std::string RecordsInside(const JsonRecord& record, const std::string& file, bool in_array) {
  bool objects = false;
  size_t plain = 0;
  for (const JsonRecord::Field& field : record.fields) {
    if (field.inside) continue;  // the object around it is looked at
    objects |= field.nested && *field.at == '{';
    plain += !field.nested;
    if (!field.nested || *field.at != '[') continue;
    const char* p = field.at + 1;
    while (IsJsonSpace(*p)) ++p;
    if (*p != '{' && *p != ']') continue;
    const std::string path = JqKey(field.key);
    return "; or, if the records are the objects of its array \"" + InputExcerpt(field.key, 40) +
           "\" (an API response), take them out" +
           (path.empty() ? "" : ": " + JqCommand(file, (in_array ? ".[]" : "") + path + "[]"));
  }
  // Deeper: a GraphQL response ({"data": {"orders": {"edges": [...]}}}),
  // or an edge of one ({"cursor": "...", "node": {...}}); a record with
  // values of its own is a record.
  if (objects && plain <= 1 && !in_array) {
    return "; or, if the records are in an array deeper inside it (a GraphQL response's "
           "edges), take them out: " +
           JqCommand(file, kJqRecordsInside);
  }
  return "";
}

// Turns JSON objects into parsed rows. Objects may leave keys out
// (serializers drop nulls), so roles are matched per object; objects
// usually share their keys, so the match is remembered per key list. Keep
// one per thread.
class JsonRowParser {
 public:
  JsonRowParser(std::string file, bool ndjson, const LoadOptions& options,
                const FileFormats& formats, const ExportLayout* known, Problems* problems,
                const CivilDate* as_of)
      : file_(std::move(file)),
        ndjson_(ndjson),
        options_(options),
        known_(known),
        problems_(problems),
        parser_(options, formats, known, problems, as_of) {}

  // Parses `record` into `batch`.
  void Parse(const JsonRecord& record, Batch* batch) {
    problems_->BeginRow();
    // Objects mostly repeat the previous object's keys: then so does the
    // match.
    bool same_keys = last_match_ != nullptr && keys_.size() == record.fields.size();
    for (size_t i = 0; same_keys && i < keys_.size(); ++i) {
      same_keys = SameText(keys_[i], record.fields[i].key);
    }
    if (!same_keys) {
      parser_.ForgetColumnNames();  // keys_ is refilled in place
      keys_.clear();
      signature_.clear();
      for (const auto& f : record.fields) {
        keys_.emplace_back(f.key);
        signature_.append(f.key.data(), f.key.size()).push_back('\0');
      }
      auto found = matches_.find(signature_);
      if (found == matches_.end()) {
        Match match;
        const ColumnMapping mapping =
            known_ != nullptr ? LayoutMapping(*known_, options_.columns, keys_) : options_.columns;
        const std::vector<std::string> matched = KeysToMatch(keys_, mapping);
        match.columns = MatchKeys(matched, mapping);
        if (known_ != nullptr) AddLayoutColumns(*known_, keys_, &match.columns);
        // Objects without a key of the status rules need none of their
        // work per object (most files have none).
        if (IsStatusRules(known_) && !UsesRuleColumns(match.columns)) {
          match.columns.layout = nullptr;
        }
        roles_found_ |= kAnyObject;
        for (size_t r = 0; r < std::size(kNamedRoles); ++r) {
          // --by naming the currency key makes the segments currencies.
          const bool as_segment =
              kNamedRoles[r].index == &ColumnIndices::currency && match.columns.split_by_currency;
          if (match.columns.*kNamedRoles[r].index >= 0 || as_segment) roles_found_ |= 1u << r;
        }
        // A guest's e-mail stands for the customer id (a layout's fallback).
        if (match.columns.customer_fallback >= 0) roles_found_ |= kCustomerFallback;
        // Checked once per key list, so it costs nothing per object.
        match.repeated = FindRepeatedColumn(matched, match.columns, mapping);
        if (known_ != nullptr) match.child = FindHeaderName(keys_, known_->child_key);
        found = matches_.emplace(signature_, match).first;
      }
      last_match_ = &found->second;  // unordered_map values stay put
    }
    const ColumnIndices& columns = last_match_->columns;
    if (const int child = last_match_->child;
        child >= 0 && !record.fields[static_cast<size_t>(child)].value.empty()) {
      ++batch->continuation_rows;  // a line item: its money is in its order's total
      return;
    }
    if (const RepeatedColumn& r = last_match_->repeated; r.mapped >= 0) {
      // simdjson keeps both; which one the export meant cannot be told.
      const std::string& a = keys_[static_cast<size_t>(r.mapped)];
      const std::string& b = keys_[static_cast<size_t>(r.other)];
      return problems_->Error(
          Location{file_, record.line, 0}, Check::kColumns,
          a == b ? "the key \"" + a +
                       "\" appears twice in this object; keep one (which is meant "
                       "cannot be told)"
                 : "this object has two " + std::string(r.role) + " keys, \"" + a + "\" and \"" +
                       b + "\"; keep one, or name the one to use with " + r.flag);
    }
    if (columns.split_by_currency) batch->segments_are_currencies = true;
    // `named`: the key the flag gave, which this object lacks.
    auto missing = [&](const char* what, const char* flag, const std::string& named) {
      std::string list = KeysOutsideObjects(record);
      std::string inside = RecordsInside(record, file_, !ndjson_);
      // A value inside an object is a key of its own, named by its path.
      const auto path =
          std::find_if(record.fields.begin(), record.fields.end(),
                       [](const JsonRecord::Field& f) { return f.inside && !f.nested; });
      if (inside.empty() && path != record.fields.end()) {
        inside = "; a value inside an object is named by its path (\"" +
                 InputExcerpt(path->key, 40) + "\")";
      }
      roles_found_ |= kRolesLacking;
      // Every role no key gave, at once, as a CSV header's are named.
      std::string lacking = what, flags = flag;
      if (named.empty()) {
        std::vector<std::string> roles, role_flags;
        if (columns.customer < 0 && columns.customer_fallback < 0 &&
            options_.columns.customer.empty()) {
          roles.push_back("customer id");
          role_flags.push_back("--customer-col");
        }
        // Only roles no flag named: a key a flag named is said by name.
        const ColumnMapping& m = options_.columns;
        if (columns.date < 0 && m.date.empty()) {
          roles.push_back("date");
          role_flags.push_back("--date-col");
        }
        if (columns.amount < 0 && !columns.multiply() && m.amount.empty() && m.quantity.empty() &&
            m.price.empty() && !(known_ != nullptr && known_->continuation_lines)) {
          roles.push_back("amount");
          role_flags.push_back(std::string("--amount-col") +
                               (columns.date < 0 ? "" : " (or --quantity-col and --price-col)"));
        }
        if (roles.size() > 1) {
          lacking = ListWithAnd(roles) + " keys";
          flags = ListWithAnd(role_flags);
        }
      }
      problems_->Error(
          Location{file_, record.line, 0}, Check::kColumns,
          (named.empty()
               ? "this object has no " + lacking
               : "this object has no key \"" + InputExcerpt(named, 40) + "\" (" + flag + ")") +
              " (its keys: " + (list.empty() ? "none" : list) + ")" +
              (named.empty() ? "; name " + std::string(lacking == what ? "the key" : "them") +
                                   " with " + flags
                             : std::string("; name one of them")) +
              inside);
    };
    if (columns.date < 0) return missing("date", "--date-col", options_.columns.date);
    if (columns.amount < 0 && !columns.multiply()) {
      // A further line of a Shopify order, its empty total dropped by the
      // serializer: as an empty total, it adds nothing.
      if (known_ != nullptr && known_->continuation_lines && options_.columns.amount.empty()) {
        ++batch->continuation_rows;
        return;
      }
      // Named quantity and price keys: say which one this object lacks.
      const ColumnMapping& m = options_.columns;
      if (!m.quantity.empty() && !m.price.empty() && m.amount.empty()) {
        const bool no_quantity = columns.quantity < 0;
        if (no_quantity || columns.price < 0) {
          std::string list = KeysOutsideObjects(record);
          return problems_->Error(Location{file_, record.line, 0}, Check::kColumns,
                                  "this object has no key \"" +
                                      InputExcerpt(no_quantity ? m.quantity : m.price, 40) +
                                      "\" (" + (no_quantity ? "--quantity-col" : "--price-col") +
                                      "); its keys: " + (list.empty() ? "none" : list));
        }
      }
      if (!options_.columns.amount.empty()) {
        return missing("amount", "--amount-col", options_.columns.amount);
      }
      return missing("amount", "--amount-col (or --quantity-col and --price-col)", "");
    }
    bool nested = false;
    auto cell = [&](int index) {
      Cell c;
      c.line = record.line;
      if (index < 0) return c;
      const auto& field = record.fields[static_cast<size_t>(index)];
      c.name = &keys_[static_cast<size_t>(index)];
      c.index = index;
      if (field.line != 0) c.line = field.line;  // in a pretty-printed array
      if (field.nested && !nested) {
        nested = true;
        // The fix is a key of plain values: inside an object, its path.
        const char* flag = index == columns.customer ? "--customer-col"
                           : index == columns.order  ? "--order-col"
                           : index == columns.date   ? "--date-col"
                           : index == columns.amount ? "--amount-col"
                                                     : "its flag";
        // Stripe's API writes an expanded customer as an object with its id.
        const std::string_view suggested = record.PathInside(static_cast<size_t>(index));
        const bool object = *field.at == '{';
        // An id expanded into an object in some records only (the others
        // hold the id itself) is taken out of those.
        const std::string path = JqKey(*c.name);
        const bool id = index == columns.customer || index == columns.order;
        const std::string take_out =
            object && id && !path.empty()
                ? "; or, where only some records hold an object, take the id out of those: " +
                      JqCommand(file_, (ndjson_ ? "" : ".[] | ") + path + " |= (.id? // .)")
                : "";
        problems_->Error(
            Location{file_, c.line, 0}, Check::kValue,
            "the value of \"" + InputExcerpt(*c.name, 40) + "\" is an " +
                (object ? "object" : "array") + "; expected a string or number: " +
                (!object ? "name a key with plain values with " + std::string(flag) +
                               " (values inside arrays are not read)"
                 // The objects of a file that reads none inside them are
                 // not flattened (ReadsInsideObjects): no path is known.
                 : suggested.empty()
                     ? "name the value inside it to read by its path with " + std::string(flag) +
                           " (as " + InputExcerpt(*c.name, 40) + (id ? ".id" : ".KEY") + ")"
                     : "name the value inside it to read with " + std::string(flag) + " (" + flag +
                           " " + ShellWord(InputExcerpt(suggested, 60)) + ")") +
                " (this record's keys: " + KeysOutsideObjects(record) + ")" + take_out);
      }
      c.text = field.value;
      c.json_number = field.number;
      c.json_exponent = field.exponent;
      return c;
    };
    Row row{cell(columns.customer),
            cell(columns.order),
            cell(columns.date),
            cell(columns.amount),
            cell(columns.quantity),
            cell(columns.price),
            cell(columns.currency),
            cell(columns.segment),
            nullptr,
            Cell(),
            cell(columns.gross_amount),
            columns.split_by_currency};
    LayoutCells extra;
    if (columns.layout != nullptr) {
      for (size_t r = 0; r < kLayoutRules; ++r) extra.left_out[r] = cell(columns.left_out[r]);
      extra.refunded = cell(columns.refunded);
      extra.credit = cell(columns.credit);
      extra.customer_fallback = cell(columns.customer_fallback);
      row.layout = &extra;
    }
    if (nested) return;
    if (problems_->recording()) {
      RowHash hash;
      for (const auto& f : record.fields) {
        hash.Add(f.key);
        hash.Add(f.value);
      }
      problems_->NoteRowHash(record.line, hash.value());
    }
    parser_.Parse(file_, row, batch);
  }

  /// Bit r: some object had kNamedRoles[r]'s key; kAnyObject: any object.
  uint32_t roles_found() const { return roles_found_; }

 private:
  std::string file_;
  bool ndjson_;  // else a JSON array
  const LoadOptions& options_;
  const ExportLayout* known_;
  Problems* problems_;
  RowParser parser_;

  // The object's own keys, for messages: those inside its objects, named
  // by their path, would crowd out the rest (a Stripe charge has 90).
  std::string KeysOutsideObjects(const JsonRecord& record) const {
    std::vector<std::string> outside;
    for (size_t i = 0; i < keys_.size(); ++i) {
      if (!record.fields[i].inside) outside.push_back(keys_[i]);
    }
    return JoinHeader(outside);
  }

  struct Match {
    ColumnIndices columns;
    RepeatedColumn repeated;  // a mapped key named twice
    int child = -1;           // the layout's child_key
  };
  std::unordered_map<std::string, Match> matches_;
  std::vector<std::string> keys_;  // of the last object
  std::string signature_;
  const Match* last_match_ = nullptr;  // for keys_
  uint32_t roles_found_ = 0;
};

// The objects of a JSON array that `bytes`, its start, holds whole, as an
// array again.
std::string WholeObjects(std::string_view bytes) {
  size_t end = 0;  // after the last whole object
  int depth = 0;
  bool in_string = false;
  for (size_t i = 0; i < bytes.size(); ++i) {
    char c = bytes[i];
    if (in_string) {
      if (c == '\\') {
        ++i;
      } else if (c == '"') {
        in_string = false;
      }
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      ++depth;
    } else if (c == ']' || c == '}') {
      if (--depth == 1 && c == '}') end = i + 1;
    }
  }
  return end == 0 ? "[]" : std::string(bytes.substr(0, end)) + "]";
}

// Whether the values inside a file's objects are made fields of their own
// (JsonRecord::flatten_objects), judged by the first object's keys `keys`:
// where a flag or the layout names a path, where a column found is inside
// an object or holds one, or where a role has no key (its message names
// the paths). Elsewhere they are not read, and making them would cost as
// much as reading the rest of an API's objects.
bool ReadsInsideObjects(const std::vector<std::string>& keys, const ExportLayout* known,
                        const LoadOptions& options) {
  const ColumnMapping& m = options.columns;
  auto path = [](std::string_view name) { return name.find('.') != std::string_view::npos; };
  for (const std::string* name : {&m.customer, &m.order, &m.date, &m.amount, &m.quantity, &m.price,
                                  &m.currency, &m.segment}) {
    if (path(*name)) return true;
  }
  if (known != nullptr) {
    std::vector<const ExportLayout::Names*> lists = {
        &known->customer,          &known->order,        &known->date,     &known->amount,
        &known->quantity,          &known->price,        &known->currency, &known->refunded,
        &known->customer_fallback, &known->credit.column};
    for (const ExportLayout::Names& names : known->signature) lists.push_back(&names);
    for (const ExportLayout::LeftOutWhen& when : known->left_out) lists.push_back(&when.column);
    for (const ExportLayout::Names* names : lists) {
      if (std::any_of(names->begin(), names->end(), path)) return true;
    }
  }
  const ColumnIndices c = MatchObjectKeys(keys, known, m);
  if (c.customer < 0 || c.date < 0 || (c.amount < 0 && !c.multiply())) return true;
  const std::vector<std::string> hidden = HideKeysInsideObjects(keys, {});
  for (int index :
       {c.customer, c.order, c.date, c.amount, c.quantity, c.price, c.currency, c.segment}) {
    if (index < 0) continue;
    const std::string& key = keys[static_cast<size_t>(index)];
    if (hidden[static_cast<size_t>(index)] != key) return true;  // inside an object
    for (const std::string& other : keys) {
      if (other.size() > key.size() && other[key.size()] == '.' &&
          other.compare(0, key.size(), key) == 0) {
        return true;  // holds an object
      }
    }
  }
  return false;
}

// Thrown by a callback of ReadStart to stop reading.
struct StopReading {};

// Calls `use` with each whole object of `bytes`, the start of the input
// (all of it when shorter than kSampleBytes), until it throws
// StopReading. Malformed JSON is left for reading to find.
template <typename Use>
void ReadStart(std::string_view bytes, bool ndjson, const std::string& file, Use use) {
  const bool whole = bytes.size() < kSampleBytes;
  try {
    if (ndjson) {
      ReadJsonLines(whole ? bytes : bytes.substr(0, bytes.rfind('\n') + 1), file, 1, use);
    } else {
      auto source = ByteSource::FromString(file, whole ? std::string(bytes) : WholeObjects(bytes));
      ReadJson(source.get(), false, use);
    }
  } catch (const StopReading&) {
  } catch (const DataError&) {
  }
}

// The keys of the first object of `bytes`, the start of the input; none
// when it holds no whole object.
std::vector<std::string> FirstKeys(std::string_view bytes, bool ndjson, const std::string& file) {
  std::vector<std::string> keys;
  ReadStart(bytes, ndjson, file, [&](const JsonRecord& record) {
    for (const auto& f : record.fields) keys.emplace_back(f.key);
    throw StopReading{};
  });
  return keys;
}

// The date and number values of the first objects of `bytes`, the start
// of the input (all of it when shorter than kSampleBytes).
Sample SampleObjects(std::string_view bytes, bool ndjson, const std::string& file,
                     const LoadOptions& options, const ExportLayout* known) {
  Sample sample;
  std::vector<std::string> keys;
  ColumnIndices columns;
  bool matched = false;
  ReadStart(bytes, ndjson, file, [&](const JsonRecord& record) {
    if (sample.rows >= kSampleRows) throw StopReading{};
    // Matching keys to roles is costly (a tenth of a second for the whole
    // sample): done again only when an object's keys are not the last's.
    const bool same_keys =
        matched && std::equal(keys.begin(), keys.end(), record.fields.begin(), record.fields.end(),
                              [](const std::string& k, const auto& f) { return k == f.key; });
    if (!same_keys) {
      keys.clear();
      for (const auto& f : record.fields) keys.emplace_back(f.key);
      columns = MatchObjectKeys(keys, known, options.columns);
      if (known != nullptr) AddLayoutColumns(*known, keys, &columns);
      matched = true;
    }
    auto cell = [&](int index) {
      Cell c;
      c.line = record.line;
      if (index < 0 || record.fields[static_cast<size_t>(index)].nested) return c;
      c.name = &keys[static_cast<size_t>(index)];
      c.index = index;
      if (record.fields[static_cast<size_t>(index)].line != 0) {
        c.line = record.fields[static_cast<size_t>(index)].line;
      }
      c.text = record.fields[static_cast<size_t>(index)].value;
      c.json_number = record.fields[static_cast<size_t>(index)].number;
      return c;
    };
    LayoutCells extra;
    extra.refunded = cell(columns.refunded);
    AddToSample(
        Row{Cell(), Cell(), cell(columns.date), cell(columns.amount), cell(columns.quantity),
            cell(columns.price), Cell(), Cell(), &extra, Cell(), Cell()},
        &sample);
  });
  return sample;
}

}  // namespace

void LoadJson(ByteSource* source, std::string_view start, const LoadOptions& options, bool ndjson,
              Problems* problems, const CivilDate* as_of, RowAggregator* aggregator) {
  const std::string& file = source->name();
  const ColumnMapping& m = options.columns;
  const std::pair<const std::string*, const char*> named[] = {
      {&m.customer, "--customer-col customer_id"}, {&m.order, "--order-col order_id"},
      {&m.date, "--date-col created_at"},          {&m.amount, "--amount-col total"},
      {&m.quantity, "--quantity-col quantity"},    {&m.price, "--price-col price"},
      {&m.currency, "--currency-col currency"},    {&m.segment, "--by channel"}};
  for (const auto& [s, example] : named) {
    if (!s->empty() && std::all_of(s->begin(), s->end(), ::isdigit)) {
      const std::string_view flag =
          std::string_view(example).substr(0, std::string_view(example).find(' '));
      throw UsageError(file + ": " + std::string(flag) + " " + *s +
                       ": JSON objects have keys, not column numbers; name the key (e.g. " +
                       example + ")");
    }
  }
  // The CSV flags have nothing to do here: said, not let go in silence (a
  // script may have meant another file).
  if (options.notice && (options.delimiter != 0 || !options.header)) {
    options.notice("warning: " + file + ": " +
                   (options.delimiter != 0 ? "--delimiter" : "--no-header") +
                   " is for CSV input, and this file is " + (ndjson ? "NDJSON" : "JSON") +
                   ", whose objects name their keys: it is read without it");
  }
  // No bytes at all (or only a BOM and blank lines) is an export that
  // failed or was cut before its first byte, as an empty CSV is; "[]"
  // says "no orders".
  std::string_view content = start;
  if (content.substr(0, 3) == "\xEF\xBB\xBF") content.remove_prefix(3);
  if (start.size() < kSampleBytes && std::all_of(content.begin(), content.end(), IsJsonSpace)) {
    return problems->Error(Location{file, 0, 0}, Check::kFile,
                           "the file is empty; expected JSON objects, one per order line (in an "
                           "array, or one per line); an export with no orders is []");
  }
  // A known export's layout from the first object's keys.
  const ExportLayout* known = nullptr;
  const std::vector<std::string> keys = FirstKeys(start, ndjson, file);
  if (!keys.empty()) {
    // The segment key as the first object spells it (--by Channel finds
    // "channel"); JSON has no column numbers.
    if (const int segment = m.segment.empty() ? -1 : MatchKeys(KeysToMatch(keys, m), m).segment;
        segment >= 0) {
      aggregator->NoteSegmentColumn(keys[static_cast<size_t>(segment)], 0);
    }
    known = ChooseLayout(options.layout, keys, file);
    if (options.notice) {
      ColumnIndices columns = MatchObjectKeys(keys, known, options.columns);
      if (known != nullptr) AddLayoutColumns(*known, keys, &columns);
      for (const std::string& note : HowReadNotes(file, keys, known, columns)) {
        options.notice(note);
      }
    }
  }
  // Objects' keys vary: one without a status may come first. The status
  // rules then still read the objects that have one.
  if (known == nullptr && options.layout != "none") known = &StatusRules();
  aggregator->NoteOrderRows(known != nullptr && known->whole_orders,
                            known != nullptr && known->order_rows_together);
  FileFormats formats =
      SniffFormats(options, file, SampleObjects(start, ndjson, file, options, known),
                   known != nullptr && known->month_first);
  if (!keys.empty()) {
    const int date = MatchObjectKeys(keys, known, m).date;
    formats.times_in_utc = date >= 0 && NameSaysUtc(keys[static_cast<size_t>(date)]);
  }
  NoteFormats(options, file, formats);
  problems->BeginRows();
  // Validating, the parsers record what they find; the aggregator replays
  // it in input order (RecordedProblems).
  const bool validating = problems->collecting();
  // Blocks of whole records parse on every core: NDJSON's end at a
  // newline, a JSON array's at a comma between its elements.
  int workers = WorkerCount(options);
  struct alignas(64) Worker {  // a cache line apart from the others
    Worker(const std::string& file, bool ndjson, const LoadOptions& options,
           const FileFormats& formats, const ExportLayout* known, const CivilDate* as_of)
        : parser(file, ndjson, options, formats, known, &problems, as_of) {}
    Problems problems;
    JsonRowParser parser;
  };
  const bool inside_objects = keys.empty() || ReadsInsideObjects(keys, known, options);
  std::vector<std::unique_ptr<Worker>> state;
  for (int w = 0; w < workers; ++w)
    state.push_back(std::make_unique<Worker>(file, ndjson, options, formats, known, as_of));
  BlockPipeline pipeline(workers, aggregator, [&](int w, const RecordBlock& block, Batch* out) {
    static_assert(kBlockPadding >= kJsonPadding, "blocks are parsed in place");
    if (validating) state[w]->problems.RecordInto(&out->recorded);
    auto parse = [&](const JsonRecord& record) { state[w]->parser.Parse(record, out); };
    if (ndjson) {
      ReadJsonLines(block.bytes(), file, block.first_line, parse, true, options.max_line_length,
                    inside_objects);
    } else {
      ReadJsonArrayBlock(block.bytes(), file, block.first_line, block.first_column, parse,
                         inside_objects);
    }
  });
  auto apply = [&](const Batch& b) { aggregator->Apply(file, b); };
  if (ndjson) {
    RecordBlocks blocks(source, std::string_view(), 1, false, size_t{1} << 19,
                        options.max_line_length);
    pipeline.Run(&blocks, apply);
  } else {
    JsonArrayBlocks blocks(source, size_t{1} << 19, options.max_line_length);
    pipeline.Run(&blocks, apply);
  }
  // A key a flag names that no object had is misspelled: CSV's header
  // tells at once, JSON only once every object was read.
  uint32_t found = 0;
  for (const auto& w : state) found |= w->parser.roles_found();
  if ((found & kAnyObject) == 0) return;
  // No object had a customer key: every row would be left out as a
  // guest's, and the figures all zero. A CSV header without one stops too.
  if ((found & (1u | kCustomerFallback)) == 0 && (found & kRolesLacking) == 0 &&
      m.customer.empty()) {
    std::string list = JoinHeader(keys);
    problems->Error(Location{file, 1, 0}, Check::kColumns,
                    "no object has a customer id key (the first object's keys: " +
                        (list.empty() ? "none" : list) +
                        "); name the key of customer ids with --customer-col");
    return;
  }
  for (size_t r = 0; r < std::size(kNamedRoles); ++r) {
    const std::string& name = m.*kNamedRoles[r].name;
    if (name.empty() || (found & (1u << r)) != 0) continue;
    if (kNamedRoles[r].name == &ColumnMapping::order && NoOrderColumn(m)) continue;
    if (kNamedRoles[r].name == &ColumnMapping::currency && name == "none") continue;
    // Not read beside quantity and price (MatchKeys).
    if (kNamedRoles[r].name == &ColumnMapping::amount && !m.quantity.empty() && !m.price.empty()) {
      continue;
    }
    std::string list = JoinHeader(keys);
    problems->Error(Location{file, 1, 0}, Check::kColumns,
                    "no object has the key \"" + InputExcerpt(name, 40) + "\" that " +
                        kNamedRoles[r].flag + " names (the first object's keys: " +
                        (list.empty() ? "none" : list) + "); name one of them");
  }
}

}  // namespace retention

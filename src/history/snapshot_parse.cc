// Reading back what `retention report` writes (CSV, a JSON document, or
// NDJSON lines), keeping every value's text as written.
#include <simdjson.h>

#include <algorithm>
#include <string>

#include "base/text.h"
#include "base/utf8.h"
#include "input/csv_reader.h"
#include "retention/error.h"
#include "retention/history.h"

namespace retention {
namespace {

namespace od = simdjson::ondemand;

std::string_view Trim(std::string_view s) {
  while (!s.empty() &&
         (s.back() == ' ' || s.back() == '\n' || s.back() == '\r' || s.back() == '\t')) {
    s.remove_suffix(1);
  }
  return s;
}

bool EndsWith(const std::string& s, const char* suffix) {
  std::string t(suffix);
  return s.size() >= t.size() && s.compare(s.size() - t.size(), t.size(), t) == 0;
}

[[noreturn]] void Fail(const std::string& name, int64_t line, const std::string& why) {
  throw DataError(Location{name, line, 0}, "not a report or history written by retention: " + why);
}

HistoryValue ValueOf(od::value value) {
  switch (value.type()) {
    case od::json_type::string:
      return HistoryValue{std::string(std::string_view(value.get_string())), false, true};
    case od::json_type::null:
      return HistoryValue{"", true};
    case od::json_type::object: {
      od::object object = value.get_object();
      return HistoryValue{std::string(Trim(object.raw_json())), false, false};
    }
    case od::json_type::array: {
      od::array array = value.get_array();
      return HistoryValue{std::string(Trim(array.raw_json())), false, false};
    }
    default:
      return HistoryValue{std::string(Trim(value.raw_json_token())), false, false};
  }
}

// A row's fields; a name given twice is refused, as no report writes one
// and either value could be meant (`line` 0: the row's number instead).
std::vector<std::pair<std::string, HistoryValue>> FieldsOf(od::object object,
                                                           const std::string& name, int64_t line,
                                                           size_t row_number) {
  std::vector<std::pair<std::string, HistoryValue>> fields;
  for (auto field : object) {
    std::string key(std::string_view(field.unescaped_key()));
    for (const auto& [had, value] : fields) {
      if (had == key) {
        Fail(name, line,
             (line > 0 ? std::string("this row")
                       : "row " + std::to_string(row_number) + " of \"periods\"") +
                 " has \"" + EscapeControls(key) + "\" twice; keep one");
      }
    }
    fields.emplace_back(std::move(key), ValueOf(field.value()));
  }
  return fields;
}

// Fails at `line` when the settings of its row (`own`) differ from the
// file's (`file`, those of the row at `first_line`); settings one of them
// does not record (an older row's, a currency) are no difference, nor the
// segment column's spelling.
void RequireSameSettings(const std::string& name, int64_t line, int64_t first_line,
                         const Settings& file, const Settings& own) {
  for (const SettingDifference& d : CompareSettings(file, own)) {
    if (!FindSetting(own, d.name) || !FindSetting(file, d.name)) continue;
    // An older version recorded --by as given ("7"), later runs by name:
    // the append that met it said so and wrote on (OlderSegmentColumn).
    auto number = [](const std::string& v) {
      return !v.empty() &&
             std::all_of(v.begin(), v.end(), [](char c) { return c >= '0' && c <= '9'; });
    };
    if (d.name == "segment_column" && (number(d.had) || number(d.now))) continue;
    throw DataError(
        Location{name, line, 0},
        "this row records " + d.name + " \"" + EscapeControls(d.now) + "\" where line " +
            std::to_string(first_line) + " records \"" + EscapeControls(d.had) +
            "\": a history holds figures of one set of settings (rows merged or edited by "
            "hand?); restore the row from a backup, or write the periods again into a new file");
  }
}

// The settings of a "definitions" object (raw JSON) in SettingsOf's form.
Settings SettingsFromJson(const std::string& schema_version, const std::string& json) {
  simdjson::padded_string text(json);
  od::parser parser;
  od::document doc = parser.iterate(text);
  Definitions d;
  std::vector<std::string> rules;
  for (auto field : doc.get_object()) {
    std::string_view key = field.unescaped_key();
    od::value value = field.value();
    auto text_of = [&] {
      HistoryValue v = ValueOf(value);
      return v.is_null ? std::string() : v.text;
    };
    if (key == "window") {
      d.window = text_of();
    } else if (key == "time_zone") {
      d.time_zone = text_of();
    } else if (key == "margin") {
      d.margin = text_of();
    } else if (key == "lifespan") {
      d.lifespan = text_of();
    } else if (key == "activity") {
      d.activity = text_of();
    } else if (key == "segment_column") {
      d.segment_column = text_of();
    } else if (key == "top_segments") {
      d.top_segments = std::atoi(text_of().c_str());
    } else if (key == "currency") {
      d.currency = text_of();
    } else if (key == "rules") {
      for (auto rule : value.get_array()) rules.emplace_back(std::string_view(rule.get_string()));
    } else if (key == "rates") {
      for (auto rate : value.get_object()) {
        RateDefinition r;
        r.rate = std::string(std::string_view(rate.unescaped_key()));
        for (auto part : rate.value().get_object()) {
          std::string_view which = part.unescaped_key();
          std::string v(std::string_view(part.value().get_string()));
          (which == "numerator" ? r.numerator : r.denominator) = v;
        }
        d.rates.push_back(r);
      }
    }
  }
  Settings s = SettingsOf(d);
  s[0].second = schema_version;
  std::string joined;
  for (const std::string& r : rules) joined += (joined.empty() ? "" : "; ") + r;
  for (auto& [name, value] : s) {
    if (name == "rules") value = joined;
  }
  return s;
}

Snapshot ParseCsv(std::string_view bytes, const std::string& name) {
  Snapshot out;
  out.format = SnapshotFormat::kCsv;
  CsvReader reader(bytes, name, ',', 1);
  if (!reader.Next()) Fail(name, 1, "no header line");
  // A spreadsheet in a locale with decimal commas saves with ';': the
  // header is then one column, and a row with a decimal comma several.
  if (reader.field_count() == 1 && reader.field(0).find(';') != std::string_view::npos &&
      reader.field(0).find("period") != std::string_view::npos) {
    Fail(name, 1,
         "its columns are separated by ';' (as a spreadsheet may save it), where report writes "
         "','; save it as CSV with commas and decimal points, or restore it from a backup");
  }
  for (size_t i = 0; i < reader.field_count(); ++i) {
    std::string column(reader.field(i));
    if (std::find(out.columns.begin(), out.columns.end(), column) != out.columns.end()) {
      Fail(name, 1, "the header has \"" + EscapeControls(column) + "\" twice; keep one");
    }
    out.columns.push_back(std::move(column));
  }
  while (reader.Next()) {
    if (reader.field_count() != out.columns.size()) {
      Fail(name, reader.line(),
           "this row has " + std::to_string(reader.field_count()) + " fields, the header " +
               std::to_string(out.columns.size()) +
               "; the file was cut short or edited: restore it from a backup, or write it again");
    }
    HistoryRow row;
    row.line = reader.line();
    for (size_t i = 0; i < reader.field_count(); ++i) {
      std::string text(reader.field(i));
      bool empty = text.empty();
      // Text a spreadsheet would run as a formula is written with a leading
      // ' ("=SUM(A1)" as "'=SUM(A1)", "-web" as "'-web"): read back as the
      // text it is, so a CSV and a JSON output of one report hold the same
      // segments. Numbers (-5.00) never carry the guard. A text starting
      // with ' has it too ("'-5" as "''-5"), so the two stay apart.
      const bool guarded = text.size() >= 2 && text[0] == '\'' &&
                           std::string_view("=+-@\t\r'").find(text[1]) != std::string_view::npos;
      if (guarded) text.erase(0, 1);
      // Controls are shown as text (\x1b, and a backslash doubled where
      // the text reads as one): read back, as the JSON of the same report
      // holds them, and written as text again when the history is.
      bool shown = false;
      if (out.columns[i] == "segment" && ReadsAsEscape(text)) {
        text = UnshowControls(text);
        shown = true;
      }
      // A spreadsheet saves booleans as TRUE and FALSE: the same flag.
      if (out.columns[i] == "partial" &&
          (EqualsIgnoreCase(text, "true") || EqualsIgnoreCase(text, "false"))) {
        text = text.size() == 4 ? "true" : "false";
      }
      row.fields.emplace_back(out.columns[i],
                              HistoryValue{std::move(text), empty, guarded || shown});
    }
    out.rows.push_back(std::move(row));
  }
  // Every row carries the definitions; the first stands for the file,
  // whose rows were checked against each other when written.
  if (!out.rows.empty() && out.rows.front().Find("schema_version")) {
    const HistoryRow& first = out.rows.front();
    Definitions d;
    Settings s = SettingsOf(d);
    for (auto& [key, value] : s) value = first.Text(key);
    // --by and --top, and the currency, from the first row that records
    // them: rows an older version wrote before (or of an input that named
    // no currency) have no such cells, or empty ones.
    for (const HistoryRow& row : out.rows) {
      std::string column = row.Text("segment_column");
      if (column.empty()) continue;
      s.emplace_back("segment_column", column);
      s.emplace_back("top_segments", row.Text("top_segments"));
      break;
    }
    for (const HistoryRow& row : out.rows) {
      if (row.Text("currency").empty()) continue;
      s.emplace_back("currency", row.Text("currency"));
      break;
    }
    out.settings = s;
    // Rows that disagree (merged or edited by hand) are no one history.
    for (const HistoryRow& row : out.rows) {
      Settings own = SettingsOf(d);
      for (auto& [key, value] : own) value = row.Text(key);
      if (!row.Text("currency").empty()) own.emplace_back("currency", row.Text("currency"));
      RequireSameSettings(name, row.line, first.line, s, own);
    }
  }
  return out;
}

Snapshot ParseJson(std::string_view bytes, const std::string& name) {
  Snapshot out;
  out.format = SnapshotFormat::kJson;
  // A document that opens and never closes was cut (a disk filled, a copy
  // stopped): say so, not that it is no object.
  const std::string_view trimmed = Trim(bytes);
  if (!trimmed.empty() && trimmed.front() == '{' && trimmed.back() != '}') {
    Fail(name, 1 + static_cast<int64_t>(std::count(bytes.begin(), bytes.end(), '\n')),
         "the JSON document ends before it closes; the file was cut short: restore it from a "
         "backup, or write it again");
  }
  simdjson::padded_string text(bytes);
  od::parser parser;
  std::string schema_version, definitions;
  try {
    od::document doc = parser.iterate(text);
    od::object object;
    if (doc.get_object().get(object) != simdjson::SUCCESS) Fail(name, 1, "not a JSON object");
    bool has_periods = false;
    for (auto field : object) {
      std::string key(std::string_view(field.unescaped_key()));
      if (key == "periods") {
        has_periods = true;
        for (auto period : field.value().get_array()) {
          HistoryRow row;
          row.fields = FieldsOf(period.get_object(), name, 0, out.rows.size() + 1);
          out.rows.push_back(std::move(row));
        }
        out.document.emplace_back(key, HistoryValue{"", true});
        continue;
      }
      HistoryValue value = ValueOf(field.value());
      if (key == "schema_version") schema_version = value.text;
      if (key == "definitions") definitions = value.text;
      out.document.emplace_back(std::move(key), std::move(value));
    }
    if (!has_periods) Fail(name, 1, "no \"periods\" array (a cohorts output is not a report)");
    if (!definitions.empty()) out.settings = SettingsFromJson(schema_version, definitions);
  } catch (const simdjson::simdjson_error& e) {
    Fail(name, 0, std::string("malformed JSON: ") + e.what());
  }
  if (!out.rows.empty()) {
    for (auto& [key, value] : out.rows.front().fields) out.columns.push_back(key);
  }
  return out;
}

Snapshot ParseNdjson(std::string_view bytes, const std::string& name) {
  Snapshot out;
  out.format = SnapshotFormat::kNdjson;
  od::parser parser;
  int64_t line_number = 0;
  size_t begin = 0;
  while (begin < bytes.size()) {
    size_t end = bytes.find('\n', begin);
    if (end == std::string_view::npos) end = bytes.size();
    std::string_view line = Trim(bytes.substr(begin, end - begin));
    begin = end + 1;
    ++line_number;
    if (line.empty()) continue;
    try {
      simdjson::padded_string text(line);
      od::document doc = parser.iterate(text);
      HistoryRow row;
      row.fields = FieldsOf(doc.get_object(), name, line_number, 0);
      row.line = line_number;
      out.rows.push_back(std::move(row));
    } catch (const simdjson::simdjson_error& e) {
      Fail(name, line_number, std::string("malformed JSON: ") + e.what());
    }
  }
  if (!out.rows.empty()) {
    const HistoryRow& first = out.rows.front();
    for (auto& [key, value] : first.fields) out.columns.push_back(key);
    if (const HistoryValue* d = first.Find("definitions")) {
      try {
        out.settings = SettingsFromJson(first.Text("schema_version"), d->text);
        // --by and --top, and the currency, from the first line that
        // records them: lines an older version wrote before (or of an
        // input that named no currency) have no such definitions.
        std::vector<Settings> lines;
        for (const HistoryRow& row : out.rows) {
          const HistoryValue* own = row.Find("definitions");
          lines.push_back(own ? SettingsFromJson(row.Text("schema_version"), own->text)
                              : Settings{});
        }
        for (const Settings& own : lines) {
          for (const auto& setting : own) {
            if (SettingMayBeUnrecorded(setting.first) && !FindSetting(out.settings, setting.first))
              out.settings.push_back(setting);
          }
        }
        // Lines that disagree (merged or edited by hand) are no one history.
        for (size_t i = 0; i < out.rows.size(); ++i) {
          if (!lines[i].empty()) {
            RequireSameSettings(name, out.rows[i].line, first.line, out.settings, lines[i]);
          }
        }
      } catch (const simdjson::simdjson_error& e) {
        Fail(name, 1, std::string("malformed definitions: ") + e.what());
      }
    }
  }
  return out;
}

}  // namespace

SnapshotFormat SnapshotFormatOf(const std::string& name, std::string_view bytes) {
  std::string lower = name;
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (EndsWith(lower, ".csv")) return SnapshotFormat::kCsv;
  if (EndsWith(lower, ".json")) return SnapshotFormat::kJson;
  if (EndsWith(lower, ".ndjson") || EndsWith(lower, ".jsonl")) return SnapshotFormat::kNdjson;
  size_t first = bytes.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) {
    const size_t slash = name.find_last_of('/');
    const size_t dot = name.find_last_of('.');
    if (dot != std::string::npos && (slash == std::string::npos || dot > slash + 1)) {
      throw UsageError(name + ": " + name.substr(dot) +
                       " is no format of a history; end the name in .csv, .json or .ndjson");
    }
    throw UsageError(name +
                     " is new or empty, and its name does not say its format; end it in .csv, "
                     ".json or .ndjson");
  }
  if (bytes[first] != '{') return SnapshotFormat::kCsv;
  // A JSON document spans lines; NDJSON puts a whole object on each.
  size_t newline = bytes.find('\n', first);
  std::string_view first_line = Trim(bytes.substr(first, newline - first));
  return !first_line.empty() && first_line.back() == '}' ? SnapshotFormat::kNdjson
                                                         : SnapshotFormat::kJson;
}

Snapshot ParseSnapshot(std::string_view bytes, const std::string& name, SnapshotFormat format) {
  // A byte-order mark, as Notepad saves UTF-8 (CsvReader skips its own).
  if (format != SnapshotFormat::kCsv && bytes.substr(0, 3) == "\xEF\xBB\xBF") {
    bytes.remove_prefix(3);
  }
  switch (format) {
    case SnapshotFormat::kCsv:
      return ParseCsv(bytes, name);
    case SnapshotFormat::kJson:
      return ParseJson(bytes, name);
    case SnapshotFormat::kNdjson:
      break;
  }
  return ParseNdjson(bytes, name);
}

}  // namespace retention

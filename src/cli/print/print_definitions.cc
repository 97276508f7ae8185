#include "cli/print/print_definitions.h"

#include <fmt/format.h>

#include "cli/print/text_format.h"

namespace retention {
namespace {

std::string NullOr(const std::string& text) { return text.empty() ? "null" : JsonQuote(text); }

}  // namespace

std::string DefinitionsJson(const Definitions& d, int indent) {
  std::string in(indent + 2, ' '), close(indent, ' ');
  std::string out = "{\n";
  out += in + "\"tool_version\": " + JsonQuote(d.tool_version) + ",\n";
  out += in + "\"window\": " + NullOr(d.window) + ",\n";
  out += in + "\"time_zone\": " + JsonQuote(d.time_zone) + ",\n";
  out += in + "\"as_of\": " + JsonQuote(d.as_of) + ",\n";
  // Numbers as given on the command line, so they read back unchanged.
  out += in + "\"margin\": " + (d.margin.empty() ? "null" : d.margin) + ",\n";
  out += in + "\"lifespan\": " + (d.lifespan.empty() ? "null" : d.lifespan) + ",\n";
  out += in + "\"activity\": " + JsonQuote(d.activity) + ",\n";
  if (!d.segment_column.empty()) {
    // Only when split: an output without them was not (or is older).
    out += in + "\"segment_column\": " + JsonQuote(d.segment_column) + ",\n";
    out += in + "\"top_segments\": " + std::to_string(d.top_segments) + ",\n";
  }
  // Only when the input names one: no currency is no key.
  if (!d.currency.empty()) out += in + "\"currency\": " + JsonQuote(d.currency) + ",\n";
  out += in + "\"rules\": [";
  for (size_t i = 0; i < d.rules.size(); ++i) {
    out += (i ? ", " : "") + JsonQuote(d.rules[i]);
  }
  out += "],\n" + in + "\"rates\": {";
  for (size_t i = 0; i < d.rates.size(); ++i) {
    out += fmt::format("{}\n{}  {}: {{\"numerator\": {}, \"denominator\": {}}}", i ? "," : "", in,
                       JsonQuote(d.rates[i].rate), JsonQuote(d.rates[i].numerator),
                       JsonQuote(d.rates[i].denominator));
  }
  out += (d.rates.empty() ? "}\n" : "\n" + in + "}\n") + close + "}";
  return out;
}

std::string InputsJson(const Definitions& d, int indent) {
  std::string in(indent + 2, ' '), close(indent, ' ');
  std::string out = "{\n" + in + "\"files\": [";
  for (size_t i = 0; i < d.files.size(); ++i) {
    out +=
        fmt::format("{}{{\"name\": {}, \"bytes\": {}}}", i ? ", " : "", JsonQuote(d.files[i].name),
                    d.files[i].bytes < 0 ? "null" : std::to_string(d.files[i].bytes));
  }
  out += "],\n" + in + "\"rows\": " + std::to_string(d.rows) + ",\n";
  out += in + "\"first_order\": " + NullOr(d.first_order) + ",\n";
  out += in + "\"last_order\": " + NullOr(d.last_order) + "\n" + close + "}";
  return out;
}

std::vector<std::pair<std::string, std::string>> DefinitionColumns(const Definitions& d) {
  std::vector<std::pair<std::string, std::string>> columns = {
      {"schema_version", std::to_string(d.schema_version)},
      {"tool_version", d.tool_version},
      {"time_zone", d.time_zone},
      {"as_of", d.as_of},
      {"margin", d.margin},
      {"lifespan", d.lifespan},
      {"activity", d.activity},
      {"rules", RulesText(d.rules)},
      {"rates", RatesText(d.rates)},
      {"inputs", InputFilesText(d.files)},
      {"input_rows", std::to_string(d.rows)},
      {"first_order", d.first_order},
      {"last_order", d.last_order},
  };
  // Last, so the columns before keep their positions.
  if (!d.segment_column.empty()) {
    columns.emplace_back("segment_column", d.segment_column);
    columns.emplace_back("top_segments", std::to_string(d.top_segments));
  }
  if (!d.currency.empty()) columns.emplace_back("currency", d.currency);
  return columns;
}

std::string DefinitionsSentence(const Definitions& d) {
  std::string out =
      fmt::format("Computed by retention {} (schema {})", d.tool_version, d.schema_version);
  if (!d.window.empty()) out += ", activity window " + d.window;
  out += ", time zone " + d.time_zone + ", as of " + d.as_of;
  if (!d.segment_column.empty()) {
    out += ", split by " + d.segment_column;
    if (d.top_segments > 0)
      out += fmt::format(" (the {} largest segments, then (other))", d.top_segments);
  }
  // CLV's settings; cohorts, which has no CLV of this kind, has neither.
  if (!d.margin.empty()) {
    out += ", margin " + d.margin;
    out +=
        d.lifespan.empty() ? std::string(", lifespan 1 / churn_rate") : ", lifespan " + d.lifespan;
  }
  out += ". Rules: " + RulesText(d.rules) + ". Rates: " + RatesText(d.rates) +
         ". Inputs: " + InputFilesText(d.files) + fmt::format(", {} rows", d.rows);
  if (!d.first_order.empty()) out += ", orders from " + d.first_order + " to " + d.last_order;
  return out + ".";
}

std::string CompactJson(const std::string& json) {
  std::string out;
  bool in_string = false, escaped = false;
  for (size_t i = 0; i < json.size(); ++i) {
    char c = json[i];
    if (in_string) {
      out += c;
      if (escaped) {
        escaped = false;
      } else if (c == '\\') {
        escaped = true;
      } else if (c == '"') {
        in_string = false;
      }
      continue;
    }
    if (c == '"') in_string = true;
    if (c == '\n') {
      while (i + 1 < json.size() && json[i + 1] == ' ') ++i;
      continue;
    }
    out += c;
  }
  return out;
}

}  // namespace retention

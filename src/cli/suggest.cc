#include "cli/suggest.h"

#include <algorithm>
#include <cctype>
#include <utility>

namespace retention {

std::string ClosestOption(const std::string& flag, const std::vector<std::string>& known) {
  // What other tools call ours: no edit distance finds these.
  static const std::pair<const char*, const char*> kSynonyms[] = {
      {"--timezone", "--tz"},
      {"--time-zone", "--tz"},
      {"--zone", "--tz"},
      {"--date-fmt", "--date-format"},
      {"--datefmt", "--date-format"},
      {"--sep", "--delimiter"},
      {"--separator", "--delimiter"},
      {"--delim", "--delimiter"},
      {"--group-by", "--by"},
      {"--segment", "--by"},
      {"--split-by", "--by"},
      {"--start", "--from"},
      {"--since", "--from"},
      {"--until", "--to"},
      {"--decimal", "--decimal-separator"},
      {"--thousands", "--thousands-separator"},
      // clv fits on everything up to a day: what report calls a period.
      {"--period", "--calibration-end"},
      {"--end", "--calibration-end"}};
  auto knows = [&](const std::string& name) {
    return std::find(known.begin(), known.end(), name) != known.end();
  };
  // --TZ, --groupby, --date_format: case, dashes and underscores aside.
  auto normal = [](const std::string& name) {
    std::string out;
    for (char c : name) {
      if (c != '-' && c != '_')
        out.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
    }
    return out;
  };
  const std::string wanted = normal(flag);
  for (const std::string& name : known) {
    if (normal(name) == wanted) return name;
  }
  for (const auto& [synonym, ours] : kSynonyms) {
    if (normal(synonym) == wanted && knows(ours)) return ours;
  }
  // --customer-column, --date-column: ours end in -col.
  const std::string column = "-column";
  if (flag.size() > column.size() &&
      flag.compare(flag.size() - column.size(), column.size(), column) == 0) {
    std::string col = flag.substr(0, flag.size() - column.size()) + "-col";
    if (knows(col)) return col;
  }
  // A flag cut short (--th, --form): the options it begins, up to three,
  // before the nearest spelling (--th is one edit from --tz).
  std::vector<std::string> begun;
  for (const std::string& name : known) {
    if (flag.size() >= 4 && name.compare(0, flag.size(), flag) == 0) begun.push_back(name);
  }
  if (!begun.empty() && begun.size() <= 3) {
    std::string out = begun[0];
    for (size_t i = 1; i < begun.size(); ++i) {
      out += (i + 1 == begun.size() ? " or " : ", ") + begun[i];
    }
    return out;
  }
  std::string near = ClosestName(flag, known);
  if (!near.empty()) return near;
  // A misspelt synonym: --perid on clv. Not for a word as short as
  // --per, two edits from --sep.
  if (flag.size() < 6) return "";
  std::vector<std::string> synonyms;
  for (const auto& [synonym, ours] : kSynonyms) {
    if (knows(ours)) synonyms.emplace_back(synonym);
  }
  near = ClosestName(flag, synonyms);
  for (const auto& [synonym, ours] : kSynonyms) {
    if (!near.empty() && near == synonym && knows(ours)) return ours;
  }
  return "";
}

}  // namespace retention

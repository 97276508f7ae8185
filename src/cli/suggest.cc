#include "cli/suggest.h"

#include <algorithm>
#include <cctype>
#include <utility>

namespace retention {

size_t EditDistance(const std::string& a, const std::string& b) {
  // Two letters swapped is one edit (--fromat is --format, not --from):
  // the table's last two rows, as the swap looks back two.
  std::vector<size_t> before(b.size() + 1), last(b.size() + 1), row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) last[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      row[j] =
          std::min({last[j] + 1, row[j - 1] + 1, last[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
        row[j] = std::min(row[j], before[j - 2] + 1);
      }
    }
    std::swap(before, last);
    std::swap(last, row);
  }
  return last[b.size()];
}

std::string ClosestName(const std::string& word, const std::vector<std::string>& candidates) {
  std::string best;
  size_t best_distance = 3;  // more edits than this is a different word
  for (const std::string& candidate : candidates) {
    size_t d = EditDistance(word, candidate);
    if (d < best_distance && 2 * d < candidate.size()) {
      best = candidate;
      best_distance = d;
    }
  }
  return best;
}

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
  std::string near = ClosestName(flag, known);
  if (!near.empty()) return near;
  // A misspelt synonym: --perid on clv.
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

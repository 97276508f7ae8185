#include "base/closest_name.h"

#include <algorithm>
#include <utility>

#include "base/text.h"

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

std::string DidYouMean(const std::string& word, const std::vector<std::string>& names) {
  auto lower = [](std::string s) {
    for (char& c : s) c = ToLower(c);
    return s;
  };
  std::vector<std::string> lowered;
  for (const std::string& name : names) lowered.push_back(lower(name));
  const std::string near = ClosestName(lower(word), lowered);
  if (near.empty()) return "";
  const size_t i =
      static_cast<size_t>(std::find(lowered.begin(), lowered.end(), near) - lowered.begin());
  return "; did you mean '" + names[i] + "'?";
}

std::string MeantName(const std::string& word, const std::vector<std::string>& names) {
  std::string meant = ClosestName(word, names);
  // "churn" means churn_rate: a beginning is a likely short form.
  for (size_t i = 0; meant.empty() && word.size() >= 3 && i < names.size(); ++i) {
    if (names[i].rfind(word, 0) == 0) meant = names[i];
  }
  return meant;
}

}  // namespace retention

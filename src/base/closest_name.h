// "Did you mean ...?": the name of a known list a mistyped word was meant
// to be, by edit distance. For flags, commands, columns and figures alike.
#pragma once

#include <string>
#include <vector>

namespace retention {

/// Insertions, deletions, substitutions and swaps of two neighbouring
/// letters that turn `a` into `b`.
size_t EditDistance(const std::string& a, const std::string& b);

/// The candidate closest to `word`, or "" when none is close enough to be
/// what was meant (at most 2 edits, and fewer than half of its letters).
std::string ClosestName(const std::string& word, const std::vector<std::string>& candidates);

/// ClosestName's, else the first of `names` that `word` begins ("churn"
/// for churn_rate); "" when none.
std::string MeantName(const std::string& word, const std::vector<std::string>& names);

/// "; did you mean 'month'?" for a mistyped value of a flag, to end its
/// message: ClosestName of `word` (ignoring case) among `names`, else "".
std::string DidYouMean(const std::string& word, const std::vector<std::string>& names);

}  // namespace retention

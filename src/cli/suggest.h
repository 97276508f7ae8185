// "Did you mean ...?" for mistyped commands and flags: the closest of the
// names the command line knows, by edit distance.
#pragma once

#include <string>
#include <vector>

namespace retention {

/// Insertions, deletions and substitutions that turn `a` into `b`.
size_t EditDistance(const std::string& a, const std::string& b);

/// The candidate closest to `word`, or "" when none is close enough to be
/// what was meant (at most 2 edits, and fewer than half of its letters).
std::string ClosestName(const std::string& word, const std::vector<std::string>& candidates);

/// The flag of `known` ("--tz" style) meant by the unknown `flag`: a
/// synonym other tools use ("--timezone" for "--tz", "--customer-column"
/// for "--customer-col"), else ClosestName's; "" when none.
std::string ClosestOption(const std::string& flag, const std::vector<std::string>& known);

}  // namespace retention

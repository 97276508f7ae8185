// "Did you mean ...?" for mistyped commands and flags: the closest of the
// names the command line knows, by edit distance.
#pragma once

#include <string>
#include <vector>

#include "base/closest_name.h"

namespace retention {

/// The flag of `known` ("--tz" style) meant by the unknown `flag`: a
/// synonym other tools use ("--timezone" for "--tz", "--customer-column"
/// for "--customer-col"), else ClosestName's; "" when none.
std::string ClosestOption(const std::string& flag, const std::vector<std::string>& known);

}  // namespace retention

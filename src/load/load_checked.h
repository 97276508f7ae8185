// The loader behind both LoadOrders and ValidateOrders.
#pragma once

#include <string>
#include <vector>

#include "load/problems.h"
#include "retention/load.h"

namespace retention {

/// Loads `paths`, sending every problem to `problems` (which throws in
/// report mode and collects when validating). With `as_of`, rows dated
/// after that day are errors.
OrderTable LoadOrdersChecked(const std::vector<std::string>& paths, const LoadOptions& options,
                             Problems* problems, const CivilDate* as_of);

}  // namespace retention

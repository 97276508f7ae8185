// libFuzzer target for the --fail-if rule parser and its evaluation.
//
// Input: the whole input is the rule text. Only UsageError may escape
// Gate::Parse; a rule that parses is evaluated on a few sets of figures
// (some null), and must give the same answers wrapped in parentheses and
// when joined to itself with `or` and `and` (Kleene logic is idempotent).
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "fuzz_check.h"
#include "retention/error.h"
#include "retention/gates.h"

namespace {

using retention::Gate;
using retention::PeriodMetrics;

std::vector<PeriodMetrics> Samples() {
  std::vector<PeriodMetrics> out(3);
  out[0].has_orders = false;  // order figures are null
  out[1].has_orders = true;
  out[1].orders = 7;
  out[1].customers_start = 4;
  out[1].churn_rate = 0.25;
  out[1].revenue = retention::Money{1234500};
  out[2].has_orders = true;
  out[2].orders = 100;
  out[2].churn_rate = 0.0;
  out[2].aov = retention::Money{-5};
  return out;
}

std::optional<Gate> TryParse(const std::string& text) {
  try {
    return Gate::Parse(text);
  } catch (const retention::UsageError&) {
    return std::nullopt;
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  std::optional<Gate> gate = TryParse(text);
  if (!gate) return 0;
  FUZZ_CHECK(gate->text() == text, "text() is not the rule as written");
  FUZZ_CHECK(!gate->names().empty(), "a rule without figures: '%s'", text.c_str());
  std::optional<Gate> wrapped = TryParse("(" + text + ")");
  std::optional<Gate> either = TryParse(text + " or (" + text + ")");
  std::optional<Gate> both = TryParse("(" + text + ") and (" + text + ")");
  for (const PeriodMetrics& m : Samples()) {
    const std::optional<bool> holds = gate->Holds(m);
    // Wrapping adds a level, which may pass the nesting limit.
    if (wrapped) FUZZ_CHECK(wrapped->Holds(m) == holds, "'(%s)' differs", text.c_str());
    if (either) FUZZ_CHECK(either->Holds(m) == holds, "'%s or itself' differs", text.c_str());
    if (both) FUZZ_CHECK(both->Holds(m) == holds, "'%s and itself' differs", text.c_str());
  }
  return 0;
}

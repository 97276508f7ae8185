// Counts and rates as report writes them, read back the one way every
// history operation reads them.
#pragma once

#include <charconv>
#include <cmath>
#include <cstdint>
#include <optional>
#include <string_view>

namespace retention {

// A count: a whole number from 0.
inline std::optional<int64_t> ReadCount(std::string_view text) {
  int64_t v = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (error != std::errc() || end != text.data() + text.size() || v < 0) return std::nullopt;
  return v;
}

// A rate, frequency or lifespan: never below 0, never NaN or infinite
// (printed, those would be no JSON and pass every gate).
inline std::optional<double> ReadNonNegative(std::string_view text) {
  double v = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (error != std::errc() || end != text.data() + text.size() || !std::isfinite(v) || v < 0) {
    return std::nullopt;
  }
  return v;
}

// A figure of `field` (retention_rate, churn_rate_previous, ...): finite,
// and never below 0 but for the retention rate, (E - N) / S, which is
// when more customers arrive and lapse within the period than stay (a
// window shorter than the period; contracts of a few days).
inline std::optional<double> ReadFigure(std::string_view field, std::string_view text) {
  if (field.rfind("retention_rate", 0) != 0) return ReadNonNegative(text);
  double v = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (error != std::errc() || end != text.data() + text.size() || !std::isfinite(v)) {
    return std::nullopt;
  }
  return v;
}

}  // namespace retention

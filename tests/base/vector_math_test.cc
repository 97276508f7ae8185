// LogOf and ExpOf: within a few units in the last place of std::log and
// std::exp over the ranges the fits use, at every length (the vector loops
// have a tail), in place, and with the edge values.
#include "base/vector_math.h"

#include <catch2/catch.hpp>
#include <cmath>
#include <cstdint>
#include <limits>
#include <vector>

using namespace retention;

namespace {

// Units in the last place between a and b (both finite, same sign).
double Ulps(double a, double b) {
  if (a == b) return 0;
  return std::abs(a - b) / (std::nextafter(std::abs(b), HUGE_VAL) - std::abs(b));
}

std::vector<double> Spread(double from, double to, size_t n) {
  std::vector<double> v(n);
  for (size_t i = 0; i < n; ++i) v[i] = from + (to - from) * static_cast<double>(i) / (n - 1);
  return v;
}

}  // namespace

TEST_CASE("LogOf is log to a few ulp, at every length and in place") {
  // 1 + e^-|d| (the BG/NBD fit), money and rates (Gamma-Gamma), tiny and
  // huge values.
  std::vector<double> in = Spread(1, 2, 1001);
  for (double v : {1e-300, 1e-5, 0.37, 3.0, 1234.5, 6.6e7, 1e300}) in.push_back(v);
  std::vector<double> out(in.size());
  LogOf(in.data(), out.data(), in.size());
  double worst = 0;
  for (size_t i = 0; i < in.size(); ++i) worst = std::max(worst, Ulps(out[i], std::log(in[i])));
  CHECK(worst <= 4);
  // Every length up to a few vectors, so each tail is exercised.
  for (size_t n = 0; n <= 19; ++n) {
    std::vector<double> v(in.begin(), in.begin() + static_cast<std::ptrdiff_t>(n));
    LogOf(v.data(), v.data(), n);
    for (size_t i = 0; i < n; ++i) CHECK(Ulps(v[i], std::log(in[i])) <= 4);
  }
  const double edges[] = {0.0, 1.0, HUGE_VAL, -1.0};
  double logs[4];
  LogOf(edges, logs, 4);
  CHECK(logs[0] == -HUGE_VAL);
  CHECK(logs[1] == 0);
  CHECK(logs[2] == HUGE_VAL);
  CHECK(std::isnan(logs[3]));
}

TEST_CASE("ExpOf is exp to a few ulp over the fit's gaps, 0 far below") {
  std::vector<double> in = Spread(-700, 0, 2001);
  for (double v : {1e-12, 0.5, 1.0, 700.0}) in.push_back(v);
  std::vector<double> out(in.size());
  ExpOf(in.data(), out.data(), in.size());
  double worst = 0;
  for (size_t i = 0; i < in.size(); ++i) worst = std::max(worst, Ulps(out[i], std::exp(in[i])));
  CHECK(worst <= 4);
  const double edges[] = {0.0, -HUGE_VAL, -1000.0, 1000.0};
  double exps[4];
  ExpOf(edges, exps, 4);
  CHECK(exps[0] == 1);
  CHECK(exps[1] == 0);
  CHECK(exps[2] == 0);
  CHECK(exps[3] == HUGE_VAL);
}

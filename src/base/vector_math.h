// Logarithms and exponentials of whole arrays, several values at a time.
// The CLV fits take a logarithm per customer at every step of the search;
// one at a time that was most of their time.
#pragma once

#include <cstddef>

namespace retention {

/// out[i] = log(in[i]) for i < n; `in` and `out` may be the same array.
void LogOf(const double* in, double* out, size_t n);

/// out[i] = exp(in[i]) for i < n; `in` and `out` may be the same array.
void ExpOf(const double* in, double* out, size_t n);

}  // namespace retention

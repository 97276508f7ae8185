// The loops below run in SIMD lanes through glibc's vector math library
// (libmvec, linked with libm): GCC calls its vector variants of exp and log
// once the declarations say they exist, which glibc's own headers do only
// under -ffast-math. This file is built with -fopenmp-simd for the
// pragmas and nothing else of OpenMP. libmvec's results are within 4 ulp
// of the scalar functions', far below what a sum of a million
// log-likelihoods can tell.
#include "base/vector_math.h"

#include <cmath>

#if defined(__GNUC__) && !defined(__clang__) && defined(__x86_64__)
extern "C" {
__attribute__((__simd__("notinbranch"))) double exp(double) noexcept;
__attribute__((__simd__("notinbranch"))) double log(double) noexcept;
}
#endif

namespace retention {

void LogOf(const double* in, double* out, size_t n) {
#pragma omp simd
  for (size_t i = 0; i < n; ++i) out[i] = log(in[i]);
}

void ExpOf(const double* in, double* out, size_t n) {
#pragma omp simd
  for (size_t i = 0; i < n; ++i) out[i] = exp(in[i]);
}

}  // namespace retention

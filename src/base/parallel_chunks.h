// Work split into numbered chunks and run on a few threads. Each chunk
// writes only its own results, and callers combine them in chunk order,
// so the outcome (a floating-point sum included) is the same for any
// number of threads.
#pragma once

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <exception>
#include <mutex>
#include <system_error>
#include <thread>
#include <utility>
#include <vector>

namespace retention {

/// Part `part` of [0, n) cut into `parts` parts of (nearly) equal size, in
/// order: [first, second).
inline std::pair<size_t, size_t> PartOf(size_t n, size_t parts, size_t part) {
  return {n * part / parts, n * (part + 1) / parts};
}

/// `threads` if positive, else every core (at least 1).
inline int ThreadsOrCores(int threads) {
  if (threads > 0) return threads;
  return std::max(1, static_cast<int>(std::thread::hardware_concurrency()));
}

/// Calls fn(chunk) once for every chunk in [0, chunks), on the calling
/// thread and up to `threads` - 1 more (0: every core). Once a chunk has
/// thrown, no chunk after it is started (those already running finish);
/// when all threads have stopped, the exception of the first chunk that
/// threw is rethrown: the one a single thread would meet, so the same
/// error for any number of threads.
template <typename Fn>
void ForEachChunk(size_t chunks, int threads, Fn&& fn) {
  const size_t n = std::min(static_cast<size_t>(ThreadsOrCores(threads)), chunks);
  if (n <= 1) {
    for (size_t c = 0; c < chunks; ++c) fn(c);
    return;
  }
  std::atomic<size_t> next{0};
  std::mutex mutex;
  std::exception_ptr error;
  std::atomic<size_t> failed{SIZE_MAX};  // the first chunk that threw
  auto work = [&] {
    // Chunks are handed out in order: those before a failed one have all
    // started, and run to their end.
    for (size_t c; (c = next.fetch_add(1)) < chunks && c < failed.load();) {
      try {
        fn(c);
      } catch (...) {
        std::lock_guard<std::mutex> lock(mutex);
        if (c < failed.load()) {
          failed.store(c);
          error = std::current_exception();
        }
      }
    }
  };
  std::vector<std::thread> helpers;
  helpers.reserve(n - 1);
  for (size_t t = 1; t < n; ++t) {
    try {
      helpers.emplace_back(work);
    } catch (const std::system_error&) {
      break;  // no more threads to be had: fewer do the same work
    }
  }
  work();
  for (std::thread& t : helpers) t.join();
  if (error) std::rethrow_exception(error);
}

/// Calls first() on the calling thread and, at the same time, second()
/// on another (one after the other with `threads` 1, or when no thread is
/// to be had, second() then only if first() did not throw). Returns when
/// both are done; then what first() threw is thrown, else what second()
/// threw: the same error for any number of threads.
template <typename First, typename Second>
void RunBoth(int threads, First&& first, Second&& second) {
  std::exception_ptr first_error, second_error;
  auto run_second = [&] {
    try {
      second();
    } catch (...) {
      second_error = std::current_exception();
    }
  };
  std::thread beside;
  if (ThreadsOrCores(threads) > 1) {
    try {
      beside = std::thread(run_second);
    } catch (const std::system_error&) {
      // No thread to be had: second() runs after first().
    }
  }
  try {
    first();
  } catch (...) {
    first_error = std::current_exception();
  }
  if (beside.joinable()) {
    beside.join();
  } else if (!first_error) {
    run_second();
  }
  if (first_error) std::rethrow_exception(first_error);
  if (second_error) std::rethrow_exception(second_error);
}

/// std::sort of [first, last) by `less` on up to `threads` threads (0:
/// every core): parts sorted at once, then merged. Give a strict total
/// order, and the result is the same for any number of threads.
template <typename It, typename Less>
void ParallelSort(It first, It last, int threads, Less less) {
  const size_t n = static_cast<size_t>(last - first);
  size_t parts = std::min(static_cast<size_t>(ThreadsOrCores(threads)), n / 65536 + 1);
  if (parts <= 1) {
    std::sort(first, last, less);
    return;
  }
  std::vector<size_t> bounds(parts + 1);
  for (size_t p = 0; p <= parts; ++p) bounds[p] = n * p / parts;
  ForEachChunk(parts, static_cast<int>(parts),
               [&](size_t p) { std::sort(first + bounds[p], first + bounds[p + 1], less); });
  // Merge neighbours until one part is left; the merges of a round run
  // at once.
  for (size_t width = 1; width < parts; width *= 2) {
    ForEachChunk((parts + 2 * width - 1) / (2 * width), static_cast<int>(parts), [&](size_t m) {
      const size_t lo = 2 * width * m, mid = std::min(lo + width, parts),
                   hi = std::min(lo + 2 * width, parts);
      if (mid < hi) {
        std::inplace_merge(first + bounds[lo], first + bounds[mid], first + bounds[hi], less);
      }
    });
  }
}

}  // namespace retention

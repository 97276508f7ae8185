// ForEachChunk and ParallelSort: every chunk once, errors carried back,
// and the same result for any number of threads.
#include "base/parallel_chunks.h"

#include <algorithm>
#include <catch2/catch.hpp>
#include <chrono>
#include <cstdint>
#include <functional>
#include <stdexcept>
#include <thread>
#include <vector>

using namespace retention;

TEST_CASE("ForEachChunk runs every chunk once on any number of threads") {
  for (int threads : {0, 1, 2, 3, 8}) {
    std::vector<int> runs(1000, 0);
    ForEachChunk(runs.size(), threads, [&](size_t c) { ++runs[c]; });
    CHECK(std::count(runs.begin(), runs.end(), 1) == 1000);
  }
  int calls = 0;
  ForEachChunk(0, 4, [&](size_t) { ++calls; });
  CHECK(calls == 0);
}

TEST_CASE("ForEachChunk rethrows what a chunk throws") {
  for (int threads : {1, 3}) {
    CHECK_THROWS_WITH(ForEachChunk(100, threads,
                                   [](size_t c) {
                                     if (c == 57) throw std::runtime_error("chunk 57");
                                   }),
                      "chunk 57");
  }
}

TEST_CASE("ForEachChunk rethrows the first chunk's error, as one thread meets it") {
  // Chunks 40 and 41 both fail; 40 takes longer to get there, so on many
  // threads 41 throws first in time. The error is still chunk 40's.
  for (int threads : {1, 2, 4, 8}) {
    INFO("threads: " << threads);
    for (int round = 0; round < 20; ++round) {
      CHECK_THROWS_WITH(
          ForEachChunk(200, threads,
                       [&](size_t c) {
                         if (c == 40) {
                           std::this_thread::sleep_for(std::chrono::microseconds(200));
                           throw std::runtime_error("chunk 40");
                         }
                         if (c == 41) throw std::runtime_error("chunk 41");
                       }),
          "chunk 40");
    }
  }
}

TEST_CASE("RunBoth runs both and throws the first one's error first") {
  for (int threads : {1, 2}) {
    INFO("threads: " << threads);
    bool first = false, second = false;
    RunBoth(
        threads, [&] { first = true; }, [&] { second = true; });
    CHECK((first && second));
    second = false;
    CHECK_THROWS_WITH(RunBoth(
                          threads, [] { throw std::runtime_error("first"); },
                          [&] {
                            second = true;
                            throw std::runtime_error("second");
                          }),
                      "first");
    // Beside the first, it ran to its end; after it, it does not run.
    CHECK(second == (threads > 1));
    CHECK_THROWS_WITH(RunBoth(
                          threads, [] {}, [] { throw std::runtime_error("second"); }),
                      "second");
  }
}

TEST_CASE("ParallelSort sorts as std::sort does on any number of threads") {
  // Enough values that up to five parts are sorted apart and merged.
  std::vector<uint64_t> values(400000);
  uint64_t state = 7;
  for (uint64_t& v : values) {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    v = (state >> 20) % 100000;  // many equal values
  }
  std::vector<uint64_t> expected = values;
  std::sort(expected.begin(), expected.end());
  for (int threads : {1, 2, 3, 5}) {
    std::vector<uint64_t> sorted = values;
    ParallelSort(sorted.begin(), sorted.end(), threads, std::less<>());
    CHECK(sorted == expected);
  }
}

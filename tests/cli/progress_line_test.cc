// The progress line's text: sizes, share, pace and time left.
#include "cli/progress_line.h"

#include <catch2/catch.hpp>

using namespace retention;

TEST_CASE("sizes are shown in decimal units") {
  CHECK(FormatBytes(0) == "0 B");
  CHECK(FormatBytes(999) == "999 B");
  CHECK(FormatBytes(1500) == "1.5 kB");
  CHECK(FormatBytes(412'000'000) == "412 MB");
  CHECK(FormatBytes(1'049'000'000) == "1.0 GB");
}

TEST_CASE("a file of known size shows its share done and the time left") {
  LoadProgress p;
  p.file = "orders.csv";
  p.bytes_done = 250'000'000;
  p.bytes_total = 1'000'000'000;
  p.rows = 4'600'000;
  // 250 MB in 2 s: 750 MB more take 6 s.
  CHECK(FormatProgress(p, 2.0, 2.0) ==
        "reading orders.csv: 25% of 1.0 GB, 2.3M rows/s, about 6 s left");
  p.bytes_done = 10'000'000;
  CHECK(FormatProgress(p, 100.0, 100.0) ==
        "reading orders.csv: 1% of 1.0 GB, 46k rows/s, about 2:45 h left");
}

TEST_CASE("the pace of the current file gives the time left, all rows give the rate") {
  LoadProgress p;
  p.file = "b.csv";
  p.file_number = 2;
  p.file_count = 3;
  p.bytes_done = 30'000'000;
  p.bytes_total = 90'000'000;
  p.rows = 900;
  CHECK(FormatProgress(p, 30.0, 1.0) ==
        "reading b.csv (2 of 3): 33% of 90 MB, 30 rows/s, about 2 s left");
}

TEST_CASE("a pipe shows bytes read, and nothing it cannot know") {
  LoadProgress p;
  p.file = "<stdin>";
  p.bytes_done = 5'500'000;
  CHECK(FormatProgress(p, 1.0, 1.0) == "reading <stdin>: 5.5 MB");
}

TEST_CASE("a file name's control bytes are escaped") {
  LoadProgress p;
  p.file = "a\x1b[2Jb.csv";
  CHECK(FormatProgress(p, 0, 0).find('\x1b') == std::string::npos);
}

#include "record_blocks.h"

#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "byte_source.h"

using retention::ByteSource;
using retention::RecordBlock;
using retention::RecordBlocks;

namespace {

struct Cut {
  std::string bytes;
  int64_t first_line;
};

std::vector<Cut> CutAll(const std::string& text, size_t block_size, bool csv_quotes = true) {
  auto source = ByteSource::FromString("test.csv", text);
  RecordBlocks blocks(source.get(), std::string_view(), 1, csv_quotes, block_size);
  std::vector<Cut> cuts;
  RecordBlock block;
  while (blocks.Next(&block)) cuts.push_back(Cut{std::string(block.bytes()), block.first_line});
  return cuts;
}

}  // namespace

TEST_CASE("blocks end at record ends and know their first line") {
  // Long enough for many 16-byte steps and for more than 255 of them per
  // count, with quoted newlines that must not end a block.
  std::string text;
  int64_t lines = 0;
  std::vector<int64_t> record_lines;
  for (int i = 0; i < 3000; ++i) {
    record_lines.push_back(lines + 1);
    if (i % 7 == 3) {
      text += std::to_string(i) + ",\"two\nlines, \"\"quoted\"\"\",9.99\n";
      lines += 2;
    } else {
      text += std::to_string(i) + ",plain,1.00\n";
      lines += 1;
    }
  }
  for (size_t block_size : {size_t{64}, size_t{1000}, size_t{5000}, size_t{1} << 20}) {
    auto cuts = CutAll(text, block_size);
    std::string joined;
    int64_t line = 1;
    for (const Cut& cut : cuts) {
      CHECK(cut.first_line == line);
      REQUIRE(!cut.bytes.empty());
      CHECK(cut.bytes.back() == '\n');
      // A block starts a record: its first line is one where a record starts.
      CHECK(std::find(record_lines.begin(), record_lines.end(), cut.first_line) !=
            record_lines.end());
      line += std::count(cut.bytes.begin(), cut.bytes.end(), '\n');
      joined += cut.bytes;
    }
    CHECK(joined == text);
    CHECK(line == lines + 1);
  }
}

TEST_CASE("a record longer than a block stays whole") {
  std::string huge(100000, 'x');
  std::string text = "a,b\n1,\"" + huge + "\n" + huge + "\"\n2,c\n";
  auto cuts = CutAll(text, 4096);
  std::string joined;
  for (const Cut& cut : cuts) joined += cut.bytes;
  CHECK(joined == text);
  // The block holding the record's start also holds its end.
  for (const Cut& cut : cuts) {
    if (cut.bytes.find("1,\"") != std::string::npos) {
      CHECK(cut.bytes.find(huge + "\"\n") != std::string::npos);
    }
  }
}

TEST_CASE("NDJSON blocks cut at every newline, quotes or not") {
  std::string text;
  for (int i = 0; i < 500; ++i) text += "{\"id\": \"" + std::to_string(i) + "\\\"x\"}\n";
  auto cuts = CutAll(text, 256, false);
  std::string joined;
  int64_t line = 1;
  for (const Cut& cut : cuts) {
    CHECK(cut.first_line == line);
    line += std::count(cut.bytes.begin(), cut.bytes.end(), '\n');
    joined += cut.bytes;
  }
  CHECK(joined == text);
  CHECK(line == 501);
}

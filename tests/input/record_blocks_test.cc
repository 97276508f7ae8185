#include "input/record_blocks.h"

#include <catch2/catch.hpp>
#include <fstream>
#include <string>
#include <vector>

#include "input/byte_source.h"
#include "input/input_format.h"
#include "retention/error.h"
#include "support/temp_file.h"

using retention::ByteSource;
using retention::RecordBlock;
using retention::RecordBlocks;

namespace {

struct Cut {
  std::string bytes;
  int64_t first_line;
  bool operator==(const Cut& other) const {
    return bytes == other.bytes && first_line == other.first_line;
  }
};

std::vector<Cut> CutSource(ByteSource* source, std::string_view prefix, bool csv_quotes,
                           size_t block_size, size_t* in_place = nullptr) {
  RecordBlocks blocks(source, prefix, 1, csv_quotes, block_size);
  std::vector<Cut> cuts;
  RecordBlock block;
  while (blocks.Next(&block)) {
    cuts.push_back(Cut{std::string(block.bytes()), block.first_line});
    if (in_place && block.begin != block.data.get()) ++*in_place;
  }
  return cuts;
}

// The blocks of `text`, read from memory; cutting the same text as a file
// (which is mapped and cut in place), after a first read as the CSV
// header's, must give the same blocks.
std::vector<Cut> CutAll(const std::string& text, size_t block_size, bool csv_quotes = true) {
  auto source = ByteSource::FromString("test.csv", text);
  std::vector<Cut> cuts = CutSource(source.get(), std::string_view(), csv_quotes, block_size);
  TempFile file("test.csv", text);
  retention::PeekedSource peeked(ByteSource::Open(file.path()));
  std::string read(std::min<size_t>(text.size(), 10), '\0');
  read.resize(peeked.Read(&read[0], read.size()));
  size_t in_place = 0;
  CHECK(CutSource(&peeked, read, csv_quotes, block_size, &in_place) == cuts);
  // All but the last block stay in the mapping, when there are more.
  if (text.size() > 2 * block_size) CHECK(in_place > 0);
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
  // 48 and 1017 bytes leave a 16-byte step after the 32-byte ones.
  for (size_t block_size :
       {size_t{48}, size_t{64}, size_t{1000}, size_t{1017}, size_t{5000}, size_t{1} << 20}) {
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

TEST_CASE("a record longer than the limit is an error, not a bigger block") {
  // Line 3 goes on for 100000 bytes: the limit of 10000 is passed at its
  // column 10001, from memory and in a mapped file alike.
  std::string text = "a,b\n1,2\n" + std::string(100000, 'x') + "\n3,4\n";
  auto first_error = [](ByteSource* source, std::string_view prefix) {
    RecordBlocks blocks(source, prefix, 1, true, 4096, 10000);
    RecordBlock block;
    try {
      while (blocks.Next(&block)) {
      }
    } catch (const retention::DataError& e) {
      return e;
    }
    return retention::DataError(retention::Location{}, "no error");
  };
  auto source = ByteSource::FromString("test.csv", text);
  retention::DataError from_memory = first_error(source.get(), std::string_view());
  CHECK(from_memory.where().line == 3);
  CHECK(from_memory.where().column == 10001);
  CHECK_THAT(from_memory.message(), Catch::Contains("longer than 10000 bytes"));
  TempFile file("test.csv", text);
  retention::PeekedSource peeked(ByteSource::Open(file.path()));
  std::string read(4, '\0');
  read.resize(peeked.Read(&read[0], read.size()));
  retention::DataError mapped = first_error(&peeked, read);
  CHECK(mapped.where().line == 3);
  CHECK(mapped.where().column == 10001);
  // Under the limit, the same record is one block as before.
  auto again = ByteSource::FromString("test.csv", text);
  CHECK(CutSource(again.get(), std::string_view(), true, 4096).size() >= 2);
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

#ifdef __linux__
namespace {
// Resident pages of mapped files (VmRSS's file part), in kB; -1 if unknown.
long ResidentFileKb() {
  std::ifstream status("/proc/self/status");
  std::string key;
  long value;
  while (status >> key) {
    if (key == "RssFile:" && status >> value) return value;
    status.ignore(1 << 10, '\n');
  }
  return -1;
}
}  // namespace

TEST_CASE("a mapped file's blocks leave memory once cut past") {
  // Resident memory must follow the blocks in flight, not the file.
  std::string line = "1234567,7654321,2024-01-01 10:00:00,19.99\n";
  std::string text;
  while (text.size() < (32u << 20)) text += line;
  TempFile file("big.csv", text);
  auto source = ByteSource::Open(file.path());
  long before = ResidentFileKb();
  if (before < 0) return;  // no /proc: nothing to measure
  RecordBlocks blocks(source.get(), std::string_view(), 1, true, 1 << 16);
  RecordBlock block;
  size_t bytes = 0, in_place = 0;
  while (blocks.Next(&block)) {
    bytes += block.size;
    in_place += block.begin != block.data.get();
  }
  CHECK(bytes == text.size());
  REQUIRE(in_place > 0);  // else nothing was mapped, and there is nothing to let go
  CHECK(ResidentFileKb() - before < 4096);  // of 32 MB read
}
#endif

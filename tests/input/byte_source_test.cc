// ByteSource: gzip members and what follows them, UTF-16 converted to
// UTF-8, and mapped files that shrink while they are read.
#include "input/byte_source.h"

#include <fcntl.h>
#include <unistd.h>
#include <zlib.h>

#include <catch2/catch.hpp>
#include <fstream>
#include <string>

#include "input/record_blocks.h"
#include "retention/error.h"
#include "support/temp_file.h"

using namespace retention;

namespace {

std::string Gzip(const std::string& text) {
  TempFile file("x.gz", text);
  std::ifstream in(file.path(), std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

std::string ReadFile(const std::string& name, const std::string& bytes) {
  TempFile file(name, bytes);
  return ReadAll(ByteSource::Open(file.path()).get());
}

// `text` (ASCII and 2-byte UTF-8 only) as UTF-16 with a byte-order mark.
std::string Utf16(const std::u16string& text, bool big_endian) {
  std::string out = big_endian ? "\xFE\xFF" : "\xFF\xFE";
  for (char16_t c : text) {
    char hi = static_cast<char>(c >> 8), lo = static_cast<char>(c & 0xFF);
    out += big_endian ? std::string{hi, lo} : std::string{lo, hi};
  }
  return out;
}

}  // namespace

// Compressed bytes are written under names without ".gz", which TempFile
// would compress again.
TEST_CASE("concatenated gzip members read as one stream") {
  CHECK(ReadFile("a.csv", Gzip("one\n") + Gzip("two\n")) == "one\ntwo\n");
  CHECK(ReadFile("a.csv", Gzip("") + Gzip("x")) == "x");
}

TEST_CASE("data after the gzip stream that is not another member is an error") {
  const std::string packed = Gzip("customer,date,amount\n");
  for (const std::string& junk :
       {std::string("junk"), std::string("\x1f"), std::string(8, '\0'), std::string("\x1f\x8c")}) {
    CHECK_THROWS_WITH(
        ReadFile("j.csv", packed + junk),
        Catch::Contains("j.csv: error: the bytes at offset " + std::to_string(packed.size()) +
                        ", after the end of the gzip data, are not another gzip "
                        "member"));
  }
  // Also after a second member.
  CHECK_THROWS_WITH(ReadFile("j.csv", packed + packed + "!"),
                    Catch::Contains("offset " + std::to_string(2 * packed.size())));
}

TEST_CASE("truncated and corrupt gzip data are errors") {
  const std::string packed = Gzip(std::string(5000, 'x'));
  CHECK_THROWS_WITH(ReadFile("t.csv", packed.substr(0, packed.size() / 2)),
                    Catch::Contains("the gzip data ends early"));
  std::string corrupt = packed;
  corrupt[12] = static_cast<char>(corrupt[12] ^ 0x55);
  CHECK_THROWS_AS(ReadFile("c.csv", corrupt), DataError);
}

TEST_CASE("UTF-16 with a byte-order mark reads as UTF-8") {
  const std::u16string text = u"customer\tamount\r\nC\u00e9\u20ac\t1\r\n";
  const std::string utf8 = "customer\tamount\r\nC\xC3\xA9\xE2\x82\xAC\t1\r\n";
  CHECK(ReadFile("le.txt", Utf16(text, false)) == utf8);
  CHECK(ReadFile("be.csv", Utf16(text, true)) == utf8);
  // Gzip-compressed, the mark is found in the inflated bytes.
  CHECK(ReadFile("le.txt.gz", Utf16(text, false)) == utf8);
  // A surrogate pair is one 4-byte UTF-8 character (U+1F600).
  CHECK(ReadFile("pair.csv", Utf16(u"a\U0001F600b", false)) ==
        "a\xF0\x9F\x98\x80"
        "b");
  // Read a byte at a time, characters split across reads stay whole.
  TempFile file("le.txt", Utf16(text, false));
  auto source = ByteSource::Open(file.path());
  std::string got;
  char c;
  while (source->Read(&c, 1) == 1) got += c;
  CHECK(got == utf8);
  // The UTF-8 mark is left to the readers, as before.
  CHECK(ReadFile("bom.csv",
                 "\xEF\xBB\xBF"
                 "a") ==
        "\xEF\xBB\xBF"
        "a");
}

TEST_CASE("invalid UTF-16 names the byte offset") {
  std::string lone = Utf16(u"ab\ncd", false);
  lone.insert(8, "\x3D\xD8");  // a high surrogate before 'c', on line 2
  CHECK_THROWS_WITH(
      ReadFile("lone.txt", lone),
      Catch::EndsWith("/lone.txt:2: error: invalid UTF-16 at byte offset 8: U+D83D is half of a "
                      "UTF-16 surrogate pair without the other half; the file is damaged: export "
                      "it again (as UTF-8 if the program offers it)"));
  std::string low = Utf16(u"ab", true) + std::string("\xDC\x00", 2);
  CHECK_THROWS_WITH(ReadFile("low.csv", low), Catch::Contains("byte offset 6: U+DC00"));
  std::string high_at_end = Utf16(u"ab", true) + "\xD8\x3D";
  CHECK_THROWS_WITH(ReadFile("end.csv", high_at_end), Catch::Contains("byte offset 6: U+D83D"));
  CHECK_THROWS_WITH(ReadFile("odd.csv", Utf16(u"ab", false) + "c"),
                    Catch::Contains("byte offset 6: the file ends in the middle of a UTF-16 "
                                    "character"));
}

TEST_CASE("a mapped file truncated while it is read is an error, not SIGBUS") {
  const size_t size = 64 * 1024;
  std::string text;
  while (text.size() < size) text += "C1,2024-01-01,1.00\n";
  text.resize(size);
  TempFile file("shrinks.csv", text);
  auto source = ByteSource::Open(file.path());
  size_t position = 0;
  std::string_view mapping = source->Mapping(&position);
  REQUIRE(mapping.size() == size);
  CHECK(mapping[size - 1] == text[size - 1]);
  source->CheckUnchanged();
  REQUIRE(truncate(file.path().c_str(), 4096) == 0);
  // Past the new end: zeros instead of a fatal signal.
  CHECK(mapping[size - 1] == '\0');
  CHECK(mapping[40000] == '\0');
  CHECK_THROWS_WITH(source->CheckUnchanged(),
                    Catch::EndsWith("shrinks.csv: error: changed size while it was read (was "
                                    "65536 bytes, now 4096); read it once it is complete, or "
                                    "copy it first"));
}

TEST_CASE("a file that grows while it is read is an export still being written: an error") {
  std::string text;
  while (text.size() < 64 * 1024) text += "C1,2024-01-01,1.00\n";
  for (bool mapped : {true, false}) {
    TempFile file("grows.csv", text);
    auto source = ByteSource::Open(file.path());
    size_t position = 0;
    if (mapped) REQUIRE(source->Mapping(&position).size() == text.size());
    source->CheckUnchanged();
    {
      std::ofstream out(file.path(), std::ios::app);
      out << "C2,2024-01-02,100.00\n";
    }
    CHECK_THROWS_WITH(
        source->CheckUnchanged(),
        Catch::Contains("changed size while it was read (was " + std::to_string(text.size()) +
                        " bytes, now " + std::to_string(text.size() + 21) + ")"));
  }
}

TEST_CASE("record blocks stop at a file truncated under them") {
  std::string text;
  while (text.size() < 256 * 1024) text += "C1,2024-01-01,1.00\n";
  TempFile file("blocks.csv", text);
  auto source = ByteSource::Open(file.path());
  RecordBlocks blocks(source.get(), "", 1, true, 16 * 1024);
  RecordBlock block;
  REQUIRE(blocks.Next(&block));
  CHECK(block.bytes().substr(0, 19) == "C1,2024-01-01,1.00\n");
  REQUIRE(truncate(file.path().c_str(), 0) == 0);
  CHECK_THROWS_WITH(blocks.Next(&block),
                    Catch::Contains("changed size while it was read (was " +
                                    std::to_string(text.size()) + " bytes, now 0)"));
}

TEST_CASE("standard input counts every byte read, for the progress line") {
  // Past the first megabyte read ahead, the rest came straight from the
  // descriptor uncounted: the line stood at 1.0 MB, or at 0% of a file
  // given as `- < file`.
  std::string text;
  while (text.size() < 3 * 1024 * 1024) text += "C1,2024-01-01,1.00\n";
  TempFile file("stdin.csv", text);
  const int saved = dup(STDIN_FILENO);
  REQUIRE(saved >= 0);
  const int fd = open(file.path().c_str(), O_RDONLY);
  REQUIRE(fd >= 0);
  REQUIRE(dup2(fd, STDIN_FILENO) == STDIN_FILENO);
  close(fd);
  {
    auto source = ByteSource::Open("-");
    std::string buffer(1 << 16, '\0');
    uint64_t read = 0;
    while (size_t n = source->Read(buffer.data(), buffer.size())) read += n;
    CHECK(read == text.size());
    CHECK(source->progress().done == text.size());
    CHECK(source->progress().total == text.size());
  }
  dup2(saved, STDIN_FILENO);
  close(saved);
}

#include "input/json_array_blocks.h"

#include <catch2/catch.hpp>
#include <string>

#include "input/json_reader.h"
#include "retention/error.h"

using retention::ByteSource;
using retention::DataError;
using retention::JsonArrayBlocks;
using retention::JsonRecord;
using retention::RecordBlock;

namespace {

// The records of the array in `source` cut into blocks of about
// `block_size` bytes (as "line: key=value ..."; blocks separated by "|"),
// or the error.
std::string Read(ByteSource* source, size_t block_size, size_t max_element = 1 << 20) {
  std::string out;
  try {
    JsonArrayBlocks blocks(source, block_size, max_element);
    RecordBlock block;
    while (blocks.Next(&block)) {
      if (!out.empty()) out += "| ";
      retention::ReadJsonArrayBlock(
          block.bytes(), "t.json", block.first_line, block.first_column, [&](const JsonRecord& r) {
            out += std::to_string(r.line) + ":";
            for (const auto& f : r.fields) {
              out +=
                  " " + std::string(f.key) + "=" + (f.nested ? "<nested>" : std::string(f.value));
            }
            out += " ";
          });
    }
  } catch (const DataError& e) {
    out += std::string("error: ") + e.what();
  }
  return out;
}

std::string Read(const std::string& text, size_t block_size, size_t max_element = 1 << 20) {
  auto source = ByteSource::FromString("t.json", text);
  return Read(source.get(), block_size, max_element);
}

// A source that hands out one byte per read, as a pipe may.
class ByteAtATime : public ByteSource {
 public:
  explicit ByteAtATime(std::string bytes) : ByteSource("t.json"), bytes_(std::move(bytes)) {}
  size_t Read(char* buffer, size_t size) override {
    if (at_ == bytes_.size() || size == 0) return 0;
    *buffer = bytes_[at_++];
    return 1;
  }

 private:
  std::string bytes_;
  size_t at_ = 0;
};

}  // namespace

TEST_CASE("a JSON array is cut between its elements, whatever their strings hold") {
  const std::string text =
      "\xEF\xBB\xBF[\n"
      "  {\"id\": \"a,]}\", \"n\": 1},\n"
      "  {\"id\": \"b\\\",\\\\\", \"items\": [{\"s\": \"],\"}, [1, 2]]},\n"
      "  {\"id\": \"c\",\n"
      "   \"n\": 3}\n"
      "]\n\n";
  const std::string whole = Read(text, size_t{1} << 19);
  CHECK(whole == "2: id=a,]} n=1 3: id=b\",\\ items=<nested> 4: id=c n=3 ");
  // Cut at every comma between elements: the same records and lines.
  const std::string cut = Read(text, 1);
  CHECK(cut == "2: id=a,]} n=1 | 3: id=b\",\\ items=<nested> | 4: id=c n=3 ");
  // A byte at a time: a string, an escape or an element open at every
  // end of what is buffered.
  ByteAtATime bytes(text);
  CHECK(Read(&bytes, 1) == cut);
  ByteAtATime lines("[{\"a\": \"x\\\\\", \"b\": {\"c\": \"}\\\"\\n\"}\n},\n{\"a\": \"\\\"]\"}]");
  CHECK(Read(&lines, 1) == "1: a=x\\ b=<nested> b.c=}\"\n | 3: a=\"] ");
  // Fed a few bytes at a time, too.
  CHECK(Read("[{\"a\":1},{\"a\":2}]", 1) == "1: a=1 | 1: a=2 ");
  CHECK(Read("[]", 1).empty());
  // A byte-order mark that arrives a byte at a time.
  ByteAtATime slow("\xEF\xBB\xBF[{\"a\":1}]");
  JsonArrayBlocks blocks(&slow, 1);
  RecordBlock block;
  REQUIRE(blocks.Next(&block));
  CHECK(block.bytes() == "[{\"a\":1}]");
  CHECK_FALSE(blocks.Next(&block));
  CHECK(Read(" [ ] ", 1).empty());
}

TEST_CASE("what is not one whole array of objects is an error at its line and column") {
  auto error = [](const std::string& text, size_t block_size = 1) {
    std::string out = Read(text, block_size);
    return out.substr(std::min(out.find("error: "), out.size()));
  };
  CHECK(error("") ==
        "error: t.json:1:1: error: expected a JSON array of order objects ([{...}, ...]) or one "
        "object per line (NDJSON)");
  CHECK_THAT(error("{\"a\": 1}"),
             Catch::StartsWith("error: t.json:1:1: error: expected a JSON array"));
  CHECK_THAT(error("\n  x"), Catch::StartsWith("error: t.json:2:3: error: expected a JSON array"));
  // A file cut short, in an element (or one with a quote or bracket left
  // open: named where it starts) or after one.
  CHECK_THAT(error("[{\"a\": 1},\n{\"a\": 2"),
             Catch::StartsWith("error: t.json:2:1: error: the file ends inside the object that "
                               "starts here: a quote or bracket in it may be left open"));
  CHECK_THAT(error("[\n  {\"a\": \"x, \"b\": 1},\n  {\"a\": \"y\"}\n]\n"),
             Catch::StartsWith("error: t.json:2:3: error: the file ends inside the object"));
  CHECK_THAT(error("[{\"a\": 1}\n"),
             Catch::StartsWith("error: t.json:2:1: error: the file ends inside the JSON array"));
  CHECK_THAT(error("[{\"a\": \"]\"}"), Catch::Contains("the file ends inside the JSON array"));
  // More after the array: a second array would be lost.
  CHECK(error("[{\"a\": 1}]\n[{\"a\": 2}]") ==
        "error: t.json:2:1: error: more follows the JSON array here; a file holds one array of "
        "order objects (join the arrays into one, or write one object per line as NDJSON)");
  CHECK(error("[{\"a\": 1}}]") ==
        "error: t.json:1:10: error: malformed JSON: this '}' closes nothing");
  // A comma with nothing after it (where the comma is), where the array
  // was cut and where not.
  const std::string trailing =
      "error: malformed JSON: a comma before the array's ']' with no object after it; remove "
      "the comma";
  CHECK(error("[{\"a\": 1},\n]") == "error: t.json:1:10: " + trailing);
  CHECK(error("[{\"a\": 1}\n,\n]", 1 << 19) == "error: t.json:2:1: " + trailing);
  // And one with none before it, where the array is cut and where not.
  for (size_t block_size : {size_t{1}, size_t{1} << 19}) {
    const std::string before = "error: malformed JSON: a comma with no object before it; remove it";
    CHECK(error("[{\"a\": 1}, \n  ,{\"a\": 2}]", block_size) == "error: t.json:2:3: " + before);
    CHECK(error("[\n,{\"a\": 2}]", block_size) == "error: t.json:2:1: " + before);
  }
  // The whole objects before a problem of the array are read first, as
  // rows before a bad row are.
  CHECK(Read("[{\"a\": 1},\n{\"a\": 2},\n]", 1 << 19) ==
        "1: a=1 2: a=2 error: t.json:2:9: " + trailing);
  CHECK_THAT(Read("[{\"a\": 1},\n{\"a\": 2", 1 << 19),
             Catch::StartsWith("1: a=1 error: t.json:2:1: error: the file ends inside"));
  CHECK_THAT(error("[{\"a\": 1},,{\"a\": 2}]"), Catch::Contains("a comma with no object before"));
  CHECK_THAT(error("[{\"a\": 1} {\"a\": 2}]"),
             Catch::Contains("a comma is missing before this object"));
  // Atoms simdjson tells by their first byte: checked whole, in any key.
  for (const char* bad : {"05", "0x1F", "1.", "-", "1e", "-01", "tru", "falsey", "nul"}) {
    INFO(bad);
    CHECK_THAT(error(std::string("[{\"a\": 1, \"unused\": ") + bad + "}]"),
               Catch::StartsWith(std::string("error: t.json:1:21: error: malformed JSON: the "
                                             "value of \"unused\", ") +
                                 bad + ", is no JSON "));
  }
  CHECK(Read("[{\"a\": -0, \"b\": 1.5e-3, \"c\": true, \"d\": null, \"e\": 0.0}]", 1 << 19)
            .rfind("1: a=-0", 0) == 0);
  CHECK_THAT(
      error("[{\"a\": }]"),
      Catch::Contains("t.json:1:8: error: malformed JSON: expected the value of \"a\" here"));
  CHECK_THAT(error("[1, 2]"), Catch::Contains("expected an object ({...}) for each order"));
  // An element past the limit, found before more of it is read.
  const std::string long_one = "[{\"a\": 1},\n{\"a\": \"" + std::string(5000, 'x') + "\"}]";
  CHECK_THAT(Read(long_one, 1, 4096),
             Catch::Contains("t.json:2:4097: error: the object that starts at line 2, column 1 "
                             "is longer than 4096 bytes: a quote or bracket left open"));
  // On one line, the limit's column counts on from the element's.
  const std::string one_line = "[{\"a\": 1}, {\"a\": \"" + std::string(5000, 'x') + "\"}]";
  CHECK_THAT(Read(one_line, 1, 4096),
             Catch::Contains("t.json:1:4108: error: the object that starts at line 1, column 12 "));
}

TEST_CASE("an element that is not an object is an error where it starts, wherever it is cut") {
  auto error = [](const std::string& text, size_t block_size) {
    std::string out = Read(text, block_size);
    return out.substr(std::min(out.find("error: "), out.size()));
  };
  const std::string start =
      "\xEF\xBB\xBF[\n"
      "  {\"c\": \"A\", \"a\": 1},\n"
      "  {\"c\": \"B\", \"a\": 2},\n";
  const std::string end = ",\n  {\"c\": \"D\", \"a\": 4}\n]\n";
  for (size_t block_size : {size_t{1}, size_t{30}, size_t{1} << 19}) {
    INFO("blocks of " << block_size);
    CHECK(error(start + "    42" + end, block_size) ==
          "error: t.json:4:5: error: expected an object ({...}) for each order in the array");
    CHECK_THAT(error(start + "   {\"c\": \"C\" \"a\": 3}" + end, block_size),
               Catch::StartsWith("error: t.json:4:14: error: malformed JSON: expected ',' or '}' "
                                 "after the value of \"c\""));
    // On one line: the column counts from the line's start, not the block's.
    CHECK(error("[{\"a\": 1}, {\"a\": 2},  [3]]", block_size) ==
          "error: t.json:1:23: error: expected an object ({...}) for each order in the array");
    CHECK(error("\xEF\xBB\xBF[ 1]", block_size) ==
          "error: t.json:1:3: error: expected an object ({...}) for each order in the array");
    // What simdjson finds in a whole block before reading any element (a
    // control character in a string, bytes that are not UTF-8): the
    // elements before are read, and the error names the byte: the control
    // character, or the byte that is not UTF-8.
    for (const std::string bad : {"\t", "\xff"}) {
      std::string out = Read(start + "   {\"c\": \"C" + bad + "\", \"a\": 3}" + end, block_size);
      for (size_t bar; (bar = out.find("| ")) != std::string::npos;) out.erase(bar, 2);
      CHECK_THAT(out, Catch::StartsWith(bad == "\t" ? "2: c=A a=1 3: c=B a=2 error: t.json:4:12: "
                                                      "error: malformed JSON: a control character "
                                                      "inside a string; write it as \\u0009"
                                                    : "2: c=A a=1 3: c=B a=2 error: t.json:4:12: "
                                                      "error: invalid UTF-8: \"\\xff"));
    }
    // An element that starts on the line after its comma.
    CHECK(error("[{\"a\": 1},\n\n  true]", block_size) ==
          "error: t.json:3:3: error: expected an object ({...}) for each order in the array");
  }
}

TEST_CASE("a large array is read a block at a time, not whole") {
  std::string text = "[";
  for (int i = 0; i < 20000; ++i)
    text += (i ? ",\n" : "\n") + std::string("{\"a\": ") + std::to_string(i) + "}";
  text += "\n]";
  auto source = ByteSource::FromString("t.json", text);
  JsonArrayBlocks blocks(source.get(), 4096);
  RecordBlock block;
  size_t count = 0, largest = 0;
  int64_t last_line = 0;
  while (blocks.Next(&block)) {
    ++count;
    largest = std::max(largest, block.size);
    CHECK(block.first_line > last_line);
    last_line = block.first_line;
  }
  CHECK(count > 50);
  CHECK(largest < 4096 + 64);
}

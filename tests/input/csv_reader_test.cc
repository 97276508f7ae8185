// The CSV reader on the files people actually have.
#include "input/csv_reader.h"

#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "input/record_blocks.h"
#include "retention/error.h"

using retention::ByteSource;
using retention::CsvReader;
using retention::DataError;

namespace {

using Rows = std::vector<std::vector<std::string>>;

Rows ReadAllRows(const std::string& text, char delimiter = 0, char* detected = nullptr,
                 size_t max_record = retention::kDefaultMaxRecordBytes) {
  auto source = ByteSource::FromString("test.csv", text);
  CsvReader reader(source.get(), delimiter, 1, max_record);
  Rows rows;
  while (reader.Next()) {
    std::vector<std::string> row;
    for (size_t i = 0; i < reader.field_count(); ++i) row.emplace_back(reader.field(i));
    rows.push_back(row);
  }
  if (detected) *detected = reader.delimiter();
  return rows;
}

// A source that hands out one byte per Read, so every record straddles a
// buffer refill.
class TrickleSource : public ByteSource {
 public:
  explicit TrickleSource(std::string bytes) : ByteSource("trickle.csv"), bytes_(bytes) {}
  size_t Read(char* buffer, size_t size) override {
    if (offset_ == bytes_.size() || size == 0) return 0;
    buffer[0] = bytes_[offset_++];
    return 1;
  }

 private:
  std::string bytes_;
  size_t offset_ = 0;
};

}  // namespace

TEST_CASE("plain rows with LF and CRLF line ends") {
  Rows expected{{"a", "b"}, {"1", "2"}, {"3", ""}};
  CHECK(ReadAllRows("a,b\n1,2\n3,\n") == expected);
  CHECK(ReadAllRows("a,b\r\n1,2\r\n3,\r\n") == expected);
  CHECK(ReadAllRows("a,b\r\n1,2\r\n3,") == expected);  // no final line end
}

TEST_CASE("quoted fields keep delimiters, doubled quotes and newlines") {
  Rows rows =
      ReadAllRows("id,sku\n1,\"Gift card, digital\"\n2,\"12\"\" vinyl\"\n3,\"two\nlines\"\n");
  REQUIRE(rows.size() == 4);
  CHECK(rows[1][1] == "Gift card, digital");
  CHECK(rows[2][1] == "12\" vinyl");
  CHECK(rows[3][1] == "two\nlines");
}

TEST_CASE("a UTF-8 byte order mark is not part of the first header name") {
  Rows rows = ReadAllRows(
      "\xEF\xBB\xBF"
      "customer_id,amount\nC1,5\n");
  CHECK(rows[0][0] == "customer_id");
}

TEST_CASE("blank lines are skipped") {
  CHECK(ReadAllRows("a\n\n1\n\r\n2\n") == Rows{{"a"}, {"1"}, {"2"}});
}

TEST_CASE("the delimiter is detected from the header") {
  char d = 0;
  ReadAllRows("a;b;c\n1;2;3\n", 0, &d);
  CHECK(d == ';');
  ReadAllRows("a\tb\n1\t2\n", 0, &d);
  CHECK(d == '\t');
  ReadAllRows("\"x,y\";b\n1;2\n", 0, &d);  // commas inside quotes do not count
  CHECK(d == ';');
}

TEST_CASE("space mode splits on runs of blanks like whitespace-separated exports") {
  Rows rows = ReadAllRows(" 00001 19970101  1   11.77\n 00002 19970112  1   12.00\n", ' ');
  REQUIRE(rows.size() == 2);
  CHECK(rows[0] == std::vector<std::string>{"00001", "19970101", "1", "11.77"});
}

TEST_CASE("lines and columns point at each field, across quoted newlines") {
  auto source = ByteSource::FromString("f.csv", "a,b,c\n1,\"x\ny\",zz\n2,3,4\n");
  CsvReader reader(source.get(), 0);
  REQUIRE(reader.Next());
  REQUIRE(reader.Next());
  CHECK(reader.line() == 2);
  CHECK(reader.field_line(2) == 3);
  CHECK(reader.field_column(2) == 4);  // y",zz -> zz starts at column 4 of line 3
  REQUIRE(reader.Next());
  CHECK(reader.line() == 4);
  CHECK(reader.field_column(1) == 3);
}

TEST_CASE("lines that end in a lone CR (old Mac files) are lines") {
  auto source = ByteSource::FromString("mac.csv", "a,b\r1,2\r3,4\r");
  CsvReader reader(source.get(), 0);
  REQUIRE(reader.Next());
  CHECK(reader.cr_lines());
  REQUIRE(reader.Next());
  REQUIRE(reader.Next());
  CHECK(reader.field(1) == "4");
  CHECK(reader.line() == 3);
  CHECK(reader.stray_cr_column() == 0);
}

TEST_CASE("a stray CR in a file of LF lines cuts the record, not the line") {
  // Read as spreadsheets read it, but later lines keep the numbers an
  // editor shows, and both halves name the CR.
  for (const char* eol : {"\n", "\r\n"}) {
    std::string text = std::string("id,name,amount") + eol + "1,a\rb,10" + eol + "2,c,20" + eol;
    auto source = ByteSource::FromString("f.csv", text);
    CsvReader reader(source.get(), 0);
    REQUIRE(reader.Next());
    CHECK_FALSE(reader.cr_lines());
    CHECK(reader.stray_cr_column() == 0);
    REQUIRE(reader.Next());
    CHECK(reader.field_count() == 2);
    CHECK(reader.line() == 2);
    CHECK(reader.stray_cr_column() == 4);
    REQUIRE(reader.Next());
    CHECK(reader.field_count() == 2);
    CHECK(reader.field(0) == "b");
    CHECK(reader.line() == 2);
    CHECK(reader.field_column(1) == 7);  // 1,a\rb,10: "10" is at column 7
    CHECK(reader.stray_cr_column() == 4);
    REQUIRE(reader.Next());
    CHECK(reader.line() == 3);
    CHECK(reader.field_column(1) == 3);
    CHECK(reader.stray_cr_column() == 0);
  }
  // Inside quotes a CR is data.
  Rows rows = ReadAllRows("id,name\n1,\"a\rb\"\n");
  REQUIRE(rows.size() == 2);
  CHECK(rows[1][1] == "a\rb");
}

TEST_CASE("records split at every possible buffer boundary read the same") {
  std::string text = "id,note\r\n1,\"a,\"\"b\"\"\r\nc\"\r\n2,plain\r\n3,\"\"\r\n";
  Rows expected = ReadAllRows(text);
  TrickleSource source(text);
  CsvReader reader(&source, 0);
  Rows rows;
  while (reader.Next()) {
    std::vector<std::string> row;
    for (size_t i = 0; i < reader.field_count(); ++i) row.emplace_back(reader.field(i));
    rows.push_back(row);
  }
  CHECK(rows == expected);
  CHECK(rows[1][1] == "a,\"b\"\r\nc");
}

TEST_CASE("a record longer than the buffer is read whole") {
  std::string big(3 << 20, 'x');
  Rows rows = ReadAllRows("a,b\n1,\"" + big + "\"\n2,y\n", 0, nullptr, size_t{8} << 20);
  REQUIRE(rows.size() == 3);
  CHECK(rows[1][1].size() == big.size());
  CHECK(rows[2][1] == "y");
}

TEST_CASE("a record longer than the limit is an error where the limit is passed") {
  auto error = [](const std::string& text, size_t limit) {
    try {
      ReadAllRows(text, 0, nullptr, limit);
    } catch (const DataError& e) {
      return e;
    }
    return DataError(retention::Location{}, "no error");
  };
  DataError long_line = error("a,b\n1,2\n" + std::string(5000, 'x') + "\n3,4\n", 1024);
  CHECK(long_line.where().line == 3);
  CHECK(long_line.where().column == 1025);
  CHECK_THAT(long_line.message(), Catch::Contains("longer than 1024 bytes"));
  // A quoted field spanning lines counts whole; the place is in its lines.
  DataError spanning =
      error("a,b\n1,\"" + std::string(600, 'y') + "\n" + std::string(600, 'z') + "\"\n", 1024);
  CHECK(spanning.where().line == 3);
  CHECK(spanning.where().column == 1024 - 604 + 1);
  // The header line too, even without a line end (binary input).
  DataError header = error(std::string(3 << 20, '\0'), 4096);
  CHECK(header.where().line == 1);
  CHECK(header.where().column == 4097);
  // Up to the limit is fine (the line end counts).
  CHECK(ReadAllRows("a,b\n1," + std::string(1021, 'x') + "\n", 0, nullptr, 1024).size() == 2);
  CHECK(error("a,b\n1," + std::string(1022, 'x') + "\n", 1024).where().line == 2);
}

TEST_CASE("an unterminated quote is an error at the field that opens it") {
  try {
    ReadAllRows("a,b\n1,2\n3,\"never closed\n4,5\n");
    FAIL("expected an error");
  } catch (const DataError& e) {
    CHECK(e.where().line == 3);
    CHECK(e.where().column == 3);
    CHECK_THAT(e.what(), Catch::Contains("never closed"));
  }
}

TEST_CASE("text after a closing quote is an error") {
  CHECK_THROWS_AS(ReadAllRows("a,b\n\"x\"y,2\n"), DataError);
}

TEST_CASE("record blocks end at record ends: quoted newlines stay inside, NDJSON cuts at any") {
  using retention::RecordBlock;
  using retention::RecordBlocks;
  // CSV: the newline inside quotes is not a record end.
  std::string csv = "a,\"x\ny\"\nb,z\nc,\"w";  // the last record is cut short
  auto source = ByteSource::FromString("t.csv", csv);
  RecordBlocks csv_blocks(source.get(), "", 1, true, /*block_size=*/10);
  RecordBlock block;
  REQUIRE(csv_blocks.Next(&block));  // 10 bytes read: "a,"x\ny"\nb,"
  CHECK(block.bytes() == "a,\"x\ny\"\n");
  CHECK(block.first_line == 1);
  REQUIRE(csv_blocks.Next(&block));  // the rest, up to the end of input
  CHECK(block.bytes() == "b,z\nc,\"w");
  CHECK(block.first_line == 3);
  CHECK_FALSE(csv_blocks.Next(&block));
  // NDJSON: quotes do not matter, a block ends at the last newline even
  // when the partial line after it holds an odd number of quotes.
  std::string ndjson = "{\"a\":\"x\"}\n{\"b\":\"y\"}\n{\"c";
  auto json_source = ByteSource::FromString("t.ndjson", ndjson + "\":1}\n");
  RecordBlocks json_blocks(json_source.get(), "", 1, false, /*block_size=*/ndjson.size());
  REQUIRE(json_blocks.Next(&block));
  CHECK(block.bytes() == "{\"a\":\"x\"}\n{\"b\":\"y\"}\n");
  REQUIRE(json_blocks.Next(&block));
  CHECK(block.bytes() == "{\"c\":1}\n");
  CHECK(block.first_line == 3);
}

TEST_CASE("a sep= line names the delimiter only when it is one detection knows") {
  char d = 0;
  CHECK(ReadAllRows("sep=;\na;b\n1;2\n", 0, &d) == Rows{{"a", "b"}, {"1", "2"}});
  CHECK(d == ';');
  // Found by the fuzzer: "sep=" with a form feed made that the delimiter.
  Rows rows = ReadAllRows("sep=\f\n,0Cx2,", 0, &d);
  CHECK(d == ',');
  CHECK(rows.front() == std::vector<std::string>{"sep=\f"});
}

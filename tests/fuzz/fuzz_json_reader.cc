// libFuzzer target for ReadJson.
//
// Input: one control byte, then the JSON bytes.
//   'n' -> NDJSON, 'a' -> array; any other byte: odd NDJSON, even array.
//   1 + control % 13 is the chunk size of a second pass that feeds the same
//   bytes a few at a time (NDJSON refills its line buffer; arrays read all).
//   NDJSON is also read as a loader's block, in place (as one stream of
//   objects) and copied line by line, with lines of up to 8 + control % 64
//   bytes: both must give the same records and the same error. An array is
//   also cut into blocks of 1 + control % 13 bytes of elements: it must
//   fail when the whole read fails, else give the same records.
// Expected outcomes: records, or retention::DataError. Anything else that
// escapes, a sanitizer report or a broken invariant is a bug.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz_check.h"
#include "input/json_array_blocks.h"
#include "input/json_reader.h"
#include "retention/error.h"

namespace {

using retention::ByteSource;
using retention::JsonRecord;

struct Field {
  std::string key, value;
  bool nested;
  bool operator==(const Field& o) const {
    return key == o.key && value == o.value && nested == o.nested;
  }
};
struct Record {
  int64_t line;
  std::vector<Field> fields;
  bool operator==(const Record& o) const { return line == o.line && fields == o.fields; }
};
struct Outcome {
  std::vector<Record> records;
  bool failed = false;
  std::string error;
};

volatile uint64_t g_sink;

Outcome Read(ByteSource* source, bool ndjson, const std::string& bytes) {
  const int64_t max_line = retention_fuzz::CountLines(bytes);
  Outcome out;
  int64_t previous_line = 0;
  try {
    retention::ReadJson(source, ndjson, [&](const JsonRecord& record) {
      FUZZ_CHECK(record.line >= 1 && record.line <= max_line, "record on line %lld of %lld",
                 static_cast<long long>(record.line), static_cast<long long>(max_line));
      if (ndjson) {
        FUZZ_CHECK(record.line > previous_line, "NDJSON line %lld after %lld",
                   static_cast<long long>(record.line), static_cast<long long>(previous_line));
      } else {
        FUZZ_CHECK(record.line >= previous_line, "array element line %lld after %lld",
                   static_cast<long long>(record.line), static_cast<long long>(previous_line));
      }
      previous_line = record.line;
      Record copy{record.line, {}};
      uint64_t h = 0;
      size_t total = 0;
      for (const JsonRecord::Field& f : record.fields) {
        h ^= retention_fuzz::Touch(f.key.data(), f.key.size());
        h ^= retention_fuzz::Touch(f.value.data(), f.value.size());
        total += f.key.size() + f.value.size();
        if (f.nested) FUZZ_CHECK(f.value.empty(), "nested value with text");
        copy.fields.push_back(Field{std::string(f.key), std::string(f.value), f.nested});
      }
      // Unescaping only shrinks text.
      FUZZ_CHECK(total <= bytes.size(), "record holds %zu bytes of a %zu-byte input", total,
                 bytes.size());
      g_sink = h;
      out.records.push_back(std::move(copy));
    });
  } catch (const retention::DataError& e) {
    out.failed = true;
    out.error = e.what();
    FUZZ_CHECK(!out.error.empty(), "empty DataError");
    FUZZ_CHECK(e.where().line >= 1 && e.where().line <= max_line, "error on line %lld of %lld",
               static_cast<long long>(e.where().line), static_cast<long long>(max_line));
  }
  return out;
}

// ReadJsonLines on `bytes` as a block of the loader's, `padded` or not.
Outcome ReadBlock(const std::string& bytes, bool padded, size_t max_line) {
  const std::string buffer = bytes + std::string(retention::kJsonPadding, '}');
  Outcome out;
  try {
    retention::ReadJsonLines(
        std::string_view(buffer.data(), bytes.size()), "fuzz.json", 1,
        [&](const JsonRecord& record) {
          Record copy{record.line, {}};
          for (const JsonRecord::Field& f : record.fields) {
            copy.fields.push_back(Field{std::string(f.key), std::string(f.value), f.nested});
          }
          out.records.push_back(std::move(copy));
        },
        padded, max_line);
  } catch (const retention::DataError& e) {
    out.failed = true;
    out.error = e.what();
  }
  return out;
}

// The array in `bytes` cut into blocks of about `block_size` bytes of
// elements, each read as the loader reads them.
Outcome ReadArrayBlocks(const std::string& bytes, size_t block_size) {
  auto source = ByteSource::FromString("fuzz.json", bytes);
  Outcome out;
  try {
    retention::JsonArrayBlocks blocks(source.get(), block_size);
    retention::RecordBlock block;
    while (blocks.Next(&block)) {
      retention::ReadJsonArrayBlock(
          block.bytes(), "fuzz.json", block.first_line, block.first_column,
          [&](const JsonRecord& record) {
            Record copy{record.line, {}};
            for (const JsonRecord::Field& f : record.fields) {
              copy.fields.push_back(Field{std::string(f.key), std::string(f.value), f.nested});
            }
            out.records.push_back(std::move(copy));
          });
    }
  } catch (const retention::DataError& e) {
    out.failed = true;
    out.error = e.what();
  }
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 1) return 0;
  const bool ndjson = data[0] == 'n' ? true : data[0] == 'a' ? false : (data[0] & 1) != 0;
  const size_t chunk = 1 + data[0] % 13;
  const std::string bytes(reinterpret_cast<const char*>(data) + 1, size - 1);

  auto whole_source = ByteSource::FromString("fuzz.json", bytes);
  const Outcome whole = Read(whole_source.get(), ndjson, bytes);

  retention_fuzz::ChunkedSource chunked_source("fuzz.json", bytes, chunk);
  const Outcome pieces = Read(&chunked_source, ndjson, bytes);
  FUZZ_CHECK(whole.failed == pieces.failed && whole.error == pieces.error,
             "whole input: '%s'; %zu-byte reads: '%s'", whole.error.c_str(), chunk,
             pieces.error.c_str());
  FUZZ_CHECK(whole.records == pieces.records, "records differ with %zu-byte reads", chunk);

  if (!ndjson) {
    // Where an error is found may differ (a block is checked as a whole
    // before its elements are read), whether there is one may not.
    const Outcome cut = ReadArrayBlocks(bytes, chunk);
    FUZZ_CHECK(cut.failed == whole.failed, "whole: '%s'; in blocks of %zu: '%s'",
               whole.error.c_str(), chunk, cut.error.c_str());
    FUZZ_CHECK(whole.failed || cut.records == whole.records, "records differ in blocks of %zu",
               chunk);
  }
  if (ndjson) {
    const size_t max_line = 8 + data[0] % 64;
    const Outcome in_place = ReadBlock(bytes, true, max_line);
    const Outcome by_line = ReadBlock(bytes, false, max_line);
    FUZZ_CHECK(in_place.failed == by_line.failed && in_place.error == by_line.error,
               "in place: '%s'; line by line: '%s'", in_place.error.c_str(), by_line.error.c_str());
    FUZZ_CHECK(in_place.records == by_line.records, "records differ in place");
  }
  return 0;
}

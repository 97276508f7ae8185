// libFuzzer target for whole-file loading with limits: LoadOrders and
// ValidateOrders on one file, through the byte source, the format sniffer,
// the parallel block parse and the table builder.
//
// Input: byte 0 picks the file's extension (.csv, .ndjson, .json), one or
// two parse threads, and a line limit of 64 to 1,024 bytes (so the limit
// is met often); the rest is the file. Only DataError may escape
// LoadOrders; ValidateOrders returns findings instead of throwing; one and
// two threads give the same table or the same first error; a table never
// holds more orders than the file has lines.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

#include "fuzz_check.h"
#include "retention/error.h"
#include "retention/load.h"
#include "retention/validate.h"

namespace {

struct Outcome {
  bool ok = false;
  std::string error;  // the first error's text when !ok
  size_t customers = 0, orders = 0, amounts = 0;
  int64_t revenue = 0;
};

Outcome Load(const std::string& path, retention::LoadOptions options, int threads) {
  options.threads = threads;
  Outcome out;
  try {
    retention::OrderTable table = retention::LoadOrders({path}, options);
    out.ok = true;
    out.customers = table.customers.size();
    out.orders = table.order_time.size();
    out.amounts = table.amount_time.size();
    for (size_t i = 0; i < table.order_value.size(); ++i) out.revenue += table.order_value[i].units;
    for (size_t i = 0; i < table.amount_value.size(); ++i) {
      out.revenue += table.amount_value[i].units;
    }
  } catch (const retention::DataError& e) {
    out.error = e.what();
  }
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 1) return 0;
  const uint8_t mode = data[0];
  static const char* const kExtensions[] = {".csv", ".ndjson", ".json", ".csv"};
  std::string path = "/tmp/retention-fuzz-load-" + std::to_string(getpid()) + kExtensions[mode & 3];
  std::string bytes(reinterpret_cast<const char*>(data + 1), size - 1);
  FILE* f = std::fopen(path.c_str(), "wb");
  if (f == nullptr) return 0;
  std::fwrite(bytes.data(), 1, bytes.size(), f);
  std::fclose(f);

  retention::LoadOptions options;
  options.max_line_length = 64 + static_cast<size_t>(mode >> 3) * 32;
  int threads = (mode & 4) ? 2 : 1;
  Outcome one = Load(path, options, 1);
  Outcome other = Load(path, options, threads);
  FUZZ_CHECK(one.ok == other.ok, "threads 1 vs %d disagree: %s | %s", threads, one.error.c_str(),
             other.error.c_str());
  if (one.ok) {
    FUZZ_CHECK(one.customers == other.customers && one.orders == other.orders &&
                   one.amounts == other.amounts && one.revenue == other.revenue,
               "tables differ between 1 and %d threads", threads);
    size_t lines = 1;
    for (char c : bytes) lines += c == '\n';
    FUZZ_CHECK(one.orders + one.amounts <= lines, "%zu orders and amounts from %zu lines",
               one.orders + one.amounts, lines);
  } else {
    FUZZ_CHECK(one.error == other.error, "first errors differ: %s | %s", one.error.c_str(),
               other.error.c_str());
  }

  retention::ValidateOptions validate;
  validate.load = options;
  validate.as_of = retention::CivilDate{2100, 1, 1};
  retention::ValidationReport report = retention::ValidateOrders({path}, validate);
  for (const retention::Diagnostic& d : report.diagnostics) {
    FUZZ_CHECK(d.where.line >= 0 && d.where.column >= 0, "negative position %s",
               d.where.ToString().c_str());
    FUZZ_CHECK(d.message.size() < 4096, "a %zu-byte message", d.message.size());
  }
  std::remove(path.c_str());
  return 0;
}

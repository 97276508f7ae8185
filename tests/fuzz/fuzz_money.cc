// libFuzzer target for ParseMoney and the money arithmetic.
//
// Input: the whole input is the text for ParseMoney. Its first 24 bytes
// (zero-padded) are also read as three raw int64 operands for
// MultiplyMoney / AddMoney / DivideMoney / the formatters, combined with the
// parsed value and with boundary values. Results are checked against an
// independent 128-bit reference; UndefinedBehaviorSanitizer watches the rest.
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz_check.h"
#include "retention/money.h"

namespace {

using retention::kMaxAmountUnits;
using retention::kMoneyScale;
using retention::Money;
using retention::MoneyError;

using u128 = unsigned __int128;
using i128 = __int128;

constexpr int64_t kMin = std::numeric_limits<int64_t>::min();
constexpr int64_t kMax = std::numeric_limits<int64_t>::max();

u128 Abs(i128 v) {
  return v < 0 ? static_cast<u128>(0) - static_cast<u128>(v) : static_cast<u128>(v);
}

// round(|num| / den) half away from zero, with the sign applied.
i128 RoundedQuotient(i128 num, i128 den) {
  const u128 n = Abs(num), d = Abs(den);
  const u128 q = (n / d) + ((n % d) * 2 >= d ? 1 : 0);
  const bool negative = (num < 0) != (den < 0);
  return negative ? -static_cast<i128>(q) : static_cast<i128>(q);
}

void CheckFormatRoundTrip(Money m) {
  for (int decimals = 0; decimals <= 4; ++decimals) {
    const std::string text = retention::FormatMoneyExact(m, decimals);
    MoneyError error = MoneyError::kNone;
    const std::optional<Money> back = retention::ParseMoney(text, &error);
    if (m.units >= -kMaxAmountUnits && m.units <= kMaxAmountUnits) {
      FUZZ_CHECK(back && back->units == m.units, "%lld -> '%s' -> %s",
                 static_cast<long long>(m.units), text.c_str(),
                 back ? std::to_string(back->units).c_str()
                      : std::string(retention::DescribeMoneyError(error)).c_str());
    } else {
      FUZZ_CHECK(!back && error == MoneyError::kOutOfRange, "%lld -> '%s' not out of range",
                 static_cast<long long>(m.units), text.c_str());
    }
  }
  for (int decimals = -1; decimals <= 5; ++decimals) {
    const std::string text = retention::FormatMoneyRounded(m, decimals);
    const int d = decimals < 0 ? 0 : decimals > 4 ? 4 : decimals;
    int64_t step = 1;
    for (int i = d; i < 4; ++i) step *= 10;
    const i128 expected = RoundedQuotient(m.units, step) * step;
    if (expected < -kMaxAmountUnits || expected > kMaxAmountUnits) continue;
    const std::optional<Money> back = retention::ParseMoney(text, nullptr);
    FUZZ_CHECK(back && back->units == static_cast<int64_t>(expected),
               "FormatMoneyRounded(%lld, %d) = '%s'", static_cast<long long>(m.units), decimals,
               text.c_str());
    FUZZ_CHECK(!(text.size() > 0 && text[0] == '-' && expected == 0), "'%s' for zero",
               text.c_str());
  }
}

void CheckArithmetic(int64_t a, int64_t b) {
  // MultiplyMoney: round(a * b / scale), nullopt beyond the range.
  const i128 product = RoundedQuotient(static_cast<i128>(a) * b, kMoneyScale);
  const std::optional<Money> m = retention::MultiplyMoney(Money{a}, Money{b});
  if (product < -kMaxAmountUnits || product > kMaxAmountUnits) {
    FUZZ_CHECK(!m, "MultiplyMoney(%lld, %lld) = %lld, expected out of range",
               static_cast<long long>(a), static_cast<long long>(b),
               static_cast<long long>(m ? m->units : 0));
  } else {
    FUZZ_CHECK(m && m->units == static_cast<int64_t>(product), "MultiplyMoney(%lld, %lld)",
               static_cast<long long>(a), static_cast<long long>(b));
  }

  // AddMoney: exact, or false with the operand unchanged.
  Money sum{a};
  const bool added = retention::AddMoney(&sum, Money{b});
  const i128 exact = static_cast<i128>(a) + b;
  if (exact < kMin || exact > kMax) {
    FUZZ_CHECK(!added && sum.units == a, "AddMoney(%lld, %lld) overflowed",
               static_cast<long long>(a), static_cast<long long>(b));
  } else {
    FUZZ_CHECK(added && sum.units == static_cast<int64_t>(exact), "AddMoney(%lld, %lld)",
               static_cast<long long>(a), static_cast<long long>(b));
  }

  // DivideMoney: rounded half away from zero, saturated; 0 for a zero divisor.
  const Money q = retention::DivideMoney(Money{a}, b);
  if (b == 0) {
    FUZZ_CHECK(q.units == 0, "DivideMoney(%lld, 0)", static_cast<long long>(a));
  } else {
    i128 expected = RoundedQuotient(a, b);
    if (expected > kMax) expected = kMax;
    if (expected < kMin) expected = kMin;
    FUZZ_CHECK(q.units == static_cast<int64_t>(expected), "DivideMoney(%lld, %lld) = %lld",
               static_cast<long long>(a), static_cast<long long>(b),
               static_cast<long long>(q.units));
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);

  MoneyError error = MoneyError::kNone;
  const std::optional<Money> parsed = retention::ParseMoney(text, &error);
  FUZZ_CHECK(retention::ParseMoney(text, nullptr) == parsed, "ParseMoney(text, nullptr) disagrees");
  FUZZ_CHECK(!retention::DescribeMoneyError(error).empty(), "no description");
  if (parsed) {
    FUZZ_CHECK(error == MoneyError::kNone, "success with error %d", static_cast<int>(error));
    FUZZ_CHECK(parsed->units >= -kMaxAmountUnits && parsed->units <= kMaxAmountUnits,
               "'%.*s' -> %lld out of range", static_cast<int>(size), text.data(),
               static_cast<long long>(parsed->units));
    const std::string exact = retention::FormatMoneyExact(*parsed, 4);
    const std::optional<Money> back = retention::ParseMoney(exact, nullptr);
    FUZZ_CHECK(back && *back == *parsed, "'%.*s' -> '%s' does not read back",
               static_cast<int>(size), text.data(), exact.c_str());
  } else {
    FUZZ_CHECK(error != MoneyError::kNone, "failure without a reason");
  }

  int64_t raw[3] = {0, 0, 0};
  std::memcpy(raw, data, size < sizeof(raw) ? size : sizeof(raw));
  std::vector<int64_t> values = {raw[0],      raw[1],          raw[2],           0,    1,   -1,
                                 kMoneyScale, kMaxAmountUnits, -kMaxAmountUnits, kMax, kMin};
  if (parsed) values.push_back(parsed->units);

  for (int64_t v : {raw[0], raw[1], raw[2]}) CheckFormatRoundTrip(Money{v});
  if (parsed) CheckFormatRoundTrip(*parsed);
  for (int64_t a : values) {
    for (int64_t b : values) CheckArithmetic(a, b);
  }
  return 0;
}

// generate_orders: deterministic synthetic order-line data for benchmarks.
//
//   generate_orders --rows N [--seed S] [--ndjson] [--ids SHAPE] [--times SHAPE]
//                   [-o FILE]
//
// Writes exactly N rows (plus a CSV header) of a made-up web shop:
//   order_id,customer_id,order_date,sku,quantity,amount,channel,country
// sorted by order_date, as a shop's export would be.
//
// Shape:
//  * customers are acquired from 2022-01-01 to 2024-12-31, with growth
//    (about x2.9 over the three years), yearly seasonality (a peak in late
//    November / December, a dip in summer), a weekly rhythm and a daily
//    curve (few orders at night, a peak in the evening);
//  * every customer has a loyalty type; after each order they come back with
//    a type-dependent probability (geometric dropout) after an exponential
//    gap, so most buy once or twice and a heavy tail buys dozens of times;
//  * an order has 1-4 lines (rows sharing order_id, customer and timestamp);
//  * about 3% of rows are refunds: the same order_id and customer, a later
//    date, a negative quantity and amount;
//  * channel and country are fixed per customer;
//  * nothing is dated on or after 2025-01-01 (the export's end).
// Ids are assigned in time order and written in the shape --ids asks for,
// the shapes real exports have (the same rows, so the same figures):
//   numeric   1616 and 5526 (the default)
//   prefixed  C0001616 and O000005526 (ERPs)
//   uuid      9c1f7a52-61d3-4e0b-a4f2-0d8e6b3c2a71 customers, #6526 orders
//   email     lena.kowalski1616@example.com customers, #6526 orders (shops)
//   stripe    cus_ and 14 base62 characters, ch_ and 24 (payment services)
// Times (--times): datetime "2024-03-05 14:31:22" (the default), date
// "2024-03-05", or offset: ISO 8601 with the customer's UTC offset
// ("2024-03-05T16:31:22+02:00", "...Z", "...-05:00"), the same instant.
// Amounts have 2 decimals. At 9.5M rows: about 4.4M orders and 1.5M
// customers.
//
// Output is a pure function of (--rows, --seed): the random numbers come
// from splitmix64/xoshiro256** and every distribution is computed here, not
// by the standard library (whose distributions differ between vendors).
// One file: the generator is built with a bare g++ call by bench/run.

#include <algorithm>
#include <array>
#include <cerrno>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <initializer_list>
#include <string>
#include <vector>

namespace {

constexpr int64_t kDays = 1096;  // 2022-01-01 .. 2024-12-31
constexpr int64_t kSecondsPerDay = 86400;
constexpr int64_t kEnd = kDays * kSecondsPerDay;
constexpr double kPi = 3.14159265358979323846;

struct Rng {
  uint64_t s[4];
  explicit Rng(uint64_t seed) {
    uint64_t x = seed;
    for (auto& v : s) {
      x += 0x9e3779b97f4a7c15ULL;
      uint64_t z = x;
      z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
      z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
      v = z ^ (z >> 31);
    }
  }
  static uint64_t rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
  uint64_t next() {
    uint64_t result = rotl(s[1] * 5, 7) * 9;
    uint64_t t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 45);
    return result;
  }
  // Uniform in [0, 1).
  double uniform() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }
  // Uniform in (0, 1].
  double uniform_pos() { return 1.0 - uniform(); }
  uint64_t below(uint64_t n) { return static_cast<uint64_t>(uniform() * static_cast<double>(n)); }
  double exponential(double mean) { return -std::log(uniform_pos()) * mean; }
  double normal() {  // Box-Muller, one value
    return std::sqrt(-2.0 * std::log(uniform_pos())) * std::cos(2.0 * kPi * uniform());
  }
  template <size_t N>
  int pick(const double (&cumulative)[N]) {
    double u = uniform() * cumulative[N - 1];
    for (size_t i = 0; i < N; ++i)
      if (u < cumulative[i]) return static_cast<int>(i);
    return static_cast<int>(N - 1);
  }
};

// One output row before ids are assigned.
struct Row {
  uint32_t time;      // seconds since 2022-01-01 00:00:00 UTC
  uint32_t customer;  // internal customer index (generation order)
  uint32_t order;     // internal order index (generation order)
  uint32_t line;      // line number within the order; refunds: 100 + line
  int32_t cents;      // amount in cents, negative for refunds
  uint16_t sku;
  int8_t quantity;
};

struct Customer {
  uint8_t channel;
  uint8_t country;
};

const char* const kChannels[] = {"web", "app", "store", "market"};
const double kChannelCum[] = {0.52, 0.78, 0.90, 1.00};
const char* const kCountries[] = {"DE", "FR", "GB", "NL", "IT", "ES",
                                  "AT", "CH", "PL", "US", "BE", "SE"};
const double kCountryCum[] = {0.30, 0.42, 0.54, 0.62, 0.69, 0.76,
                              0.81, 0.85, 0.89, 0.94, 0.97, 1.00};

// Loyalty types: probability of coming back after an order, mean gap in days.
const double kTypeCum[] = {0.62, 0.90, 0.985, 1.00};
const double kComeBack[] = {0.45, 0.78, 0.92, 0.975};
const double kGapDays[] = {90.0, 60.0, 35.0, 18.0};

const double kLinesCum[] = {0.40, 0.65, 0.85, 1.00};  // 1..4 lines per order
const double kQuantityCum[] = {0.82, 0.95, 1.00};     // 1..3 units per line
// Share of orders with a refund, and its delay.
constexpr double kRefundShare = 0.058;
constexpr double kRefundDelayDays = 9.0;

constexpr int kSkus = 8000;

// Relative order intensity by hour of day (UTC; the shop is European).
const double kHourWeight[24] = {0.9, 0.5, 0.3, 0.2, 0.2, 0.3, 0.7, 1.4, 2.2, 2.8, 3.1, 3.2,
                                3.4, 3.3, 3.1, 3.1, 3.3, 3.7, 4.3, 5.0, 5.4, 4.8, 3.4, 1.9};

int days_from_civil(int y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int>(doe) - 719468;
}

void civil_from_days(int z, int& y, unsigned& m, unsigned& d) {
  z += 719468;
  const int era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  y = static_cast<int>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  d = doy - (153 * mp + 2) / 5 + 1;
  m = mp + (mp < 10 ? 3 : -9);
  y += m <= 2;
}

class Generator {
 public:
  explicit Generator(uint64_t seed) : rng_(seed) {
    const int epoch = days_from_civil(2022, 1, 1);
    // Acquisition intensity per day: growth x season x weekday.
    day_cum_.resize(kDays);
    double total = 0;
    for (int64_t day = 0; day < kDays; ++day) {
      int y;
      unsigned m, d;
      civil_from_days(epoch + static_cast<int>(day), y, m, d);
      const double doy = static_cast<double>(day_of_year(y, m, d));
      const double years = static_cast<double>(day) / 365.25;
      double w = std::exp(0.35 * years);
      w *= 1.0 + 0.18 * std::cos(2.0 * kPi * (doy - 350.0) / 365.25);  // December peak
      if (m == 11 && d >= 24 && d <= 30) w *= 1.9;                     // Black Friday week
      if (m == 12 && d >= 1 && d <= 20) w *= 1.35;                     // Christmas shopping
      if (m == 12 && d >= 24 && d <= 26) w *= 0.5;
      const int weekday = (epoch + static_cast<int>(day) + 4) % 7;  // 0 = Sunday
      if (weekday == 0) w *= 1.12;
      if (weekday == 5 || weekday == 6) w *= 0.93;
      total += w;
      day_cum_[static_cast<size_t>(day)] = total;
    }
    double h = 0;
    for (int i = 0; i < 24; ++i) hour_cum_[i] = (h += kHourWeight[i]);
    // SKU prices: log-normal around 22 EUR, popular SKUs are cheaper.
    prices_.resize(kSkus);
    for (int i = 0; i < kSkus; ++i) {
      double p = std::exp(std::log(22.0) + 0.75 * rng_.normal());
      p = std::min(std::max(p, 1.5), 400.0);
      // x.99 / x.49 / x.95 endings like a real price list
      static const int kEndings[] = {99, 49, 95, 90, 0};
      int euros = static_cast<int>(p);
      prices_[static_cast<size_t>(i)] = euros * 100 + kEndings[rng_.below(5)];
      if (prices_[static_cast<size_t>(i)] < 99) prices_[static_cast<size_t>(i)] = 99;
    }
  }

  // Generates exactly `rows` rows into out.
  void generate(uint64_t rows, std::vector<Row>& out, std::vector<Customer>& customers) {
    out.reserve(rows);
    std::vector<Row> mine;
    uint32_t order_index = 0;
    while (out.size() < rows) {
      mine.clear();
      const uint32_t c = static_cast<uint32_t>(customers.size());
      customers.push_back(Customer{static_cast<uint8_t>(rng_.pick(kChannelCum)),
                                   static_cast<uint8_t>(rng_.pick(kCountryCum))});
      const int type = rng_.pick(kTypeCum);
      // Channel/country nudge loyalty a little: app users come back more.
      double come_back = kComeBack[type];
      if (customers.back().channel == 1) come_back = std::min(0.985, come_back + 0.04);
      if (customers.back().channel == 3) come_back *= 0.85;
      const double gap = kGapDays[type] * 86400.0;
      int64_t t = acquisition_time();
      for (;;) {
        add_order(c, order_index++, t, mine);
        if (rng_.uniform() >= come_back) break;
        t += static_cast<int64_t>(rng_.exponential(gap)) + 3600;
        if (t >= kEnd) break;
        t = with_time_of_day(t);
      }
      const size_t take = std::min<uint64_t>(mine.size(), rows - out.size());
      out.insert(out.end(), mine.begin(), mine.begin() + static_cast<std::ptrdiff_t>(take));
    }
  }

 private:
  static int day_of_year(int y, unsigned m, unsigned d) {
    return days_from_civil(y, m, d) - days_from_civil(y, 1, 1);
  }

  int64_t acquisition_time() {
    const double u = rng_.uniform() * day_cum_.back();
    const int64_t day = std::upper_bound(day_cum_.begin(), day_cum_.end(), u) - day_cum_.begin();
    return with_time_of_day(std::min<int64_t>(day, kDays - 1) * kSecondsPerDay);
  }

  // Keeps the day of t, draws a time of day from the daily curve.
  int64_t with_time_of_day(int64_t t) {
    const int64_t day = t / kSecondsPerDay;
    const int hour = rng_.pick(hour_cum_);
    return day * kSecondsPerDay + hour * 3600 + static_cast<int64_t>(rng_.below(3600));
  }

  void add_order(uint32_t customer, uint32_t order, int64_t t, std::vector<Row>& rows) {
    const int lines = 1 + rng_.pick(kLinesCum);
    const size_t first = rows.size();
    for (int l = 0; l < lines; ++l) {
      // Zipf-like popularity: a few SKUs sell a lot.
      const double u = rng_.uniform();
      const int sku = static_cast<int>(std::pow(u, 2.2) * kSkus);
      const int q = 1 + rng_.pick(kQuantityCum);
      Row r{};
      r.time = static_cast<uint32_t>(t);
      r.customer = customer;
      r.order = order;
      r.line = static_cast<uint32_t>(l);
      r.sku = static_cast<uint16_t>(sku);
      r.quantity = static_cast<int8_t>(q);
      r.cents = prices_[static_cast<size_t>(sku)] * q;
      rows.push_back(r);
    }
    if (rng_.uniform() < kRefundShare) {
      int64_t when = t + 86400 + static_cast<int64_t>(rng_.exponential(kRefundDelayDays * 86400.0));
      if (when >= kEnd) return;
      when = with_time_of_day(when);
      if (when <= t) when = t + 86400;
      if (when >= kEnd) return;
      // Refund one line, sometimes two; sometimes only part of a quantity.
      const int count = (lines > 1 && rng_.uniform() < 0.3) ? 2 : 1;
      for (int k = 0; k < count; ++k) {
        const Row& p = rows[first + static_cast<size_t>(k)];
        Row r = p;
        r.time = static_cast<uint32_t>(when);
        r.line = 100 + p.line;
        const int q = p.quantity > 1 && rng_.uniform() < 0.5 ? 1 : p.quantity;
        r.quantity = static_cast<int8_t>(-q);
        r.cents = -prices_[p.sku] * q;
        rows.push_back(r);
      }
    }
  }

  Rng rng_;
  std::vector<double> day_cum_;
  double hour_cum_[24];
  std::vector<int> prices_;
};

// Output buffer with hand-written number formatting.
class Out {
 public:
  explicit Out(FILE* f) : f_(f), buf_(1 << 22) {}
  ~Out() { flush(); }
  void reserve(size_t n) {
    if (pos_ + n > buf_.size()) flush();
  }
  void put(char c) { buf_[pos_++] = c; }
  void put(const char* s, size_t n) {
    std::memcpy(&buf_[pos_], s, n);
    pos_ += n;
  }
  void put(const char* s) { put(s, std::strlen(s)); }
  void put_uint(uint64_t v) {
    char tmp[24];
    int n = 0;
    do {
      tmp[n++] = static_cast<char>('0' + v % 10);
      v /= 10;
    } while (v != 0);
    while (n > 0) buf_[pos_++] = tmp[--n];
  }
  void put_int(int64_t v) {
    if (v < 0) {
      put('-');
      put_uint(static_cast<uint64_t>(-v));
    } else {
      put_uint(static_cast<uint64_t>(v));
    }
  }
  void put_cents(int64_t cents) {
    if (cents < 0) {
      put('-');
      cents = -cents;
    }
    put_uint(static_cast<uint64_t>(cents / 100));
    put('.');
    put(static_cast<char>('0' + cents / 10 % 10));
    put(static_cast<char>('0' + cents % 10));
  }
  void flush() {
    if (pos_ != 0 && std::fwrite(buf_.data(), 1, pos_, f_) != pos_) {
      std::fprintf(stderr, "generate_orders: write failed: %s\n", std::strerror(errno));
      std::exit(1);
    }
    pos_ = 0;
  }

 private:
  FILE* f_;
  std::vector<char> buf_;
  size_t pos_ = 0;
};

// SKU codes like "K417": a letter for the category, three digits.
void put_sku(Out& out, uint16_t sku) {
  out.put(static_cast<char>('A' + sku / 1000 % 26));
  out.put(static_cast<char>('0' + sku / 100 % 10));
  out.put(static_cast<char>('0' + sku / 10 % 10));
  out.put(static_cast<char>('0' + sku % 10));
}

enum class Ids { kNumeric, kPrefixed, kUuid, kEmail, kStripe };
enum class Times { kDatetime, kDate, kOffset };

uint64_t mix(uint64_t x) {  // splitmix64's finalizer: ids that look random
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

void put_padded(Out& out, uint64_t v, int width) {
  char tmp[24];
  int n = 0;
  do {
    tmp[n++] = static_cast<char>('0' + v % 10);
    v /= 10;
  } while (v != 0);
  for (int i = n; i < width; ++i) out.put('0');
  while (n > 0) out.put(tmp[--n]);
}

void put_hex(Out& out, uint64_t v, int digits) {
  for (int i = digits - 1; i >= 0; --i) out.put("0123456789abcdef"[(v >> (4 * i)) & 15]);
}

void put_base62(Out& out, uint64_t seed, int digits) {
  static const char kChars[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
  uint64_t x = seed;
  for (int i = 0; i < digits; ++i) {
    if (i % 8 == 0) x = mix(seed + static_cast<uint64_t>(i));
    out.put(kChars[x % 62]);
    x /= 62;
  }
}

const char* const kFirstNames[] = {"lena", "jan", "maria", "tom", "sofia", "lukas", "emma",
                                   "noah", "mia", "paul", "anna", "leon", "julia", "felix",
                                   "clara", "david"};
const char* const kLastNames[] = {"kowalski", "schmidt", "nowak", "muller", "rossi", "garcia",
                                  "smith", "dubois", "jansen", "novak", "fischer", "silva"};

// Customer n (from 1) in the shape of `ids`; quoted in NDJSON unless a number.
void put_customer(Out& out, Ids ids, uint32_t n, bool ndjson) {
  if (ids == Ids::kNumeric) return out.put_uint(n);
  if (ndjson) out.put('"');
  switch (ids) {
    case Ids::kNumeric:
      break;
    case Ids::kPrefixed:
      out.put('C');
      put_padded(out, n, 7);
      break;
    case Ids::kUuid: {
      const uint64_t a = mix(n), b = mix(a);
      put_hex(out, a >> 32, 8);
      out.put('-');
      put_hex(out, a >> 16, 4);
      out.put("-4", 2);
      put_hex(out, a, 3);
      out.put('-');
      put_hex(out, 8 | (b >> 62), 1);
      put_hex(out, b >> 48, 3);
      out.put('-');
      put_hex(out, b, 12);
      break;
    }
    case Ids::kEmail: {
      const uint64_t h = mix(n);
      out.put(kFirstNames[h % 16]);
      out.put('.');
      out.put(kLastNames[(h >> 8) % 12]);
      out.put_uint(n);
      out.put("@example.com");
      break;
    }
    case Ids::kStripe:
      out.put("cus_", 4);
      put_base62(out, n, 14);
      break;
  }
  if (ndjson) out.put('"');
}

// Order n (from 1) in the shape of `ids`.
void put_order(Out& out, Ids ids, uint32_t n, bool ndjson) {
  if (ids == Ids::kNumeric) return out.put_uint(n);
  if (ndjson) out.put('"');
  switch (ids) {
    case Ids::kNumeric:
      break;
    case Ids::kPrefixed:
      out.put('O');
      put_padded(out, n, 9);
      break;
    case Ids::kUuid:
    case Ids::kEmail:
      out.put('#');
      out.put_uint(1000 + uint64_t{n});
      break;
    case Ids::kStripe:
      out.put("ch_", 3);
      put_base62(out, uint64_t{n} << 32, 24);
      break;
  }
  if (ndjson) out.put('"');
}

[[noreturn]] void usage(const char* msg) {
  if (msg != nullptr) std::fprintf(stderr, "generate_orders: %s\n", msg);
  std::fprintf(stderr,
               "usage: generate_orders --rows N [--seed S] [--ndjson] [--ids SHAPE] "
               "[--times SHAPE] [-o FILE]\n"
               "  N may end in k or M (100k, 10M).\n"
               "  --ids numeric (default), prefixed, uuid, email or stripe\n"
               "  --times datetime (default), date or offset\n");
  std::exit(2);
}

// The position of `value` among `names` (the enum's order), or usage.
int pick(const std::string& value, std::initializer_list<const char*> names, const char* flag) {
  int i = 0;
  std::string list;
  for (const char* name : names) {
    if (value == name) return i;
    list += (i++ == 0 ? "" : ", ") + std::string(name);
  }
  usage((std::string(flag) + " takes " + list).c_str());
}

uint64_t parse_count(const char* s) {
  char* end = nullptr;
  errno = 0;
  const double v = std::strtod(s, &end);
  if (end == s || errno != 0 || v < 0) usage("--rows needs a number");
  double mult = 1;
  if (*end == 'k' || *end == 'K') {
    mult = 1e3;
    ++end;
  } else if (*end == 'm' || *end == 'M') {
    mult = 1e6;
    ++end;
  }
  if (*end != '\0') usage("--rows needs a number like 100000, 100k or 10M");
  return static_cast<uint64_t>(std::llround(v * mult));
}

}  // namespace

int main(int argc, char** argv) {
  uint64_t rows = 0;
  bool have_rows = false;
  uint64_t seed = 1;
  bool ndjson = false;
  Ids ids = Ids::kNumeric;
  Times times = Times::kDatetime;
  const char* output = nullptr;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    auto value = [&]() -> const char* {
      if (i + 1 >= argc) usage(("missing value after " + a).c_str());
      return argv[++i];
    };
    if (a == "--rows") {
      rows = parse_count(value());
      have_rows = true;
    } else if (a == "--seed") {
      seed = std::strtoull(value(), nullptr, 10);
    } else if (a == "--ndjson") {
      ndjson = true;
    } else if (a == "--ids") {
      ids = static_cast<Ids>(
          pick(value(), {"numeric", "prefixed", "uuid", "email", "stripe"}, "--ids"));
    } else if (a == "--times") {
      times = static_cast<Times>(pick(value(), {"datetime", "date", "offset"}, "--times"));
    } else if (a == "-o" || a == "--output") {
      output = value();
    } else if (a == "-h" || a == "--help") {
      usage(nullptr);
    } else {
      usage(("unknown argument " + a).c_str());
    }
  }
  if (!have_rows) usage("--rows is required");
  if (rows > 400000000ULL) usage("--rows: at most 400M");

  Generator gen(seed);
  std::vector<Row> data;
  std::vector<Customer> customers;
  gen.generate(rows, data, customers);

  std::sort(data.begin(), data.end(), [](const Row& a, const Row& b) {
    if (a.time != b.time) return a.time < b.time;
    if (a.order != b.order) return a.order < b.order;
    return a.line < b.line;
  });

  // Ids in order of first appearance: customer 1 is the shop's first buyer.
  std::vector<uint32_t> customer_id(customers.size(), 0);
  uint32_t max_order = 0;
  for (const Row& r : data) max_order = std::max(max_order, r.order);
  std::vector<uint32_t> order_id(data.empty() ? 0 : max_order + 1, 0);
  uint32_t next_customer = 0;
  uint32_t next_order = 0;
  for (const Row& r : data) {
    if (customer_id[r.customer] == 0) customer_id[r.customer] = ++next_customer;
    if (order_id[r.order] == 0) order_id[r.order] = ++next_order;
  }

  FILE* f = stdout;
  if (output != nullptr) {
    f = std::fopen(output, "wb");
    if (f == nullptr) {
      std::fprintf(stderr, "generate_orders: cannot write %s: %s\n", output, std::strerror(errno));
      return 1;
    }
  }
  {
    // "YYYY-MM-DD" for every day.
    const int epoch = days_from_civil(2022, 1, 1);
    std::vector<std::array<char, 10>> day_text;
    day_text.resize(kDays);
    for (int64_t d = 0; d < kDays; ++d) {
      int y;
      unsigned m, dd;
      civil_from_days(epoch + static_cast<int>(d), y, m, dd);
      char tmp[16];
      std::snprintf(tmp, sizeof tmp, "%04d-%02u-%02u", y, m, dd);
      std::memcpy(day_text[static_cast<size_t>(d)].data(), tmp, 10);
    }
    Out out(f);
    if (!ndjson) out.put("order_id,customer_id,order_date,sku,quantity,amount,channel,country\n");
    // An offset per customer, from the ones shops' customers are in; the
    // instant stays the row's, so the figures do not change.
    static const int kOffsetMinutes[] = {0, 60, 120, -300, 330, -480, 60, 120};
    for (const Row& r : data) {
      out.reserve(512);
      const int offset = times == Times::kOffset ? kOffsetMinutes[mix(r.customer) % 8] : 0;
      const int64_t local = static_cast<int64_t>(r.time) + int64_t{offset} * 60;
      // The data's days are 2022-01-01 to 2024-12-31; an offset may reach
      // a day before or after them.
      const int64_t day_number = (local + 86400) / 86400 - 1;
      const uint32_t sod = static_cast<uint32_t>(local - day_number * 86400);
      char clock[8] = {static_cast<char>('0' + sod / 36000),
                       static_cast<char>('0' + sod / 3600 % 10),
                       ':',
                       static_cast<char>('0' + sod % 3600 / 600),
                       static_cast<char>('0' + sod % 3600 / 60 % 10),
                       ':',
                       static_cast<char>('0' + sod % 60 / 10),
                       static_cast<char>('0' + sod % 10)};
      auto put_time = [&] {
        char day[16];
        if (day_number >= 0 && day_number < kDays) {
          std::memcpy(day, day_text[static_cast<size_t>(day_number)].data(), 10);
        } else {
          int y;
          unsigned m, dd;
          civil_from_days(epoch + static_cast<int>(day_number), y, m, dd);
          std::snprintf(day, sizeof day, "%04d-%02u-%02u", y, m, dd);
        }
        out.put(day, 10);
        if (times == Times::kDate) return;
        out.put(times == Times::kOffset ? 'T' : ' ');
        out.put(clock, 8);
        if (times != Times::kOffset) return;
        if (offset == 0) return out.put('Z');
        const int minutes = offset < 0 ? -offset : offset;
        out.put(offset < 0 ? '-' : '+');
        put_padded(out, static_cast<uint64_t>(minutes / 60), 2);
        out.put(':');
        put_padded(out, static_cast<uint64_t>(minutes % 60), 2);
      };
      const Customer& c = customers[r.customer];
      if (ndjson) {
        out.put("{\"order_id\":");
        put_order(out, ids, order_id[r.order], true);
        out.put(",\"customer_id\":");
        put_customer(out, ids, customer_id[r.customer], true);
        out.put(",\"order_date\":\"");
        put_time();
        out.put("\",\"sku\":\"");
        put_sku(out, r.sku);
        out.put("\",\"quantity\":");
        out.put_int(r.quantity);
        out.put(",\"amount\":");
        out.put_cents(r.cents);
        out.put(",\"channel\":\"");
        out.put(kChannels[c.channel]);
        out.put("\",\"country\":\"");
        out.put(kCountries[c.country]);
        out.put("\"}\n");
      } else {
        put_order(out, ids, order_id[r.order], false);
        out.put(',');
        put_customer(out, ids, customer_id[r.customer], false);
        out.put(',');
        put_time();
        out.put(',');
        put_sku(out, r.sku);
        out.put(',');
        out.put_int(r.quantity);
        out.put(',');
        out.put_cents(r.cents);
        out.put(',');
        out.put(kChannels[c.channel]);
        out.put(',');
        out.put(kCountries[c.country]);
        out.put('\n');
      }
    }
    out.flush();
  }
  if (f != stdout && std::fclose(f) != 0) {
    std::fprintf(stderr, "generate_orders: cannot write %s: %s\n", output, std::strerror(errno));
    return 1;
  }
  if (f == stdout && std::fflush(stdout) != 0) {
    std::fprintf(stderr, "generate_orders: write failed: %s\n", std::strerror(errno));
    return 1;
  }
  return 0;
}

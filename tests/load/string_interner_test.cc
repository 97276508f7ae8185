#include "load/string_interner.h"

#include <catch2/catch.hpp>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "load/id_tickets.h"

using retention::StringInterner;
using retention::TicketRequest;
using retention::TicketTable;

namespace {

uint32_t Intern(StringInterner* interner, const std::string& key, bool* inserted = nullptr) {
  bool ignored = false;
  return interner->Intern(key, inserted ? inserted : &ignored);
}

}  // namespace

TEST_CASE("ids get dense indices in first-seen order") {
  StringInterner ids;
  bool inserted = false;
  CHECK(Intern(&ids, "C-17", &inserted) == 0);
  CHECK(inserted);
  CHECK(Intern(&ids, "42", &inserted) == 1);
  CHECK(inserted);
  CHECK(Intern(&ids, "C-17", &inserted) == 0);
  CHECK_FALSE(inserted);
  CHECK(Intern(&ids, "42", &inserted) == 1);
  CHECK_FALSE(inserted);
  CHECK(ids.size() == 2);
  CHECK(ids.key(0) == "C-17");
  CHECK(ids.key(1) == "42");
}

TEST_CASE("the empty key is an id like any other, also first and with no data") {
  // An empty segment value: a view with no data pointer, into an arena
  // that has none yet either (undefined for memcmp, even of no bytes).
  StringInterner ids;
  bool inserted = false;
  CHECK(ids.Intern(std::string_view(), &inserted) == 0);
  CHECK(inserted);
  CHECK(ids.Intern(std::string_view(), &inserted) == 0);
  CHECK_FALSE(inserted);
  CHECK(Intern(&ids, "web", &inserted) == 1);
  CHECK(Intern(&ids, "", &inserted) == 0);
  CHECK_FALSE(inserted);
  CHECK(ids.key(0).empty());
}

TEST_CASE("numbers and text that look alike stay different ids") {
  StringInterner ids;
  std::vector<std::string> keys = {"7",
                                   "07",
                                   "7.0",
                                   "+7",
                                   " 7",
                                   "0",
                                   "00",
                                   "4294967294",
                                   "4294967295",
                                   "99999999999",
                                   "7a",
                                   "",
                                   "12345678901234567890"};
  for (size_t i = 0; i < keys.size(); ++i) CHECK(Intern(&ids, keys[i]) == i);
  for (size_t i = 0; i < keys.size(); ++i) {
    CHECK(Intern(&ids, keys[i]) == i);
    CHECK(ids.key(static_cast<uint32_t>(i)) == keys[i]);
    auto found = ids.Find(keys[i], StringInterner::Code(keys[i]));
    REQUIRE(found);
    CHECK(*found == i);
  }
  CHECK_FALSE(ids.Find("8", StringInterner::Code("8")));
  CHECK_FALSE(ids.Find("007", StringInterner::Code("007")));
}

TEST_CASE("numbers with a prefix or padding are ids of their own, spelled as written") {
  // The first form met (#) is kept by number; the others by their text.
  StringInterner ids;
  std::vector<std::string> keys;
  for (int i = 0; i < 3000; ++i) {
    const std::string n = std::to_string(1001 + i);
    for (const std::string& key : {"#" + n, n, "C" + std::string(7 - n.size(), '0') + n, "#0" + n,
                                   "INV-" + n, "0" + n, "c" + n, "#" + n + "x"}) {
      keys.push_back(key);
    }
  }
  for (size_t i = 0; i < keys.size(); ++i) {
    bool inserted = false;
    REQUIRE(Intern(&ids, keys[i], &inserted) == i);
    CHECK(inserted);
  }
  for (size_t i = 0; i < keys.size(); ++i) {
    INFO(keys[i]);
    CHECK(Intern(&ids, keys[i]) == i);
    CHECK(ids.key(static_cast<uint32_t>(i)) == keys[i]);
    auto found = ids.Find(keys[i], StringInterner::Code(keys[i]));
    REQUIRE(found);
    CHECK(*found == i);
  }
  CHECK_FALSE(ids.Find("#999", StringInterner::Code("#999")));
  CHECK_FALSE(ids.Find("C0000999", StringInterner::Code("C0000999")));
  CHECK_FALSE(ids.Find("C001001", StringInterner::Code("C001001")));  // another width
  CHECK(ids.size() == keys.size());
}

TEST_CASE("sparse numbers, then dense ones that take them over, keep their indices") {
  // Large numbers first go to the hash table; once enough ids are seen the
  // array indexed by number grows over them and must find them all.
  // The same with a prefix: #1500000 and #1 as 1500000 and 1.
  const std::string prefix = GENERATE(std::string(), std::string("#"));
  StringInterner ids;
  std::vector<std::string> keys;
  for (int i = 0; i < 50; ++i) keys.push_back(prefix + std::to_string(1500000 + i * 7919));
  for (int i = 1; i <= 1200000; ++i) keys.push_back(prefix + std::to_string(i));
  for (int i = 0; i < 50; ++i) keys.push_back("order-" + std::to_string(i));
  for (size_t i = 0; i < keys.size(); ++i) REQUIRE(Intern(&ids, keys[i]) == i);
  for (size_t i = 0; i < keys.size(); i += 997) {
    CHECK(Intern(&ids, keys[i]) == i);
    CHECK(ids.key(static_cast<uint32_t>(i)) == keys[i]);
  }
  for (size_t i = 0; i < 50; ++i) {
    CHECK(Intern(&ids, keys[i]) == i);
    CHECK(*ids.Find(keys[i], StringInterner::Code(keys[i])) == i);
  }
  CHECK(ids.size() == keys.size());
}

TEST_CASE("random numbers and strings in large numbers") {
  StringInterner ids;
  uint64_t state = 12345;
  std::vector<std::string> keys;
  for (int i = 0; i < 200000; ++i) {
    state = state * 6364136223846793005ull + 1442695040888963407ull;
    keys.push_back(i % 3 == 0 ? "u" + std::to_string(state >> 40) : std::to_string(state >> 33));
  }
  std::vector<uint32_t> index;
  for (const std::string& k : keys) index.push_back(Intern(&ids, k));
  for (size_t i = 0; i < keys.size(); ++i) {
    CHECK(Intern(&ids, keys[i]) == index[i]);
    CHECK(ids.key(index[i]) == keys[i]);
  }
}

TEST_CASE(
    "Code reads every id that is a number, alone or formed, as its number, and nothing else") {
  // The reference: a canonical decimal below 2^32 - 1, or up to 4 prefix
  // bytes (printable ASCII, not digits) and 1 to 9 digits, or 1 to 9 digits
  // with a leading zero.
  auto number = [](const std::string& key) -> std::optional<uint64_t> {
    auto digit = [](char c) { return c >= '0' && c <= '9'; };
    size_t p = 0;
    while (p < key.size() && !digit(key[p])) {
      if (key[p] <= ' ' || key[p] > '~') return std::nullopt;
      ++p;
    }
    const size_t digits = key.size() - p;
    if (p > 4 || digits == 0) return std::nullopt;
    uint64_t n = 0;
    for (size_t i = p; i < key.size(); ++i) {
      if (!digit(key[i])) return std::nullopt;
      n = n * 10 + static_cast<uint64_t>(key[i] - '0');
    }
    const bool plain = p == 0 && key[0] != '0' && digits <= 10 && n < 0xFFFFFFFFu;
    if (!plain && digits > 9) return std::nullopt;
    return n;
  };
  std::vector<std::string> keys;
  for (uint64_t n : {1ull, 9ull, 10ull, 999ull, 1000ull, 4096ull, 99999999ull, 100000000ull,
                     123456789ull, 999999999ull, 1000000000ull, 4294967294ull, 4294967295ull}) {
    keys.push_back(std::to_string(n));
  }
  uint64_t state = 11;
  for (int i = 0; i < 200000; ++i) {
    state = state * 6364136223846793005ull + 1442695040888963407ull;
    std::string key = std::to_string(state >> (state % 61));
    key.resize(1 + (state >> 20) % std::min<size_t>(key.size(), 11));
    // A byte next to the digits' range ('/', ':', space, letters, 0x80+)
    // at a random place, in a third of the keys.
    if (i % 3 == 0) {
      const char odd[] = {'/', ':', ' ', 'a', '\x80', '\xB0', '\x06', '.'};
      key[(state >> 30) % key.size()] = odd[(state >> 40) % 8];
    }
    // Zero padding, in a fifth; a prefix of 1 to 5 bytes, in another third
    // (some of them bytes a prefix cannot have: space, DEL, UTF-8).
    if (i % 5 == 2) key = std::string(1 + (state >> 44) % 4, '0') + key;
    if (i % 3 == 1) {
      const char prefix[] = {'#', 'C', 'O', '-', '_', 'z', '~', '!', ' ', '\x7F', '\xC3', '/'};
      uint64_t x = state >> 8;
      for (uint64_t n = 1 + (state >> 50) % 5; n > 0; --n, x /= 12)
        key.insert(0, 1, prefix[x % 12]);
    }
    keys.push_back(key);
  }
  for (const std::string& key : keys) {
    INFO("key \"" << key << "\"");
    uint64_t code = StringInterner::Code(key);
    auto expected = number(key);
    CHECK(StringInterner::Exact(code) == expected.has_value());
    CHECK(StringInterner::IsNumber(code) == expected.has_value());
    if (expected) {
      CHECK(StringInterner::Number(code) == *expected);
      char digits[20];
      CHECK(StringInterner::Spell(code, digits) == key);  // the code alone spells the id
    }
  }
}

TEST_CASE("a hash that has the ticket bit set is still a hash, not a ticket") {
  // About half of all keys hash with bit 62 set.
  StringInterner ids;
  int with_bit = 0;
  for (int i = 0; i < 64; ++i) {
    std::string key = "K-" + std::to_string(i) + "x";  // not a number with a prefix
    uint64_t code = StringInterner::Code(key);
    CHECK_FALSE(StringInterner::IsTicket(code));
    with_bit += (code >> 62) & 1;
    bool inserted = false;
    CHECK(ids.Intern(key, code, &inserted) == static_cast<uint32_t>(i));
    CHECK(inserted);
  }
  CHECK(with_bit > 0);
  for (int i = 0; i < 64; ++i) {
    std::string key = "K-" + std::to_string(i) + "x";
    CHECK(ids.Find(key, StringInterner::Code(key)) == static_cast<uint32_t>(i));
  }
}

TEST_CASE("tickets: one per distinct key, whichever thread asks first") {
  TicketTable table;
  std::vector<std::string> keys;
  for (int i = 0; i < 20000; ++i) keys.push_back("cus_" + std::to_string(i * 7919 % 20000) + "Ab");
  // Four threads ask for every key, in different orders.
  std::vector<std::vector<uint64_t>> codes(4, std::vector<uint64_t>(keys.size()));
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      std::vector<TicketRequest> requests, scratch;
      for (size_t k = 0; k < keys.size(); ++k) {
        size_t i = t % 2 == 0 ? k : keys.size() - 1 - k;
        codes[t][i] = StringInterner::Code(keys[i]);
        requests.push_back({keys[i], codes[t][i], &codes[t][i]});
        if (requests.size() == 512) {
          table.Assign(requests, &scratch);
          requests.clear();
        }
      }
      table.Assign(requests, &scratch);
    });
  }
  for (std::thread& t : threads) t.join();
  std::set<uint64_t> distinct;
  for (size_t i = 0; i < keys.size(); ++i) {
    CHECK(StringInterner::IsTicket(codes[0][i]));
    for (int t = 1; t < 4; ++t) CHECK(codes[t][i] == codes[0][i]);
    distinct.insert(codes[0][i]);
  }
  CHECK(distinct.size() == 20000);
}

TEST_CASE("tickets: keys of every size, long ones and ones past a block, keep their own ticket") {
  TicketTable table;
  std::vector<std::string> keys;
  // Sizes around the one-byte size's limit (255) and a key larger than a
  // block of records (1 MB), each also with its last byte changed.
  for (size_t size : {size_t{1}, size_t{27}, size_t{254}, size_t{255}, size_t{256}, size_t{70000},
                      size_t{1} << 20, (size_t{3} << 20) + 7}) {
    keys.push_back(std::string(size, 'k'));
    keys.push_back(std::string(size - 1, 'k') + "z");
  }
  // Enough short keys to fill several blocks of every shard.
  for (int i = 0; i < 200000; ++i) keys.push_back("ch_" + std::to_string(i) + "QzX");
  auto assign = [&](std::vector<uint64_t>* codes) {
    codes->assign(keys.size(), 0);
    std::vector<TicketRequest> requests, scratch;
    for (size_t i = 0; i < keys.size(); ++i) {
      (*codes)[i] = StringInterner::Code(keys[i]);
      requests.push_back({keys[i], (*codes)[i], &(*codes)[i]});
    }
    table.Assign(requests, &scratch);
  };
  std::vector<uint64_t> first, again;
  assign(&first);
  assign(&again);  // every key is found now, none stored again
  CHECK(first == again);
  CHECK(std::set<uint64_t>(first.begin(), first.end()).size() == keys.size());
}

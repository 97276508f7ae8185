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

TEST_CASE("sparse numbers, then dense ones that take them over, keep their indices") {
  // Large numbers first go to the hash table; once enough ids are seen the
  // array indexed by number grows over them and must find them all.
  StringInterner ids;
  std::vector<std::string> keys;
  for (int i = 0; i < 50; ++i) keys.push_back(std::to_string(1500000 + i * 7919));
  for (int i = 1; i <= 1200000; ++i) keys.push_back(std::to_string(i));
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

TEST_CASE("Code reads every id of up to ten digits as its number, and nothing else") {
  // The reference: a canonical decimal below 2^32 - 1.
  auto number = [](const std::string& key) -> std::optional<uint64_t> {
    if (key.empty() || key.size() > 10 || key[0] < '1' || key[0] > '9') return std::nullopt;
    uint64_t n = 0;
    for (char c : key) {
      if (c < '0' || c > '9') return std::nullopt;
      n = n * 10 + static_cast<uint64_t>(c - '0');
    }
    if (n >= 0xFFFFFFFFu) return std::nullopt;
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
    keys.push_back(key);
  }
  for (const std::string& key : keys) {
    INFO("key \"" << key << "\"");
    uint64_t code = StringInterner::Code(key);
    auto expected = number(key);
    CHECK(StringInterner::Exact(code) == expected.has_value());
    if (expected) CHECK(StringInterner::Number(code) == *expected);
  }
}

TEST_CASE("a hash that has the ticket bit set is still a hash, not a ticket") {
  // About half of all keys hash with bit 62 set.
  StringInterner ids;
  int with_bit = 0;
  for (int i = 0; i < 64; ++i) {
    std::string key = "K-" + std::to_string(i);
    uint64_t code = StringInterner::Code(key);
    CHECK_FALSE(StringInterner::IsTicket(code));
    with_bit += (code >> 62) & 1;
    bool inserted = false;
    CHECK(ids.Intern(key, code, &inserted) == static_cast<uint32_t>(i));
    CHECK(inserted);
  }
  CHECK(with_bit > 0);
  for (int i = 0; i < 64; ++i) {
    std::string key = "K-" + std::to_string(i);
    CHECK(ids.Find(key, StringInterner::Code(key)) == static_cast<uint32_t>(i));
  }
}

TEST_CASE("tickets: one per distinct key, whichever thread asks first") {
  TicketTable table;
  std::vector<std::string> keys;
  for (int i = 0; i < 20000; ++i) keys.push_back("cus_" + std::to_string(i * 7919 % 20000));
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

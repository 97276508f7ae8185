// The settings a history records and --append compares: --by and --top
// among them, absent from histories older versions wrote.
#include <catch2/catch.hpp>
#include <string>

#include "retention/definitions.h"
#include "retention/history.h"

using namespace retention;

namespace {

Definitions Split(const std::string& column, int top) {
  Definitions d;
  d.window = "1m";
  d.time_zone = "UTC";
  d.margin = "1";
  d.rates = ReportRateDefinitions();
  d.segment_column = column;
  d.top_segments = top;
  return d;
}

const std::string* Find(const Settings& s, const std::string& name) {
  for (auto& [key, value] : s) {
    if (key == name) return &value;
  }
  return nullptr;
}

}  // namespace

TEST_CASE("figures split by segment record the column and --top") {
  Settings s = SettingsOf(Split("channel", 2));
  REQUIRE(Find(s, "segment_column"));
  CHECK(*Find(s, "segment_column") == "channel");
  CHECK(*Find(s, "top_segments") == "2");
  CHECK(*Find(SettingsOf(Split("channel", 0)), "top_segments") == "0");
  CHECK_FALSE(Find(SettingsOf(Split("", 0)), "segment_column"));
}

TEST_CASE("another --by or --top is a difference") {
  auto d = CompareSettings(SettingsOf(Split("channel", 2)), SettingsOf(Split("channel", 1)));
  REQUIRE(d.size() == 1);
  CHECK(d[0].name == "top_segments");
  CHECK(d[0].had == "2");
  CHECK(d[0].now == "1");
  d = CompareSettings(SettingsOf(Split("channel", 0)), SettingsOf(Split("country", 0)));
  REQUIRE(d.size() == 1);
  CHECK(d[0].name == "segment_column");
}

TEST_CASE("a currency is one however recorded: usd and USD, an older run's symbol and its code") {
  auto with = [](const char* currency) {
    Definitions d = Split("", 0);
    d.currency = currency;
    return SettingsOf(d);
  };
  CHECK(CompareSettings(with("usd"), with("USD")).empty());
  CHECK(CompareSettings(with("\xE2\x82\xAC"), with("EUR")).empty());
  CHECK(CompareSettings(with("US$"), with("USD")).empty());
  CHECK(CompareSettings(with("$"), with("USD")).size() == 1);
  CHECK(CompareSettings(with("EUR"), with("USD")).size() == 1);
}

TEST_CASE("an older history without --by and --top recorded differs in neither") {
  Settings old = SettingsOf(Split("", 0));
  CHECK(CompareSettings(old, SettingsOf(Split("channel", 2))).empty());
  CHECK(CompareSettings(SettingsOf(Split("channel", 2)), old).empty());
  // Settings every version records stay strict.
  Settings without_margin = old;
  without_margin.erase(without_margin.begin() + 3);
  REQUIRE(CompareSettings(without_margin, old).size() == 1);
}

TEST_CASE("a CSV history records --by and --top from the first row that has them") {
  // An older version's rows first (no cells), then a run's.
  std::string csv =
      "segment,period,schema_version,window,time_zone,margin,lifespan,activity,rules,rates,"
      "segment_column,top_segments\n"
      ",2024-01,1,1m,UTC,1,,orders,r,x,,\n"
      ",2024-02,1,1m,UTC,1,,orders,r,x,channel,2\n";
  Snapshot s = ParseSnapshot(csv, "h.csv", SnapshotFormat::kCsv);
  REQUIRE(Find(s.settings, "segment_column"));
  CHECK(*Find(s.settings, "segment_column") == "channel");
  CHECK(*Find(s.settings, "top_segments") == "2");
  std::string old =
      "segment,period,schema_version,window,time_zone,margin,lifespan,activity,rules,rates\n"
      ",2024-01,1,1m,UTC,1,,orders,r,x\n";
  CHECK_FALSE(Find(ParseSnapshot(old, "h.csv", SnapshotFormat::kCsv).settings, "segment_column"));
}

TEST_CASE("a JSON or NDJSON history saved with a byte-order mark reads as without one") {
  const std::string json =
      "{\"schema_version\": 1, \"periods\": [{\"period\": \"2024-01\", \"orders\": 3}]}\n";
  const std::string ndjson = "{\"period\": \"2024-01\", \"orders\": 3}\n";
  for (auto [text, format] :
       {std::pair{json, SnapshotFormat::kJson}, std::pair{ndjson, SnapshotFormat::kNdjson}}) {
    Snapshot s = ParseSnapshot("\xEF\xBB\xBF" + text, "h", format);
    REQUIRE(s.rows.size() == 1);
    CHECK(s.rows[0].Text("period") == "2024-01");
  }
}

#include <catch2/catch.hpp>
#include <string>
#include <utility>
#include <vector>

#include "retention/history.h"

using retention::DiffRows;
using retention::FigureKind;
using retention::HistoryRow;
using retention::HistoryValue;
using retention::ParseSnapshot;
using retention::SameFigure;
using retention::Snapshot;
using retention::SnapshotFormat;

namespace {

HistoryRow Row(std::vector<std::pair<std::string, std::string>> fields) {
  HistoryRow row;
  for (auto& [name, text] : fields) {
    row.fields.push_back({name, HistoryValue{text, false, name == "period"}});
  }
  return row;
}

}  // namespace

TEST_CASE("diff: a figure one side has in no row is not compared, whichever side") {
  const std::vector<HistoryRow> full = {
      Row({{"period", "2024-05"}, {"orders", "12"}, {"revenue", "40.00"}}),
      Row({{"period", "2024-06"}, {"orders", "9"}, {"revenue", "31.50"}})};
  const std::vector<HistoryRow> slim = {Row({{"period", "2024-05"}, {"revenue", "40.00"}}),
                                        Row({{"period", "2024-06"}, {"revenue", "31.50"}})};
  const auto forward = DiffRows(full, slim, 0);
  const auto backward = DiffRows(slim, full, 0);
  CHECK(forward.differences.empty());
  CHECK(backward.differences.empty());
  CHECK(forward.compared == 2);
  CHECK(backward.compared == 2);
  CHECK(forward.only_in_old == std::vector<std::string>{"orders"});
  CHECK(forward.only_in_new.empty());
  CHECK(backward.only_in_new == std::vector<std::string>{"orders"});
}

TEST_CASE("diff: a shared figure missing from one row, a changed value and a lone row differ") {
  const std::vector<HistoryRow> had = {
      Row({{"period", "2024-05"}, {"orders", "12"}, {"revenue", "40.00"}}),
      Row({{"period", "2024-06"}, {"orders", "9"}, {"revenue", "31.50"}})};
  const std::vector<HistoryRow> now = {
      Row({{"period", "2024-05"}, {"revenue", "40.00"}}),  // orders gone from this row only
      Row({{"period", "2024-06"}, {"orders", "9"}, {"revenue", "32.00"}}),
      Row({{"period", "2024-07"}, {"orders", "1"}, {"revenue", "5.00"}})};
  const auto d = DiffRows(had, now, 0);
  REQUIRE(d.differences.size() == 3);
  CHECK(d.differences[0].figure == "orders");
  CHECK(d.differences[0].now.is_null);
  CHECK(d.differences[1].figure == "revenue");
  CHECK(d.differences[1].change_number == "0.50");
  CHECK(d.differences[2].figure.empty());  // 2024-07 only in NEW
  CHECK(d.only_in_old.empty());
  CHECK(d.only_in_new.empty());
}

TEST_CASE("diff: rows match by the segment as written, a CSV's shown controls read back") {
  // A CSV history writes an escape byte as the text \x1b, and the text
  // \x1b itself as \\x1b; a JSON one keeps the byte. Read back, the CSV's
  // rows are the JSON's, and the two segments stay two.
  const Snapshot had = ParseSnapshot(
      "period,segment,revenue\n2024-05,a\\x1bb,40.00\n2024-05,gone\\x1b,1.00\n"
      "2024-05,a\\\\x1bb,5.00\n",
      "old.csv", SnapshotFormat::kCsv);
  const std::vector<HistoryRow> now = {
      Row({{"period", "2024-05"},
           {"segment",
            "a\x1b"
            "b"},
           {"revenue", "41.00"}}),
      Row({{"period", "2024-05"}, {"segment", "new\x1b"}, {"revenue", "2.00"}}),
      Row({{"period", "2024-05"}, {"segment", "a\\x1bb"}, {"revenue", "5.00"}})};
  const auto d = DiffRows(had.rows, now, 0);
  REQUIRE(d.differences.size() == 3);
  CHECK(d.differences[0].segment ==
        "a\x1b"
        "b");
  CHECK(d.differences[0].change_number == "1.00");
  CHECK(d.differences[1].segment == "gone\x1b");  // only in OLD
  CHECK(d.differences[2].segment == "new\x1b");   // only in NEW
}

TEST_CASE("SameFigure: the same number however written, of every kind") {
  auto v = [](const std::string& text) { return HistoryValue{text}; };
  const HistoryValue null{"", true};
  CHECK(SameFigure(FigureKind::kMoney, v("7131.08"), v("7131.0800")));
  CHECK(!SameFigure(FigureKind::kMoney, v("7131.08"), v("7131.09")));
  CHECK(SameFigure(FigureKind::kCount, v("12"), v("12")));
  CHECK(!SameFigure(FigureKind::kCount, v("12"), v("13")));
  CHECK(SameFigure(FigureKind::kRate, v("0.5"), v("0.50")));
  CHECK(!SameFigure(FigureKind::kRate, v("0.5"), v("0.5000001")));
  CHECK(SameFigure(FigureKind::kRatio, v("1.2"), v("1.20")));
  CHECK(SameFigure(FigureKind::kRate, null, null));
  CHECK(!SameFigure(FigureKind::kRate, null, v("0")));
  // Text that is no number is the same only as the same text.
  CHECK(!SameFigure(FigureKind::kRate, v("n/a"), v("N/A")));
}

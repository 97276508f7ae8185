// JSON arrays and NDJSON flattened to records.
#include "input/json_reader.h"

#include <catch2/catch.hpp>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "base/text.h"
#include "retention/error.h"

using retention::ByteSource;
using retention::DataError;
using retention::JsonRecord;

namespace {

struct Flat {
  std::map<std::string, std::string> values;
  int64_t line;
};

std::vector<Flat> Read(const std::string& text, bool ndjson) {
  auto source = ByteSource::FromString("t.json", text);
  std::vector<Flat> out;
  retention::ReadJson(source.get(), ndjson, [&](const JsonRecord& r) {
    Flat f{{}, r.line};
    for (const auto& field : r.fields) {
      f.values[std::string(field.key)] = field.nested ? "<nested>" : std::string(field.value);
    }
    out.push_back(f);
  });
  return out;
}

}  // namespace

TEST_CASE("an array of objects, numbers keep their exact text") {
  auto rows = Read(R"([
  {"customer": "C1", "amount": 19.990, "date": "2024-03-01"},
  {"customer": 42, "amount": "-5.00", "note": null, "tags": ["a"]}
])",
                   false);
  REQUIRE(rows.size() == 2);
  CHECK(rows[0].values["amount"] == "19.990");
  CHECK(rows[0].line == 2);
  CHECK(rows[1].values["customer"] == "42");
  CHECK(rows[1].values["amount"] == "-5.00");
  CHECK(rows[1].values["note"] == "");
  CHECK(rows[1].values["tags"] == "<nested>");
  CHECK(rows[1].line == 3);
}

TEST_CASE("a pretty-printed array gives each value its own line, NDJSON leaves it 0") {
  auto lines = [](const std::string& text, bool ndjson) {
    auto source = ByteSource::FromString("t.json", text);
    std::vector<std::map<std::string, int64_t>> out;
    retention::ReadJson(source.get(), ndjson, [&](const JsonRecord& r) {
      auto& m = out.emplace_back();
      for (const auto& field : r.fields) m[std::string(field.key)] = field.line;
    });
    return out;
  };
  auto rows = lines(
      "[\n  {\n    \"customer\": \"A\",\n    \"date\": \"2024-02-31\",\n    \"amount\":\n"
      "      5\n  },\n  {\"customer\": \"B\", \"tags\": [\"x\",\n \"y\"], \"amount\": 1}\n]\n",
      false);
  REQUIRE(rows.size() == 2);
  CHECK(rows[0]["customer"] == 3);
  CHECK(rows[0]["date"] == 4);
  CHECK(rows[0]["amount"] == 6);  // the value's line, not the key's
  CHECK(rows[1]["customer"] == 8);
  CHECK(rows[1]["tags"] == 8);
  CHECK(rows[1]["amount"] == 9);  // after a nested value that spans lines
  auto nd = lines("{\"customer\": \"A\", \"amount\": 5}\n", true);
  REQUIRE(nd.size() == 1);
  CHECK(nd[0]["amount"] == 0);
}

TEST_CASE("NDJSON: one object per line, blank lines and CRLF allowed") {
  auto rows = Read("{\"c\":\"A\",\"a\":1}\r\n\r\n{\"c\":\"B \\\"q\\\"\",\"a\":2.5}\n", true);
  REQUIRE(rows.size() == 2);
  CHECK(rows[1].values["c"] == "B \"q\"");
  CHECK(rows[1].line == 3);
}

TEST_CASE("keys and strings with escapes are unescaped, those without read as they are") {
  for (bool ndjson : {true, false}) {
    INFO("ndjson " << ndjson);
    const std::string object =
        R"({"cust\u006fmer":"a\\b","note":"caf\u00e9 \"x\"","plain":"é, {}[]:","empty":""})";
    auto rows = Read(ndjson ? object + "\n" : "[" + object + "]", ndjson);
    REQUIRE(rows.size() == 1);
    CHECK(rows[0].values.size() == 4);
    CHECK(rows[0].values["customer"] == "a\\b");
    CHECK(rows[0].values["note"] == "caf\xC3\xA9 \"x\"");
    CHECK(rows[0].values["plain"] == "é, {}[]:");
    CHECK(rows[0].values["empty"] == "");
  }
}

TEST_CASE("spaces around keys, colons and values, and escapes at a string's ends") {
  for (bool ndjson : {true, false}) {
    INFO("ndjson " << ndjson);
    const std::string object =
        "{ \"c\" :\t\"A b\" ,\"k\\\\\" : \"\\\\\" , \"\\\"q\":\"x\\\"\"\r,"
        "\"n\" : 1.5 , \"t\":true ,\"z\" : null, \"o\" : {\"i\" : \"j\"} , \"e\": \"\" }";
    auto rows = Read(ndjson ? object + "\n" : "[" + object + "]", ndjson);
    REQUIRE(rows.size() == 1);
    CHECK(rows[0].values.size() == 9);
    CHECK(rows[0].values["o"] == "<nested>");
    CHECK(rows[0].values["o.i"] == "j");
    CHECK(rows[0].values["c"] == "A b");
    CHECK(rows[0].values["k\\"] == "\\");
    CHECK(rows[0].values["\"q"] == "x\"");
    CHECK(rows[0].values["n"] == "1.5");
    CHECK(rows[0].values["t"] == "true");
    CHECK(rows[0].values["z"] == "");
    CHECK(rows[0].values["e"] == "");
  }
}

namespace {

// What ReadJsonLines gives for `text`: every record (line and fields), and
// the error that ended it, if any.
// With `detail`, how each value was read too: # a number, e one with an
// exponent, <null>, and the byte its `at` points to.
std::string LinesRead(const std::string& text, bool padded, size_t max_line, bool detail = false) {
  // Padded: the block lies in a larger buffer, as the loader's blocks do.
  std::string buffer = text + std::string(retention::kJsonPadding, 'x');
  std::string out;
  try {
    retention::ReadJsonLines(
        std::string_view(buffer.data(), text.size()), "t.ndjson", 7,
        [&](const JsonRecord& r) {
          out += std::to_string(r.line) + ":";
          for (const auto& f : r.fields) {
            out += " " + std::string(f.key) + "=" + (f.nested ? "<nested>" : std::string(f.value));
            if (!detail) continue;
            if (f.number) out += "#";
            if (f.exponent) out += "e";
            if (f.value.data() == nullptr && !f.nested) out += "<null>";
            out += "@" + std::string(1, *f.at);
            if (!f.nested && !f.exponent && f.value.data() != nullptr) {
              out += f.value.data() == f.at || f.value.data() == f.at + 1 ? "" : "<elsewhere>";
            }
          }
          out += "\n";
        },
        padded, max_line);
  } catch (const DataError& e) {
    out += std::string("error: ") + e.what() + " at " + std::to_string(e.where().line);
  }
  return out;
}

}  // namespace

TEST_CASE("a bad escape in a key is the error, even when its value is bad too") {
  // The key is read before the value is looked at.
  CHECK_THAT(LinesRead("{\"a\\q\": x}\n", true, 1000),
             Catch::Contains("t.ndjson:7:4: error: malformed JSON: \\q is no JSON escape"));
}

TEST_CASE("NDJSON lines read in place give what copies of them give, whatever follows") {
  const std::vector<std::string> texts = {
      "{\"a\":1}\n{\"a\":2}\n",
      "{\"a\":1}\n{\"a\":2}",  // no final line break
      "\n\n  {\"a\":1}  \r\n \t\n{\"a\":\"x\\\"y\",\"b\":{\"c\":[1]}}\r\n\n",
      "{\"a\":1} {\"a\":2}\n{\"a\":3}\n",     // two on a line
      "{\"a\":1}\n{\"a\":\n2}\n{\"a\":3}\n",  // one over two lines
      "{\"a\":1}\n{\"a\": }\n{\"a\":3}\n",    // malformed
      "{\"a\":1}\n[1,2]\n{\"a\":3}\n",        // not an object
      "{\"a\":1}\n5\n",
      "{\"a\":1}\n\"s\"\n",
      "{\"a\":1} x\n{\"a\":2}\n",  // something after the object
      "{\"a\":1}\n\f{\"a\":2}\n",
      "{\"a\":1}\n{\"a\":\"\x01\"}\n",      // a control character in a string
      "{\"a\":1}\n{\"a\":\"\xC3\x28\"}\n",  // not UTF-8
      "{\"a\":1}\n{\"a\":",                 // cut short
      "",
      "\n\n\n",
      "{\"a\":1}\n{\"b\":\"" + std::string(200, 'z') + "\"}\n{\"a\":3}\n",  // a line too long
      "{\"a\":1}\n" + std::string(150, ' ') + "\n{\"a\":3}\n",              // a blank one too
      // Read in one pass over the block unless a line is not one object:
      "{\"a\":[1,{\"b\":\"]}\"}]}\n{\"a\":{\"b\":[]}}\r\n{\"a\":2}\n",  // nested last values
      "{\"a\":[1]} {\"a\":2}\n{\"a\":3}\n",  // more after a nested last value
      "{\"a\":{}}\n{\"a\":[1]}]\n",          // a bracket too many after one
      "{}\n{ }\n{\"a\":1}\n",                // no values
      "{\"a\":\"x\\ny\",\"b\":\"\\u00e9\"}\n{\"a\":\"\\\"\"}\n{\"a\":\"z\"}\n",  // escapes
      "\xEF\xBB\xBF{\"a\":1}\n{\"a\":2}\n",  // a byte-order mark
      "{\"a\":1}\n{\"a\":2}}\n{\"a\":3}\n",  // a brace too many
      "{\"a\":1}\n\"s\" {\"a\":2}\n",
      "{\"a\":1 }  \t\r\n  {\"a\":true}\n{\"a\":null}\n",
      // Plain lines, read by hand, beside ones that are not:
      "{\"a\": \"x\" , \"b\" :-0.5,\"c\":false,\"\":\"\",\"a\":0}\r\n{\"d\":\"caf\xC3\xA9\"}\n",
      "{\"a\":01}\n{\"a\":1.}\n{\"a\":-}\n{\"a\":1e5}\n{\"a\":1E+2}\n{\"a\":.5}\n",
      "{\"a\":tru}\n{\"a\":nulll}\n{\"a\":falsey}\n{\"a\":True}\n",
      "{\"a\":1,}\n{,}\n{\"a\"1}\n{\"a\":\"x\"\"y\"}\n{\"a\":1 \"b\":2}\n{\"a\":\"x}\n",
      "{\"a\":\"x\ty\"}\n{\"a\":\t1}\n{\"a\":\"\x7f\"}\n{\"\xC3\x28\":1}\n{\"a\":1}\r\r\n",
      "{\"a\":1}\n{\"a\":[1,2]}\n{\"a\":2}\n{\"a\":{\"b\":1}}\n{\"a\":3}\n",
      [] {
        std::string many = "{";  // more strings than a line's quotes are kept for
        for (int i = 0; i < 70; ++i) many += (i ? ",\"k" : "\"k") + std::to_string(i) + "\":\"v\"";
        return "{\"a\":1}\n" + many + "}\n{\"a\":2}\n";
      }(),
  };
  for (const std::string& text : texts) {
    INFO(text);
    const std::string by_line = LinesRead(text, false, 100, true);
    CHECK(LinesRead(text, true, 100, true) == by_line);
  }
  // Long lines are fine under a larger limit; so is the line of more
  // strings than the plain reader keeps quotes for (the last text).
  CHECK(LinesRead(texts[16], true, 1000) == LinesRead(texts[16], false, 1000));
  CHECK(LinesRead(texts.back(), true, 1000, true) == LinesRead(texts.back(), false, 1000, true));
  CHECK(LinesRead(texts.back(), true, 1000).find("8: k0=v") != std::string::npos);
  CHECK(LinesRead(texts[2], true, 100) == "9: a=1\n11: a=x\"y b=<nested> b.c=<nested>\n");
  // A second object on a line, or anything after the first, is refused,
  // not dropped.
  CHECK(LinesRead(texts[3], true, 100) ==
        "error: t.ndjson:7:9: error: expected one JSON object ({...}) per line, but more "
        "follows it here; put each object on a line of its own at 7");
  CHECK_THAT(LinesRead(texts[9], true, 100),
             Catch::StartsWith("error: t.ndjson:7:1: error: expected one JSON object ({...}) per "
                               "line; write each record as"));
}

TEST_CASE("NDJSON blocks are read in one pass up to a line that is not one object alone") {
  // How far one pass reads `text`, and the lines of what it read.
  auto pass = [](const std::string& text, std::string* lines = nullptr) {
    const std::string buffer = text + std::string(retention::kJsonPadding, 'x');
    JsonRecord record;
    int64_t line = 1;
    const size_t read =
        retention::ReadJsonLinesInOnePass(std::string_view(buffer.data(), text.size()), &line, 1000,
                                          &record, [&](const JsonRecord& r) {
                                            if (lines) *lines += std::to_string(r.line) + " ";
                                          });
    return read;
  };
  // What exports hold is read whole: escapes, nested values (last too),
  // CRLF, blank lines, no final line break.
  const std::string usual =
      "{\"id\":\"a\\\"b\",\"n\":1.5e2,\"items\":[{\"s\":\"]}\"}]}\r\n\r\n"
      "  {\"id\":\"\\u00e9\",\"t\":{\"x\":[]},\"ok\":true,\"z\":null}  \n{}\n{\"id\":\"c\"}";
  std::string lines;
  CHECK(pass(usual, &lines) == usual.size());
  CHECK(lines == "1 3 4 5 ");
  CHECK(pass("\n\n \n") == 4);
  // Blank lines count one by one against the limit, not all together.
  const std::string blanks = "{}\n" + std::string(2000, '\n') + "{}\n";
  lines.clear();
  CHECK(pass(blanks, &lines) == blanks.size());
  CHECK(lines == "1 2002 ");
  // It stops at the start of the line that is not one object alone, after
  // the blank lines before it.
  const std::string two = "{\"a\":1}\n\n{\"a\":[2]} {\"a\":3}\n{\"a\":4}\n";
  lines.clear();
  CHECK(pass(two, &lines) == 8);
  CHECK(lines == "1 ");
  CHECK(pass("{\"a\":1}\n{\"a\":\n2}\n") == 8);
  CHECK(pass("{\"a\":1}\n[1]\n") == 8);
  CHECK(pass("\xEF\xBB\xBF{\"a\":1}\n") == 0);
}

TEST_CASE("plain NDJSON lines are read by hand up to one that is not plain") {
  auto plain = [](const std::string& text, std::string* lines) {
    const std::string buffer = text + std::string(retention::kJsonPadding, 'x');
    JsonRecord record;
    int64_t line = 1;
    return retention::ReadPlainJsonLines(std::string_view(buffer.data(), text.size()), &line, 1000,
                                         &record, [&](const JsonRecord& r) {
                                           *lines += std::to_string(r.line) + ":";
                                           for (const auto& f : r.fields)
                                             *lines +=
                                                 std::string(f.key) + "=" + std::string(f.value);
                                           *lines += " ";
                                         });
  };
  std::string lines;
  const std::string text = "{\"a\":\"x\",\"n\":-1.25}\r\n\n  \n{ \"b\" : true }\n";
  CHECK(plain(text, &lines) == text.size());
  CHECK(lines == "1:a=xn=-1.25 4:b=true ");
  // Escapes, exponents, nesting, a tab: left to simdjson from that line.
  for (const char* other :
       {"{\"a\":\"x\\\"y\"}\n", "{\"a\":1e2}\n", "{\"a\":{}}\n", "{\"a\":\t1}\n", "{}\n"}) {
    lines.clear();
    CHECK(plain("{\"a\":1}\n" + std::string(other) + "{\"a\":2}\n", &lines) == 8);
    CHECK(lines == "1:a=1 ");
  }
}

TEST_CASE("malformed JSON names the line") {
  try {
    Read("{\"c\":\"A\"}\n{\"c\": }\n", true);
    FAIL("expected an error");
  } catch (const DataError& e) {
    CHECK(e.where().line == 2);
  }
  CHECK_THROWS_AS(Read("{\"not\": \"an array\"}", false), DataError);
  CHECK_THROWS_AS(Read("[1, 2]", false), DataError);
}

TEST_CASE("a nested value no role reads is read through: what is malformed in it is an error") {
  // Skipped by counting brackets, [{"a":5}} closed the value and the
  // object's own "amount" came after it.
  const std::vector<std::string> bad = {"[{\"a\":5}}", "[1}",   "[{]}",      "[1,,2 3]",
                                        "[tru]",       "[01]",  "{\"a\" 1}", "{\"a\":1,}",
                                        "[-]",         "{1:2}", "[\"\\q\"]"};
  for (const std::string& value : bad) {
    INFO(value);
    const std::string object = "{\"c\":\"A\",\"x\":" + value + ",\"amount\":999}";
    CHECK_THROWS_AS(Read(object + "\n", true), DataError);
    CHECK_THROWS_AS(Read("[" + object + "]", false), DataError);
  }
  const std::string good =
      "{\"c\":\"A\",\"x\":{\"a\":[true,null,\"x\\\"y\",-1.5e3,[],{}]},\"n\":1}";
  CHECK(Read(good + "\n", true).size() == 1);
  CHECK(Read("[" + good + "]", false).at(0).values.at("n") == "1");
}

TEST_CASE("values inside objects follow them as keys named by their path") {
  // Escapes, numbers with exponents and null inside; an array stays one
  // nested value; objects 8 deep are flattened, the ninth is not.
  std::string deep = "{\"z\":1}";
  for (int i = 8; i >= 1; --i) deep = "{\"d" + std::to_string(i) + "\":" + deep + "}";
  const std::string object =
      "{\"id\":\"1\",\"attributes\":{\"total\":1199,\"name\":\"a\\\"b\",\"tax\":1.5e2,"
      "\"note\":null,\"money\":{\"amount\":\"5.00\",\"tags\":[1,{\"x\":2}]}},\"deep\":" +
      deep + ",\"after\":\"x\"}";
  for (bool ndjson : {true, false}) {
    INFO("ndjson: " << ndjson);
    const auto rows = Read(ndjson ? object + "\n" : "[" + object + "]", ndjson);
    REQUIRE(rows.size() == 1);
    const std::map<std::string, std::string> want = {{"id", "1"},
                                                     {"attributes", "<nested>"},
                                                     {"attributes.total", "1199"},
                                                     {"attributes.name", "a\"b"},
                                                     {"attributes.tax", "150"},
                                                     {"attributes.note", ""},
                                                     {"attributes.money", "<nested>"},
                                                     {"attributes.money.amount", "5.00"},
                                                     {"attributes.money.tags", "<nested>"},
                                                     {"deep", "<nested>"},
                                                     {"deep.d1", "<nested>"},
                                                     {"deep.d1.d2", "<nested>"},
                                                     {"deep.d1.d2.d3", "<nested>"},
                                                     {"deep.d1.d2.d3.d4", "<nested>"},
                                                     {"deep.d1.d2.d3.d4.d5", "<nested>"},
                                                     {"deep.d1.d2.d3.d4.d5.d6", "<nested>"},
                                                     {"deep.d1.d2.d3.d4.d5.d6.d7", "<nested>"},
                                                     {"deep.d1.d2.d3.d4.d5.d6.d7.d8", "<nested>"},
                                                     {"after", "x"}};
    CHECK(rows[0].values == want);
  }
  // In document order, each where its value is: a pretty-printed array
  // gives the lines of the values inside.
  auto source =
      ByteSource::FromString("t.json",
                             "[\n {\"a\": 1,\n  \"total\": {\n    \"amount\": \"5.00\",\n    "
                             "\"currency\": \"EUR\"\n  },\n  \"b\": 2}\n]\n");
  std::vector<std::pair<std::string, int64_t>> fields;
  retention::ReadJson(source.get(), false, [&](const JsonRecord& r) {
    for (const auto& f : r.fields) {
      fields.emplace_back(std::string(f.key) + (f.inside ? " inside" : ""), f.line);
    }
  });
  CHECK(fields == std::vector<std::pair<std::string, int64_t>>{{"a", 2},
                                                               {"total", 3},
                                                               {"total.amount inside", 4},
                                                               {"total.currency inside", 5},
                                                               {"b", 7}});
}

TEST_CASE("a file that reads nothing inside objects leaves them one nested value each") {
  const std::string lines = "{\"a\":1,\"o\":{\"i\":\"j\",\"p\":{\"q\":2}},\"b\":3}\n";
  for (bool flatten : {true, false}) {
    std::string keys;
    retention::ReadJsonLines(
        lines, "t.ndjson", 1,
        [&](const JsonRecord& r) {
          for (const auto& f : r.fields) keys += std::string(f.key) + " ";
        },
        false, retention::kDefaultMaxRecordBytes, flatten);
    CHECK(keys == (flatten ? "a o o.i o.p o.p.q b " : "a o b "));
  }
}

TEST_CASE("a value malformed in an object inside an object is named where it is") {
  try {
    Read("[\n {\"c\": \"A\",\n  \"x\": {\"a\":\n    {\"b\": 01}},\n  \"amount\": 5}\n]\n", false);
    FAIL("no error");
  } catch (const DataError& e) {
    CHECK(e.where().line == 4);
    CHECK(e.where().column == 11);
    CHECK_THAT(e.message(), Catch::Contains("01"));
  }
}

TEST_CASE("a byte that is not UTF-8 is named where it is, in any key's value") {
  // Latin-1 "café" in a key no role reads: simdjson refuses the whole
  // text and says only that it is not UTF-8.
  const std::string line = "{\"c\":\"A\",\"note\":\"caf\xe9\"}";
  for (bool ndjson : {true, false}) {
    INFO(ndjson);
    try {
      Read(ndjson ? "{\"c\":\"B\"}\n" + line + "\n" : "[{\"c\":\"B\"},\n" + line + "]", ndjson);
      FAIL("expected an error");
    } catch (const DataError& e) {
      CHECK(e.where().line == 2);
      CHECK(e.where().column == 21);
      CHECK_THAT(e.message(), Catch::StartsWith("invalid UTF-8: \"\\xe9") &&
                                  Catch::Contains("save the file as UTF-8"));
    }
  }
}

TEST_CASE("NDJSON in memory reads like NDJSON from a source") {
  const std::string text =
      "\xEF\xBB\xBF{\"c\":\"A\",\"a\":1e2}\r\n\r\n  \n{\"c\":\"B\",\"a\":2.5}\n{\"c\":\"C\"}";
  auto from_source = Read(text, true);
  std::vector<Flat> in_memory;
  retention::ReadJsonLines(text, "t.json", 1, [&](const JsonRecord& r) {
    Flat f{{}, r.line};
    for (const auto& field : r.fields) f.values[std::string(field.key)] = std::string(field.value);
    in_memory.push_back(f);
  });
  REQUIRE(in_memory.size() == 3);
  REQUIRE(from_source.size() == 3);
  for (size_t i = 0; i < 3; ++i) {
    CHECK(in_memory[i].values == from_source[i].values);
    CHECK(in_memory[i].line == from_source[i].line);
  }
  CHECK(in_memory[0].values["a"] == "100");
  CHECK(in_memory[2].line == 5);
  // A block that starts further down the file counts from its first line.
  try {
    retention::ReadJsonLines("{\"c\":\"A\"}\n\n[1]\n", "t.json", 40, [](const JsonRecord&) {});
    FAIL("expected an error");
  } catch (const DataError& e) {
    CHECK(e.where().file == "t.json");
    CHECK(e.where().line == 42);
  }
}

TEST_CASE("an NDJSON line past the limit is an error where the limit is passed") {
  std::string text = "{\"a\":1}\n{\"a\":\"" + std::string(5000, 'x') + "\"}\n{\"a\":2}\n";
  auto error = [](const std::function<void()>& read) {
    try {
      read();
    } catch (const DataError& e) {
      return e;
    }
    return DataError(retention::Location{}, "no error");
  };
  auto ignore = [](const JsonRecord&) {};
  // From a stream, before the whole line is buffered.
  auto source = ByteSource::FromString("t.ndjson", text + std::string(3 << 20, 'y'));
  DataError streamed = error([&] { retention::ReadJson(source.get(), true, ignore, 1, 4096); });
  CHECK(streamed.where().line == 2);
  CHECK(streamed.where().column == 4097);
  CHECK_THAT(streamed.message(), Catch::Contains("longer than 4096 bytes"));
  auto endless = ByteSource::FromString("t.ndjson", std::string(3 << 20, ' '));
  CHECK(error([&] { retention::ReadJson(endless.get(), true, ignore, 1, 4096); }).where().column ==
        4097);
  // From a block in memory.
  DataError block =
      error([&] { retention::ReadJsonLines(text, "t.ndjson", 1, ignore, false, 4096); });
  CHECK(block.where().line == 2);
  CHECK(block.where().column == 4097);
  // Under the limit, all three lines are read.
  CHECK(Read(text, true).size() == 3);
}

TEST_CASE("an NDJSON line that is not one object is an error where its value starts") {
  // The lines before are good; CRLF line ends, and a byte-order mark that
  // columns do not count (an editor does not show it).
  const std::string good =
      "\xEF\xBB\xBF{\"c\":\"A\",\"a\":1}\r\n"
      "{\"c\":\"B\",\"a\":2}\r\n"
      "\r\n";
  auto where = [](const std::string& text) {
    std::vector<std::string> out;
    auto at = [&](const std::function<void()>& read) {
      try {
        read();
        out.push_back("no error");
      } catch (const DataError& e) {
        out.push_back(e.where().ToString() + " " +
                      e.message().substr(0, e.message().find_first_of(":;,")));
      }
    };
    auto ignore = [](const JsonRecord&) {};
    auto source = ByteSource::FromString("t.ndjson", text);
    at([&] { retention::ReadJson(source.get(), true, ignore); });
    const std::string padded = text + std::string(retention::kJsonPadding, 'x');
    at([&] {
      retention::ReadJsonLines(std::string_view(padded.data(), text.size()), "t.ndjson", 1, ignore,
                               true);
    });
    at([&] { retention::ReadJsonLines(text, "t.ndjson", 1, ignore); });
    return out;
  };
  using Strings = std::vector<std::string>;
  // At the byte that breaks the grammar: the key a comma should come before.
  CHECK(where(good + "  {\"c\":\"C\" \"a\":3}\r\n{\"c\":\"D\"}\r\n") ==
        Strings(3, "t.ndjson:4:12 malformed JSON"));
  CHECK(where(good + "\t42\r\n") ==
        Strings(3, "t.ndjson:4:2 expected one JSON object ({...}) per line"));
  CHECK(where(good + "{\"c\":\"C\"}  {\"c\":\"D\"}\r\n") ==
        Strings(3, "t.ndjson:4:12 expected one JSON object ({...}) per line"));
  // On the first line, after the byte-order mark.
  CHECK(where("\xEF\xBB\xBF[1]\r\n") ==
        Strings(3, "t.ndjson:1:1 expected one JSON object ({...}) per line"));
  CHECK(where("\xEF\xBB\xBF{} {}\r\n") ==
        Strings(3, "t.ndjson:1:4 expected one JSON object ({...}) per line"));
}

TEST_CASE("a pretty-printed document read as NDJSON says how to take its records out") {
  try {
    Read("{\n  \"object\": \"list\",\n  \"data\": [{\"id\": 1}]\n}\n", true);
    FAIL("no error");
  } catch (const DataError& e) {
    CHECK(e.message().find("this line holds only \"{\"") == 0);
    CHECK(e.message().find("jq -c '" + std::string(retention::kJqRecordsInside) +
                           "' t.json > orders.ndjson") != std::string::npos);
  }
}

TEST_CASE("JqCommand quotes the file for the shell, reads gzip through zcat and stdin by pipe") {
  using retention::JqCommand;
  CHECK(JqCommand("pages/charges-1.json", ".data[]") ==
        "jq -c '.data[]' pages/charges-1.json > orders.ndjson");
  CHECK(JqCommand("my charges.json", ".data[]") ==
        "jq -c '.data[]' 'my charges.json' > orders.ndjson");
  CHECK(JqCommand("it's $HOME.json", ".data[]") ==
        "jq -c '.data[]' 'it'\\''s $HOME.json' > orders.ndjson");
  CHECK(JqCommand("charges.json.gz", ".data[]") ==
        "zcat charges.json.gz | jq -c '.data[]' > orders.ndjson");
  CHECK(JqCommand("<stdin>", ".data[]") ==
        "pipe the input through jq -c '.data[]' > orders.ndjson");
  CHECK(retention::CommandOn("x.csv.gz", "iconv -f cp1252 -t utf-8", "x-utf8.csv") ==
        "zcat x.csv.gz | iconv -f cp1252 -t utf-8 > x-utf8.csv");
  CHECK(retention::CommandOn("my x.csv", "tr -d '\\000'", "fixed.csv", false) ==
        "tr -d '\\000' < 'my x.csv' > fixed.csv");
  // Never over the file it reads: the shell would empty it first.
  CHECK(JqCommand("out/orders.ndjson", ".edges[]") ==
        "jq -c '.edges[]' out/orders.ndjson > records.ndjson");
}

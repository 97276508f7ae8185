// FindJsonSyntaxError: the first byte that breaks JSON's grammar, and the fix.
#include "input/json_syntax.h"

#include <catch2/catch.hpp>
#include <string>

using retention::FindJsonSyntaxError;

namespace {

// "at N: message", or "ok".
std::string Check(const std::string& text) {
  const auto error = FindJsonSyntaxError(text);
  return error ? "at " + std::to_string(error->at) + ": " + error->message : "ok";
}

}  // namespace

TEST_CASE("well-formed values have no syntax error, whatever follows them") {
  for (const char* text :
       {"{}", "[]", " {\"a\": [1, -2.5e3, true, false, null, \"x\\\"\\\\\\u00e9\"], \"b\": {}}",
        "\"s\"", "0", "{\"a\":1} trailing", "[[[]]]"}) {
    INFO(text);
    CHECK(Check(text) == "ok");
  }
}

TEST_CASE("the first mistake is named at its byte, with the fix") {
  CHECK(Check("{\"a\":1 \"b\":2}") ==
        "at 7: expected ',' or '}' after the value of \"a\", found \"\"b\":2}\": a comma is "
        "missing before this key");
  CHECK(Check("{\"a\" 1}") ==
        "at 5: expected ':' after the key \"a\", found \"1}\"; write \"key\": value");
  CHECK(Check("{\"a\":1,}") == "at 7: a comma before '}' with no key after it; remove the comma");
  CHECK(Check("{1:2}") ==
        "at 1: expected a key in double quotes here, found \"1:2}\" (keys are written \"name\": "
        "value)");
  CHECK(Check("{\"a\":}") ==
        "at 5: expected the value of \"a\" here, found \"}\" (a string in quotes, a number, "
        "true, false or null)");
  CHECK(Check("{\"a\":[1}") ==
        "at 7: expected ',' or ']' in the list of \"a\", found \"}\": a '[' is closed by '}'");
  CHECK(Check("[1,,2]") == "at 3: a comma with no value after it; remove the comma");
  CHECK(Check("[1,]") == "at 3: a comma with no value after it before ']'; remove the comma");
  CHECK(Check("[,1]") == "at 1: a comma with no value before it; remove the comma");
  CHECK(Check("[1[2]]") ==
        "at 2: expected ',' or ']' in the list, found \"[2]]\": a comma may be missing");
  CHECK(Check("{\"a\":tru}") ==
        "at 5: the value of \"a\", tru, is no JSON value; write a plain number (12.5, -3, 1e5), "
        "true, false or null, or put it in quotes as text");
  CHECK(Check("[01]") ==
        "at 1: 01 is no JSON value; write a plain number (12.5, -3, 1e5), true, false or null, "
        "or put it in quotes as text");
  CHECK(Check("{\"a\":\"x\\qy\"}") == "at 7: \\q is no JSON escape; write \\\\ for a backslash");
  CHECK(Check("\"\\u12G4\"") ==
        "at 1: \\u takes four hex digits (\\u00e9); write \\\\ for a backslash");
  CHECK(Check("{\"a\":\"x\ny\"}") == "at 7: a line break inside a string; write it as \\n");
  CHECK(Check("\"a\tb\"") == "at 2: a control character inside a string; write it as \\u0009");
  CHECK(Check("{\"a\":\"x}") ==
        "at 5: the string that starts here is never closed (a '\"' is "
        "missing)");
  CHECK(Check("{\"a\":1") ==
        "at 6: expected ',' or '}' after the value of \"a\", found the end of the text: the "
        "object is not closed");
}

TEST_CASE("nesting deeper than JSON readers go is not judged") {
  CHECK(Check(std::string(5000, '[') + std::string(5000, ']')) == "ok");
  CHECK(Check(std::string(5000, '[')) == "ok");
}

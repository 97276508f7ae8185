#include "cli/print/text_format.h"

#include <fmt/format.h>

#include <algorithm>
#include <string_view>

namespace retention {

std::string GroupThousands(std::string plain) {
  size_t sign = !plain.empty() && (plain[0] == '-' || plain[0] == '+') ? 1 : 0;
  size_t dot = plain.find('.');
  if (dot == std::string::npos) dot = plain.size();
  for (ptrdiff_t i = static_cast<ptrdiff_t>(dot) - 3; i > static_cast<ptrdiff_t>(sign); i -= 3) {
    plain.insert(static_cast<size_t>(i), ",");
  }
  return plain;
}

std::string MoneyText(Money m) { return GroupThousands(FormatMoneyRounded(m, 2)); }
std::string MoneyText(const std::optional<Money>& m) { return m ? MoneyText(*m) : kNull; }

std::string Percent(const std::optional<double>& rate) {
  return rate ? fmt::format("{:.1f}%", *rate * 100) : kNull;
}

std::string Decimal(const std::optional<double>& value) {
  return value ? fmt::format("{:.2f}", *value) : kNull;
}

std::string WindowText(Window w) {
  static const char* names[] = {"day", "week", "month", "quarter", "year"};
  return fmt::format("{} {}{}", w.count, names[static_cast<int>(w.unit)], w.count == 1 ? "" : "s");
}

char UnitLetter(Unit unit) {
  switch (unit) {
    case Unit::kDay:
      return 'D';
    case Unit::kWeek:
      return 'W';
    case Unit::kMonth:
      return 'M';
    case Unit::kQuarter:
      return 'Q';
    case Unit::kYear:
      return 'Y';
  }
  return '?';
}

std::string JsonQuote(const std::string& s) {
  std::string out = "\"";
  for (unsigned char c : s) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        if (c < 0x20) {
          out += fmt::format("\\u{:04x}", c);
        } else {
          out.push_back(static_cast<char>(c));
        }
    }
  }
  return out + "\"";
}

std::string CsvCell(const std::string& text) {
  if (text.find_first_of(",\"\r\n") == std::string::npos) return text;
  std::string out = "\"";
  for (char c : text) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

std::string FormulaSafe(const std::string& text) {
  // The characters OWASP's advice on CSV injection lists.
  if (!text.empty() && std::string_view("=+-@\t\r").find(text[0]) != std::string_view::npos) {
    return "'" + text;
  }
  return text;
}

std::string CsvTextCell(const std::string& text) { return CsvCell(FormulaSafe(text)); }

std::string TextTable::Render(const std::string& indent) const {
  std::vector<size_t> width;
  for (const auto& row : rows_) {
    width.resize(std::max(width.size(), row.size()), 0);
    for (size_t i = 0; i < row.size(); ++i) width[i] = std::max(width[i], row[i].size());
  }
  std::string out;
  for (const auto& row : rows_) {
    std::string line = indent;
    for (size_t i = 0; i < row.size(); ++i) {
      if (i > 0) line += "  ";
      line += i == 0 ? fmt::format("{:<{}}", row[i], width[i])
                     : fmt::format("{:>{}}", row[i], width[i]);
    }
    while (!line.empty() && line.back() == ' ') line.pop_back();
    out += line + "\n";
  }
  return out;
}

}  // namespace retention

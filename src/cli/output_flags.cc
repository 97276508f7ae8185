#include "cli/output_flags.h"

#include <fmt/format.h>
#include <unistd.h>

#include <cctype>
#include <cstdio>

#include "cli/print/printers.h"
#include "retention/error.h"

namespace retention {

void AddOutputFlags(CLI::App* app, std::string* format, std::string* output) {
  app->add_option("--format", *format,
                  "table, json, csv or html (default: from the -o extension; table on a "
                  "terminal, json otherwise)")
      ->group("Output");
  app->add_option("-o,--output", *output,
                  "Write to this file instead of stdout, atomically (never half-written)")
      ->group("Output");
}

OutputFormat ChooseFormat(const std::string& format, const std::string& output) {
  if (format == "table") return OutputFormat::kTable;
  if (format == "json") return OutputFormat::kJson;
  if (format == "csv") return OutputFormat::kCsv;
  if (format == "html") return OutputFormat::kHtml;
  if (!format.empty()) {
    throw UsageError("--format takes table, json, csv or html; got \"" + format + "\"");
  }
  std::string lower = output;
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  auto ends_with = [&](const char* suffix) {
    std::string s(suffix);
    return lower.size() >= s.size() && lower.compare(lower.size() - s.size(), s.size(), s) == 0;
  };
  if (ends_with(".json")) return OutputFormat::kJson;
  if (ends_with(".csv")) return OutputFormat::kCsv;
  if (ends_with(".html") || ends_with(".htm")) return OutputFormat::kHtml;
  if (!output.empty()) return OutputFormat::kTable;
  return isatty(STDOUT_FILENO) ? OutputFormat::kTable : OutputFormat::kJson;
}

std::string PageTitle(const std::string& what, const std::vector<std::string>& files) {
  if (files.empty()) return what;
  std::string name = files.front() == "-" ? std::string("standard input") : files.front();
  size_t slash = name.find_last_of('/');
  if (slash != std::string::npos) name = name.substr(slash + 1);
  if (files.size() > 1) name += fmt::format(" and {} more", files.size() - 1);
  return what + ": " + name;
}

void WriteOutput(const std::string& path, const std::string& text) {
  if (!path.empty() && path != "-") {
    WriteFileAtomically(path, text);
    return;
  }
  if (std::fwrite(text.data(), 1, text.size(), stdout) != text.size() || std::fflush(stdout) != 0) {
    throw DataError(Location{"(standard output)", 0, 0}, "cannot write the report");
  }
}

}  // namespace retention

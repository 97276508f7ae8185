// The flags every command that writes a report shares: --format and -o,
// and how the text reaches its file or stdout.
#pragma once

#include <CLI/CLI.hpp>
#include <string>
#include <vector>

namespace retention {

enum class OutputFormat { kTable, kJson, kCsv, kHtml };

/// Registers --format and -o/--output on `app`.
void AddOutputFlags(CLI::App* app, std::string* format, std::string* output);

/// --format, else from the -o extension, else a table on a terminal and
/// JSON when piped.
OutputFormat ChooseFormat(const std::string& format, const std::string& output);

/// "Customer retention: orders.csv", the HTML page's title.
std::string PageTitle(const std::string& what, const std::vector<std::string>& files);

/// Writes `text` to `path` atomically, or to stdout when `path` is "" or "-".
void WriteOutput(const std::string& path, const std::string& text);

}  // namespace retention

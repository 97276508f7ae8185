// The flags every command that writes a report shares: --format and -o,
// and how the text reaches its file or stdout.
#pragma once

#include <CLI/CLI.hpp>
#include <functional>
#include <string>
#include <vector>

#include "cli/print/printers.h"

namespace retention {

enum class OutputFormat { kTable, kJson, kCsv, kHtml, kOpenMetrics, kTsv, kMarkdown, kNdjson };

/// Every format `report` (and `render`) writes.
extern const std::vector<OutputFormat> kReportFormats;

/// Registers --format (its help naming `formats`) and -o/--output on `app`.
void AddOutputFlags(CLI::App* app, std::string* format, std::string* output,
                    const std::vector<OutputFormat>& formats = {
                        OutputFormat::kTable, OutputFormat::kJson, OutputFormat::kCsv,
                        OutputFormat::kHtml});

/// Registers --title, the HTML page's title.
void AddTitleFlag(CLI::App* app, std::string* title);
/// UsageError for a --title the format has no place for (it names the
/// HTML page).
void CheckTitle(const std::string& title, OutputFormat format);

/// What `report` and `render` write: --format and -o for kReportFormats,
/// --columns and --title.
struct ReportOutputFlags {
  std::string format, output;
  std::vector<std::string> columns;
  std::string title;
};
void AddReportOutputFlags(CLI::App* app, ReportOutputFlags* flags);
/// ChooseFormat for kReportFormats, with CheckTitle.
OutputFormat ChooseReportFormat(const ReportOutputFlags& flags);

/// Registers --check-exit-code N: the exit code of a failed check (a
/// --fail-if gate, validate's errors), 1 by default.
void AddCheckExitCodeFlag(CLI::App* app, int* code);

/// --format, else from the -o extension, else a table on a terminal and
/// JSON when piped. UsageError for a format not in `allowed`, and for an -o
/// extension that names none of them (report.xlsx), listing the formats.
OutputFormat ChooseFormat(const std::string& format, const std::string& output,
                          const std::vector<OutputFormat>& allowed = {
                              OutputFormat::kTable, OutputFormat::kJson, OutputFormat::kCsv,
                              OutputFormat::kHtml});

/// The inputs as messages and titles name them: "standard input",
/// "data/jan.csv and 2 more files" (with `base_name`, "jan.csv and ...").
std::string NameInputs(const std::vector<std::string>& files, bool base_name = false);

/// "Customer retention: orders.csv", the HTML page's title.
std::string PageTitle(const std::string& what, const std::vector<std::string>& files);

/// Writes `text` to `path` atomically, or to stdout when `path` is "" or "-".
void WriteOutput(const std::string& path, const std::string& text);
/// The same for a text `produce` hands over piece by piece (see
/// WriteFileAtomically).
void WriteOutput(const std::string& path, const std::function<void(const TextSink&)>& produce);

}  // namespace retention

#include "cli/output_flags.h"

#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstdio>
#include <cstring>

#include "base/closest_name.h"
#include "cli/command.h"
#include "cli/notices.h"
#include "cli/print/printers.h"
#include "retention/error.h"

namespace retention {
namespace {
std::string FormatList(const std::vector<OutputFormat>& allowed, bool with_extensions);
std::string ExtensionList(const std::vector<OutputFormat>& allowed);
}  // namespace

const std::vector<OutputFormat> kReportFormats = {
    OutputFormat::kTable, OutputFormat::kJson,       OutputFormat::kCsv,
    OutputFormat::kTsv,   OutputFormat::kMarkdown,   OutputFormat::kNdjson,
    OutputFormat::kHtml,  OutputFormat::kOpenMetrics};

void AddOutputFlags(CLI::App* app, std::string* format, std::string* output,
                    const std::vector<OutputFormat>& formats) {
  app->add_option("--format", *format,
                  FormatList(formats, false) + " (default: from the -o extension: " +
                      ExtensionList(formats) + "; table on a terminal, json otherwise)")
      ->group("Output");
  app->add_option("-o,--output", *output,
                  "Write to this file instead of stdout, atomically (never half-written)")
      ->group("Output");
}

void AddReportOutputFlags(CLI::App* app, ReportOutputFlags* flags) {
  AddOutputFlags(app, &flags->format, &flags->output, kReportFormats);
  app->add_option("--columns", flags->columns,
                  "Write only these columns, in this order (names as in the CSV header), e.g. "
                  "--columns period,churn_rate,aov; in every format")
      ->delimiter(',')
      ->allow_extra_args(false)  // names by commas: a FILE after the list stays an input
      ->option_text("LIST")      // one value: CLI11 would show "TEXT ..." (several words)
      ->group("Output");
  AddTitleFlag(app, &flags->title);
}

void AddTitleFlag(CLI::App* app, std::string* title) {
  app->add_option("--title", *title, "The HTML page's title (default: from the input)")
      ->group("Output");
}

void CheckTitle(const std::string& title, OutputFormat format) {
  if (!title.empty() && format != OutputFormat::kHtml) {
    throw UsageError(
        "--title names the HTML page (--format html, or -o with .html); this run "
        "writes no page, so leave --title out");
  }
}

OutputFormat ChooseReportFormat(const ReportOutputFlags& flags) {
  const OutputFormat format = ChooseFormat(flags.format, flags.output, kReportFormats);
  CheckTitle(flags.title, format);
  return format;
}

void AddCheckExitCodeFlag(CLI::App* app, int* code) {
  // 0 would pass a failed check and 2 is the usage-error code: neither
  // could be told apart from what it already means. Above 125 the shell
  // reserves codes for itself.
  CLI::Validator not_usage(
      [](const std::string& text) {
        return text == "2" ? std::string("2 is the usage-error code; pick another, e.g. 3")
                           : std::string();
      },
      "", "not 2");
  app->add_option("--check-exit-code", *code,
                  "Exit with N (default 1) when a check fails, so scripts can tell a failed "
                  "check from a data problem (1) or a usage error (2); e.g. 3")
      ->type_name("N")
      ->check(CLI::Range(1, 125) & not_usage)
      ->group("Output");
}

namespace {

// Every output format: its --format names (the first is the one help and
// messages use) and the -o extensions that choose it. A new format is one
// more row here and a printer.
struct FormatInfo {
  OutputFormat format;
  std::vector<const char*> names;
  std::vector<const char*> extensions;
};

const std::vector<FormatInfo>& Formats() {
  static const std::vector<FormatInfo> formats = {
      {OutputFormat::kTable, {"table", "text"}, {".txt"}},
      {OutputFormat::kJson, {"json"}, {".json"}},
      {OutputFormat::kNdjson, {"ndjson", "jsonl"}, {".ndjson", ".jsonl"}},
      {OutputFormat::kCsv, {"csv"}, {".csv"}},
      {OutputFormat::kTsv, {"tsv"}, {".tsv", ".tab"}},
      {OutputFormat::kMarkdown, {"markdown", "md"}, {".md", ".markdown"}},
      {OutputFormat::kHtml, {"html"}, {".html", ".htm"}},
      {OutputFormat::kOpenMetrics, {"openmetrics", "prometheus"}, {".prom"}},
  };
  return formats;
}

std::string Lower(std::string text) {
  for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

// ".xlsx" for "out/kpi.XLSX"; "" when the file name has no extension (a
// leading dot, as in ".hidden", is not one).
std::string Extension(const std::string& path) {
  size_t slash = path.find_last_of('/');
  std::string name = slash == std::string::npos ? path : path.substr(slash + 1);
  size_t dot = name.find_last_of('.');
  if (dot == std::string::npos || dot == 0) return "";
  return Lower(name.substr(dot));
}

// `--format json -o kpi.csv` writes JSON, as asked; a cron job's next step
// would read the name. Said on stderr (a table into .txt or a file
// without an extension is no mismatch).
void WarnIfNamedForAnother(const FormatInfo& chosen, const std::string& output) {
  const std::string extension = Extension(output);
  for (const FormatInfo& info : Formats()) {
    if (info.format == chosen.format || info.format == OutputFormat::kTable) continue;
    for (const char* e : info.extensions) {
      if (extension != e) continue;
      Notice("warning: -o " + EscapeControls(output) + " is written as " + chosen.names.front() +
             ", as --format says, though its name says " + info.names.front() + "; name it " +
             chosen.extensions.front() + " or drop --format");
      return;
    }
  }
}

// "table (.txt), json (.json)" for the formats a command writes.
std::string FormatList(const std::vector<OutputFormat>& allowed, bool with_extensions) {
  std::string out;
  for (const FormatInfo& info : Formats()) {
    if (std::find(allowed.begin(), allowed.end(), info.format) == allowed.end()) continue;
    if (!out.empty()) out += ", ";
    out += info.names.front();
    if (!with_extensions) continue;
    std::string extensions;
    for (const char* e : info.extensions)
      extensions += (extensions.empty() ? "" : ", ") + std::string(e);
    out += " (" + extensions + ")";
  }
  return out;
}

// ".txt, .json, .csv" for help.
std::string ExtensionList(const std::vector<OutputFormat>& allowed) {
  std::string out;
  for (const FormatInfo& info : Formats()) {
    if (std::find(allowed.begin(), allowed.end(), info.format) == allowed.end()) continue;
    out += (out.empty() ? "" : ", ") + std::string(info.extensions.front());
  }
  return out;
}

}  // namespace

OutputFormat ChooseFormat(const std::string& format, const std::string& output,
                          const std::vector<OutputFormat>& allowed) {
  auto is_allowed = [&](OutputFormat f) {
    return std::find(allowed.begin(), allowed.end(), f) != allowed.end();
  };
  if (!format.empty()) {
    std::vector<std::string> names;
    for (const FormatInfo& info : Formats()) {
      for (const char* name : info.names) {
        if (format == name && is_allowed(info.format)) {
          WarnIfNamedForAnother(info, output);
          return info.format;
        }
        if (is_allowed(info.format)) names.push_back(name);
      }
    }
    throw UsageError("--format takes " + FormatList(allowed, false) + "; got \"" + format + "\"" +
                     DidYouMean(format, names));
  }
  std::string extension = Extension(output);
  if (!extension.empty()) {
    for (const FormatInfo& info : Formats()) {
      for (const char* e : info.extensions) {
        if (extension == e && is_allowed(info.format)) return info.format;
      }
    }
    // Writing a table into report.xlsx would make a file its program
    // cannot open: refuse before anything is read.
    throw UsageError("-o " + output + ": cannot write " + extension + " files; the formats are " +
                     FormatList(allowed, true) + " (or name one with --format)");
  }
  if (!output.empty()) return OutputFormat::kTable;
  return isatty(STDOUT_FILENO) ? OutputFormat::kTable : OutputFormat::kJson;
}

std::string NameInputs(const std::vector<std::string>& files, bool base_name) {
  if (files.empty()) return "standard input";
  std::string name = files.front() == "-" ? std::string("standard input") : files.front();
  size_t slash = name.find_last_of('/');
  if (base_name && files.front() != "-" && slash != std::string::npos)
    name = name.substr(slash + 1);
  if (files.size() > 1) {
    name += fmt::format(" and {} more file{}", files.size() - 1, files.size() == 2 ? "" : "s");
  }
  return name;
}

std::string PageTitle(const std::string& what, const std::vector<std::string>& files) {
  if (files.empty()) return what;
  return what + ": " + NameInputs(files, true);
}

void WriteOutput(const std::string& path, const std::string& text) {
  WriteOutput(path, [&text](const TextSink& sink) { sink(text); });
}

void WriteOutput(const std::string& path, const std::function<void(const TextSink&)>& produce) {
  if (!path.empty() && path != "-") {
    WriteFileAtomically(path, produce);
    return;
  }
  bool failed = false;
  int error = 0;  // the first failed write's errno, if it set one
  produce([&](std::string_view piece) {
    if (!failed && std::fwrite(piece.data(), 1, piece.size(), stdout) != piece.size()) {
      failed = true;
      error = errno;
    }
  });
  if (!failed && std::fflush(stdout) != 0) {
    failed = true;
    error = errno;
  }
  if (failed) {
    throw DataError(Location{"(standard output)", 0, 0},
                    std::string("cannot write the output: ") + std::strerror(error ? error : EIO));
  }
}

}  // namespace retention

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "cli/print/printers.h"
#include "retention/error.h"

namespace retention {

std::string FormatValidationText(const ValidationReport& report, size_t files) {
  std::string out;
  // Findings quote the input: no control byte of it may reach the terminal.
  for (const Diagnostic& d : report.diagnostics) out += EscapeControls(d.ToString()) + "\n";
  for (const Unlisted& u : report.unlisted) {
    out += fmt::format("... and {} more {} {}{}\n", u.count, CheckName(u.check),
                       SeverityName(u.severity), u.count == 1 ? "" : "s");
  }
  // Stopped early, later files may not have been read at all.
  out += fmt::format(
      "{} row{} read from {} file{}{}{}: {} with problems, {} error{}, {} warning{}{}\n",
      report.rows, report.rows == 1 ? "" : "s", files, files == 1 ? "" : "s",
      report.stopped_early ? " given" : "",
      report.unreadable_files == 0 ? ""
      : static_cast<size_t>(report.unreadable_files) == files
          ? (files == 1 ? ", which could not be read" : ", none of which could be read")
          : fmt::format(" ({} could not be read)", report.unreadable_files),
      report.rows_with_problems, report.errors, report.errors == 1 ? "" : "s", report.warnings,
      report.warnings == 1 ? "" : "s",
      !report.stopped_early ? ""
      : report.stopped_by == Severity::kWarning
          ? " (stopped early at --max-warnings: the rest was not checked)"
          : " (stopped early at --max-errors: the rest was not checked)");
  return out;
}

std::string FormatValidationJson(const ValidationReport& report, size_t files) {
  nlohmann::ordered_json doc;
  doc["schema_version"] = 1;
  // Stopped early, the rest of the input was not checked: not valid.
  doc["valid"] = report.errors == 0 && !report.stopped_early;
  doc["files"] = files;
  doc["rows"] = report.rows;
  doc["rows_with_problems"] = report.rows_with_problems;
  doc["errors"] = report.errors;
  doc["warnings"] = report.warnings;
  doc["stopped_early"] = report.stopped_early;
  doc["unreadable_files"] = report.unreadable_files;
  doc["diagnostics"] = nlohmann::ordered_json::array();
  for (const Diagnostic& d : report.diagnostics) {
    nlohmann::ordered_json item;
    item["severity"] = SeverityName(d.severity);
    item["check"] = CheckName(d.check);
    // JSON escapes C0 controls but not C1 ones or invalid UTF-8.
    // A finding about all the input (no order by --as-of) has no file.
    item["file"] = d.where.file.empty() ? nlohmann::ordered_json(nullptr)
                                        : nlohmann::ordered_json(EscapeControls(d.where.file));
    // A finding about a whole file has no line: null, not a line 0.
    item["line"] = d.where.line > 0 ? nlohmann::ordered_json(d.where.line) : nullptr;
    item["column"] = d.where.column > 0 ? nlohmann::ordered_json(d.where.column) : nullptr;
    item["message"] = EscapeControls(d.message);
    doc["diagnostics"].push_back(item);
  }
  doc["unlisted"] = nlohmann::ordered_json::array();
  for (const Unlisted& u : report.unlisted) {
    nlohmann::ordered_json item;
    item["check"] = CheckName(u.check);
    item["severity"] = SeverityName(u.severity);
    item["count"] = u.count;
    doc["unlisted"].push_back(item);
  }
  // Invalid UTF-8 in a message (it quotes the input) must not abort.
  return doc.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

}  // namespace retention

// `retention validate`: its flags, and the findings as text or JSON.
#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "cli/by_segment.h"
#include "cli/command.h"
#include "cli/input_flags.h"
#include "cli/notices.h"
#include "cli/output_flags.h"
#include "cli/print/printers.h"
#include "retention/error.h"
#include "retention/load.h"
#include "retention/validate.h"

namespace retention {
namespace {

struct ValidateFlags {
  InputFlags input;
  std::string by;
  std::string as_of;
  int64_t max_errors = 0;
  int64_t max_warnings = 0;
  std::string format, output;
  int check_exit_code = kExitData;
};

int RunValidate(const ValidateFlags& f) {
  // Before anything is read: -o must not replace an input.
  CheckOutputPath(f.output, f.input.files);
  ValidateOptions options;
  options.load = ToLoadOptions(f.input);
  options.load.columns.segment = f.by;
  options.as_of = ParseAsOf(f.as_of);
  if (f.max_errors < 0) throw UsageError("--max-errors takes a number of errors, 0 for no limit");
  options.max_errors = f.max_errors;
  if (f.max_warnings < 0) {
    throw UsageError("--max-warnings takes a number of warnings, 0 for no limit");
  }
  options.max_warnings = f.max_warnings;
  // Findings are for people first: a table unless JSON is asked for (by
  // --format or -o findings.json), piped or not.
  OutputFormat format = ChooseFormat(f.format.empty() && f.output.empty() ? "table" : f.format,
                                     f.output, {OutputFormat::kTable, OutputFormat::kJson});
  ValidationReport report = ValidateOrders(f.input.files, options);
  NoteRowsLeftOut(report.rows_left_out, report.first_row_left_out);
  NoteSharedEmails(report.shared_emails);
  std::string text = format == OutputFormat::kJson
                         ? FormatValidationJson(report, f.input.files.size())
                         : FormatValidationText(report, f.input.files.size());
  WriteOutput(f.output, text);
  // A file that could not be read was not checked: a data problem (1),
  // which a script must not take for a failed check.
  if (report.unreadable_files > 0) return kExitData;
  if (report.errors > 0) return f.check_exit_code;
  // Stopped at --max-warnings, the rest of the input was not checked for
  // errors: not a pass, and not a failed check either.
  if (report.stopped_early) {
    Notice(fmt::format(
        "warning: validate stopped at --max-warnings {} before the end of the input, so the "
        "rest was not checked for errors; raise --max-warnings, or leave it out to check "
        "everything",
        f.max_warnings));
    return kExitData;
  }
  return kExitOk;
}

}  // namespace

Command AddValidateCommand(CLI::App* parent) {
  auto flags = std::make_shared<ValidateFlags>();
  ValidateFlags& validate_flags = *flags;
  CLI::App* validate = parent->add_subcommand(
      "validate", "Check order files and list every problem, without computing reports.");
  AddInputFlags(validate, &validate_flags.input);
  validate
      ->add_option(
          "--as-of", validate_flags.as_of,
          "Orders dated after this day are warnings, left out as report --as-of leaves them; "
          "none on or before it is an error (default: today in the local time zone, TZ)")
      ->group("Checks");
  validate
      ->add_option("--by", validate_flags.by,
                   "The column reports will be split by: checked to exist, and when it is the "
                   "currency column, mixed currencies are allowed")
      ->group("Checks");
  validate
      ->add_option("--max-errors", validate_flags.max_errors,
                   "Stop after this many errors (default 0: check everything)")
      ->group("Checks");
  validate
      ->add_option("--max-warnings", validate_flags.max_warnings,
                   "Stop at a warning past this many (default 0: check everything); "
                   "stopped before any error, the run is not valid and exits 1")
      ->group("Checks");
  validate
      ->add_option("--format", validate_flags.format,
                   "table (default; also text) or json (default with -o *.json)")
      ->group("Output");
  validate
      ->add_option("-o,--output", validate_flags.output,
                   "Write the findings to this file instead of stdout, atomically")
      ->group("Output");
  AddCheckExitCodeFlag(validate, &validate_flags.check_exit_code);
  validate->footer(
      "Prints each problem as file:line:column: error|warning: message, then a summary.\n"
      "Of each kind of problem the first 10 errors and 10 warnings are listed (up to\n"
      "--max-errors / --max-warnings when higher), the rest counted: \"... and N more\n"
      "duplicate-row warnings\".\n"
      "Errors found are a failed check: exit 1, or --check-exit-code; warnings alone\n"
      "pass. --strict makes warnings errors.\n"
      "\n"
      "Examples:\n"
      "  retention validate data/orders.csv\n"
      "  retention validate exports/*.csv.gz --strict --format json > findings.json\n"
      "  retention validate orders.csv --max-errors 20 --date-format '%d.%m.%Y'\n"
      "\n" +
      std::string(kExitCodesHelp));
  return Command{validate, [flags] {
                   StdinWhenNoFiles(&flags->input, true);
                   return RunValidate(*flags);
                 }};
}

}  // namespace retention

// What each command file gives main.cc: its subcommand, registered with
// its flags, and how to run it once the command line is parsed. main.cc
// only dispatches and turns errors into exit codes.
#pragma once

#include <CLI/CLI.hpp>
#include <functional>
#include <string>
#include <vector>

namespace retention {

/// Exit codes, the same for every command.
constexpr int kExitOk = 0;
constexpr int kExitData = 1;   ///< the data cannot be used, or a check failed
constexpr int kExitUsage = 2;  ///< the command line is wrong

/// The usage error of --amount-col given with --quantity-col/--price-col,
/// the same for report and sql.
constexpr const char* kAmountOrProduct =
    "--amount-col, or --quantity-col and --price-col (amount = quantity x price): give one "
    "of them, not both";

/// The exit codes as every command's --help states them, so a CI pipeline
/// can tell a broken export from a figure that crossed a line.
constexpr const char* kExitCodesHelp =
    "Exit codes: 0 ok; 1 a data problem (unreadable file, bad value, missing\n"
    "column) or a failed check (--fail-if holds, validate found errors); 2 a usage\n"
    "error. With --check-exit-code N (report, validate, render) a failed check\n"
    "exits N instead of 1. diff exits 1 when the outputs differ.";
/// The same for a command that makes no check (cohorts).
constexpr const char* kExitCodesHelpNoChecks =
    "Exit codes: 0 ok; 1 a data problem (unreadable file, bad value, missing\n"
    "column); 2 a usage error.";

struct Command {
  CLI::App* app = nullptr;
  /// Runs the command with the parsed flags; returns the exit code. Throws
  /// UsageError or DataError, which main.cc reports.
  std::function<int()> run;
};

/// `retention report`: every figure for a period or a series.
Command AddReportCommand(CLI::App* parent);
/// `retention cohorts`: acquisition cohorts.
Command AddCohortsCommand(CLI::App* parent);
/// `retention validate`: every problem of the input, without a report.
Command AddValidateCommand(CLI::App* parent);
/// `retention clv`: predictive CLV (BG/NBD and Gamma-Gamma).
Command AddClvCommand(CLI::App* parent);

/// `retention help [COMMAND]`: --help by another name.
Command AddHelpCommand(CLI::App* parent);

/// The names of the visible commands of `app`.
std::vector<std::string> CommandNames(const CLI::App* app);
/// "unknown command 'cohort'; did you mean 'cohorts'?", or the list of
/// commands when none is close.
std::string UnknownCommandMessage(const CLI::App* app, const std::string& word);

/// `retention diff`: two report outputs or histories compared.
Command AddDiffCommand(CLI::App* parent);

/// `retention sql report` and `sql cohorts`: the figures as one SQL query.
Command AddSqlCommand(CLI::App* parent);

/// `retention render`: a report's CSV presented as report would.
Command AddRenderCommand(CLI::App* parent);

}  // namespace retention

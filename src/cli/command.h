// What each command file gives main.cc: its subcommand, registered with
// its flags, and how to run it once the command line is parsed. main.cc
// only dispatches and turns errors into exit codes.
#pragma once

#include <CLI/CLI.hpp>
#include <functional>

namespace retention {

/// Exit codes, the same for every command.
constexpr int kExitOk = 0;
constexpr int kExitData = 1;   ///< the data cannot be used, or a check failed
constexpr int kExitUsage = 2;  ///< the command line is wrong

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
/// `retention sql report`: the report's figures as one SQL query.
Command AddSqlCommand(CLI::App* parent);

}  // namespace retention

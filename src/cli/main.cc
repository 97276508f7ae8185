// The retention command line: each command registers its flags (one file
// per command, *_command.cc); main parses, dispatches, and is the only
// place that turns errors into exit codes: 0 ok, 1 data problem or failed
// check, 2 usage error.
#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <csignal>
#include <cstdio>
#include <new>
#include <vector>

#include "cli/command.h"
#include "retention/error.h"

namespace retention {
namespace {

int Main(int argc, char** argv) {
  CLI::App app{"retention: churn, retention, repeat rate, AOV and CLV from order data."};
  app.set_version_flag("--version", std::string("retention ") + RETENTION_VERSION);
  app.require_subcommand(1);
  app.failure_message([](const CLI::App*, const CLI::Error& e) {
    return "retention: " + std::string(e.what()) +
           "\nRun 'retention --help' or 'retention COMMAND --help' for usage.\n";
  });
  app.footer(
      "Run 'retention COMMAND --help' (report, cohorts, validate, sql) for their options.\n"
      "Exit codes: 0 ok, 1 data problem, 2 usage error.");

  std::vector<Command> commands = {AddReportCommand(&app), AddCohortsCommand(&app),
                                   AddValidateCommand(&app), AddSqlCommand(&app)};

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int code = app.exit(e);
    return code == 0 ? kExitOk : kExitUsage;
  }
  try {
    for (const Command& command : commands) {
      if (command.app->parsed()) return command.run();
    }
    return kExitUsage;
  } catch (const UsageError& e) {
    // Messages quote the input and the command line: escaped once more
    // here, so no control byte reaches the terminal whatever the source.
    fmt::print(stderr, "retention: {}\n", EscapeControls(e.what()));
    return kExitUsage;
  } catch (const DataError& e) {
    fmt::print(stderr, "{}\n", EscapeControls(e.what()));
    return kExitData;
  } catch (const std::bad_alloc&) {
    fmt::print(stderr, "retention: out of memory\n");
    return kExitData;
  }
}

}  // namespace
}  // namespace retention

int main(int argc, char** argv) {
  // A file-size limit must fail the write (and remove the temporary file),
  // not kill the process and leave a partial file behind.
  std::signal(SIGXFSZ, SIG_IGN);
  return retention::Main(argc, argv);
}

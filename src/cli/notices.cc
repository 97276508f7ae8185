#include "cli/notices.h"

#include <cstdio>

#include "cli/progress_line.h"
#include "retention/error.h"

namespace retention {
namespace {

// One process, one command line: the flag is set once, before any notice.
bool quiet_notices = false;

}  // namespace

void SetQuiet(bool quiet) { quiet_notices = quiet; }

void AddQuietFlag(CLI::App* app) {
  app->add_flag_function(
         "-q,--quiet", [](int64_t) { SetQuiet(true); },
         "No notes on stderr (warnings and errors are still printed)")
      ->group("Messages");
}

bool Quiet() { return quiet_notices; }

void Notice(const std::string& line) {
  // A warning is news a cron job must mail (a figure counted twice, a
  // month of zeros): -q silences the chatter, never that.
  if (quiet_notices && line.rfind("warning:", 0) != 0) return;
  ClearProgressLine();
  // Notes quote file names and values: no control byte reaches the terminal.
  std::fprintf(stderr, "%s\n", EscapeControls(line).c_str());
}

void PrintError(std::string_view text) {
  if (std::fwrite(text.data(), 1, text.size(), stderr) != text.size()) clearerr(stderr);
}

}  // namespace retention

#include "cli/notices.h"

#include <cstdio>

#include "cli/progress_line.h"

namespace retention {
namespace {

// One process, one command line: the flag is set once, before any notice.
bool quiet_notices = false;

}  // namespace

void SetQuiet(bool quiet) { quiet_notices = quiet; }

bool Quiet() { return quiet_notices; }

void Notice(const std::string& line) {
  if (quiet_notices) return;
  ClearProgressLine();
  std::fprintf(stderr, "%s\n", line.c_str());
}

}  // namespace retention

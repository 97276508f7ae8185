#include "cli/notices.h"

#include <cstdio>

namespace retention {
namespace {

// One process, one command line: the flag is set once, before any notice.
bool quiet_notices = false;

}  // namespace

void SetQuiet(bool quiet) { quiet_notices = quiet; }

void Notice(const std::string& line) {
  if (quiet_notices) return;
  std::fprintf(stderr, "%s\n", line.c_str());
}

}  // namespace retention

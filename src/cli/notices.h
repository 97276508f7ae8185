// Notes and warnings on stderr ("note: ...", "warning: ..."), which --quiet
// silences. Errors are not notices: main.cc prints them whatever --quiet.
#pragma once

#include <CLI/CLI.hpp>
#include <string>

namespace retention {

/// --quiet: from now on, Notice prints nothing.
void SetQuiet(bool quiet);

/// Registers -q/--quiet on `app` (every command has it).
void AddQuietFlag(CLI::App* app);

/// Whether --quiet was given.
bool Quiet();

/// Prints `line` and a newline on stderr, unless --quiet.
void Notice(const std::string& line);

}  // namespace retention

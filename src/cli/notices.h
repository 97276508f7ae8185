// Notes and warnings on stderr ("note: ...", "warning: ..."); --quiet
// silences the notes. Errors are not notices: main.cc prints them whatever
// --quiet.
#pragma once

#include <CLI/CLI.hpp>
#include <string>
#include <string_view>

namespace retention {

/// --quiet: from now on, Notice prints warnings only.
void SetQuiet(bool quiet);

/// Registers -q/--quiet on `app` (every command has it).
void AddQuietFlag(CLI::App* app);

/// Whether --quiet was given.
bool Quiet();

/// Prints `line` and a newline on stderr, unless --quiet and it is no
/// warning (it does not start "warning:").
void Notice(const std::string& line);

/// Prints `text` on stderr as it is. A write that fails (stderr closed or
/// full) is let go: an error still ends in its exit code, not an abort.
void PrintError(std::string_view text);

}  // namespace retention

// The man page and shell completions, written from the CLI11 definitions
// of the commands and flags, so they never drift from --help.
#pragma once

#include <CLI/CLI.hpp>
#include <string>

namespace retention {

/// "man" (roff for man(1)), "bash", "zsh" or "fish" for `app` and its
/// visible commands. Throws UsageError for another kind.
std::string GenerateDocs(const CLI::App& app, const std::string& kind);

}  // namespace retention

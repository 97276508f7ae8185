// The progress line on stderr for long loads ("reading orders.csv: 41% of
// 1.0 GB, 2.3M rows/s, about 12 s left"): drawn only when stderr is a
// terminal, only once loading has taken about a second, and erased before
// anything else is printed, so logs and pipes never see it.
#pragma once

#include <functional>
#include <string>

#include "retention/load.h"

namespace retention {

/// A LoadOptions::progress that draws the line: empty (no display) when
/// stderr is not a terminal, under --quiet, or when TERM is "dumb".
std::function<void(const LoadProgress&)> ProgressLineOrNone(bool quiet);

/// Erases the line if it is shown; call before printing to the terminal.
void ClearProgressLine();

/// The line's text for `p`, `seconds` after loading began and
/// `file_seconds` after the current file was opened (its pace gives the
/// time left).
std::string FormatProgress(const LoadProgress& p, double seconds, double file_seconds);

/// "512 B", "1.5 kB", "412 MB", "1.0 GB": decimal units, as file managers show.
std::string FormatBytes(uint64_t bytes);

}  // namespace retention

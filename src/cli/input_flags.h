// The flags every command that reads order files shares, and what they
// become: LoadOptions for the library, the as-of day, notes on stderr about
// rows the figures leave out.
#pragma once

#include <CLI/CLI.hpp>
#include <cstdint>
#include <string>
#include <vector>

#include "retention/dates.h"
#include "retention/load.h"
#include "retention/orders.h"

namespace retention {

// Options shared by every subcommand that reads order files.
struct InputFlags {
  std::vector<std::string> files;
  std::string input_format = "auto";
  ColumnMapping columns;
  std::string date_format;
  std::string delimiter;
  bool no_header = false;
  std::string time_zone = "UTC";
  bool strict = false;
  int threads = 0;
  int64_t max_line_length = int64_t{1} << 20;
};

/// Registers FILE... and the "Input" group of flags on `app`.
void AddInputFlags(CLI::App* app, InputFlags* f, bool files_required = true);

/// The flags as the loader's options; UsageError when they contradict.
LoadOptions ToLoadOptions(const InputFlags& f);

/// --as-of as a day; today in `zone` when empty.
CivilDate ParseAsOf(const std::string& text, const TimeZone& zone);

/// Warns on stderr about rows left out of every figure (no customer id).
void WarnAboutInput(const OrderTable& table);

/// Notes on stderr how many amounts are dated after --as-of (left out).
void NoteRowsAfter(const OrderTable& table, CivilDate as_of);

}  // namespace retention

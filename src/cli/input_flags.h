// The flags every command that reads order files shares, and what they
// become: LoadOptions for the library, the as-of day, notes on stderr about
// rows the figures leave out.
#pragma once

#include <CLI/CLI.hpp>
#include <cstdint>
#include <optional>
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
  std::string layout;
  ColumnMapping columns;
  std::string date_format;
  std::string decimal_separator, thousands_separator;
  std::string delimiter;
  bool no_header = false;
  std::string time_zone = "UTC";
  bool strict = false;
  int threads = 0;
  int64_t max_line_length = int64_t{1} << 20;
  /// For a postgresql:// FILE: the table, or a SELECT.
  std::string table, query;
};

/// Registers FILE... and the "Input" group of flags on `app`.
void AddInputFlags(CLI::App* app, InputFlags* f, bool files_required = true);

/// With no FILE named and stdin a pipe or a redirected file (not a
/// terminal, not /dev/null), reads stdin: `cat f | retention report`.
/// UsageError when files are `required` and there are none either way.
void StdinWhenNoFiles(InputFlags* f, bool required);
/// Standard input is a pipe, a redirected file or a socket: something to
/// read when no file is named (a terminal would wait for typing, and
/// /dev/null, as in cron and CI, holds nothing).
bool StdinIsPiped();

/// The flags as the loader's options; UsageError when they contradict.
LoadOptions ToLoadOptions(const InputFlags& f);

/// For a fraction flag (--margin, --discount-rate): "30%" reads as 0.3,
/// as people write margins and rates.
CLI::Validator PercentAsFraction();

/// Throws UsageError when two of `files` are one file: the same name, two
/// spellings or links of it, or a file and the stdin ("-") redirected from
/// it; or a copy of one of them (the same bytes, more than a header: with
/// `header` the files start with one). ToLoadOptions checks the order
/// files; report adds its subscriptions files.
void RefuseRepeatedFiles(const std::vector<std::string>& files, bool header = true);

/// Now, in seconds since the epoch; RETENTION_NOW (an ISO timestamp with
/// an offset) fakes it for tests.
int64_t NowUtc();

/// --as-of as a day; when empty, today in the local time zone: TZ from the
/// environment (a zone name, an offset or a POSIX rule like UTC0), else
/// the system's (/etc/localtime). Not --tz: a cron job's "last month"
/// follows the clock on the wall where it runs, order times follow the
/// reporting zone.
CivilDate ParseAsOf(const std::string& text);

/// Warns on stderr about rows left out of every figure (no customer id).
void WarnAboutInput(const OrderTable& table);

/// Input of no order at all (a header alone, the usual sign of a broken
/// export) is an error unless `has_range`, the run naming its periods
/// (the error says how: `range` is "a period with --period"): then a
/// warning, so a cron job never publishes a month of zeros in silence;
/// --strict makes it an error too. Throws DataError naming the files.
void RequireSomeOrders(const OrderTable& table, const InputFlags& input, bool has_range,
                       std::string_view range);

/// The note on rows a layout's rules left out, when there are any:
/// LoadStats::rows_left_out counts the rows holding their status (an
/// order's further lines have none).
void NoteRowsLeftOut(int64_t rows, const Location& first);

/// The note that e-mails are more than one customer's, and what to do.
void NoteSharedEmails(const SharedEmails& shared);

/// Notes on stderr how many amounts are dated after --as-of (left out);
/// returns the day of the last order known on --as-of (none: no order
/// is; a refund is no order, and an export whose last row is one may still
/// have stopped at an earlier order).
std::optional<CivilDate> NoteRowsAfter(const OrderTable& table, CivilDate as_of);

}  // namespace retention

// `--append HISTORY`: reading a history file, merging a run into it and
// replacing it atomically, under a lock so concurrent runs queue up.
#pragma once

#include <string>
#include <vector>

#include "retention/history.h"

namespace retention {

/// Reads a snapshot or history file (CSV, JSON or NDJSON, from its name or
/// content). Throws DataError when it cannot be read or parsed.
Snapshot ReadSnapshotFile(const std::string& path);

/// One line per setting that differs: "window: the history has 3m, this
/// run 1m"; empty when the settings agree. `had_name` names the older side.
std::string DescribeSettingDifferences(const std::vector<SettingDifference>& differences,
                                       const std::string& had_name, const std::string& now_name);

/// The column a run's segments come from (--by): its name in the input, as
/// the run records it (LoadStats::segment_column), its position there (from
/// 1; 0 when unknown) and --by as given.
struct RunSegmentColumn {
  std::string name;
  int number = 0;
  std::string given;
};

/// Merges `run` (a report output in `path`'s format, as text) into the
/// history at `path`, created when missing. Holds an exclusive lock on
/// `path`.lock from reading to replacing, and replaces the file with
/// WriteFileAtomically, so a crash leaves the old or the new history and
/// concurrent runs each see the other's rows. Throws UsageError when the
/// history was computed with other settings (--by and --top included) or
/// has other columns, naming the difference; DataError when it cannot be
/// read or written. A history an older version wrote records no --by and
/// --top: the run is merged, its columns added, and `notes` (when given)
/// says they could not be checked. An older version recorded --by as it was
/// given: a history whose segment_column is the number of `segment_column`
/// in the input, or the --by given now, takes the run, and `notes` says
/// what it recorded.
UpsertResult AppendToHistory(const std::string& path, const std::string& run_text,
                             std::vector<std::string>* notes = nullptr,
                             const RunSegmentColumn* segment_column = nullptr);

}  // namespace retention

// Report printers. Each returns the whole text; the caller writes it.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "retention/compare.h"
#include "retention/definitions.h"
#include "retention/metrics.h"
#include "retention/validate.h"

namespace retention {

/// Facts about the run that the printers mention beside the figures.
struct ReportInfo {
  ReportInfo() = default;
  ReportInfo(CivilDate as_of_day, std::string zone)
      : as_of(as_of_day), time_zone(std::move(zone)) {}

  /// The day partial periods are judged against.
  CivilDate as_of;
  /// The reporting time zone's name.
  std::string time_zone = "UTC";
  /// Figures are split by segment (--by): every record names its segment,
  /// or null for the all-customers total.
  bool segmented = false;
  /// The column segments come from, for headings.
  std::string segment_column;
  /// How the figures were computed and from what. Set by the command
  /// line for every output; JSON and CSV carry it, pages show it in the
  /// footer. Unset (tests of layout alone): left out.
  std::optional<Definitions> definitions;
  /// Per record, the day it was computed as of, when records differ (a
  /// history's rows, rendered): written in each record, and named beside
  /// a partial one. Empty: `as_of` is every record's.
  std::vector<std::string> row_as_of;
  /// --compare: what each record is compared with, and the figures it is
  /// compared with, one per record in the same order.
  std::optional<CompareWith> compare;
  std::vector<PeriodMetrics> compared;
  /// --columns: the columns to write, in this order; empty for all.
  std::vector<std::string> columns;
  /// The currency the input names (its currency column), shown beside
  /// money on the page; empty when it names none.
  std::string currency;
  /// --title: the HTML page's title; empty for one naming the input.
  std::string title;
};

/// For people: counts, rates as percentages, money with two decimals. One
/// period prints as a list of figures; a series as one row per period.
/// Notes explain partial periods and retention above 100%.
std::string FormatTable(const std::vector<PeriodMetrics>& periods, const ReportInfo& info);

/// `{"schema_version": 1, "periods": [...]}`: every figure under its
/// contract name, rates as fractions, money as exact decimal numbers,
/// undefined values as null.
std::string FormatJson(const std::vector<PeriodMetrics>& periods, const ReportInfo& info);

/// A header and one row per period, the same columns as the JSON; empty
/// cells for undefined values. With definitions, DefinitionColumns follow.
std::string FormatCsv(const std::vector<PeriodMetrics>& periods, const ReportInfo& info);

/// The CSV's columns separated by tabs, no quoting: a tab, line break or
/// backslash inside a value is written \t, \n, \r or \\ (the escapes
/// PostgreSQL's COPY and Miller read).
std::string FormatTsv(const std::vector<PeriodMetrics>& periods, const ReportInfo& info);

/// A GitHub-flavoured Markdown table of the figures (the CSV's values,
/// without the definitions columns unless --columns names them); numbers
/// right-aligned, `|` in a value escaped.
std::string FormatMarkdown(const std::vector<PeriodMetrics>& periods, const ReportInfo& info);

/// One JSON object per record and line, with the CSV's columns: the shape
/// log pipelines and `jq -c` expect.
std::string FormatNdjson(const std::vector<PeriodMetrics>& periods, const ReportInfo& info);

/// Every figure as a gauge in the Prometheus text format (OpenMetrics
/// compatible, ending in "# EOF"): `retention_churn_rate{period="2024-06",
/// segment="",window="1m"} 0.25`. Null figures have no sample; labels are
/// escaped; with definitions, a `retention_info` gauge names the version,
/// time zone and as-of day.
std::string FormatOpenMetrics(const std::vector<PeriodMetrics>& periods, const ReportInfo& info);

/// The column names of FormatCsv, in order (also the JSON field order);
/// "segment" comes first when `segmented`.
std::vector<std::string> ReportFieldNames(bool segmented);

/// Validation findings as `file:line:column: error: message` lines and a
/// summary line.
std::string FormatValidationText(const ValidationReport& report, size_t files);

/// Validation findings as JSON: counts, `valid`, and one object per
/// diagnostic (severity, file, line, column, message).
std::string FormatValidationJson(const ValidationReport& report, size_t files);

/// Checks an output path before anything is computed or written. Throws
/// UsageError, naming both paths, when `output` is the same file (device
/// and inode, after following symlinks) as one of `inputs`, so neither
/// `-o ./orders.csv`, an absolute path, a symlink nor a hard link can replace
/// the data being read; and when `output` is a folder. "" and "-" (with -o)
/// mean standard output, refused when it is redirected to an input file;
/// "-" inputs are the file stdin is redirected from, if any. An output that
/// does not exist yet, or is a device or pipe, cannot replace an input.
/// `flag` names the option in messages (-o, --append).
void CheckOutputPath(const std::string& output, const std::vector<std::string>& inputs,
                     const std::string& flag = "-o");

/// Whether standard output is redirected to the file `path`.
bool StdoutIsFile(const std::string& path);

/// Whether paths `a` and `b` name one file (the same file when either
/// exists, else the same name in the same folder).
bool SameOutputFile(const std::string& a, const std::string& b);

/// The file `path` names once a symbolic link is followed: `path` itself
/// when it is no link; none for a link whose target cannot be resolved (a
/// link to nothing yet, a loop).
std::optional<std::string> FollowLink(const std::string& path);

/// Writes `content` to `path` through a temporary file in the same folder
/// and a rename, so readers never see a half-written file and a failed run
/// leaves the old file in place. A replaced file keeps its mode (and owner
/// and group where the process may set them); a new one gets 0666 less the
/// umask. A symlink is followed; devices and pipes (/dev/stdout, /dev/null)
/// are written to directly. The temporary file is anonymous (O_TMPFILE)
/// until complete where the file system allows, so even kill -9 leaves
/// nothing behind; otherwise it is named `path.tmp.XXXXXX` and removed on
/// SIGINT, SIGTERM and SIGHUP. `anonymous_temp` false always takes that
/// second way, for tests. Throws DataError, or UsageError for a folder.
void WriteFileAtomically(const std::string& path, const std::string& content,
                         bool anonymous_temp = true);
/// Receives a long text piece by piece, in order.
using TextSink = std::function<void(std::string_view piece)>;
/// The same for a text too long to hold twice: `produce` hands it to the
/// sink piece by piece, and the pieces go to the temporary file as they
/// come. What `produce` throws is thrown here, the file left as it was.
/// `produce` must give the same text each time it runs: where O_TMPFILE
/// works but the file cannot be linked (no /proc), it runs again for the
/// named temporary file.
void WriteFileAtomically(const std::string& path,
                         const std::function<void(const TextSink&)>& produce,
                         bool anonymous_temp = true);

/// While alive, SIGINT, SIGTERM and SIGHUP first remove the file last given
/// to Arm(), then stop the process as the signal would have; the previous
/// handlers come back when it ends. A signal the process ignores stays
/// ignored. One at a time per process.
class RemoveOnSignal {
 public:
  RemoveOnSignal();
  ~RemoveOnSignal();
  RemoveOnSignal(const RemoveOnSignal&) = delete;
  RemoveOnSignal& operator=(const RemoveOnSignal&) = delete;

  /// From now on a stop signal removes `path`.
  void Arm(const std::string& path);
  /// Nothing is removed any more (the file was renamed or deleted).
  void Disarm();
};

}  // namespace retention

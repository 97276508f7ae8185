// Where the loader sends the problems it finds: thrown at once when loading
// for a report, collected (and the row skipped) when validating.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "load/seen_rows.h"
#include "retention/error.h"
#include "retention/validate.h"

namespace retention {

/// Thrown when validation reaches --max-errors or --max-warnings.
struct StopChecking {};

/// What a parse worker found in one batch while validating, kept for the
/// in-order thread to replay (RowAggregator::Apply): findings must be
/// listed, counted and limited in input order, whichever worker found them.
struct RecordedProblems {
  struct Finding {
    bool error;  // Error(), else Warning()
    Check check;
    uint32_t row;  // the batch's row it concerns, counted from 1
    Location where;
    std::string message;
  };
  std::vector<Finding> findings;
  /// Every data row's hash, for the check for duplicate rows, which the
  /// worker runs too (SeenRows::Add) and keeps what it found.
  std::vector<SeenRows::Mark> marks;
  SeenRows::Found duplicates;
  /// Where the rows are: from an anchor's row on, row r is on line
  /// r + (anchor.line - anchor.row), until the next anchor.
  struct Anchor {
    uint32_t row;
    int64_t line;
  };
  std::vector<Anchor> anchors;
  /// Data rows begun in the batch.
  uint32_t rows = 0;

  void Clear() {
    findings.clear();
    marks.clear();
    duplicates.Clear();
    anchors.clear();
    rows = 0;
  }
};

class Problems {
 public:
  /// Report mode: the first error throws DataError; warnings are dropped.
  Problems() = default;
  /// Validate mode: everything goes into `report` (listed or counted, as
  /// `options` say); warnings count as errors when `strict`; StopChecking
  /// is thrown at the max_errors-th error, or at a warning past the
  /// max_warnings-th (so input with no more was checked whole); 0: no
  /// limit.
  Problems(ValidationReport* report, bool strict, const ValidateOptions& options);
  /// Validate mode on a parse worker: everything goes into `into` (see
  /// RecordInto), to be replayed in input order; nothing throws.
  explicit Problems(RecordedProblems* into) : into_(into) {}

  /// The input was read to its end: what is found on it as a whole from
  /// now on is counted past the limits, and stops nothing.
  void InputReadWhole() { max_errors_ = max_warnings_ = 0; }

  /// True when validating: callers skip the bad row and go on.
  bool collecting() const { return report_ != nullptr || into_ != nullptr; }
  /// True on a parse worker that validates: callers also note each data
  /// row's hash (NoteRowHash), for the duplicate check.
  bool recording() const { return into_ != nullptr; }
  /// Records into `into` from now on (a recorder only).
  void RecordInto(RecordedProblems* into) { into_ = into; }

  /// Marks the start of a data row, so problems are counted per row.
  void BeginRow() {
    if (into_) {
      ++into_->rows;
      return;
    }
    ++row_;
    if (report_) ++report_->rows;
  }
  /// Recording: the current row, counted from 1 in the batch.
  uint32_t recorded_row() const { return into_->rows; }
  /// Recording: the current row (just begun) hashes to `hash`.
  void NoteRowHash(int64_t line, uint64_t hash) {
    into_->marks.push_back({hash, line, into_->rows});
    const auto& anchors = into_->anchors;
    if (anchors.empty() || line - into_->rows != anchors.back().line - anchors.back().row) {
      into_->anchors.push_back({into_->rows, line});
    }
  }
  /// The in-order side of recording. Data rows begun so far.
  int64_t row() const { return row_; }
  /// Errors found so far (validating; else 0).
  int64_t errors() const { return report_ ? report_->errors : 0; }
  /// Problems from here on concern row `row` (from 1) of a batch whose
  /// rows follow row `base`; rows read count up to it, as checking may
  /// stop there. At the end of the batch, call it with the batch's rows.
  void AtRow(int64_t base, uint32_t row) {
    row_ = base + row;
    if (report_) report_->rows = row_;
  }
  /// Replays one recorded finding, at the row set by AtRow().
  void Replay(const RecordedProblems::Finding& f) {
    if (f.error) {
      Error(f.where, f.check, f.message);
    } else {
      Warning(f.where, f.check, f.message);
    }
  }
  /// Problems from here on concern a whole file, not a row.
  void EndRows() { row_in_file_ = false; }
  void BeginRows() { row_in_file_ = true; }

  void Error(const Location& where, Check check, const std::string& message);
  /// An error that explains the ones before it (a file that changed while
  /// it was read, whose "errors" are the bytes that replaced its end):
  /// listed first and counted, even past --max-errors; stops nothing.
  void Explaining(const Location& where, Check check, const std::string& message);
  /// A file could not be read (ValidationReport::unreadable_files); its
  /// Error is reported as well.
  void NoteUnreadableFile() {
    if (report_) ++report_->unreadable_files;
  }
  void Warning(const Location& where, Check check, const std::string& message);

  /// Whether a warning of this kind would be listed: when not, callers
  /// whose message is costly to build may pass an empty one (it is only
  /// counted). In-order side only: a recorder cannot know.
  bool ListsWarning(Check check) const {
    return report_ && Seen(strict_ ? Severity::kError : Severity::kWarning, check) <
                          Listed(strict_ ? Severity::kError : Severity::kWarning);
  }

  /// Fills in the report's unlisted counts; call once, at the end.
  void Finish();

 private:
  void Add(Severity severity, const Location& where, Check check, const std::string& message);
  int64_t& Seen(Severity severity, Check check) {
    return seen_[severity == Severity::kError][static_cast<int>(check)];
  }
  int64_t Seen(Severity severity, Check check) const {
    return seen_[severity == Severity::kError][static_cast<int>(check)];
  }
  int64_t Listed(Severity severity) const { return listed_[severity == Severity::kError]; }

  ValidationReport* report_ = nullptr;
  RecordedProblems* into_ = nullptr;
  bool strict_ = false;
  int64_t max_errors_ = 0;
  int64_t max_warnings_ = 0;
  int64_t listed_[2] = {};             // per check, of warnings and of errors
  int64_t seen_[2][kCheckCount] = {};  // [error?][check]
  int64_t row_ = 0;
  int64_t last_row_with_problem_ = 0;
  bool row_in_file_ = false;
};

}  // namespace retention

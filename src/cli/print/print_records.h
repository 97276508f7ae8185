// Records (retention/history.h) back to the text the report writes, so a
// history rewritten by --append looks like a report of every period in it.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "retention/history.h"

namespace retention {

/// A header of `columns` and one line per row, each cell the value's text
/// (CSV-quoted; text cells were made formula-safe when first written).
std::string FormatCsvRecords(const std::vector<std::string>& columns,
                             const std::vector<HistoryRow>& rows);

/// A JSON document of the `document` fields in order, the rows going where
/// the field "periods" is, laid out as FormatJson lays out a report.
std::string FormatJsonRecords(const std::vector<std::pair<std::string, HistoryValue>>& document,
                              const std::vector<HistoryRow>& rows);

/// One JSON object per line.
std::string FormatNdjsonRecords(const std::vector<HistoryRow>& rows);

}  // namespace retention

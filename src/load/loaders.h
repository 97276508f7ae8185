// The format-specific loaders behind LoadOrdersChecked (load.cc): each
// reads one source into `aggregator`, sending problems to `problems`.
#pragma once

#include "input/byte_source.h"
#include "load/problems.h"
#include "load/row_pipeline.h"
#include "retention/dates.h"
#include "retention/load.h"

namespace retention {

/// A CSV (or TSV) source, with `delimiter` (0: detect from the header).
void LoadCsv(ByteSource* source, const LoadOptions& options, char delimiter, Problems* problems,
             const CivilDate* as_of, RowAggregator* aggregator);

/// A JSON array or, with `ndjson`, one object per line; `start` holds the
/// first bytes of the source (kSampleBytes, or all when shorter), which
/// `source` still returns, for a sample of its first rows.
void LoadJson(ByteSource* source, std::string_view start, const LoadOptions& options, bool ndjson,
              Problems* problems, const CivilDate* as_of, RowAggregator* aggregator);

}  // namespace retention

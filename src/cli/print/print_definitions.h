// How the definitions of a run (retention/definitions.h) appear in each
// output format: JSON objects, CSV columns, one sentence for pages.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "retention/definitions.h"

namespace retention {

/// The "definitions" object: tool_version, window, time_zone, as_of,
/// margin, lifespan, activity, segment_column and top_segments (split by
/// --by only), rules, rates {name: {numerator, denominator}}. Laid out for
/// a field at `indent` spaces.
std::string DefinitionsJson(const Definitions& d, int indent);
/// The "inputs" object: files [{name, bytes}], rows, first_order, last_order.
std::string InputsJson(const Definitions& d, int indent);

/// The columns CSV outputs append to every row, name and cell text:
/// schema_version, tool_version, time_zone, as_of, margin, lifespan,
/// activity, rules, rates, inputs, input_rows, first_order, last_order,
/// and split by --by segment_column, top_segments. (The window is a
/// column of its own already.)
std::vector<std::pair<std::string, std::string>> DefinitionColumns(const Definitions& d);

/// One paragraph for a page footer, plain text.
std::string DefinitionsSentence(const Definitions& d);

/// A JSON text on one line: line breaks and the indentation after them
/// dropped (JSON strings hold no raw line breaks, so only layout goes).
std::string CompactJson(const std::string& json);

}  // namespace retention

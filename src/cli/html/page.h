// The page shell both HTML pages share: escaping, the text helpers more than
// one part uses, and the document around the content (head, styles, footer).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "cli/print/printers.h"
#include "retention/metrics.h"
#include "retention/period.h"

namespace retention::html {

/// How a figure is written: cards, chart ticks and chart values format by it.
enum class Kind { kCount, kRate, kMoney };

/// Escapes text for element content and double-quoted attribute values;
/// control bytes and invalid UTF-8 are shown as EscapeControls shows them.
std::string Esc(const std::string& s);
/// A count with thousands separators.
std::string Count(int64_t n);
/// The period's revenue, or n/a when it has no order data.
std::string RevenueText(const PeriodMetrics& m);
/// "2024-01-01 to 2024-02-01 (end exclusive)".
std::string DateSpan(const Period& p);
/// The period's label, with "*" when it is partial.
std::string PeriodName(const PeriodMetrics& m);

/// The document up to the page's content: head, title and the styles.
std::string PageStart(const std::string& title);
/// The footer (as-of day, time zone) and the closing tags.
std::string PageEnd(const ReportInfo& info, std::string_view defined_in = "docs/metrics.md");
/// One term and value of the header's `<dl class="meta">`.
std::string MetaItem(const std::string& term, const std::string& value);

}  // namespace retention::html

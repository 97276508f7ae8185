// The page shell: escaping, the shared text helpers, the styles of both
// pages and the document around their content.
#include "cli/html/page.h"

#include <fmt/format.h>

#include "cli/print/print_definitions.h"
#include "cli/print/text_format.h"
#include "retention/error.h"

namespace retention::html {
namespace {

// The same system font stack, colours and layout for both pages.
constexpr const char* kStyle = R"css(
:root{--ink:#1b2330;--muted:#5a6472;--line:#d9dee5;--soft:#f4f6f9;--good:#0b5cad;--bad:#a8480a;
--s1:#0072b2;--s2:#c85200;--s3:#00785a;--s4:#8e4585}
*{box-sizing:border-box;-webkit-print-color-adjust:exact;print-color-adjust:exact}
html{background:#fff}
body{margin:0;color:var(--ink);background:#fff;font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,"Liberation Sans",sans-serif}
.page{max-width:1200px;margin:0 auto;padding:28px 32px 40px}
h1{font-size:26px;line-height:1.2;margin:0 0 6px;font-weight:700;letter-spacing:-.01em}
h2{font-size:18px;margin:0 0 12px;font-weight:650}
h2+.sub{margin:-8px 0 10px;font-size:14px}
h3{font-size:15px;margin:0 0 6px;font-weight:650}
.sub{margin:0 0 14px;color:var(--muted);font-size:15px}
.meta{display:flex;flex-wrap:wrap;gap:6px 28px;margin:0;padding:10px 14px;background:var(--soft);border:1px solid var(--line);border-radius:8px;font-size:14px}
.meta div{display:flex;gap:6px}
.meta dt{color:var(--muted)}
.meta dd{margin:0;font-weight:600}
section{margin-top:30px}
.muted{color:var(--muted);font-weight:400}
.badge{display:inline-block;padding:1px 8px;border-radius:10px;border:1px solid #b36b00;background:#fff4e0;color:#6b3f00;font-size:12.5px;font-weight:600;vertical-align:2px}
.cards{display:grid;gap:12px;margin-bottom:12px}
.cards.primary{grid-template-columns:repeat(4,minmax(0,1fr))}
.cards.secondary{grid-template-columns:repeat(4,minmax(0,1fr))}
.card{border:1px solid var(--line);border-radius:10px;padding:12px 14px;background:#fff;break-inside:avoid}
.primary .card{border-top:4px solid var(--s1)}
.card .label{font-size:13px;color:var(--muted);font-weight:600;text-transform:uppercase;letter-spacing:.03em}
.card .value{font-size:24px;font-weight:700;font-variant-numeric:tabular-nums;margin:2px 0}
.primary .card .value{font-size:32px}
.card .delta{font-size:13.5px;font-variant-numeric:tabular-nums;margin:0}
.card .was{font-size:12.5px;color:var(--muted);margin:2px 0 0}
.delta.good{color:var(--good)}
.delta.bad{color:var(--bad)}
.delta.flat{color:var(--muted)}
.delta .judge{font-weight:700}
.charts{display:grid;grid-template-columns:minmax(0,1fr);gap:26px}
figure{margin:0;padding:14px 16px 12px;border:1px solid var(--line);border-radius:10px;break-inside:avoid;page-break-inside:avoid}
figcaption{font-size:16px;font-weight:650;margin-bottom:2px}
figcaption .muted{font-size:13.5px}
.legend{display:flex;flex-wrap:wrap;gap:4px 18px;margin:6px 0 2px;padding:0;list-style:none;font-size:13.5px}
.legend li{display:flex;align-items:center;gap:6px}
.key{position:relative;display:inline-block;width:30px;height:12px}
.key .ln{position:absolute;left:0;right:0;top:5px;border-top:2.5px solid currentColor}
.key .ln.dash{border-top-style:dashed}
.key .ln.dot{border-top-style:dotted;border-top-width:3px}
.key .mk{position:absolute;left:10px;top:1px;width:10px;height:10px;background:currentColor}
.key .mk.circle{border-radius:50%}
.key .mk.diamond{transform:rotate(45deg) scale(.8)}
.key .mk.triangle{background:none;width:0;height:0;border-left:6px solid transparent;border-right:6px solid transparent;border-bottom:10px solid currentColor;left:9px}
.key.bar{width:14px;height:12px;background:currentColor;border-radius:2px}
svg.chart{display:block;width:100%;height:auto;overflow:visible}
svg.chart text{font-family:inherit;fill:#3d4654;font-size:12.5px}
svg.chart .axis-title{font-size:13px;fill:#1b2330;font-weight:600}
svg.chart .grid{stroke:#e6e9ee;stroke-width:1}
svg.chart .axis{stroke:#8a93a0;stroke-width:1}
svg.chart .partial-band{fill:#f3efe6}
svg.chart .partial-text{fill:#6b3f00;font-size:12px}
.tablewrap{overflow-x:auto;margin-top:8px}
table{border-collapse:collapse;font-size:13px;font-variant-numeric:tabular-nums}
th,td{padding:4px 8px;border-bottom:1px solid #e6e9ee;text-align:right;white-space:nowrap}
th{font-weight:600;color:#333c48;background:var(--soft)}
th:first-child,td:first-child{text-align:left}
tbody tr:hover td{background:#f7f9fc}
td.text{text-align:left;white-space:normal;color:var(--muted)}
tr.partial td:first-child{font-style:italic}
figure table.data{width:100%}
figure table.data th[scope=row]{background:#fff}
table.data caption{text-align:left;font-size:12.5px;color:var(--muted);caption-side:bottom;padding-top:4px}
table.full{width:100%}
table.full td.sep,table.full th.sep{border-left:1px solid var(--line)}
.notes{font-size:13.5px;color:#333c48;border-left:4px solid #b36b00;background:#fffaf2;padding:10px 14px;border-radius:0 8px 8px 0}
.notes p{margin:4px 0}
.defs{font-size:13px;color:var(--muted);columns:2;column-gap:32px}
.defs p{margin:2px 0;break-inside:avoid}
.defs b{color:var(--ink)}
footer{margin-top:28px;padding-top:10px;border-top:1px solid var(--line);font-size:12.5px;color:var(--muted)}
table.heat{border-collapse:separate;border-spacing:2px;font-size:12px;width:100%}
table.heat th{background:none;border:0;padding:3px 2px;text-align:center}
table.heat th:first-child{text-align:left}
table.heat td{border:0;border-radius:3px;padding:5px 2px;text-align:center;min-width:38px}
table.heat td:first-child{text-align:left;font-weight:600;min-width:0}
table.heat td.size{text-align:right;font-weight:400;color:var(--muted);padding-right:10px}
table.heat td.blank{background:none}
table.heat td.na{color:var(--muted)}
table.heat tfoot td{border-top:2px solid var(--line);border-radius:0;font-weight:600;background:#fff}
.scale{display:flex;align-items:center;gap:8px;font-size:12.5px;color:var(--muted);margin:8px 0 0}
.scale .steps{display:flex}
.scale .steps span{display:inline-block;width:34px;height:14px}
@media (max-width:820px){.cards.primary,.cards.secondary{grid-template-columns:repeat(2,minmax(0,1fr))}.defs{columns:1}}
@media print{
 @page{margin:10mm;size:A4 landscape}
 body{font-size:11pt;background:#fff;color:#000}
 .page{max-width:none;padding:0}
 .tablewrap{overflow:visible}
 /* Wide tables (cohort triangles, long series) shrink to the page width
    rather than losing their last columns. */
 table{font-size:7pt;width:100%;table-layout:auto}
 table.heat td,table.heat th{padding:1px 2px}
 section,figure,.cards,table.heat{break-inside:avoid;page-break-inside:avoid}
 tbody tr:hover td{background:none}
 .card{border-color:#999}
}
)css";

}  // namespace

// Escapes text for element content and double-quoted attribute values.
// Text from the input (segment names, file names) may hold bytes a
// terminal acts on; they are shown escaped (\x1b), as in the tables, so
// the page never carries them, whether opened, printed or sent to stdout.
std::string Esc(const std::string& s) {
  std::string out;
  out.reserve(s.size());
  for (char c : EscapeControls(s)) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out.push_back(c);
    }
  }
  return out;
}

std::string Count(int64_t n) { return GroupThousands(std::to_string(n)); }

std::string RevenueText(const PeriodMetrics& m) {
  return m.has_orders ? MoneyText(m.revenue) : kNull;
}

std::string DateSpan(const Period& p) {
  return FormatDate(p.start) + " to " + FormatDate(p.end) + " (end exclusive)";
}

std::string PeriodName(const PeriodMetrics& m) { return m.period.label + (m.partial ? "*" : ""); }

std::string PageStart(const std::string& title) {
  return "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
         "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
         "<meta name=\"generator\" content=\"retention\">\n<title>" +
         Esc(title) + "</title>\n<style>" + kStyle +
         "</style>\n</head>\n<body>\n<div class=\"page\">\n";
}

std::string PageEnd(const ReportInfo& info, std::string_view defined_in) {
  std::string definitions;
  if (info.definitions) {
    definitions =
        "<p class=\"definitions\">" + Esc(DefinitionsSentence(*info.definitions)) + "</p>";
  }
  return fmt::format(
      "<footer>Made by <b>retention</b> from order data as of {} ({}). Figures are defined in "
      "{} of the retention project. This page works offline and needs no "
      "scripts.{}</footer>\n</div>\n</body>\n</html>\n",
      Esc(FormatDate(info.as_of)), Esc(info.time_zone), defined_in, definitions);
}

std::string MetaItem(const std::string& term, const std::string& value) {
  return "<div><dt>" + Esc(term) + "</dt><dd>" + Esc(value) + "</dd></div>";
}

}  // namespace retention::html

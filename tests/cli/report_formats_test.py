#!/usr/bin/env python3
"""The report's formats, --columns and --compare, through the binary.

Every format parses back to the CSV's values; --compare equals two
separate runs (the period, and the period it is compared with); --columns
cuts every format alike; mistakes are usage errors (exit 2).

usage: report_formats_test.py RETENTION SOURCE_DIR
"""
import csv
import io
import json
import os
import subprocess
import sys
import tempfile
from decimal import Decimal

RETENTION, SOURCE = sys.argv[1], sys.argv[2]
ORDERS = os.path.join(SOURCE, "data", "orders.csv")
failures = []


def run(*args, code=0):
    p = subprocess.run([RETENTION, *args], capture_output=True, text=True)
    if p.returncode != code:
        failures.append(f"{' '.join(args)}: exit {p.returncode}, wanted {code}: {p.stderr.strip()}")
    return p


def check(ok, what):
    if not ok:
        failures.append(what)


def rows_of_csv(text, delimiter=","):
    return list(csv.DictReader(io.StringIO(text), delimiter=delimiter))


def report_csv(*args):
    return rows_of_csv(run("report", ORDERS, "--format", "csv", *args).stdout)


def same(a, b):
    """Equal as numbers when both are, else as text."""
    if a == b:
        return True
    try:
        return abs(float(a) - float(b)) < 1e-9
    except ValueError:
        return False


FIGURES = ["customers_start", "customers_end", "customers_new", "customers_lost",
           "customers_reactivated", "customers_active", "customers_repeat",
           "customers_returning", "orders", "revenue", "churn_rate", "retention_rate",
           "repeat_rate", "returning_rate", "purchase_frequency", "aov", "clv", "clv_lifespan"]


def check_compare(label, compared_rows, previous_rows, key=lambda r: 0):
    """Each compared row's *_previous equals the previous run's figure and
    *_change is the difference, exact for counts and money."""
    check(len(compared_rows) == len(previous_rows), f"{label}: {len(compared_rows)} rows vs "
          f"{len(previous_rows)}")
    for now, before in zip(compared_rows, previous_rows):
        check(now["previous_period"] == before["period"],
              f"{label}: compared with {now['previous_period']}, ran {before['period']}")
        check(now.get("segment") == before.get("segment"), f"{label}: segments differ")
        for f in FIGURES:
            check(same(now[f + "_previous"], before[f]),
                  f"{label} {now['period']} {f}: previous {now[f + '_previous']} != {before[f]}")
            if now[f] == "" or before[f] == "":
                check(now[f + "_change"] == "", f"{label} {f}: change of a null is not null")
                continue
            if f in ("revenue", "aov", "clv") or f.startswith("customers") or f == "orders":
                want = Decimal(now[f]) - Decimal(before[f])
                check(Decimal(now[f + "_change"]) == want,
                      f"{label} {now['period']} {f}: change {now[f + '_change']} != {want}")
            else:
                want = float(now[f]) - float(before[f])
                check(abs(float(now[f + "_change"]) - want) < 1e-11,
                      f"{label} {now['period']} {f}: change {now[f + '_change']} != {want}")


# --compare previous: one period, a series, segments, a partial month.
check_compare("previous", report_csv("--period", "2024-03", "--compare", "previous"),
              report_csv("--period", "2024-02"))
check_compare("year series",
              report_csv("--from", "2024-01", "--to", "2024-06", "--every", "month",
                         "--compare", "year"),
              report_csv("--from", "2023-01", "--to", "2023-06", "--every", "month"))
check_compare("quarters", report_csv("--from", "2024-Q2", "--to", "2024-Q4", "--every", "quarter",
                                     "--compare", "previous"),
              report_csv("--from", "2024-Q1", "--to", "2024-Q3", "--every", "quarter"))
check_compare("by channel",
              report_csv("--period", "2024-06", "--by", "channel", "--compare", "previous"),
              report_csv("--period", "2024-05", "--by", "channel"))
# As of December 10th, December is compared with November 1..10: what a
# report of November as of November 10th says.
partial = report_csv("--period", "2024-12", "--as-of", "2024-12-10", "--compare", "previous")
check(partial[0]["partial"] == "true" and partial[0]["previous_through"] == "2024-11-10",
      f"partial: {partial[0]['partial']} through {partial[0]['previous_through']}")
check_compare("partial", partial, report_csv("--period", "2024-11", "--as-of", "2024-11-10"))
# A range: the same number of days just before it.
check_compare("range", report_csv("--from", "2024-03-01", "--to", "2024-03-15",
                                  "--compare", "previous"),
              report_csv("--from", "2024-02-15", "--to", "2024-02-29"))

# Every format parses back to the CSV's values (a series, by segment).
series = ["--from", "2024-01", "--to", "2024-04", "--every", "month", "--by", "channel",
          "--as-of", "2024-04-20"]
want = report_csv(*series)
tsv = rows_of_csv(run("report", ORDERS, "--format", "tsv", *series).stdout, "\t")
check(tsv == want, "tsv differs from csv")
ndjson = [json.loads(line) for line in
          run("report", ORDERS, "--format", "ndjson", *series).stdout.splitlines()]
doc = json.loads(run("report", ORDERS, "--format", "json", *series).stdout)
check(len(ndjson) == len(want) == len(doc["periods"]), "ndjson/json row counts")


def as_text(v):
    return "" if v is None else ("true" if v is True else "false" if v is False else str(v))


for line, period, row in zip(ndjson, doc["periods"], want):
    check(line["as_of"] == "2024-04-20", "ndjson as_of")
    for key, value in period.items():
        check(line[key] == value, f"ndjson {key}: {line[key]} != {value}")
        check(same(as_text(value), row[key]), f"json {key}: {value} != csv {row[key]}")
markdown = run("report", ORDERS, "--format", "markdown", *series).stdout.splitlines()
header = [c.strip() for c in markdown[0].strip("|").split("|")]
check(markdown[1].startswith("| --- | --- |"), "markdown alignment row")
for line, row in zip(markdown[2:], want):
    cells = [c.strip() for c in line.strip().strip("|").split(" | ")]
    for name, cell in zip(header, cells):
        check(same(cell, row[name]), f"markdown {name}: {cell} != {row[name]}")
check(len(markdown) == len(want) + 2, "markdown row count")

# --columns: the same cut in every format.
cut = ["--period", "2024-03", "--columns", "period,churn_rate,aov,orders_change",
       "--compare", "previous"]
check(run("report", ORDERS, "--format", "csv", *cut).stdout.splitlines()[0] ==
      "period,churn_rate,aov,orders_change", "csv --columns header")
check(list(json.loads(run("report", ORDERS, "--format", "ndjson", *cut).stdout)) ==
      ["period", "churn_rate", "aov", "orders_change"], "ndjson --columns")
check(list(json.loads(run("report", ORDERS, "--format", "json", *cut).stdout)["periods"][0]) ==
      ["period", "churn_rate", "aov", "orders_change"], "json --columns")
table = run("report", ORDERS, "--format", "table", *cut).stdout
check(table.splitlines()[0].split() == ["period", "churn_rate", "aov", "orders_change"] and
      "81.2%" in table and "+33" in table, "table --columns:\n" + table)
html = run("report", ORDERS, "--format", "html", "--title", "Shop & co", *cut).stdout
check("<title>Shop &amp; co</title>" in html and ">orders_change</th>" in html, "html --columns")
# The page shows that table alone: no cards of figures nobody chose.
check(html.count("<table") == 1 and "kpi-h" not in html, "html --columns: one table")
# The definitions columns are columns in JSON too, not only in CSV and NDJSON.
defs = ["--period", "2024-03", "--columns", "churn_rate,margin,as_of"]
for fmt in ("json", "ndjson"):
    out = json.loads(run("report", ORDERS, "--format", fmt, *defs).stdout)
    record = out["periods"][0] if fmt == "json" else out
    check(list(record) == ["churn_rate", "margin", "as_of"], f"{fmt} --columns definitions: {record}")
# With --by, the all-customers record is named, not "n/a" (which means a
# figure without a value), in the table and on the page.
by_cut = ["--period", "2024-03", "--by", "channel", "--columns", "segment,period,orders"]
table = run("report", ORDERS, "--format", "table", *by_cut).stdout
check(table.splitlines()[1].startswith("(all customers)") and "n/a" not in table,
      "table --by --columns:\n" + table)
html = run("report", ORDERS, "--format", "html", *by_cut).stdout
check("<td>(all customers)</td>" in html and "<td>n/a</td>" not in html, "html --by --columns")

# The page names the currency the input names, and each segment's trend.
with tempfile.TemporaryDirectory() as tmp:
    eur = os.path.join(tmp, "eur.csv")
    with open(eur, "w") as f:
        f.write("customer_id,order_id,order_date,amount,currency,channel\n"
                "C1,O1,2024-02-03,10.00,EUR,email\nC1,O2,2024-03-03,12.50,EUR,email\n")
    html = run("report", eur, "--from", "2024-02", "--to", "2024-03", "--every", "month",
               "--by", "channel", "--format", "html").stdout
    check("<dt>Money in</dt><dd>EUR</dd>" in html, "html currency")
    check("<h3 data-segment>channel = email</h3>" in html, "html segment trend")

# -o picks the format by its extension.
with tempfile.TemporaryDirectory() as tmp:
    for ext, first in ((".tsv", "period\tstart"), (".md", "| period | start"),
                       (".ndjson", '{"schema_version":1')):
        out = os.path.join(tmp, "kpi" + ext)
        run("report", ORDERS, "--period", "2024-03", "-o", out)
        with open(out) as f:
            check(f.read().startswith(first), f"-o kpi{ext}")
    p = run("report", ORDERS, "--period", "2024-03", "-o", os.path.join(tmp, "kpi.xlsx"), code=2)
    check("tsv (.tsv, .tab)" in p.stderr and "markdown (.md" in p.stderr, "xlsx message: " + p.stderr)

# Mistakes are usage errors, with the fix.
p = run("report", ORDERS, "--period", "2024-03", "--columns", "period,churn", code=2)
check("did you mean churn_rate?" in p.stderr, p.stderr)
p = run("report", ORDERS, "--period", "2024-03", "--columns", "churn_rate_change", code=2)
check("need --compare" in p.stderr, p.stderr)
# Every column of the CSV header can be chosen, the definitions of a split
# report included; without --by the segment columns say they need it.
header = run("report", ORDERS, "--period", "2024-03", "--by", "channel", "--format", "csv"
             ).stdout.splitlines()[0].split(",")
check("segment_column" in header and "top_segments" in header, "csv --by header: " + str(header))
p = run("report", ORDERS, "--period", "2024-03", "--by", "channel", "--format", "csv",
        "--columns", ",".join(header))
check(p.stdout.splitlines()[0].split(",") == header, "--columns takes every header column")
p = run("report", ORDERS, "--period", "2024-03", "--columns", "top_segments", code=2)
check("the top_segments column needs --by" in p.stderr, p.stderr)
p = run("report", ORDERS, "--period", "2024-03", "--compare", "month", code=2)
check("previous" in p.stderr and "year" in p.stderr, p.stderr)
run("report", ORDERS, "--period", "2024-03", "--format", "xml", code=2)

# --fail-if on the compared period: a rule on FIGURE_change trips exactly
# when the CSV's FIGURE_change column says it should, per period and segment.
series = ["report", ORDERS, "--from", "2024-01", "--to", "2024-06", "--every", "month",
          "--compare", "previous", "--by", "channel"]
rows = rows_of_csv(run(*series, "--format", "csv", "--columns",
                       "period,segment,orders_change,churn_rate_change").stdout)
for rule, column, limit in (("orders_change < -10", "orders_change", -10),
                            ("churn_rate_change > 5%", "churn_rate_change", 0.05)):
    p = run(*series, "--format", "csv", "--fail-if", rule,
            code=1 if any(r[column] and (float(r[column]) < limit if "<" in rule
                                          else float(r[column]) > limit) for r in rows) else 0)
    expected = sorted((r["period"], r["segment"]) for r in rows
                      if r[column] and (float(r[column]) < limit if "<" in rule
                                        else float(r[column]) > limit))
    tripped = sorted((line.split(" holds for ")[1].split(":")[0].split(" in segment ")[0],
                      (line.split(" in segment ")[1].split(":")[0] if " in segment " in line else ""))
                     for line in p.stderr.splitlines() if " holds for " in line)
    check(tripped == expected and expected, f"--fail-if '{rule}': {tripped} vs {expected}")
p = run("report", ORDERS, "--period", "2024-03", "--fail-if", "orders_change < 0", code=2)
check("add --compare previous" in p.stderr, p.stderr)

# render writes the same formats and columns from a report's CSV.
with tempfile.TemporaryDirectory() as tmp:
    result = os.path.join(tmp, "result.csv")
    run("report", ORDERS, "--period", "2024-03", "--format", "csv", "-o", result)
    check(run("render", result, "--format", "tsv", "--columns", "period,orders").stdout ==
          "period\torders\n2024-03\t144\n", "render --columns tsv")

for f in failures:
    print("FAIL:", f)
print(f"{'FAILED' if failures else 'ok'}: report formats, --columns, --compare")
sys.exit(1 if failures else 0)

"""Turns an engine's result set into the bytes `retention report --format csv`
prints, changing only how the engine spells the same values:

  * NULL is an empty cell (SQLite's quote mode prints NULL);
  * booleans t/f (psql) are true/false;
  * money (revenue, aov, clv, cumulative_revenue_per_customer) keeps its exact digits, but trailing zeros of
    the 4 decimals are dropped down to 2 ("163.9600" -> "163.96");
  * doubles (the rates, clv_lifespan, the cohorts' retention and
    revenue_retention) are read and printed again as the
    shortest text that reads back as the same double ("1.0" -> "1",
    "0.33333333333333331483" -> "0.3333333333333333"): the value must be
    the very same double, only its spelling changes.
  * cells are quoted as CSV only when they hold a comma, quote or line end.

  python3 normalize.py csv|quote [--header-of FILE] < engine-output > report.csv
  python3 normalize.py batch JOBS

"batch" does many in one process (a Python start costs a third of a
second): each line of the file JOBS is MODE<TAB>INPUT<TAB>OUTPUT, with
<TAB>HEADER-FILE after for "quote", and MODE "figures" runs figures_only.py.

"csv" reads RFC 4180 CSV (psql --csv, duckdb_run.mjs); "quote" reads the
sqlite3 shell's `.mode quote` (strings in '', NULL bare, numbers bare).
The sqlite3 shell prints no header for a result without rows: then
--header-of FILE supplies it, as FILE's first line (the expected output's).
"""
import csv
import io
import re
import sys

MONEY = {"revenue", "aov", "clv", "cumulative_revenue_per_customer"}
DOUBLES = {"churn_rate", "retention_rate", "repeat_rate", "returning_rate",
           "purchase_frequency", "clv_lifespan", "retention", "revenue_retention"}


def read_quote(text):
    token = re.compile(r"'((?:[^']|'')*)'|(NULL)|([^,\n]+)")
    rows = []
    for line in text.splitlines():
        row, pos = [], 0
        while pos <= len(line):
            m = token.match(line, pos)
            if not m:
                row.append(None)
            elif m.group(1) is not None:
                row.append(m.group(1).replace("''", "'"))
            elif m.group(2):
                row.append(None)
            else:
                row.append(m.group(3))
            pos = (m.end() if m else pos) + 1
        rows.append(row)
    return rows


def money(text):
    whole, _, fraction = text.partition(".")
    fraction = fraction.rstrip("0").ljust(2, "0")
    return whole + "." + fraction


def double(text):
    out = repr(float(text))
    return out[:-2] if out.endswith(".0") else out


def cell(text):
    return '"' + text.replace('"', '""') + '"' if re.search(r'[",\r\n]', text) else text


def normalize(data, mode, header_of=None):
    """The engine's output `data` (mode csv or quote) as the CLI's CSV."""
    if not data and header_of:
        with open(header_of) as f:
            return f.readline()
    rows = read_quote(data) if mode == "quote" else [
        [c if c != "" else None for c in r] for r in csv.reader(io.StringIO(data))]
    header = rows[0]
    out = [",".join(header)]
    for row in rows[1:]:
        cells = []
        for name, value in zip(header, row):
            if value is None:
                cells.append("")
            elif name in MONEY:
                cells.append(money(value))
            elif name in DOUBLES:
                cells.append(double(value))
            elif name == "partial":
                cells.append({"t": "true", "f": "false"}.get(value, value))
            else:
                cells.append(cell(value))
        out.append(",".join(cells))
    return "\n".join(out) + "\n"


def batch(jobs):
    import os
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    from figures_only import figures
    with open(jobs) as f:
        for line in f.read().splitlines():
            mode, source, target, *header_of = line.split("\t")
            with open(source) as i:
                data = i.read()
            text = figures(data) if mode == "figures" else normalize(data, mode, *header_of)
            with open(target, "w") as o:
                o.write(text)


def main():
    if sys.argv[1] == "batch":
        batch(sys.argv[2])
        return
    header_of = sys.argv[3] if sys.argv[2:3] == ["--header-of"] else None
    sys.stdout.write(normalize(sys.stdin.read(), sys.argv[1], header_of))


if __name__ == "__main__":
    main()

"""Keeps the figure columns of `retention report --format csv` and drops the
trailing columns that record how the report was computed (from
`schema_version` on), which a query inside the database does not know.
The kept bytes are unchanged: each line is cut at the comma, outside
quotes, that starts the first dropped column.

  python3 figures_only.py < report.csv > figures.csv
"""
import sys


def cut(line, fields):
    """The first `fields` fields of `line`, as they were written."""
    in_quotes = False
    count = 0
    for i, ch in enumerate(line):
        if ch == '"':
            in_quotes = not in_quotes
        elif ch == "," and not in_quotes:
            count += 1
            if count == fields:
                return line[:i]
    return line


def figures(text):
    """`text`, a report's CSV, without the columns from schema_version on."""
    lines = text.split("\n")
    header = lines[0].split(",")
    if "schema_version" not in header:
        return text
    keep = header.index("schema_version")
    # Quoted cells may hold line ends: rebuild records before cutting.
    records, current = [], ""
    for line in lines:
        current = line if not current else current + "\n" + line
        if current.count('"') % 2 == 0:
            records.append(current)
            current = ""
    return "\n".join(cut(r, keep) for r in records)


if __name__ == "__main__":
    sys.stdout.write(figures(sys.stdin.read()))

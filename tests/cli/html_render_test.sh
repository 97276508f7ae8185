#!/usr/bin/env bash
# The HTML pages as a browser shows them: renders `report --format html` and
# `cohorts --format html` in headless Chromium, checks that the screenshot is
# not blank, that the rendered DOM holds the figures the JSON output gives,
# and that the page prints to PDF.
#
# Usage: tests/html_render_test.sh BIN SOURCE_DIR
# Needs /usr/bin/chromium (Debian: apt-get install chromium), or CHROMIUM=path.
set -u

if [[ $# -ne 2 ]]; then
  echo "usage: $0 BIN SOURCE_DIR" >&2
  exit 2
fi
BIN=$1
SRC=$2
CHROMIUM=${CHROMIUM:-/usr/bin/chromium}
ORDERS="$SRC/data/orders.csv"

passed=0
failed=0
pass() {
  echo "ok   $1"
  passed=$((passed + 1))
}
fail() {
  echo "FAIL $1"
  failed=$((failed + 1))
}
finish() {
  echo "$passed passed, $failed failed"
  [[ $failed -eq 0 ]]
  exit
}

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

if [[ ! -x "$CHROMIUM" ]]; then
  fail "no browser: $CHROMIUM is missing; install it with: apt-get install chromium"
  finish
fi

# Headless Chromium with a fresh profile and nothing that goes online.
browser() {
  local profile
  profile=$(mktemp -d "$tmp/profile.XXXXXX")
  timeout 120 "$CHROMIUM" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --hide-scrollbars --user-data-dir="$profile" "$@" 2>>"$tmp/chromium.log"
}

# check_png FILE: at least a few hundred colours and some ink on the page.
check_png() {
  python3 - "$1" <<'EOF'
import struct, sys, zlib

def read_png(path):
    data = open(path, "rb").read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        sys.exit("not a PNG")
    pos, idat = 8, b""
    while pos < len(data):
        (n,) = struct.unpack(">I", data[pos:pos + 4])
        kind, body = data[pos + 4:pos + 8], data[pos + 8:pos + 8 + n]
        pos += 12 + n
        if kind == b"IHDR":
            w, h, depth, ctype, _, _, interlace = struct.unpack(">IIBBBBB", body)
            if depth != 8 or ctype not in (2, 6) or interlace:
                sys.exit(f"unexpected PNG layout: depth {depth}, colour type {ctype}")
            bpp = 3 if ctype == 2 else 4
        elif kind == b"IDAT":
            idat += body
        elif kind == b"IEND":
            break
    raw = zlib.decompress(idat)
    stride, rows, prev, i = w * bpp, [], bytearray(w * bpp), 0
    for _ in range(h):
        f, line = raw[i], bytearray(raw[i + 1:i + 1 + stride])
        i += 1 + stride
        if f == 1:
            for x in range(bpp, stride):
                line[x] = (line[x] + line[x - bpp]) & 255
        elif f == 2:
            for x in range(stride):
                line[x] = (line[x] + prev[x]) & 255
        elif f == 3:
            for x in range(stride):
                left = line[x - bpp] if x >= bpp else 0
                line[x] = (line[x] + (left + prev[x]) // 2) & 255
        elif f == 4:
            for x in range(stride):
                a = line[x - bpp] if x >= bpp else 0
                b, c = prev[x], (prev[x - bpp] if x >= bpp else 0)
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[x] = (line[x] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        elif f != 0:
            sys.exit(f"bad filter type {f}")
        rows.append(line)
        prev = line
    return w, h, bpp, rows

w, h, bpp, rows = read_png(sys.argv[1])
colours, ink = set(), 0
for line in rows:
    for x in range(0, len(line), bpp):
        px = bytes(line[x:x + 3])
        colours.add(px)
        if min(px) < 200:
            ink += 1
share = ink / (w * h)
print(f"     {w}x{h}, {len(colours)} colours, {share:.1%} of pixels inked")
if len(colours) < 300 or share < 0.02:
    sys.exit("the screenshot looks blank")
EOF
}

# check_report_dom DOM JSON: the cards show the JSON's figures as the page
# formats them.
check_report_dom() {
  python3 - "$1" "$2" <<'EOF'
import json, math, re, sys
from decimal import Decimal, ROUND_HALF_UP

dom = open(sys.argv[1], encoding="utf-8").read()
period = json.load(open(sys.argv[2]), parse_float=Decimal)["periods"][0]

def count(v): return f"{v:,}"
# As the tables round: half away from zero (1/16 is 6.3%).
def pct(v): return f"{math.copysign(math.floor(abs(float(v)) * 1000 + 0.5), float(v)) / 10:.1f}%"
def rate(v): return "n/a" if v is None else pct(v)
def money(v):
    return "n/a" if v is None else f"{Decimal(v).quantize(Decimal('0.01'), ROUND_HALF_UP):,.2f}"

expected = {k: count(period[k]) for k in ("customers_start", "customers_end", "customers_new",
                                           "customers_lost", "customers_reactivated", "orders")}
expected.update({k: rate(period[k]) for k in ("churn_rate", "retention_rate", "repeat_rate")})
expected.update({k: money(period[k]) for k in ("revenue", "aov", "clv")})
bad = 0
for key, text in expected.items():
    found = re.findall(rf'<span data-metric="{key}">([^<]*)</span>', dom)
    if found != [text]:
        print(f"     {key}: expected [{text!r}], the page shows {found}")
        bad += 1
print(f"     {period['period']}: churn {expected['churn_rate']}, revenue {expected['revenue']}")
svgs = len(re.findall(r"<svg\b", dom))
if svgs != 4:
    print(f"     expected 4 charts, found {svgs}")
    bad += 1
sys.exit(1 if bad else 0)
EOF
}

# check_cohort_dom DOM JSON: one heatmap row per cohort, each cell's
# retention as the JSON gives it, blanks where a period is not over.
check_cohort_dom() {
  python3 - "$1" "$2" <<'EOF'
import json, math, re, sys
from decimal import Decimal

dom = open(sys.argv[1], encoding="utf-8").read()
cohorts = json.load(open(sys.argv[2]), parse_float=Decimal)["cohorts"]
def pct(v): return f"{math.copysign(math.floor(abs(float(v)) * 1000 + 0.5), float(v)) / 10:.1f}%"
table = re.search(r'<table class="heat" id="retention-0">(.*?)</table>', dom, re.S)
if not table:
    sys.exit("     no retention heatmap")
rows = re.findall(r'<tr data-cohort="([^"]*)">(.*?)</tr>', table.group(1), re.S)
bad = 0
if [r[0] for r in rows] != [c["cohort"] for c in cohorts]:
    print(f"     rows {[r[0] for r in rows]} != cohorts {[c['cohort'] for c in cohorts]}")
    bad += 1
width = max(len(c["cells"]) for c in cohorts)
for (label, html), c in zip(rows, cohorts):
    cells = re.findall(r'<td data-offset="(\d+)"[^>]*>([^<]*)</td>', html)
    want = [(str(x["offset"]), "n/a" if x["retention"] is None else
             pct(x['retention'])) for x in c["cells"]]
    if cells != want:
        print(f"     {label}: cells {cells[:4]}... != {want[:4]}...")
        bad += 1
    blanks = html.count('<td class="blank"></td>')
    if blanks != width - len(c["cells"]):
        print(f"     {label}: {blanks} blank cells, expected {width - len(c['cells'])}")
        bad += 1
first = cohorts[0]
print(f"     {len(rows)} cohort rows; {first['cohort']} M1 = " +
      (pct(first['cells'][1]['retention']) if len(first["cells"]) > 1 else ""))
sys.exit(1 if bad else 0)
EOF
}

# check_static FILE: one self-contained HTML5 file.
check_static() {
  local f=$1 problem=""
  head -c 15 "$f" | grep -qi '^<!doctype html>' || problem="no doctype"
  grep -q '<meta charset="utf-8">' "$f" || problem="$problem no charset"
  grep -q '<html lang=' "$f" || problem="$problem no lang"
  if grep -Eqi 'https?://|<script src|<link|@import|url\(' "$f"; then
    problem="$problem refers to something outside the file"
  fi
  [[ -z $problem ]] || echo "     $problem"
  [[ -z $problem ]]
}

# ---- report ----

report="$tmp/report.html"
if "$BIN" report "$ORDERS" --from 2024-01 --to 2024-12 --every month --format html \
  -o "$report" 2>"$tmp/err" && [[ -s $report ]]; then
  pass "report --format html writes $report"
else
  fail "report --format html: $(cat "$tmp/err")"
  finish
fi
if check_static "$report"; then pass "report page is one self-contained HTML5 file"; else
  fail "report page is one self-contained HTML5 file"
fi

browser --screenshot="$tmp/shot.png" --window-size=1280,2400 "file://$report" >/dev/null
if [[ -s $tmp/shot.png ]] && check_png "$tmp/shot.png"; then
  pass "report screenshot is not blank"
else
  fail "report screenshot is not blank (chromium log: $tmp/chromium.log)"
  tail -5 "$tmp/chromium.log" 2>/dev/null
fi

"$BIN" report "$ORDERS" --period 2024-12 --format json >"$tmp/dec.json" 2>"$tmp/err" ||
  fail "report --period 2024-12 --format json: $(cat "$tmp/err")"
browser --dump-dom "file://$report" >"$tmp/report.dom"
if [[ -s $tmp/report.dom ]] && check_report_dom "$tmp/report.dom" "$tmp/dec.json"; then
  pass "rendered report shows the figures of 2024-12 and four charts"
else
  fail "rendered report shows the figures of 2024-12 and four charts"
fi

browser --print-to-pdf="$tmp/report.pdf" --no-pdf-header-footer "file://$report" >/dev/null
if [[ -s $tmp/report.pdf ]] && head -c 5 "$tmp/report.pdf" | grep -q '%PDF-'; then
  pass "report prints to PDF"
else
  fail "report prints to PDF"
fi

# ---- cohorts ----

cohorts="$tmp/cohorts.html"
if "$BIN" cohorts "$ORDERS" --as-of 2025-01-01 --format html >"$cohorts" 2>"$tmp/err" &&
  [[ -s $cohorts ]]; then
  pass "cohorts --format html"
else
  fail "cohorts --format html: $(cat "$tmp/err")"
  finish
fi
if check_static "$cohorts"; then pass "cohort page is one self-contained HTML5 file"; else
  fail "cohort page is one self-contained HTML5 file"
fi

browser --screenshot="$tmp/cohorts.png" --window-size=1280,2400 "file://$cohorts" >/dev/null
if [[ -s $tmp/cohorts.png ]] && check_png "$tmp/cohorts.png"; then
  pass "cohort screenshot is not blank"
else
  fail "cohort screenshot is not blank (chromium log: $tmp/chromium.log)"
fi

"$BIN" cohorts "$ORDERS" --as-of 2025-01-01 --format json >"$tmp/cohorts.json" 2>"$tmp/err" ||
  fail "cohorts --format json: $(cat "$tmp/err")"
browser --dump-dom "file://$cohorts" >"$tmp/cohorts.dom"
if [[ -s $tmp/cohorts.dom ]] && check_cohort_dom "$tmp/cohorts.dom" "$tmp/cohorts.json"; then
  pass "rendered cohort heatmap matches the JSON, blanks where not elapsed"
else
  fail "rendered cohort heatmap matches the JSON, blanks where not elapsed"
fi

finish

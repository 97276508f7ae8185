#!/usr/bin/env python3
"""Writes the sample order files in data/.

    python3 data/generate_sample.py

regenerates data/orders.csv and data/orders_small.csv byte for byte. It uses
the Python 3 standard library only and draws every random number from
random.Random(SEED).random(), so the output does not depend on how a Python
version implements randint, choices or expovariate.

orders.csv is a made-up shop's order-lines export for 2023-01-01 ..
2024-12-31: customers arrive over time (more in November and December), each
with a fixed acquisition channel and country; after every order a customer
either drops out (with their own churn probability) or orders again after an
exponential gap, sometimes after lapsing for months. Orders have 1-4 lines;
about 3% of orders later get a refund row. About 30% of the dates are ISO
date-times, with `Z` or an offset.

orders_small.csv is written from the table ORDERS_SMALL below; data/README.md
computes its figures for 2024-02 by hand.
"""

import csv
import datetime as dt
import math
import os
import random

SEED = 20240229
FIRST_DAY = dt.date(2023, 1, 1)
LAST_DAY = dt.date(2024, 12, 31)
CUSTOMERS = 1700
HEADER = ["order_id", "customer_id", "order_date", "sku", "quantity", "amount",
          "channel", "country"]

# (sku, unit price in cents). Two names hold a comma, so the CSV needs quotes.
PRODUCTS = [
    ("TSH-BLK-S", 2400), ("TSH-BLK-M", 2400), ("TSH-BLK-L", 2400),
    ("TSH-WHT-S", 2400), ("TSH-WHT-M", 2400), ("TSH-WHT-L", 2400),
    ("HOOD-GRY-M", 5400), ("HOOD-GRY-L", 5400), ("HOOD-NVY-M", 5900),
    ("CAP-NVY", 1999), ("CAP-BLK", 1999), ("BEANIE-RED", 1750),
    ("MUG-WHT", 1299), ("MUG-BLK", 1299), ("BOTTLE-STEEL", 2850),
    ("SOCK-3PK", 1250), ("TOTE-CANVAS", 1600), ("POSTER-A2", 2200),
    ("NOTEBOOK-A5", 899), ("STICKER-SET", 450), ("JACKET-RAIN-M", 8900),
    ("Gift card, digital", 2500), ("Sample pack, 3 pcs", 500),
]
# Relative weight of each product (cheap items sell more often).
PRODUCT_WEIGHTS = [6, 8, 6, 5, 6, 4, 4, 4, 3, 6, 5, 3, 7, 5, 3, 8, 4, 2, 4, 5, 1, 2, 2]

CHANNELS = [("organic", 35), ("paid_search", 25), ("social", 18), ("email", 12),
            ("referral", 10)]
COUNTRIES = [("US", 40), ("GB", 20), ("DE", 18), ("FR", 12), ("NL", 10)]
# New customers per day, relative, by month: quiet January, busy Nov/Dec.
MONTH_WEIGHT = {1: 0.8, 2: 0.8, 3: 0.9, 4: 0.9, 5: 1.0, 6: 0.9, 7: 0.8, 8: 0.8,
                9: 1.0, 10: 1.1, 11: 1.8, 12: 2.0}
# Offsets written on date-times. UTC times are drawn between 08:00 and 21:59,
# so with these offsets the local date always equals the UTC date.
OFFSETS = ["Z", "Z", "Z", "+00:00", "+01:00", "+02:00", "-05:00", "-04:00"]


class Draw:
    """Every random choice, built on Random.random() alone."""

    def __init__(self, seed):
        self.rng = random.Random(seed)

    def uniform(self):
        return self.rng.random()

    def below(self, n):
        """An integer in [0, n)."""
        return min(int(self.rng.random() * n), n - 1)

    def between(self, lo, hi):
        """An integer in [lo, hi]."""
        return lo + self.below(hi - lo + 1)

    def chance(self, p):
        return self.rng.random() < p

    def weighted(self, items, weights):
        total = sum(weights)
        x = self.rng.random() * total
        for item, w in zip(items, weights):
            x -= w
            if x < 0:
                return item
        return items[-1]

    def pair(self, pairs):
        return self.weighted([p[0] for p in pairs], [p[1] for p in pairs])

    def exponential(self, mean):
        return -mean * math.log(1.0 - self.rng.random())


def money(cents):
    sign = "-" if cents < 0 else ""
    cents = abs(cents)
    return "%s%d.%02d" % (sign, cents // 100, cents % 100)


def days(first, last):
    d = first
    while d <= last:
        yield d
        d += dt.timedelta(days=1)


def draw_timestamp(draw, day):
    """(UTC instant, text): a plain date ~70% of the time, else a date-time."""
    if draw.chance(0.70):
        return dt.datetime(day.year, day.month, day.day), day.isoformat()
    seconds = draw.between(8 * 3600, 22 * 3600 - 1)
    utc = dt.datetime(day.year, day.month, day.day) + dt.timedelta(seconds=seconds)
    offset = OFFSETS[draw.below(len(OFFSETS))]
    if offset == "Z":
        return utc, utc.strftime("%Y-%m-%dT%H:%M:%SZ")
    sign = 1 if offset[0] == "+" else -1
    delta = dt.timedelta(hours=int(offset[1:3]), minutes=int(offset[4:6]))
    local = utc + sign * delta
    return utc, local.strftime("%Y-%m-%dT%H:%M:%S") + offset


def make_customers(draw):
    """Acquisition dates by day weight, in order, with fixed segments."""
    all_days = list(days(FIRST_DAY, LAST_DAY))
    weights = []
    for d in all_days:
        growth = 1.0 + 0.35 * (d - FIRST_DAY).days / 730.0
        weekend = 1.15 if d.weekday() >= 5 else 1.0
        weights.append(MONTH_WEIGHT[d.month] * growth * weekend)
    firsts = sorted(draw.weighted(all_days, weights) for _ in range(CUSTOMERS))
    customers = []
    for i, first in enumerate(firsts, start=1):
        kind = draw.uniform()
        if kind < 0.55:    # mostly buys once
            churn, gap = 0.75, draw.between(45, 120)
        elif kind < 0.90:  # buys a few times
            churn, gap = 0.35, draw.between(40, 110)
        else:              # loyal
            churn, gap = 0.08, draw.between(18, 45)
        customers.append({
            "id": "C%05d" % i,
            "first": first,
            "channel": draw.pair(CHANNELS),
            "country": draw.pair(COUNTRIES),
            "churn": churn,
            "gap": gap,
        })
    return customers


def order_days(draw, customer):
    """Days on which the customer orders, until dropout or the data's end."""
    day = customer["first"]
    result = []
    while day <= LAST_DAY:
        result.append(day)
        if draw.chance(customer["churn"]):
            break
        gap = 1 + int(draw.exponential(customer["gap"]))
        if draw.chance(0.08):  # lapses for months, then comes back
            gap += draw.between(120, 300)
        day += dt.timedelta(days=gap)
    return result


def make_lines(draw):
    """1-4 lines with distinct skus: (sku, quantity, cents)."""
    count = draw.weighted([1, 2, 3, 4], [55, 28, 12, 5])
    lines = []
    used = set()
    while len(lines) < count:
        sku, price = draw.weighted(PRODUCTS, PRODUCT_WEIGHTS)
        if sku in used:
            continue
        used.add(sku)
        quantity = draw.weighted([1, 2, 3, 4], [75, 18, 5, 2])
        lines.append((sku, quantity, price * quantity))
    return lines


def make_refund(draw, lines):
    """(sku, quantity, cents) of a refund of one line: whole or in part."""
    sku, quantity, cents = lines[draw.below(len(lines))]
    kind = draw.uniform()
    if kind < 0.6:  # the whole line back
        return sku, -quantity, -cents
    if quantity > 1 and kind < 0.8:  # one unit back
        return sku, -1, -(cents // quantity)
    # a price adjustment: 10-50% of the line, nothing returned
    part = cents * draw.between(10, 50) // 100
    return sku, 0, -max(part, 1)


def make_orders_csv(path):
    draw = Draw(SEED)
    customers = make_customers(draw)
    orders = []  # (utc, text, customer, lines)
    for customer in customers:
        for day in order_days(draw, customer):
            utc, text = draw_timestamp(draw, day)
            orders.append((utc, text, customer, make_lines(draw)))
    orders.sort(key=lambda o: (o[0], o[2]["id"]))

    rows = []  # (utc, sequence, row); sequence keeps lines in order
    for number, (utc, text, customer, lines) in enumerate(orders, start=100001):
        order_id = "SO-%d" % number
        segment = [customer["channel"], customer["country"]]
        for sku, quantity, cents in lines:
            rows.append((utc, len(rows),
                         [order_id, customer["id"], text, sku, str(quantity), money(cents)]
                         + segment))
        if draw.chance(0.03):
            later = utc.date() + dt.timedelta(days=draw.between(1, 20))
            if later <= LAST_DAY:
                refund_utc, refund_text = draw_timestamp(draw, later)
                sku, quantity, cents = make_refund(draw, lines)
                rows.append((refund_utc, len(rows),
                             [order_id, customer["id"], refund_text, sku, str(quantity),
                              money(cents)] + segment))
    rows.sort(key=lambda r: (r[0], r[1]))
    write_csv(path, [r[2] for r in rows])
    return len(rows)


# The small file of data/README.md. Keep the two in step when editing.
ORDERS_SMALL = [
    ["SO-1001", "C001", "2023-06-12", "TSH-BLK-M", "1", "24.00", "organic", "US"],
    ["SO-1002", "C005", "2023-09-03", "MUG-WHT", "2", "25.98", "email", "GB"],
    ["SO-1003", "C003", "2023-11-20", "HOOD-GRY-L", "1", "54.00", "paid_search", "DE"],
    ["SO-1004", "C006", "2023-12-05", "CAP-NVY", "1", "19.99", "social", "FR"],
    ["SO-1005", "C001", "2024-01-08", "SOCK-3PK", "1", "12.50", "organic", "US"],
    ["SO-1006", "C002", "2024-01-15T10:20:00Z", "TSH-WHT-S", "2", "48.00", "referral", "NL"],
    ["SO-1007", "C003", "2024-01-22", "HOOD-GRY-L", "1", "54.00", "paid_search", "DE"],
    ["SO-1008", "C007", "2024-01-29", "MUG-WHT", "1", "12.99", "organic", "GB"],
    ["SO-1009", "C001", "2024-02-02", "TSH-BLK-M", "1", "24.00", "organic", "US"],
    ["SO-1007", "C003", "2024-02-05", "HOOD-GRY-L", "-1", "-54.00", "paid_search", "DE"],
    ["SO-1010", "C002", "2024-02-10T09:15:00+01:00", "TSH-WHT-S", "1", "24.00", "referral", "NL"],
    ["SO-1010", "C002", "2024-02-10T09:15:00+01:00", "Gift card, digital", "1", "25.00",
     "referral", "NL"],
    ["SO-1010", "C002", "2024-02-10T09:15:00+01:00", "SOCK-3PK", "2", "25.00", "referral", "NL"],
    ["SO-1011", "C005", "2024-02-14", "CAP-NVY", "1", "19.99", "email", "GB"],
    ["SO-1012", "C004", "2024-02-19", "HOOD-GRY-L", "1", "54.00", "social", "FR"],
    ["SO-1013", "C001", "2024-02-26T16:45:00Z", "CAP-NVY", "1", "19.99", "organic", "US"],
    ["SO-1014", "C007", "2024-03-01T00:30:00+01:00", "MUG-WHT", "2", "25.98", "organic", "GB"],
    ["SO-1015", "C004", "2024-03-04", "TSH-BLK-M", "1", "24.00", "social", "FR"],
    ["SO-1012", "C004", "2024-03-08", "HOOD-GRY-L", "0", "-10.00", "social", "FR"],
]


def write_csv(path, rows):
    with open(path, "w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(HEADER)
        writer.writerows(rows)


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    count = make_orders_csv(os.path.join(here, "orders.csv"))
    write_csv(os.path.join(here, "orders_small.csv"), ORDERS_SMALL)
    print("wrote data/orders.csv (%d rows) and data/orders_small.csv (%d rows)"
          % (count, len(ORDERS_SMALL)))


if __name__ == "__main__":
    main()

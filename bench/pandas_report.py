#!/usr/bin/python3
"""The figures of `retention report FILE --period YYYY-MM --format json`
(one month, one-month activity window, UTC) computed with pandas, the way an
analyst would in a notebook. See bench/README.md.

    python3 bench/pandas_report.py FILE YYYY-MM [TIMES]

FILE is a CSV with the columns order_id, customer_id, order_date, amount
(others are ignored). Ids are read as text (numbers, prefixed codes, UUIDs,
e-mails). TIMES says how order_date is written (generate_orders --times):
datetime (the default), date, or offset (ISO 8601 with a UTC offset or Z,
taken in UTC as retention does). Definitions follow docs/metrics.md: a purchase line has
amount >= 0; refunds only change revenue; an order is an order_id among
purchase lines, placed at the earliest time of its lines; a customer is
active at t with an order in [t - W, t); revenue is every amount dated in
[t0, t1); only rows dated before t1 matter. Money is exact: the amount text is
turned into integer units of 1/10000, never a float.
"""
import json
import sys

import pandas as pd


def to_units(text: pd.Series) -> pd.Series:
    """Decimal text ('-12.5', '3', '19.99') -> int64 units of 1/10000, exactly."""
    text = text.str.strip()
    negative = text.str.startswith("-")
    parts = text.str.lstrip("+-").str.partition(".")
    whole = parts[0].replace("", "0").astype("int64")
    fraction = parts[2].str.ljust(4, "0")
    if (fraction.str.len() > 4).any():
        raise ValueError("an amount has more than 4 decimals")
    units = whole * 10000 + fraction.astype("int64")
    return units.where(~negative, -units)


def units_text(units: int) -> str:
    sign = "-" if units < 0 else ""
    whole, frac = divmod(abs(units), 10000)
    frac_text = f"{frac:04d}".rstrip("0").ljust(2, "0")
    return f"{sign}{whole}.{frac_text}"


def main() -> None:
    if len(sys.argv) not in (3, 4):
        sys.exit("usage: pandas_report.py FILE YYYY-MM [datetime|date|offset]")
    path, month = sys.argv[1], sys.argv[2]
    times = sys.argv[3] if len(sys.argv) == 4 else "datetime"
    t0 = pd.Timestamp(month + "-01")
    t1 = t0 + pd.DateOffset(months=1)
    s0 = t0 - pd.DateOffset(months=1)  # active at start: an order in [s0, t0)
    e0 = t1 - pd.DateOffset(months=1)  # active at end: an order in [e0, t1)

    df = pd.read_csv(
        path,
        usecols=["order_id", "customer_id", "order_date", "amount"],
        dtype={"order_id": str, "customer_id": str, "amount": str},
    )
    if times == "offset":
        df["order_date"] = pd.to_datetime(df["order_date"], format="%Y-%m-%dT%H:%M:%S%z", utc=True)
        df["order_date"] = df["order_date"].dt.tz_localize(None)
    else:
        layout = "%Y-%m-%d" if times == "date" else "%Y-%m-%d %H:%M:%S"
        df["order_date"] = pd.to_datetime(df["order_date"], format=layout)
    df = df[df["order_date"] < t1]
    df["units"] = to_units(df["amount"])

    revenue = int(df.loc[df["order_date"] >= t0, "units"].sum())

    # One row per order: its customer and its time (earliest purchase line).
    purchases = df[df["units"] >= 0]
    orders = (
        purchases.groupby(["customer_id", "order_id"], sort=False)["order_date"]
        .min()
        .reset_index()
    )
    when = orders["order_date"]
    orders["active_start"] = (when >= s0) & (when < t0)
    orders["active_end"] = when >= e0
    orders["in_period"] = when >= t0

    customers = orders.groupby("customer_id", sort=False).agg(
        first=("order_date", "min"),
        active_start=("active_start", "max"),
        active_end=("active_end", "max"),
        orders=("in_period", "sum"),
    )
    start = customers["active_start"]
    end = customers["active_end"]
    new = customers["first"] >= t0
    active = customers["orders"] > 0

    S = int(start.sum())
    E = int(end.sum())
    N = int(new.sum())
    L = int((start & ~end).sum())
    result = {
        "period": month,
        "customers_start": S,
        "customers_end": E,
        "customers_new": N,
        "customers_lost": L,
        "customers_reactivated": int((~new & ~start & end).sum()),
        "customers_active": int(active.sum()),
        "customers_repeat": int((customers["orders"] > 1).sum()),
        "customers_returning": int((active & ~new).sum()),
        "orders": int(customers["orders"].sum()),
        "revenue": "@REVENUE@",
        "churn_rate": None if S == 0 else L / S,
        "retention_rate": None if S == 0 else (E - N) / S,
    }
    text = json.dumps(result, indent=2).replace('"@REVENUE@"', units_text(revenue))
    print(text)


if __name__ == "__main__":
    main()

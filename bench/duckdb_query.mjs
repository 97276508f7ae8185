// The hand-written DuckDB query of one month's figures (duckdb_report.mjs
// explains it), over any source of rows (order_id, customer_id, ts, amount):
// a CSV scan in duckdb_report.mjs, a loaded table in warehouse_duckdb.mjs.
// t0, t1, s0, e0 are TIMESTAMP literals: the period [t0, t1), and the
// windows [s0, t0) and [e0, t1).
// One scan: rows before t1 grouped by order id (its time = earliest purchase
// line; refund-only ids have none), then by customer, then counted.
export const reportSql = (source, t0, t1, s0, e0) => `
WITH lines AS (
  ${source}
),
by_order AS (
  SELECT customer_id,
         min(ts) FILTER (WHERE amount >= 0) AS order_ts,
         sum(amount) FILTER (WHERE ts >= ${t0}) AS revenue
  FROM lines
  WHERE ts < ${t1}
  GROUP BY customer_id, order_id
),
by_customer AS (
  SELECT min(order_ts) AS first_ts,
         bool_or(order_ts >= ${s0} AND order_ts < ${t0}) AS active_start,
         bool_or(order_ts >= ${e0}) AS active_end,
         count(order_ts) FILTER (WHERE order_ts >= ${t0}) AS orders,
         sum(revenue) AS revenue
  FROM by_order
  GROUP BY customer_id
)
SELECT count(*) FILTER (WHERE active_start)                                    AS customers_start,
       count(*) FILTER (WHERE active_end)                                      AS customers_end,
       count(*) FILTER (WHERE first_ts >= ${t0})                               AS customers_new,
       count(*) FILTER (WHERE active_start AND NOT active_end)                 AS customers_lost,
       count(*) FILTER (WHERE first_ts < ${t0} AND NOT active_start AND active_end) AS customers_reactivated,
       count(*) FILTER (WHERE orders > 0)                                      AS customers_active,
       count(*) FILTER (WHERE orders > 1)                                      AS customers_repeat,
       count(*) FILTER (WHERE orders > 0 AND first_ts < ${t0})                 AS customers_returning,
       coalesce(sum(orders), 0)                                                AS orders,
       coalesce(sum(revenue), 0)::DECIMAL(38,4)::VARCHAR                       AS revenue
FROM by_customer`;


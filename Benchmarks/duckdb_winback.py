"""The example `winback_sms` campaign computed by DuckDB from the same CSV files, as a
reference for `campaign plan`: every entry and the send time of each of its three SMS.

  trigger 30d after last(purchase)      -- fires only while that purchase is still the last
  audience sms_opt_in and not loyal     -- loyal = 3+ purchases in the 90 days before entry
  reentry never                         -- the first entry in the window only
  exit when purchase                    -- a purchase ends the journey; later sends never go
  send sms survey, wait 30d,            -- nobody clicks in a dry run, so contest and coupon
  send sms contest, wait 30d,              follow; each send lands inside 08:00-21:00 local
  send sms coupon                          (send window and quiet hours), else at the next
                                           08:00 local, and needs a phone

Writes one line per entry (customer, entry, survey, contest, coupon; empty when not sent in
the window) to OUT and prints the seconds taken (median of 3, or of DUCKDB_RUNS) and the counts as JSON."""
import json
import os
import statistics
import sys
import time

import duckdb

customers, events, start, end, out = sys.argv[1:6]

SETUP = """
CREATE OR REPLACE MACRO allowed(t, tz) AS CASE
  WHEN hour(timezone(tz, t)) >= 8 AND hour(timezone(tz, t)) < 21 THEN t
  WHEN hour(timezone(tz, t)) >= 21 THEN timezone(tz, date_trunc('day', timezone(tz, t)) + INTERVAL 1 DAY + INTERVAL 8 HOUR)
  ELSE timezone(tz, date_trunc('day', timezone(tz, t)) + INTERVAL 8 HOUR)
END;
CREATE OR REPLACE MACRO iso(t) AS strftime(timezone('UTC', t), '%Y-%m-%dT%H:%M:%SZ');
"""

QUERY = f"""
WITH c AS (
  SELECT id, coalesce(timezone, 'UTC') AS tz, sms_opt_in IN ('true', '1', 'yes') AS sms_opt_in, phone
  FROM read_csv('{customers}', header = true, all_varchar = true)
),
p AS (
  SELECT customer_id, CAST(time AS TIMESTAMPTZ) AS time
  FROM read_csv('{events}', header = true, all_varchar = true)
  WHERE event = 'purchase'
),
ordered AS (
  SELECT customer_id, time,
    lead(time) OVER w AS next_time,
    -- purchases in (time - 60d, time]: with no purchase after `time`, that is (entry - 90d, entry]
    count(*) OVER (w RANGE BETWEEN INTERVAL 5183999 SECOND PRECEDING AND CURRENT ROW) AS recent
  FROM p
  WINDOW w AS (PARTITION BY customer_id ORDER BY time)
),
entries AS (
  SELECT o.customer_id, min(o.time + INTERVAL 30 DAY) AS entry
  FROM ordered o JOIN c ON c.id = o.customer_id
  WHERE (o.next_time IS NULL OR o.next_time > o.time + INTERVAL 30 DAY)
    AND o.time + INTERVAL 30 DAY >= TIMESTAMPTZ '{start}' AND o.time + INTERVAL 30 DAY < TIMESTAMPTZ '{end}'
    AND c.sms_opt_in AND o.recent < 3
  GROUP BY o.customer_id
),
journeys AS (
  SELECT e.customer_id, e.entry, c.phone IS NOT NULL AS reachable,
    -- the first purchase after entry ends the journey
    (SELECT min(p.time) FROM p WHERE p.customer_id = e.customer_id AND p.time > e.entry) AS exit_at,
    allowed(e.entry, c.tz) AS survey,
    c.tz
  FROM entries e JOIN c ON c.id = e.customer_id
),
steps AS (
  SELECT *, allowed(survey + INTERVAL 30 DAY, tz) AS contest FROM journeys
),
steps2 AS (
  SELECT *, allowed(contest + INTERVAL 30 DAY, tz) AS coupon FROM steps
)
SELECT customer_id, iso(entry),
  CASE WHEN reachable AND survey < TIMESTAMPTZ '{end}' AND (exit_at IS NULL OR exit_at > survey) THEN iso(survey) END,
  CASE WHEN reachable AND contest < TIMESTAMPTZ '{end}' AND (exit_at IS NULL OR exit_at > contest) THEN iso(contest) END,
  CASE WHEN reachable AND coupon < TIMESTAMPTZ '{end}' AND (exit_at IS NULL OR exit_at > coupon) THEN iso(coupon) END
FROM steps2
"""

con = duckdb.connect()
con.execute("SET TimeZone = 'UTC'")
con.execute(SETUP)
timings = []
rows = None
for _ in range(int(os.environ.get("DUCKDB_RUNS", "3"))):
    began = time.perf_counter()
    rows = con.execute(QUERY).fetchall()
    timings.append(time.perf_counter() - began)

with open(out, "w") as f:
    for row in sorted(rows, key=lambda r: (r[1], r[0])):
        f.write(",".join(v or "" for v in row) + "\n")
print(json.dumps({"seconds": statistics.median(timings), "runs": timings, "duckdb": duckdb.__version__,
                  "entries": len(rows), "sends": sum(1 for r in rows for v in r[2:] if v)}))

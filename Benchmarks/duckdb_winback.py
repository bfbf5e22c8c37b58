"""The entries and first send times of the example `winback_sms` campaign computed by
DuckDB from the same CSV files, as a reference for `campaign plan`:

  trigger 30d after last(purchase)      -- fires only while that purchase is still the last
  audience sms_opt_in and not loyal     -- loyal = 3+ purchases in the 90 days before entry
  reentry never                         -- the first entry in the window only
  exit when purchase                    -- a purchase before the survey goes out ends it
  send sms survey                       -- inside 08:00-21:00 local (send window and quiet
                                           hours), else at the next 08:00 local; needs a phone

Writes the (customer, entry, send) rows to OUT and prints the seconds taken (median of 3)
and the counts as JSON."""
import json
import statistics
import sys
import time

import duckdb

customers, events, start, end, out = sys.argv[1:6]

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
local AS (
  SELECT e.customer_id, e.entry, c.tz, c.phone, timezone(c.tz, e.entry) AS local_entry FROM entries e JOIN c ON c.id = e.customer_id
),
sends AS (
  SELECT customer_id, entry, phone,
    CASE
      WHEN hour(local_entry) >= 8 AND hour(local_entry) < 21 THEN entry
      WHEN hour(local_entry) >= 21 THEN timezone(tz, date_trunc('day', local_entry) + INTERVAL 1 DAY + INTERVAL 8 HOUR)
      ELSE timezone(tz, date_trunc('day', local_entry) + INTERVAL 8 HOUR)
    END AS send
  FROM local
)
SELECT s.customer_id, strftime(timezone('UTC', s.entry), '%Y-%m-%dT%H:%M:%SZ') AS entry,
  strftime(timezone('UTC', s.send), '%Y-%m-%dT%H:%M:%SZ') AS send,
  s.phone IS NOT NULL AND s.send < TIMESTAMPTZ '{end}'
    AND NOT EXISTS (SELECT 1 FROM p WHERE p.customer_id = s.customer_id AND p.time > s.entry AND p.time <= s.send) AS sent
FROM sends s
"""

con = duckdb.connect()
con.execute("SET TimeZone = 'UTC'")
timings = []
rows = None
for _ in range(3):
    began = time.perf_counter()
    rows = con.execute(QUERY).fetchall()
    timings.append(time.perf_counter() - began)

with open(out, "w") as f:
    for customer, entry, send, sent in sorted(rows, key=lambda r: (r[1], r[0])):
        f.write(f"{customer},{entry},{send if sent else ''}\n")
print(json.dumps({"seconds": statistics.median(timings), "runs": timings, "duckdb": duckdb.__version__,
                  "entries": len(rows), "sends": sum(1 for r in rows if r[3])}))

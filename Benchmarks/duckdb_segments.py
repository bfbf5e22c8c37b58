"""The example lifecycle segments computed by DuckDB from the same CSV files, as a
reference for `campaign segments`. Prints one line per segment, then the seconds taken
(median of 3, or of DUCKDB_RUNS), as JSON."""
import json
import os
import statistics
import sys
import time

import duckdb

customers, events, at = sys.argv[1], sys.argv[2], sys.argv[3]

QUERY = f"""
WITH c AS (
  SELECT id, CAST(signup_at AS TIMESTAMPTZ) AS signup_at
  FROM read_csv('{customers}', header = true, all_varchar = true)
),
e AS (
  SELECT customer_id, event, CAST(time AS TIMESTAMPTZ) AS time, category
  FROM read_csv('{events}', header = true, all_varchar = true)
),
agg AS (
  SELECT customer_id,
    count(*) FILTER (WHERE event = 'purchase' AND time > TIMESTAMPTZ '{at}' - INTERVAL 90 DAY AND time <= TIMESTAMPTZ '{at}') AS p90,
    count(*) FILTER (WHERE event = 'app_open' AND time > TIMESTAMPTZ '{at}' - INTERVAL 14 DAY AND time <= TIMESTAMPTZ '{at}') AS a14,
    max(time) FILTER (WHERE event = 'purchase' AND time <= TIMESTAMPTZ '{at}') AS last_purchase,
    max(time) FILTER (WHERE event = 'app_open' AND time <= TIMESTAMPTZ '{at}') AS last_open,
    count(*) FILTER (WHERE event = 'article_view' AND category = 'home' AND time > TIMESTAMPTZ '{at}' - INTERVAL 30 DAY AND time <= TIMESTAMPTZ '{at}') AS home30
  FROM e GROUP BY customer_id
)
SELECT
  count(*) FILTER (WHERE coalesce(a14, 0) > 0 AND NOT coalesce(p90, 0) >= 3) AS active,
  count(*) FILTER (WHERE coalesce(home30, 0) >= 3) AS home_readers,
  count(*) FILTER (WHERE coalesce(last_open, signup_at) < TIMESTAMPTZ '{at}' - INTERVAL 90 DAY) AS inactive,
  count(*) FILTER (WHERE last_purchase < TIMESTAMPTZ '{at}' - INTERVAL 30 DAY AND last_purchase >= TIMESTAMPTZ '{at}' - INTERVAL 90 DAY) AS lapsing,
  count(*) FILTER (WHERE coalesce(p90, 0) >= 3) AS loyal
FROM c LEFT JOIN agg ON c.id = agg.customer_id
"""

timings = []
row = None
for _ in range(int(os.environ.get("DUCKDB_RUNS", "3"))):
    connection = duckdb.connect()
    connection.execute("SET TimeZone = 'UTC'")
    started = time.perf_counter()
    row = connection.execute(QUERY).fetchone()
    timings.append(time.perf_counter() - started)
    connection.close()
names = ["active", "home_readers", "inactive", "lapsing", "loyal"]
print(json.dumps({"segments": dict(zip(names, row)), "seconds": statistics.median(timings), "runs": timings,
                  "duckdb": duckdb.__version__}))

"""Checks the Spark job's Parquet output against the single-machine CSV plan of the same
data (integrations/spark/test.sh): the columns and their types (docs/scale.md, "Output"),
the row count, and every row's values in the plan's order (sorted by time, customer_id,
campaign, sequence), the time read back as the plan writes it.

    spark-submit check_parquet.py PARQUET_DIR PLAN.csv

Exit status 0 when all agree, 1 with what differs otherwise.
"""

import csv
import sys

from pyspark.sql import SparkSession
from pyspark.sql import functions as F

EXPECTED_TYPES = [("time", "timestamp"), ("local_time", "string"), ("customer_id", "string"),
                  ("campaign", "string"), ("step", "string"), ("action", "string"),
                  ("channel", "string"), ("detail", "string"), ("reason", "string"), ("sequence", "bigint")]


def main(folder, plan):
    spark = SparkSession.builder.appName("check parquet").getOrCreate()
    spark.conf.set("spark.sql.session.timeZone", "UTC")
    frame = spark.read.parquet(folder)
    types = [(f.name, f.dataType.simpleString()) for f in frame.schema.fields]
    problems = []
    if types != EXPECTED_TYPES:
        problems.append(f"columns {types}, expected {EXPECTED_TYPES}")
    columns = [F.date_format("time", "yyyy-MM-dd'T'HH:mm:ss'Z'")] + [F.col(name) for name, _ in EXPECTED_TYPES[1:8]]
    # In the plan's order by the documented sort (Spark compares strings by their UTF-8
    # bytes, as the plan compares ids), so the order is checked with the values.
    ordered = frame.orderBy("time", "customer_id", "campaign", "sequence")
    ours = [tuple(row) for row in ordered.select(*columns).collect()]
    with open(plan, newline="", encoding="utf-8") as f:
        theirs = [tuple(row) for row in list(csv.reader(f))[1:]]
    if len(ours) != len(theirs):
        problems.append(f"{len(ours)} rows, the plan has {len(theirs)}")
    elif ours != theirs:
        first = next(i for i, (a, b) in enumerate(zip(ours, theirs)) if a != b)
        problems.append(f"row {first + 1} differs: {ours[first]} against the plan's {theirs[first]}")
    with_reason = frame.filter(F.col("reason").isNotNull()).count()
    reasons_expected = sum(1 for row in theirs if row[5] in ("suppress", "exit", "goal"))
    if with_reason != reasons_expected:
        problems.append(f"{with_reason} rows with a reason, the plan has {reasons_expected} suppress, exit and goal rows")
    spark.stop()
    for problem in problems:
        print(f"check_parquet: {problem}", file=sys.stderr)
    if not problems:
        print(f"check_parquet: {len(ours)} rows, the plan's values and types ({', '.join(t for _, t in types)})")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))

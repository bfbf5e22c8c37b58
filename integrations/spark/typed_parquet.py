"""Writes a customers and an events CSV file as Parquet with typed columns, as a lakehouse
holds them (integrations/spark/test.sh): times as timestamps, dates as dates, booleans as
booleans, the events' numbers as doubles and their properties in a `properties` struct.
The job must plan them exactly as it plans the CSV files (docs/scale.md, "Inputs").

    spark-submit typed_parquet.py CUSTOMERS.csv EVENTS.csv OUT_DIR

Typed columns by name, where the files have them: signup_at (timestamp), birthday (date),
email_opt_in and sms_opt_in (boolean), time (timestamp), amount (double).
"""

import sys

from pyspark.sql import SparkSession
from pyspark.sql import functions as F


def main(customers, events, out):
    spark = SparkSession.builder.appName("typed parquet").getOrCreate()
    spark.conf.set("spark.sql.session.timeZone", "UTC")

    def read(path):
        return (spark.read.option("header", True).option("multiLine", True).option("escape", '"')
                .option("mode", "FAILFAST").csv(path))

    typed = {"signup_at": "timestamp", "birthday": "date", "email_opt_in": "boolean", "sms_opt_in": "boolean",
             "time": "timestamp", "amount": "double"}

    def typing(frame):
        return frame.select(*[F.col(c).cast(typed[c]).alias(c) if c in typed else F.col(c) for c in frame.columns])

    frame = typing(read(customers))
    frame.write.parquet(f"{out}/customers.parquet")
    frame = typing(read(events))
    properties = [c for c in frame.columns if c not in ("customer_id", "event", "time")]
    frame.select("customer_id", "event", "time", F.struct(*properties).alias("properties")) \
        .write.parquet(f"{out}/events.parquet")
    spark.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:4]))

"""Reading customers and events with Spark for the campaign job, and shaping them into
rows the executors turn into bundles (campaign_worker.py): (key, kind, file order, JSON).

Values reach the binary as text, as they were written: CSV is read as strings (no type
inference, so `007` and `42.50` stay as written and the binary validates them as it does
a file), NDJSON with every primitive as a string, and Parquet's typed values are written
as the binary reads them (docs/scale.md, "Inputs").
"""

import os

from pyspark.sql import functions as F
from pyspark.sql import types as T

FORMATS = ("csv", "parquet", "ndjson")
EVENT_FIELDS = ("customer_id", "event", "time")
PROPERTIES = "properties"

# Helper columns, named so that no data column is likely to collide with them.
KEY, KIND, FILE, BLOCK, ROW, TEXT = "__campaign_key", "__campaign_kind", "__campaign_file", \
    "__campaign_block", "__campaign_row", "__campaign_text"


class InputError(Exception):
    """A data file the job cannot read as customers or events (exit status 1 or 2)."""

    def __init__(self, message, status=1):
        super().__init__(message)
        self.status = status


def format_of(path, given):
    """The format named by `--customers-format`/`--events-format`, else by the extension."""
    if given:
        return given
    name = path.rstrip("/").lower()
    for suffix in (".gz", ".bz2", ".zst", ".snappy", ".lz4"):
        if name.endswith(suffix):
            name = name[: -len(suffix)]
    if name.endswith(".csv"):
        return "csv"
    if name.endswith(".parquet"):
        return "parquet"
    if name.endswith((".ndjson", ".jsonl", ".json")):
        return "ndjson"
    raise InputError(f"cannot tell the format of {path} from its extension; "
                     f"say it with --customers-format or --events-format ({', '.join(FORMATS)})", status=2)


def driver_path(path):
    """A path as Spark should read it: one without a scheme that exists on the driver is
    made absolute there (`file://`), so a relative path means the driver's folder, as the
    job's documentation says; any other path is Spark's to resolve (hdfs://, s3a://, …)."""
    if "://" in path or (":" in path.split("/")[0] and not os.path.exists(path)):
        return path
    if os.path.exists(path):
        return "file://" + os.path.abspath(path)
    raise InputError(f"cannot read {path}: no such file or folder on the driver", status=2)


def read(spark, path, fmt):
    """The file as a DataFrame with its columns, plus the file-order columns FILE, BLOCK,
    ROW: a row's file, the start of the file split it was read from, and its position
    among the rows read before the first shuffle (monotonically_increasing_id grows with
    the position inside one split). Together they order rows as the files hold them,
    whatever the partitioning, so the order is the same on every run and every retry."""
    if fmt == "csv":
        frame = (spark.read.option("header", True).option("inferSchema", False)
                 .option("multiLine", True).option("quote", '"').option("escape", '"')
                 .option("mode", "FAILFAST").option("unescapedQuoteHandling", "RAISE_ERROR")
                 .option("encoding", "UTF-8").csv(path))
        # A UTF-8 byte-order mark stays on the first column's name in some readers.
        first = frame.columns[0] if frame.columns else None
        if first is not None and first.startswith("\ufeff"):
            frame = frame.withColumnRenamed(first, first[1:])
    elif fmt == "parquet":
        frame = spark.read.parquet(path)
    else:
        frame = spark.read.option("primitivesAsString", True).option("mode", "FAILFAST").json(path)
    return frame.select("*", F.col("_metadata.file_path").alias(FILE),
                        F.col("_metadata.file_block_start").alias(BLOCK),
                        F.monotonically_increasing_id().alias(ROW))


def _quoted(name):
    return F.col("`" + name.replace("`", "``") + "`")


def as_text(column, data_type, name):
    """A column as the text the binary reads (None stays None: a missing value)."""
    if isinstance(data_type, T.StringType):
        return column
    if isinstance(data_type, (T.BooleanType, T.NumericType)):
        return column.cast("string")
    if isinstance(data_type, T.DateType):
        return F.date_format(column, "yyyy-MM-dd")
    if isinstance(data_type, T.TimestampType):
        # The session's time zone is UTC (campaign_plan.py sets it), so this is the instant.
        return F.date_format(column, "yyyy-MM-dd'T'HH:mm:ss'Z'")
    if isinstance(data_type, T.TimestampNTZType):
        # A time without a zone: read as UTC, as docs/scale.md says.
        return F.date_format(column, "yyyy-MM-dd'T'HH:mm:ss'Z'")
    raise InputError(f"column `{name}` has type {data_type.simpleString()}: campaign data holds "
                     f"text, numbers, booleans, dates and times (docs/language.md §8.2)")


def _fields(frame, names):
    types = {f.name: f.dataType for f in frame.schema.fields}
    return F.struct(*[as_text(_quoted(n), types[n], n).alias(n) for n in names])


def _data_columns(frame):
    return [c for c in frame.columns if c not in (FILE, BLOCK, ROW)]


def customer_rows(frame, id_field, source):
    """(key, kind 0, file order…, the customer's fields as a JSON object)."""
    columns = _data_columns(frame)
    if id_field not in columns:
        raise InputError(f"{source}: the customers have no column `{id_field}`, the schema's id field "
                         f"(columns: {', '.join(columns) or 'none'}) [D0101]")
    types = {f.name: f.dataType for f in frame.schema.fields}
    return frame.select(as_text(_quoted(id_field), types[id_field], id_field).alias(KEY),
                        F.lit(0).alias(KIND), FILE, BLOCK, ROW,
                        F.to_json(_fields(frame, columns), {"ignoreNullFields": "false"}).alias(TEXT))


def event_rows(frame, source):
    """(key, kind 1, file order…, the event as an events-NDJSON object without its
    customer_id): `event`, `time` and `properties`, from a `properties` struct or map
    column, or else from every other column (the CSV layout)."""
    columns = _data_columns(frame)
    missing = [c for c in EVENT_FIELDS if c not in columns]
    if missing:
        raise InputError(f"{source}: the events have no column {', '.join('`' + m + '`' for m in missing)} "
                         f"(an events file has customer_id, event, time, then its properties) [D0101]")
    types = {f.name: f.dataType for f in frame.schema.fields}
    if PROPERTIES in columns and isinstance(types[PROPERTIES], T.StructType):
        nested = types[PROPERTIES]
        properties = F.struct(*[as_text(_quoted(PROPERTIES).getField(f.name), f.dataType, f"{PROPERTIES}.{f.name}")
                                .alias(f.name) for f in nested.fields])
    elif PROPERTIES in columns and isinstance(types[PROPERTIES], T.MapType):
        value_type = types[PROPERTIES].valueType
        properties = F.transform_values(_quoted(PROPERTIES), lambda _, v: as_text(v, value_type, PROPERTIES))
    else:
        properties = _fields(frame, [c for c in columns if c not in EVENT_FIELDS])
    event = F.struct(as_text(F.col("event"), types["event"], "event").alias("event"),
                     as_text(F.col("time"), types["time"], "time").alias("time"),
                     properties.alias(PROPERTIES))
    return frame.select(as_text(F.col("customer_id"), types["customer_id"], "customer_id").alias(KEY),
                        F.lit(1).alias(KIND), FILE, BLOCK, ROW,
                        F.to_json(event, {"ignoreNullFields": "false"}).alias(TEXT))


def bundle_rows(customers, events, partitions):
    """Both inputs in one frame, partitioned by Spark's Murmur3 hash of the customer id
    (the same on every machine and run, unlike Python's salted `hash`), and sorted in each
    partition by id, customers before events, then file order: campaign_worker reads each
    customer's rows together, in an order that no retry or partition count changes."""
    return (customers.unionByName(events)
            .repartition(partitions, KEY)
            .sortWithinPartitions(KEY, KIND, FILE, BLOCK, ROW)
            .select(KEY, KIND, TEXT))

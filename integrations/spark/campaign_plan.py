"""`campaign plan` on Apache Spark: the same schedule, planned by the campaign binary on
the executors, one partition of customers at a time (docs/scale.md).

    spark-submit integrations/spark/campaign_plan.py PATH… --customers F --events F \\
        --from T --to T --out DIR [--partitions N] [--output-format csv|parquet] \\
        [--binary PATH] [--campaign NAMES] [--engagement RATES] [--seed N] [--render] …

Customers and events (CSV, NDJSON or Parquet, any path Spark reads) are partitioned by a
stable hash of the customer id; each partition's customers, with their events, go through
`campaign plan PATH… --bundles -` as customer bundles; the schedule is written as CSV
part files (each the plan's header and its lines, byte for byte) or Parquet. The master
comes from spark-submit. The binary and the campaign files are shipped to the executors
by the job itself. Exit status: 0, or the binary's status when a partition failed (1 for
errors in the data or campaigns, 2 for usage and I/O), with its messages.
"""

import argparse
import os
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import campaign_inputs as inputs  # noqa: E402
import campaign_schema  # noqa: E402
import campaign_worker  # noqa: E402

PROJECT_ARCHIVE = "campaign-project.tar.gz"
PLAN_COLUMNS = ("time", "local_time", "customer_id", "campaign", "step", "action", "channel", "detail")


def arguments(argv):
    parser = argparse.ArgumentParser(
        prog="campaign_plan.py",
        description="Plan campaigns on Spark with the campaign binary as the per-partition worker (docs/scale.md).")
    parser.add_argument("paths", nargs="+", metavar="PATH", help="the campaign files or folders (on the driver)")
    parser.add_argument("--customers", required=True, help="the customers: CSV, NDJSON or Parquet, any path Spark reads")
    parser.add_argument("--events", required=True, help="the events: customer_id, event, time, then properties")
    parser.add_argument("--customers-format", choices=inputs.FORMATS, help="when the extension does not say")
    parser.add_argument("--events-format", choices=inputs.FORMATS, help="when the extension does not say")
    parser.add_argument("--from", dest="start", required=True, metavar="INSTANT", help="start of the window")
    parser.add_argument("--to", dest="end", required=True, metavar="INSTANT", help="end of the window (exclusive)")
    parser.add_argument("--out", required=True, help="the output folder (any path Spark writes)")
    parser.add_argument("--overwrite", action="store_true", help="replace the output folder if it exists")
    parser.add_argument("--partitions", type=int, help="customer partitions (default: Spark's default parallelism)")
    parser.add_argument("--output-format", choices=("csv", "parquet"), default="csv")
    parser.add_argument("--binary", help="the campaign binary for the executors' platform (default: `campaign` on PATH)")
    parser.add_argument("--id-field", help="the customers' id column (default: the schema's field of type id)")
    parser.add_argument("--campaign", help="only these campaigns (comma-separated)")
    parser.add_argument("--engagement", help='who opens and clicks, e.g. "sms.click=0.2"')
    parser.add_argument("--seed", help="the engagement model's seed")
    parser.add_argument("--render", action="store_true", help="put each sent message's text in detail")
    parser.add_argument("--skip-bad-rows", action="store_true", help="leave out rows with errors and count them")
    parser.add_argument("--max-errors", type=int, default=20, help="row errors shown per partition (default 20)")
    parser.add_argument("--threads", type=int, help="threads per binary (default: spark.task.cpus)")
    parser.add_argument("--batch-size", type=int, help="customers per batch in the binary")
    parser.add_argument("--memory-limit", help="memory for one binary's planned rows, e.g. 512MiB")
    args = parser.parse_args(argv)
    if args.partitions is not None and args.partitions < 1:
        parser.error("--partitions must be 1 or more")
    return args


def plan_options(args, threads):
    """The options every executor's `campaign plan` gets, after the project paths."""
    options = ["--bundles", "-", "--from", args.start, "--to", args.end, "--color", "never",
               "--format", "csv" if args.output_format == "csv" else "ndjson",
               "--threads", str(threads), "--max-errors", str(args.max_errors)]
    for flag, value in (("--campaign", args.campaign), ("--engagement", args.engagement), ("--seed", args.seed),
                        ("--batch-size", args.batch_size), ("--memory-limit", args.memory_limit)):
        if value is not None:
            options += [flag, str(value)]
    if args.render:
        options.append("--render")
    if args.skip_bad_rows:
        options.append("--skip-bad-rows")
    return options


def project_archive(paths, folder):
    """One archive of the project for the executors, and each path's place inside it. A
    named file is shipped with its folder's `.campaign` files, since its imports may reach
    them (docs/language.md §1.3: a named file's own folder is its root)."""
    archive = os.path.join(folder, PROJECT_ARCHIVE)
    places = []
    with tarfile.open(archive, "w:gz") as tar:
        for number, path in enumerate(paths):
            root = path if os.path.isdir(path) else os.path.dirname(path)
            prefix = f"p{number}"
            for file in campaign_schema.campaign_files([root]):
                tar.add(file, arcname=os.path.join(prefix, os.path.relpath(file, root)))
            if not os.path.isdir(path):
                tar.add(path, arcname=os.path.join(prefix, os.path.basename(path)))
                places.append(os.path.join(prefix, os.path.basename(path)))
            else:
                places.append(prefix)
    return archive, places


def check_on_driver(binary, paths):
    """`campaign check` on the driver before any executor starts: errors in the campaigns
    stop the job at once, with their messages. Skipped (with a note) when the binary is
    built for the executors' platform and cannot run here."""
    try:
        result = subprocess.run([binary, "check", "--color", "never", *paths], capture_output=True, text=True)
    except OSError as error:
        print(f"campaign_plan: not checking the campaigns on the driver ({error})", file=sys.stderr)
        return 0
    if result.returncode != 0:
        sys.stderr.write(result.stdout + result.stderr)
    return result.returncode


def failure_message(error):
    """The worker's own message out of a failed job's exception, and the exit status."""
    text = str(error)
    marker = "PlanFailed: "
    if marker not in text:
        return None, 1
    message = text[text.index(marker) + len(marker):]
    for end in ("\n\tat ", "\nJVM stacktrace", "\n\n"):
        if end in message:
            message = message[: message.index(end)]
    status = 1
    prefix = "exited with status "
    if prefix in message:
        digits = message[message.index(prefix) + len(prefix):].split(":")[0]
        status = int(digits) if digits.isdigit() else 1
    return message.strip(), status


def spark_error(error):
    """The root cause of an error Spark raised while reading or writing (a malformed CSV
    record, a path that does not exist), as its error class and message; None when the
    error carries no Spark error class."""
    causes = re.findall(r"\[([A-Z_]+(?:\.[A-Z_]+)?)\] ([^\n]*)", str(error))
    if not causes:
        return None
    name, message = causes[-1]
    return f"[{name}] {message.split(' SQLSTATE:')[0].strip()}"


def rename_parts(spark, out, extension):
    """Spark's text writer names its parts `.txt`; the CSV parts are named `.csv`."""
    jvm = spark.sparkContext._jvm
    folder = jvm.org.apache.hadoop.fs.Path(out)
    fs = folder.getFileSystem(spark.sparkContext._jsc.hadoopConfiguration())
    for status in fs.listStatus(folder):
        name = status.getPath().getName()
        if name.startswith("part-") and name.endswith(".txt"):
            fs.rename(status.getPath(), jvm.org.apache.hadoop.fs.Path(folder, name[:-4] + extension))


def write_plan(spark, text, args):
    """Writes the binaries' output. CSV: each chunk as one text row, so the part file holds
    the binary's bytes (header first) with no re-encoding by Spark's CSV writer. Parquet:
    the NDJSON rows parsed into the plan's columns with types (docs/scale.md, "Output")."""
    from pyspark.sql import functions as F
    from pyspark.sql import types as T

    mode = "overwrite" if args.overwrite else "errorifexists"
    frame = spark.createDataFrame(text.map(lambda chunk: (chunk,)), T.StructType([T.StructField("value", T.StringType())]))
    if args.output_format == "csv":
        frame.write.mode(mode).text(args.out)
        rename_parts(spark, args.out, ".csv")
        return
    schema = T.StructType([T.StructField(c, T.StringType()) for c in PLAN_COLUMNS] + [T.StructField("reason", T.StringType())])
    rows = frame.select(F.explode(F.split("value", "\n")).alias("line")).select(F.from_json("line", schema).alias("row"))
    columns = [F.to_timestamp(F.col("row.time"), "yyyy-MM-dd'T'HH:mm:ssXXX").alias("time")]
    columns += [F.col("row." + c).alias(c) for c in PLAN_COLUMNS[1:]] + [F.col("row.reason").alias("reason")]
    # Where the row stands in the job's output (the partition, then the line): rows of one
    # customer are in one partition in the journey's order, so sorting by time, customer_id,
    # campaign, sequence gives campaign plan's order, ties included.
    columns.append(F.monotonically_increasing_id().alias("sequence"))
    rows.select(*columns).write.mode(mode).parquet(args.out)


def main(argv):
    args = arguments(argv)
    from pyspark import SparkFiles
    from pyspark.sql import SparkSession

    binary = args.binary or shutil.which("campaign")
    if not binary or not os.path.isfile(binary):
        print(f"campaign_plan: no campaign binary at {binary or 'campaign on PATH'}; build it "
              f"(swift build -c release --product campaign) and pass --binary", file=sys.stderr)
        return 2
    binary = os.path.abspath(binary)
    paths = [os.path.abspath(p) for p in args.paths]
    for path in paths:
        if not os.path.exists(path):
            print(f"campaign_plan: {path}: no such file or folder", file=sys.stderr)
            return 2
    status = check_on_driver(binary, paths)
    if status != 0:
        return status
    id_field = args.id_field or campaign_schema.id_field(paths)
    if not id_field:
        print("campaign_plan: cannot tell the customers' id field from the campaign files; pass --id-field", file=sys.stderr)
        return 2

    spark = SparkSession.builder.appName("campaign plan").getOrCreate()
    context = spark.sparkContext
    # Parquet times are instants: written and formatted in UTC, whatever the machine's zone.
    spark.conf.set("spark.sql.session.timeZone", "UTC")
    spark.conf.set("spark.sql.parquet.outputTimestampType", "TIMESTAMP_MICROS")
    scratch = tempfile.mkdtemp(prefix="campaign-spark-")
    try:
        archive, places = project_archive(paths, scratch)
        context.addFile(binary)
        context.addArchive(archive)
        context.addPyFile(campaign_worker.__file__)
        binary_name = os.path.basename(binary)
        threads = args.threads or int(context.getConf().get("spark.task.cpus", "1"))
        options = plan_options(args, threads)
        skip, max_errors = args.skip_bad_rows, args.max_errors
        notes = context.accumulator({}, campaign_worker.NotesMerge())

        try:
            customers_format = inputs.format_of(args.customers, args.customers_format)
            events_format = inputs.format_of(args.events, args.events_format)
            customers = inputs.customer_rows(inputs.read(spark, inputs.driver_path(args.customers), customers_format),
                                             id_field, args.customers)
            events = inputs.event_rows(inputs.read(spark, inputs.driver_path(args.events), events_format), args.events)
        except inputs.InputError as error:
            print(f"campaign_plan: {error}", file=sys.stderr)
            return error.status
        except Exception as error:  # noqa: BLE001 — reading the header or a Parquet footer failed
            cause = spark_error(error)
            if cause is None:
                raise
            print(f"campaign_plan: Spark cannot read the input: {cause}", file=sys.stderr)
            return 2
        partitions = args.partitions or context.defaultParallelism
        rows = inputs.bundle_rows(customers, events, partitions)

        def plan(partition):
            import campaign_worker as worker
            executable = SparkFiles.get(binary_name)
            if not os.access(executable, os.X_OK):
                os.chmod(executable, 0o755)
            root = SparkFiles.get(PROJECT_ARCHIVE)
            command = [executable, "plan", *[os.path.join(root, p) for p in places], *options]
            keyed = ((r[0], r[1], r[2]) for r in partition)
            return worker.plan_partition(keyed, command, skip, max_errors, notes)

        try:
            write_plan(spark, rows.rdd.mapPartitions(plan), args)
        except Exception as error:  # noqa: BLE001 — Spark wraps the worker's error; say it plainly
            message, status = failure_message(error)
            if message is not None:
                print(f"campaign_plan: a partition failed, so no output was committed:\n{message}", file=sys.stderr)
                return status
            cause = spark_error(error)
            if cause is None:
                raise
            print(f"campaign_plan: Spark failed, so no output was committed: {cause}", file=sys.stderr)
            return 1
        for text, count in sorted(notes.value.items()):
            suffix = "" if count == 1 else f"  (from {count} partitions)"
            for line in text.rstrip("\n").split("\n"):
                print(f"campaign: {line}{suffix}", file=sys.stderr)
        print(f"campaign_plan: wrote the plan of {partitions} partitions to {args.out} ({args.output_format})", file=sys.stderr)
        return 0
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

"""Puts CSV plan files back into one plan in `campaign plan`'s order: the header once, then
every record sorted by time, customer id (byte order), campaign name (byte order; the
plan numbers its campaigns in name order, docs/language.md §8.9), stably, so that rows
sharing the three keep the journey's order within their file. Records are kept as the
files hold them, byte for byte: quoting, embedded line breaks and all.

    python3 plan_order.py PART… > plan.csv     (a folder stands for its part-*.csv files)

The Spark job's CSV parts, so sorted, equal the single-machine plan of the same data
(integrations/spark/test.sh checks it). Standard library only.
"""

import csv
import glob
import os
import sys

TIME, CUSTOMER, CAMPAIGN = 0, 2, 3


def records(data):
    """The CSV records of a file's bytes, each with its line break, split where a line
    break falls outside quotes (RFC 4180: `""` inside a quoted field is a quote)."""
    start = 0
    quoted = False
    for i, byte in enumerate(data):
        if byte == 0x22:
            quoted = not quoted
        elif byte == 0x0A and not quoted:
            yield data[start:i + 1]
            start = i + 1
    if start < len(data):
        yield data[start:]


def sort_key(record):
    fields = next(csv.reader([record.decode("utf-8")], strict=True))
    return (fields[TIME].encode(), fields[CUSTOMER].encode("utf-8"), fields[CAMPAIGN].encode())


def part_files(paths):
    found = []
    for path in paths:
        if os.path.isdir(path):
            found += sorted(glob.glob(os.path.join(path, "part-*.csv")))
        else:
            found.append(path)
    return found


def merged(paths):
    """The header and the sorted records of the files; a file's header must equal the
    first's."""
    header = None
    rows = []
    for path in part_files(paths):
        with open(path, "rb") as f:
            parts = list(records(f.read()))
        if not parts:
            continue
        if header is None:
            header = parts[0]
        elif parts[0] != header:
            raise SystemExit(f"plan_order.py: {path} starts with another header: {parts[0]!r}")
        rows += parts[1:]
    rows.sort(key=sort_key)  # Python's sort is stable
    return (header or b""), rows


def main(argv):
    if not argv:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    header, rows = merged(argv)
    out = sys.stdout.buffer
    out.write(header)
    for row in rows:
        out.write(row)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

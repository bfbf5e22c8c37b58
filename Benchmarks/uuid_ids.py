"""Rewrites a generated dataset's customer ids as UUIDs (`IDS=uuid` in the benchmarks):
the same customers and events, each id `c0000001` replaced in both files by the UUID
made from its MD5, so that ids are 36 bytes in no order, as warehouse exports often are,
instead of 8 bytes that sort as the customers file lists them.

  python3 Benchmarks/uuid_ids.py FROM_FOLDER TO_FOLDER
"""
import hashlib
import os
import sys
import uuid

source, target = sys.argv[1:3]
os.makedirs(target, exist_ok=True)


def as_uuid(customer_id):
    return str(uuid.UUID(bytes=hashlib.md5(customer_id.encode()).digest()))


for name in ("customers.csv", "events.csv"):
    # The id is the first column of both files, and the generator never quotes it.
    with open(os.path.join(source, name)) as rows, open(os.path.join(target, name), "w") as out:
        out.write(rows.readline())
        for line in rows:
            cut = line.index(",")
            out.write(as_uuid(line[:cut]) + line[cut:])

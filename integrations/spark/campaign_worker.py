"""The executor side of integrations/spark/campaign_plan.py: one partition's customers and
events, sorted by customer id, become customer bundles (docs/scale.md) that go through
`campaign plan --bundles -`; what the binary writes comes back as text.

Standard library only: it runs in Spark's Python workers, shipped with `addPyFile`.
"""

import json
import re
import subprocess
import sys
import threading

# Rows arrive as (key, kind, text): the customer id, CUSTOMER or EVENT, and the row as a
# JSON object (a customer's fields; an event without its customer_id).
CUSTOMER = 0
EVENT = 1

# How much of the binary's output one Spark row carries: a row is cut only after a line
# break, so writing each row and the line break the text writer adds gives back the bytes.
CHUNK_BYTES = 1 << 20


class PlanFailed(Exception):
    """The binary failed (exit 1 or 2) or the partition holds events of unknown customers:
    the message says which, with the binary's own standard error."""


class Orphans:
    """Events whose customer id no customer row has: the two-file input's D0301
    (docs/diagnostics.md), counted here because a bundle belongs to a customer."""

    def __init__(self):
        self.customers = 0
        self.events = 0
        self.examples = []

    def note(self, key, events, limit):
        self.customers += 1
        self.events += events
        if len(self.examples) < limit:
            self.examples.append((key, events))

    def message(self, limit):
        lines = []
        for key, events in self.examples[:limit]:
            plural = "" if events == 1 else "s"
            if key is None:
                lines.append(f"error: {events} event{plural} with an empty customer_id: a value is required [D0201]")
            else:
                lines.append(f'error: no customer has the id "{key}" in the customers file ({events} event{plural}) [D0301]')
        shown = len(lines)
        if self.customers > shown:
            lines.append(f"... and events of {self.customers - shown} more unknown customer ids")
        lines.append(f"{self.counted()} not in the customers file")
        return "\n".join(lines)

    def counted(self):
        events = f"{self.events} event" + ("" if self.events == 1 else "s")
        customers = f"{self.customers} customer id" + ("" if self.customers == 1 else "s")
        return f"{events} of {customers}"


class NotesMerge:
    """An accumulator's merge (pyspark's AccumulatorParam, by its two methods) of what the
    binaries wrote on standard error in tasks that succeeded: each text with the number of
    partitions that wrote it, so the driver says each warning once."""

    def zero(self, value):
        return {}

    def addInPlace(self, a, b):
        for text, count in b.items():
            a[text] = a.get(text, 0) + count
        return a


def bundle_lines(rows, orphans, max_errors):
    """(key, line): one NDJSON line per customer row, `{"customer": {...}, "events": [...]}`, from rows
    sorted by key, then kind (customers first), then file order: a customer's events keep
    their file order, and the binary sorts them by time with ties in that order (the
    `--bundles` contract). A key twice among the customers gives two bundles with the same
    id, which the binary reports (D0211); events with no customer go to `orphans`."""
    key, customers, events = None, [], []
    started = False
    for row_key, kind, text in rows:
        if not started or row_key != key:
            if started:
                yield from _bundles(key, customers, events, orphans, max_errors)
            key, customers, events, started = row_key, [], [], True
        (customers if kind == CUSTOMER else events).append(text)
    if started:
        yield from _bundles(key, customers, events, orphans, max_errors)


def _bundles(key, customers, events, orphans, max_errors):
    if not customers:
        orphans.note(key, len(events), max_errors)
        return
    tail = ',"events":[' + ",".join(events) + "]}\n"
    for customer in customers:
        yield key, '{"customer":' + customer + tail


def naming_customers(text, keys):
    """The binary's messages with each `<stdin>:LINE:` (a bundle's line in this partition's
    input, which means nothing to the reader) followed by that bundle's customer id."""
    def named(match):
        line = int(match.group(1))
        if 1 <= line <= len(keys):
            return f"{match.group(0)} customer {json.dumps(keys[line - 1], ensure_ascii=False)}:"
        return match.group(0)
    return re.sub(r"<stdin>:(\d+)(?::\d+)?:", named, text)


def plan_partition(rows, command, skip_bad_rows=False, max_errors=20, notes=None):
    """Runs `command` (`campaign plan … --bundles -`) on the bundles of `rows` and yields
    its standard output as text, cut after line breaks (each piece without its last line
    break). Raises PlanFailed with the binary's standard error when it exits with a status
    other than 0, or when events have no customer (unless `skip_bad_rows`). What the binary
    says on standard error when it succeeds (warnings, skipped rows) is added to `notes`
    (an accumulator of NotesMerge) as {text: 1}."""
    orphans = Orphans()
    process = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    failures = []
    stderr = []
    # The customer id of each bundle line, so that a message about `<stdin>:LINE` can say
    # whose line it is (one string per customer of the partition).
    keys = []

    def feed():
        try:
            buffered = []
            size = 0
            for key, line in bundle_lines(rows, orphans, max_errors):
                keys.append(key)
                data = line.encode("utf-8")
                buffered.append(data)
                size += len(data)
                if size >= CHUNK_BYTES:
                    process.stdin.write(b"".join(buffered))
                    buffered, size = [], 0
            process.stdin.write(b"".join(buffered))
        except BrokenPipeError:
            pass  # the binary stopped reading: its status and standard error say why
        except BaseException as error:  # noqa: BLE001 — re-raised in the task's thread
            failures.append(error)
        finally:
            try:
                process.stdin.close()
            except BrokenPipeError:
                pass

    def drain():
        stderr.append(process.stderr.read())

    threads = [threading.Thread(target=feed, daemon=True), threading.Thread(target=drain, daemon=True)]
    for thread in threads:
        thread.start()
    try:
        pending = b""
        while True:
            block = process.stdout.read(CHUNK_BYTES)
            if not block:
                break
            pending += block
            cut = pending.rfind(b"\n")
            if cut >= 0:
                yield pending[:cut].decode("utf-8")
                pending = pending[cut + 1:]
        status = process.wait()
        for thread in threads:
            thread.join()
    except BaseException:
        process.kill()
        process.wait()
        raise
    finally:
        process.stdout.close()
        process.stderr.close()
    if failures:
        raise failures[0]
    text = b"".join(stderr).decode("utf-8", errors="replace")
    problems = []
    if status != 0:
        problems.append(f"campaign {command[1]} exited with status {status}:\n{naming_customers(text, keys).rstrip()}")
    if orphans.customers and not skip_bad_rows:
        problems.append(orphans.message(max_errors))
    if problems:
        raise PlanFailed("\n".join(problems))
    if pending:
        # The binary ends every line with a line break; should it not, the text writer's
        # own line break is the only difference, and it is better said than hidden.
        print("campaign_worker: the output did not end with a line break; one was added", file=sys.stderr)
        yield pending.decode("utf-8")
    if orphans.customers:
        text += f"skipped {orphans.counted()} not in the customers file [D0301]\n"
    if notes is not None and text:
        notes.add({text: 1})
    elif text:
        sys.stderr.write(text)

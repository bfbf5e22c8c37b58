"""Runs a command and reports the peak resident memory of its processes by kind — the JVM
(java), Spark's Python workers (python), the campaign binaries (campaign) — and the wall
time, as JSON on standard output (Benchmarks/spark.sh). The command's own output goes to
the files given.

    python3 process_peaks.py STDOUT_FILE STDERR_FILE -- COMMAND…

Every 0.2 s it walks the command's process tree in /proc and reads each process's VmHWM
(the kernel's high-water mark of its resident memory, so a peak between two samples is not
missed; a process that ends between two samples is seen at its last sample). It reports
per kind the largest single process and the largest sum at one sample (all of that kind's
processes at once). Linux only; standard library only.
"""

import json
import os
import subprocess
import sys
import time


def children(pid):
    found = []
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/children") as f:
                found += [int(p) for p in f.read().split()]
    except OSError:
        pass
    return found


def tree(root):
    seen, stack = [], [root]
    while stack:
        pid = stack.pop()
        seen.append(pid)
        stack += children(pid)
    return seen


def kind_and_peak(pid):
    try:
        with open(f"/proc/{pid}/status") as f:
            status = dict(line.split(":", 1) for line in f if ":" in line)
        with open(f"/proc/{pid}/cmdline", "rb") as f:
            command = f.read().split(b"\0")[0].decode(errors="replace")
    except OSError:
        return None, 0
    name = os.path.basename(command)
    kind = "java" if name == "java" else "python" if name.startswith("python") else \
        "campaign" if name == "campaign" else None
    peak = int(status.get("VmHWM", "0 kB").split()[0]) * 1024
    return kind, peak


def main(argv):
    stdout_file, stderr_file = argv[0], argv[1]
    command = argv[argv.index("--") + 1:]
    single, total = {}, {}
    started = time.monotonic()
    with open(stdout_file, "wb") as out, open(stderr_file, "wb") as err:
        process = subprocess.Popen(command, stdout=out, stderr=err)
        while process.poll() is None:
            sums = {}
            for pid in tree(process.pid):
                kind, peak = kind_and_peak(pid)
                if kind:
                    single[kind] = max(single.get(kind, 0), peak)
                    sums[kind] = sums.get(kind, 0) + peak
            for kind, value in sums.items():
                total[kind] = max(total.get(kind, 0), value)
            time.sleep(0.2)
    seconds = time.monotonic() - started
    print(json.dumps({"status": process.returncode, "seconds": round(seconds, 2),
                      "peak_single_mb": {k: round(v / 2**20) for k, v in single.items()},
                      "peak_total_mb": {k: round(v / 2**20) for k, v in total.items()}}))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

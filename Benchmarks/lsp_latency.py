#!/usr/bin/env python3
"""Time from a `didChange` to its `publishDiagnostics` in `campaign lsp` (issue 17).

Writes a 20-file project into OUT (examples/schema.campaign, 18 files of campaigns and
`edited.campaign`, 400 lines), starts `BINARY lsp`, opens `edited.campaign` and types
into it: N incremental `didChange` notifications of one character each, the next sent
when the diagnostics of the one before have arrived (what a user sees while typing: the
time until the squiggles are up to date). The typed text is statements inside a campaign,
so that most intermediate states have syntax or name errors, as real typing does.

A change's time runs from writing the notification to reading the `publishDiagnostics`
for `edited.campaign` with that version (or, from a server that does not send versions,
the first one after it). Prints the cold open, then median, p95 and maximum over the
changes, and checks that the last diagnostics are those `campaign check` gives for the
final text (codes and lines).

Standard library only. Usage:
    python3 Benchmarks/lsp_latency.py --binary .build/release/campaign --out Benchmarks/out/lsp
"""

import argparse
import json
import os
import queue
import shutil
import statistics
import subprocess
import sys
import threading
import time

FILES = 20
EDITED_LINES = 400
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def campaign_block(name, index):
    """A campaign of 12 lines plus a blank one, valid against examples/schema.campaign."""
    return [
        f"campaign {name} {{",
        "  audience sms_opt_in and not loyal",
        f"  trigger on purchase where amount > {index}",
        "  exit when purchase where amount >= 100",
        f"  send sms offer_{index} {{",
        f"    text \"Hi {{{{ first_name | default: 'there' }}}}, offer {index} is yours\"",
        "  }",
        "  wait 3d",
        f"  if not clicked(offer_{index}) {{",
        f"    send email reminder_{index} {{ subject \"Offer {index}\" body \"Still interested?\" }}",
        "  }",
        "}",
        "",
    ]


def edited_file():
    """`edited.campaign`: exactly EDITED_LINES lines, campaigns then comment lines."""
    lines = ["# The file the benchmark types into.", 'import "schema.campaign"', ""]
    index = 0
    while len(lines) + 13 <= EDITED_LINES:
        lines += campaign_block(f"edited_{index}", index)
        index += 1
    while len(lines) < EDITED_LINES:
        lines.append(f"# padding {len(lines)}")
    return lines


def write_project(out):
    if os.path.isdir(out):
        shutil.rmtree(out)
    os.makedirs(out)
    shutil.copy(os.path.join(ROOT, "examples", "schema.campaign"), out)
    for number in range(1, FILES - 1):
        lines = ['import "schema.campaign"', ""]
        for index in range(4):
            lines += campaign_block(f"file{number}_{index}", index)
        with open(os.path.join(out, f"file{number:02}.campaign"), "w") as handle:
            handle.write("\n".join(lines))
    path = os.path.join(out, "edited.campaign")
    with open(path, "w") as handle:
        handle.write("\n".join(edited_file()) + "\n")
    return path


def typed_changes(lines, count):
    """`count` one-character insertions that type statements at the end of the middle
    campaign's body, as (line, character, text) triples in LSP positions."""
    middle = len(lines) // 2
    close = next(i for i in range(middle, len(lines)) if lines[i] == "}")
    statements = []
    index = 0
    while sum(len(s) for s in statements) < count:
        statements.append(f"  wait {index % 9 + 1}d\n  tag typed_{index}\n")
        index += 1
    text = "".join(statements)[:count]
    line, character, changes = close, 0, []
    for char in text:
        changes.append((line, character, char))
        if char == "\n":
            line, character = line + 1, 0
        else:
            character += 1
    return changes


def apply_changes(lines, changes):
    text = "\n".join(lines) + "\n"
    for line, character, char in changes:
        rows = text.split("\n")
        offset = sum(len(row) + 1 for row in rows[:line]) + character
        text = text[:offset] + char + text[offset:]
    return text


class Server:
    """`BINARY lsp` over pipes, with Content-Length framing; a thread reads its output
    and timestamps each message as it is read."""

    def __init__(self, command, log_path):
        self.log = open(log_path, "wb")
        self.process = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self.log)
        self.messages = queue.Queue()
        self.next_id = 0
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        stream = self.process.stdout
        while True:
            length = None
            while True:
                line = stream.readline()
                if not line:
                    self.messages.put((time.perf_counter(), None))
                    return
                line = line.strip()
                if not line:
                    break
                name, _, value = line.partition(b":")
                if name.strip().lower() == b"content-length":
                    length = int(value.strip())
            body = stream.read(length) if length is not None else b""
            self.messages.put((time.perf_counter(), json.loads(body)))

    def send(self, message):
        body = json.dumps(message).encode("utf-8")
        self.process.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.process.stdin.flush()
        return time.perf_counter()

    @staticmethod
    def message(method, params, **fields):
        # `shutdown` and `exit` take no params (LSP 3.17: `void`): the key is left out.
        message = {"jsonrpc": "2.0", **fields, "method": method}
        if params is not None:
            message["params"] = params
        return message

    def notify(self, method, params):
        return self.send(self.message(method, params))

    def request(self, method, params, timeout):
        self.next_id += 1
        ident = self.next_id
        self.send(self.message(method, params, id=ident))
        answer = self.wait(lambda message: message.get("id") == ident and "method" not in message, timeout, method)[1]
        if "error" in answer:
            raise SystemExit(f"lsp_latency: {method} failed: {answer['error']}")
        return answer.get("result")

    def wait(self, matches, timeout, what):
        deadline = time.perf_counter() + timeout
        while True:
            left = deadline - time.perf_counter()
            if left <= 0:
                raise SystemExit(f"lsp_latency: no answer for {what} within {timeout} s")
            try:
                stamp, message = self.messages.get(timeout=left)
            except queue.Empty:
                continue
            if message is None:
                raise SystemExit(f"lsp_latency: the server closed its output waiting for {what} (status {self.process.wait()})")
            if "method" in message and "id" in message:
                # A request from the server (registration, progress, configuration): accept it.
                self.send({"jsonrpc": "2.0", "id": message["id"], "result": None})
                continue
            if matches(message):
                return stamp, message

    def close(self, timeout):
        self.request("shutdown", None, timeout)
        self.notify("exit", None)
        try:
            status = self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            raise SystemExit("lsp_latency: the server did not exit after shutdown and exit")
        self.log.close()
        return status


def percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))]


def check_diagnostics(binary, project, path):
    """(line, code) of `campaign check` for `path`, 1-based lines."""
    result = subprocess.run([binary, "check", "--format", "json", project], capture_output=True, text=True)
    if result.returncode not in (0, 1):
        raise SystemExit(f"lsp_latency: campaign check failed: {result.stderr}")
    found = json.loads(result.stdout or "[]")
    real = os.path.realpath(path)
    return sorted((d["line"], d["code"]) for d in found if os.path.realpath(d["file"]) == real)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--binary", required=True)
    parser.add_argument("--out", default=os.path.join(ROOT, "Benchmarks", "out", "lsp"))
    parser.add_argument("--changes", type=int, default=200)
    parser.add_argument("--timeout", type=float, default=30.0, help="seconds to wait for any one answer")
    options = parser.parse_args()
    binary = os.path.abspath(options.binary)
    project = os.path.abspath(options.out)

    path = write_project(project)
    lines = edited_file()
    baseline = check_diagnostics(binary, project, path)
    if baseline:
        raise SystemExit(f"lsp_latency: the generated project does not check cleanly: {baseline}")
    uri = "file://" + path
    changes = typed_changes(lines, options.changes)

    server = Server([binary, "lsp"], os.path.join(os.path.dirname(project), "lsp-server.log"))
    root_uri = "file://" + project
    server.request("initialize", {
        "processId": os.getpid(),
        "rootUri": root_uri,
        "workspaceFolders": [{"uri": root_uri, "name": "lsp"}],
        "capabilities": {"textDocument": {
            "synchronization": {"didSave": False},
            "publishDiagnostics": {"versionSupport": True, "relatedInformation": True},
        }},
    }, options.timeout)
    server.notify("initialized", {})

    def diagnostics_for(version):
        def matches(message):
            if message.get("method") != "textDocument/publishDiagnostics" or message["params"]["uri"] != uri:
                return False
            sent = message["params"].get("version")
            return sent is None or sent == version
        return matches

    started = server.notify("textDocument/didOpen", {"textDocument": {
        "uri": uri, "languageId": "campaign", "version": 0, "text": "\n".join(lines) + "\n"}})
    stamp, _ = server.wait(diagnostics_for(0), options.timeout, "the diagnostics of didOpen")
    cold = (stamp - started) * 1000

    latencies = []
    last = None
    for version, (line, character, char) in enumerate(changes, start=1):
        position = {"line": line, "character": character}
        sent = server.notify("textDocument/didChange", {
            "textDocument": {"uri": uri, "version": version},
            "contentChanges": [{"range": {"start": position, "end": position}, "text": char}],
        })
        stamp, last = server.wait(diagnostics_for(version), options.timeout, f"the diagnostics of version {version}")
        latencies.append((stamp - sent) * 1000)
    status = server.close(options.timeout)

    # The server's last word on the final text must be `check`'s.
    with open(path, "w") as handle:
        handle.write(apply_changes(lines, changes))
    wanted = check_diagnostics(binary, project, path)
    got = sorted((d["range"]["start"]["line"] + 1, d.get("code")) for d in last["params"]["diagnostics"])

    print(f"\n{'benchmark':<28} campaign lsp: didChange to publishDiagnostics")
    print(f"{'project':<28} {FILES} files, edited.campaign {EDITED_LINES} lines ({project})")
    print(f"{'binary':<28} {binary}")
    print(f"{'changes':<28} {len(latencies)} one-character insertions, each awaited")
    print(f"{'cold open':<28} {cold:.1f} ms (didOpen to its diagnostics)")
    print(f"{'median':<28} {statistics.median(latencies):.1f} ms")
    print(f"{'p95':<28} {percentile(latencies, 0.95):.1f} ms")
    print(f"{'max':<28} {max(latencies):.1f} ms")
    print(f"{'target':<28} p95 < 30 ms")
    print(f"{'final diagnostics':<28} {len(got)} ({'the same as campaign check' if got == wanted else 'DIFFERENT from campaign check'})")
    print(f"{'exit status':<28} {status} after shutdown and exit")
    if got != wanted:
        print(f"lsp_latency: server {got}\nlsp_latency: check  {wanted}", file=sys.stderr)
        return 1
    return 0 if status == 0 else 1


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""Offline check of the VS Code extension in editors/vscode (npm is not needed).

What `vsce package` and VS Code would trip on, checked without them:
- package.json and language-configuration.json parse, and every file they name exists;
- the contributed grammar is grammar/campaign.tmLanguage.json byte for byte, and its
  scope name is the one package.json declares;
- the language configuration's regular expressions compile, its indentation rules
  reproduce the indentation of every canonically formatted file in examples/, its word
  pattern selects identifiers, durations, times and dates whole, and its line comment is
  the grammar's;
- every setting extension.js reads is contributed, every contributed setting is read
  and has a row in the settings tables of docs/editors.md and README.md, and every
  contributed command is registered;
- when `node` is on PATH, extension.js is loaded with test doubles of `vscode` and
  `vscode-languageclient/node` (test/activate.js): it must start `campaign lsp` with the
  sample-data settings as initializationOptions.

Run from anywhere: `python3 editors/vscode/check.py`. Exit status 0 when everything
holds, 1 with one line per problem otherwise.
"""

import json
import os
import re
import shutil
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
LANGUAGE = "campaign"
SCOPE = "source.campaign"
SETTINGS_READ = re.compile(r"""\.get\(\s*'([A-Za-z.]+)'""")
INDENT = "  "  # docs/language.md: the canonical layout indents by two spaces


def load_json(path, problems):
    try:
        with open(path, "rb") as handle:
            return json.loads(handle.read().decode("utf-8"))
    except (OSError, ValueError) as error:
        problems.append(f"{os.path.relpath(path, ROOT)}: {error}")
        return None


def existing(relative, problems, what):
    path = os.path.normpath(os.path.join(HERE, relative))
    if not path.startswith(HERE + os.sep):
        problems.append(f"package.json: {what} `{relative}` is outside editors/vscode (vsce would leave it out)")
    elif not os.path.isfile(path):
        problems.append(f"package.json: {what} `{relative}` does not exist")
    return path


def check_manifest(manifest, problems):
    for key in ("name", "publisher", "version", "main"):
        if not isinstance(manifest.get(key), str) or not manifest[key]:
            problems.append(f"package.json: `{key}` is missing (vsce requires it)")
    if not isinstance(manifest.get("engines", {}).get("vscode"), str):
        problems.append("package.json: `engines.vscode` is missing")
    if "vscode-languageclient" not in manifest.get("dependencies", {}):
        problems.append("package.json: `vscode-languageclient` is not a dependency")
    existing(manifest.get("main", "./extension.js"), problems, "main")
    contributes = manifest.get("contributes", {})
    languages = {entry.get("id"): entry for entry in contributes.get("languages", [])}
    language = languages.get(LANGUAGE)
    if language is None:
        problems.append(f"package.json: no contributed language `{LANGUAGE}`")
        return None, None
    if ".campaign" not in language.get("extensions", []):
        problems.append("package.json: the language does not claim the `.campaign` extension")
    if f"onLanguage:{LANGUAGE}" not in manifest.get("activationEvents", []):
        problems.append(f"package.json: no `onLanguage:{LANGUAGE}` activation event")
    configuration = existing(language.get("configuration", ""), problems, "language configuration")
    grammars = [entry for entry in contributes.get("grammars", []) if entry.get("language") == LANGUAGE]
    if len(grammars) != 1:
        problems.append(f"package.json: expected one grammar for `{LANGUAGE}`, found {len(grammars)}")
        return configuration, None
    if grammars[0].get("scopeName") != SCOPE:
        problems.append(f"package.json: grammar scopeName is {grammars[0].get('scopeName')!r}, not {SCOPE!r}")
    return configuration, existing(grammars[0].get("path", ""), problems, "grammar")


def check_grammar(path, problems):
    reference = os.path.join(ROOT, "grammar", "campaign.tmLanguage.json")
    with open(reference, "rb") as handle:
        wanted = handle.read()
    with open(path, "rb") as handle:
        if handle.read() != wanted:
            problems.append(
                f"{os.path.relpath(path, ROOT)} differs from grammar/campaign.tmLanguage.json: "
                f"copy it again (cp grammar/campaign.tmLanguage.json {os.path.relpath(path, ROOT)})")
    grammar = load_json(path, problems)
    if grammar is not None and grammar.get("scopeName") != SCOPE:
        problems.append(f"{os.path.relpath(path, ROOT)}: scopeName is {grammar.get('scopeName')!r}, not {SCOPE!r}")
    return grammar


def compiled(pattern, where, problems):
    try:
        return re.compile(pattern)
    except re.error as error:
        problems.append(f"language-configuration.json: {where} does not compile: {error}")
        return None


def campaign_files():
    folder = os.path.join(ROOT, "examples")
    return sorted(os.path.join(folder, name) for name in os.listdir(folder) if name.endswith(".campaign"))


def check_indentation(rules, problems):
    """Replays VS Code's indentation rules over each example line by line: the indent a
    line gets is the previous line's, one more after a line matching increaseIndentPattern,
    one less for a line matching decreaseIndentPattern."""
    increase = compiled(rules.get("increaseIndentPattern", ""), "increaseIndentPattern", problems)
    decrease = compiled(rules.get("decreaseIndentPattern", ""), "decreaseIndentPattern", problems)
    if increase is None or decrease is None:
        return
    for path in campaign_files():
        level = 0
        in_text = False  # inside a multi-line """ text, whose lines are the writer's
        with open(path, encoding="utf-8") as handle:
            for number, line in enumerate(handle.read().split("\n"), start=1):
                text = line.strip()
                quotes = line.count('"""') % 2 == 1
                if in_text or not text or text.startswith("#"):
                    in_text = in_text != quotes
                    continue  # a comment line neither opens nor closes a block
                in_text = quotes
                expected = level - 1 if decrease.search(line) else level
                actual = (len(line) - len(line.lstrip(" "))) // len(INDENT)
                if actual != expected:
                    problems.append(
                        f"language-configuration.json: indentation rules give {expected} levels to "
                        f"{os.path.relpath(path, ROOT)}:{number}, which has {actual}: {text}")
                    break
                level = expected + 1 if increase.search(line) else expected


WORDS = {
    "first_name": "first_name", "sms_opt_in": "sms_opt_in", "30d": "30d", "2w": "2w",
    "15m": "15m", "10%": "10%", "09:00": "09:00", "2026-12-01": "2026-12-01", "3.5": "3.5",
}


def check_word_pattern(pattern, problems):
    word = compiled(pattern, "wordPattern", problems)
    if word is None:
        return
    for text, wanted in WORDS.items():
        found = word.search(f" {text} ")
        if found is None or found.group(0) != wanted:
            problems.append(f"language-configuration.json: wordPattern selects "
                            f"{found.group(0) if found else 'nothing'!r} in {text!r}, not {wanted!r}")


def check_configuration(path, grammar, problems):
    configuration = load_json(path, problems)
    if configuration is None:
        return
    comment = configuration.get("comments", {}).get("lineComment")
    grammar_comment = (grammar or {}).get("repository", {}).get("comment", {}).get("match", "")
    if grammar is not None and (comment != "#" or not grammar_comment.startswith(comment or "?")):
        problems.append(f"language-configuration.json: lineComment {comment!r} is not the grammar's ({grammar_comment!r})")
    opens = {pair.get("open"): pair.get("close") for pair in configuration.get("autoClosingPairs", [])}
    for opening, closing in (("{", "}"), ("(", ")"), ('"', '"'), ("{{", "}}"), ("{%", "%}")):
        if opens.get(opening) != closing:
            problems.append(f"language-configuration.json: `{opening}` does not auto-close with `{closing}`")
    for name in ("start", "end"):
        compiled(configuration.get("folding", {}).get("markers", {}).get(name, ""), f"folding marker {name}", problems)
    check_indentation(configuration.get("indentationRules", {}), problems)
    check_word_pattern(configuration.get("wordPattern", ""), problems)


def check_settings(manifest, problems):
    with open(os.path.join(HERE, "extension.js"), encoding="utf-8") as handle:
        source = handle.read()
    contributes = manifest.get("contributes", {})
    contributed = set(contributes.get("configuration", {}).get("properties", {}))
    read = {f"{LANGUAGE}.{key}" for key in SETTINGS_READ.findall(source)}
    # `trace.server` is read by vscode-languageclient itself, from the client's id.
    for setting in sorted(read - contributed):
        problems.append(f"extension.js reads `{setting}`, which package.json does not contribute")
    for setting in sorted(contributed - read - {f"{LANGUAGE}.trace.server"}):
        problems.append(f"package.json contributes `{setting}`, which extension.js never reads")
    if f"new LanguageClient('{LANGUAGE}'" not in source:
        problems.append(f"extension.js: the client's id is not `{LANGUAGE}` (the `{LANGUAGE}.trace.server` setting needs it)")
    for command in contributes.get("commands", []):
        if f"registerCommand('{command.get('command')}'" not in source:
            problems.append(f"package.json contributes the command `{command.get('command')}`, which extension.js never registers")
    for document in (os.path.join(ROOT, "docs", "editors.md"), os.path.join(HERE, "README.md")):
        with open(document, encoding="utf-8") as handle:
            text = handle.read()
        for setting in sorted(contributed):
            if f"| `{setting}` |" not in text:
                problems.append(f"{os.path.relpath(document, ROOT)}: the settings table has no row for `{setting}`")


def check_client(problems):
    node = shutil.which("node")
    if node is None:
        print("check.py: node is not on PATH; extension.js was not run (the static checks ran)")
        return
    harness = os.path.join(HERE, "test", "activate.js")
    try:
        result = subprocess.run([node, harness], capture_output=True, text=True, timeout=60)
    except subprocess.TimeoutExpired:
        problems.append("test/activate.js did not finish in 60 s")
        return
    if result.returncode != 0:
        problems.append(f"test/activate.js failed:\n{result.stdout}{result.stderr}")


def main():
    problems = []
    manifest = load_json(os.path.join(HERE, "package.json"), problems)
    if manifest is not None:
        configuration, grammar_path = check_manifest(manifest, problems)
        grammar = check_grammar(grammar_path, problems) if grammar_path and os.path.isfile(grammar_path) else None
        if configuration and os.path.isfile(configuration):
            check_configuration(configuration, grammar, problems)
        check_settings(manifest, problems)
    check_client(problems)
    for problem in problems:
        print(f"editors/vscode: {problem}", file=sys.stderr)
    if problems:
        return 1
    print(f"editors/vscode: package.json, language-configuration.json, grammar and client check out")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Which customer field is the id: the field of type `id` in the project's `customer { … }`
block (docs/language.md §2.1: exactly one). The Spark job partitions by it, so it must
know its name before the binary sees a row; `--id-field` names it when this reading of
the project cannot (a schema built in a way this scan does not follow).

The scan drops comments and strings, then reads `NAME : TYPE` entries inside every
`customer {` block of the `.campaign` files under the given paths.
"""

import os
import re

_TOKEN = re.compile(r'"""(?:.|\n)*?"""|"(?:\\.|[^"\\\n])*"|#[^\n]*|[A-Za-z_][A-Za-z0-9_]*|\S')


def campaign_files(paths):
    """The `.campaign` files a list of project paths names: files as given, folders walked
    (in name order, so the answer never depends on the file system's order)."""
    found = []
    for path in paths:
        if os.path.isdir(path):
            for folder, folders, files in os.walk(path):
                folders.sort()
                found += [os.path.join(folder, f) for f in sorted(files) if f.endswith(".campaign")]
        else:
            found.append(path)
    return found


def id_fields(text):
    """The names declared with type `id` inside `customer { … }` blocks of one file."""
    tokens = [t for t in _TOKEN.findall(text) if not t.startswith("#") and not t.startswith('"')]
    names = []
    i = 0
    while i < len(tokens):
        if tokens[i] == "customer" and i + 1 < len(tokens) and tokens[i + 1] == "{":
            depth, j = 1, i + 2
            while j < len(tokens) and depth:
                if tokens[j] == "{":
                    depth += 1
                elif tokens[j] == "}":
                    depth -= 1
                elif depth == 1 and tokens[j] == ":" and j + 1 < len(tokens) and tokens[j + 1] == "id" \
                        and (j + 2 >= len(tokens) or tokens[j + 2] != "("):
                    names.append(tokens[j - 1])
                j += 1
            i = j
        else:
            i += 1
    return names


def id_field(paths):
    """The id field's name, or None when the files declare none or more than one."""
    names = set()
    for path in campaign_files(paths):
        try:
            with open(path, encoding="utf-8", errors="replace") as f:
                names.update(id_fields(f.read()))
        except OSError:
            continue
    return names.pop() if len(names) == 1 else None

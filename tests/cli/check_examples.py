#!/usr/bin/env python3
"""Runs every example in README.md and docs/*.md and compares its output.

An example is a ```console block: lines starting with "$ " are commands, the
lines after them up to the next command are what the command prints (stdout
and stderr, as on a terminal). "./scripts/run" and a leading "retention" run
the binary under test. Commands run in a scratch folder holding links to the
repository's data/ and tests/, under a pseudo-terminal, so they behave as for a person.

Usage: check_examples.py path/to/retention path/to/source [--update]
With --update, the documented outputs are rewritten from what the commands
print (review the diff before committing it).
"""
import glob
import os
import pty
import re
import shutil
import subprocess
import sys
import tempfile


def examples(path):
    """Yields (line number, command, expected output) for each command.

    The output lines follow the command's line in the file."""
    lines = open(path, encoding="utf-8").read().split("\n")
    in_block = False
    command = None
    for number, line in enumerate(lines, 1):
        if line.startswith("```"):
            if in_block and command:
                yield command + (list(output),)
            in_block = line.strip() == "```console"
            command = None
            continue
        if not in_block:
            continue
        if line.startswith("$ "):
            if command:
                yield command + (list(output),)
            command, output = (number, line[2:]), []
        elif command:
            output.append(line)


def run(binary, command, cwd):
    script = 'retention() { "$RETENTION_BIN" "$@"; }\n' + re.sub(
        r"(^|\|\s*)\./scripts/run\b", r"\1retention", command)
    env = dict(os.environ, RETENTION_BIN=binary, COLUMNS="200", TZ="UTC")
    master, slave = pty.openpty()
    proc = subprocess.Popen(["bash", "-c", script], cwd=cwd, stdin=subprocess.DEVNULL,
                            stdout=slave, stderr=slave, env=env)
    os.close(slave)
    chunks = []
    while True:
        try:
            data = os.read(master, 65536)
        except OSError:
            break
        if not data:
            break
        chunks.append(data)
    proc.wait()
    os.close(master)
    text = b"".join(chunks).decode("utf-8", "replace").replace("\r\n", "\n")
    return proc.returncode, text.rstrip("\n").split("\n") if text.strip() else []


def main():
    binary, root = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
    update = "--update" in sys.argv[3:]
    docs = [os.path.join(root, "README.md")] + sorted(glob.glob(os.path.join(root, "docs", "*.md")))
    failures = passes = 0
    scratch = tempfile.mkdtemp()
    try:
        for folder in ("data", "tests"):
            os.symlink(os.path.join(root, folder), os.path.join(scratch, folder))
        for doc in docs:
            replacements = []  # (first output line index, count, new lines)
            for number, command, expected in examples(doc):
                while expected and not expected[-1].strip():
                    expected.pop()
                code, got = run(binary, command, scratch)
                got = [line.rstrip() for line in got]
                replacements.append((number, len(expected), got))
                expected = [line.rstrip() for line in expected]
                where = "%s:%d" % (os.path.relpath(doc, root), number)
                if got != expected:
                    failures += 1
                    print("FAIL %s: $ %s (exit %d)" % (where, command, code))
                    import difflib
                    for line in difflib.unified_diff(expected, got, "documented", "actual",
                                                     lineterm=""):
                        print("    " + line)
                else:
                    passes += 1
            if update:
                lines = open(doc, encoding="utf-8").read().split("\n")
                for number, count, got in reversed(replacements):
                    lines[number:number + count] = got
                open(doc, "w", encoding="utf-8").write("\n".join(lines))
    finally:
        shutil.rmtree(scratch)
    print("%d passed, %d failed" % (passes, failures))
    if passes == 0:
        print("no examples found")
        return 1
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())

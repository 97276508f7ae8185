#!/usr/bin/env python3
"""The progress line: drawn on stderr when it is a terminal (here a pty),
erased before the output, never drawn into a pipe or under --quiet.

Usage: progress_tty_test.py RETENTION_BINARY SOURCE_DIR
"""
import gzip
import os
import pty
import random
import subprocess
import sys
import tempfile

binary, source_dir = sys.argv[1], sys.argv[2]
failures = []


def check(what, ok, detail=""):
    if not ok:
        failures.append(f"{what}: {detail}")


def run(args, stderr_tty, env_extra=None, stdin=None):
    """Runs the binary; stderr to a pty or a pipe. Returns (code, stdout, stderr)."""
    env = dict(os.environ, TERM="xterm", RETENTION_PROGRESS_AFTER_MS="0")
    env.update(env_extra or {})
    if not stderr_tty:
        p = subprocess.run([binary] + args, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                           env=env, stdin=stdin)
        return p.returncode, p.stdout, p.stderr
    master, slave = pty.openpty()
    p = subprocess.Popen([binary] + args, stdout=subprocess.PIPE, stderr=slave, env=env,
                         stdin=stdin)
    os.close(slave)
    err = b""
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:  # the pty's other end closed
            break
        if not chunk:
            break
        err += chunk
    out = p.stdout.read()
    code = p.wait()
    os.close(master)
    return code, out, err


with tempfile.TemporaryDirectory() as tmp:
    # About 3.5 MB: several blocks, so the line is drawn several times.
    random.seed(7)
    path = os.path.join(tmp, "orders.csv")
    with open(path, "w") as f:
        f.write("customer_id,order_id,order_date,amount\n")
        for i in range(100000):
            f.write(f"cus_{random.randint(1, 40000)},#{1000 + i},"
                    f"2024-{random.randint(1, 12):02d}-{random.randint(1, 28):02d},"
                    f"{random.randint(100, 99999) / 100}\n")
    with open(path, "rb") as f, gzip.open(path + ".gz", "wb") as g:
        g.write(f.read())
    args = ["report", "--period", "2024-03", "--format", "json"]

    code, expected, err = run(args + [path], stderr_tty=False)
    check("a pipe gets no progress line", code == 0 and err == b"", repr(err[:200]))

    code, out, err = run(args + [path], stderr_tty=True)
    check("the report is the same with the line", code == 0 and out == expected)
    text = err.decode(errors="replace")
    check("the line names the file, the share done and the pace",
          f"reading {path}: " in text and "% of 3." in text and "rows/s" in text, repr(text[:300]))
    check("the line is redrawn in place, never scrolled", "\n" not in text, repr(text[:300]))
    check("the line is erased at the end", text.endswith("\r\x1b[K"), repr(text[-80:]))

    code, expected_gz, err = run(args + [path + ".gz"], stderr_tty=False)
    code, out, err = run(args + [path + ".gz"], stderr_tty=True)
    text = err.decode(errors="replace")
    check("gzip: the share counts compressed bytes", code == 0 and out == expected_gz and
          "% of " in text and text.endswith("\r\x1b[K"), repr(text[-200:]))

    with open(path, "rb") as stdin:
        code, out, err = run(args + ["-"], stderr_tty=True, stdin=stdin)
    text = err.decode(errors="replace")
    check("a file on stdin shows bytes read", code == 0 and "reading <stdin>: " in text and
          " MB" in text, repr(text[:200]))

    code, out, err = run(args + ["--quiet", path], stderr_tty=True)
    check("--quiet draws nothing", code == 0 and err == b"", repr(err[:200]))

    code, out, err = run(args + [path], stderr_tty=True, env_extra={"TERM": "dumb"})
    check("TERM=dumb draws nothing", code == 0 and err == b"", repr(err[:200]))

    code, out, err = run(args + [path], stderr_tty=True,
                         env_extra={"RETENTION_PROGRESS_AFTER_MS": "60000"})
    check("a run shorter than the delay draws nothing", code == 0 and err == b"",
          repr(err[:200]))

    code, out, err = run(["validate", path], stderr_tty=True)
    text = err.decode(errors="replace")
    check("validate shows it too, erased before its findings",
          code == 0 and "rows/s" in text and text.endswith("\r\x1b[K"), repr(text[-200:]))

    # An error ends the line before the message, which stands on a line of its own.
    bad = os.path.join(tmp, "bad.csv")
    with open(path) as f, open(bad, "w") as g:
        g.write(f.read() + "cus_1,#9,2024-13-45,1.00\n")
    code, out, err = run(["report", "--period", "2024-03", bad], stderr_tty=True)
    text = err.decode(errors="replace")
    check("an error erases the line first", code == 1 and
          f"\r\x1b[K{bad}:100002:" in text, repr(text[-300:]))

for f in failures:
    print("FAIL:", f)
print(f"{'FAILED' if failures else 'ok'}: progress line")
sys.exit(1 if failures else 0)

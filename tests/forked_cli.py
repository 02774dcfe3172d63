"""A ``kcbudget`` command for shell snippets, made cheap: each run is a real process of
its own, forked from one long-lived Python that has already imported the data stack.

A shell snippet of the docs (``kcbudget validate … --format github``, the action's
step) is run by bash as a user's CI runs it; what costs is not kcbudget but starting a
Python and importing pandas, pyarrow, fastexcel, pydantic and openpyxl for every
command (about 1 s of CPU each).  ``KcbudgetServer.bin`` is a directory with a
``kcbudget`` executable in it, to put first on ``PATH``: a small script (Python without
``site``, some 10 ms) that hands its argv, environment, working directory and its
stdin, stdout and stderr (the descriptors themselves, ``SCM_RIGHTS``) to the server over
a Unix socket and exits with the status of the run.  The server forks; the fork takes
that environment and directory and those descriptors as its own, and runs
``python -m kcbudget`` from the start (``runpy``, as ``-m`` does): kcbudget's command
line and everything it decides at import (the language of ``--help``, typer's and
Rich's reading of the environment) are imported anew in every run.  Only third-party
libraries and kcbudget's core (``read``, ``checks``, ``engine``, ``model``,
``reference``, ``render``: none of which reads the environment when imported) are
imported before the fork.

The exit status is the run's own (an uncaught exception prints its traceback and
exits 1, as the interpreter does; a failed final flush of stdout is 120, as
Python's); a run killed by a signal makes the script kill itself with that signal.
Every process is waited for by its parent, so the CPU the runs use is counted in the
test run's own (``RUSAGE_CHILDREN``).

What only ``python -m kcbudget`` itself can show (the installed entry point, a
traceback-free crash of the real start-up, ``--help`` language) stays tested with
real interpreters elsewhere (tests/test_cli.py, tests/test_docs.py).
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

_SERVER = r'''
import gc, json, os, select, socket, struct, sys, traceback

import numpy, pandas, pyarrow, pyarrow.compute, fastexcel, python_calamine, pydantic
import openpyxl, rich.console, rich.table
import kcbudget.read.workbook, kcbudget.checks.validate, kcbudget.engine.summarize
import kcbudget.engine.reconcile, kcbudget.model.codes, kcbudget.reference
import kcbudget.render.diagnostics, kcbudget.render.summary, kcbudget.render.reconcile
assert "typer" not in sys.modules and "kcbudget.cli" not in sys.modules

path = sys.argv[1]
listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
listener.bind(path)
listener.listen(16)
print("ready", flush=True)
gc.collect()
gc.freeze()  # the forks share these pages instead of copying them at the first collection
supervisors = set()


def receive(conn):
    head, got = b"", []
    while len(head) < 4:
        data, fds, _, _ = socket.recv_fds(conn, 4 - len(head), 3)
        if not data:
            raise EOFError
        head += data
        got += fds
    (size,) = struct.unpack("!I", head)
    body = b""
    while len(body) < size:
        chunk = conn.recv(size - len(body))
        if not chunk:
            raise EOFError
        body += chunk
    return json.loads(body), got


def run(request, fds):
    for target, fd in enumerate(fds):
        os.dup2(fd, target)
        os.close(fd)
    os.chdir(request["cwd"])
    os.environ.clear()
    os.environ.update(request["env"])
    encoding = os.environ.get("PYTHONIOENCODING", "").split(":")[0] or "utf-8"
    # the standard streams as the interpreter makes them at start-up
    sys.stdin = open(0, "r", encoding=encoding, closefd=False, newline=None)
    sys.stdout = open(1, "w", encoding=encoding, closefd=False, newline="\n")
    sys.stdout.reconfigure(line_buffering=os.isatty(1))
    sys.stderr = open(2, "w", encoding=encoding, errors="backslashreplace", closefd=False,
                      newline="\n")
    sys.stderr.reconfigure(line_buffering=True)
    sys.__stdin__, sys.__stdout__, sys.__stderr__ = sys.stdin, sys.stdout, sys.stderr
    sys.argv = ["kcbudget", *request["args"]]
    import atexit, runpy

    code = 0
    try:
        runpy.run_module("kcbudget", run_name="__main__", alter_sys=True)
    except SystemExit as exc:
        if exc.code is None:
            code = 0
        elif isinstance(exc.code, int):
            code = exc.code
        else:
            print(exc.code, file=sys.stderr)
            code = 1
    except BaseException:
        traceback.print_exc()
        code = 1
    atexit._run_exitfuncs()
    try:
        sys.stdout.flush()
    except Exception:
        code = code or 120
    try:
        sys.stderr.flush()
    except Exception:
        pass
    os._exit(code & 0xFF)


def serve(conn, request, fds):
    """In the supervisor (a fork of the server): fork the run, wait for it, report."""
    pid = os.fork()
    if pid == 0:
        conn.close()
        run(request, fds)
    for fd in fds:
        os.close(fd)
    _, status = os.waitpid(pid, 0)
    if os.WIFSIGNALED(status):
        reply = {"signal": os.WTERMSIG(status)}
    else:
        reply = {"code": os.WEXITSTATUS(status)}
    conn.sendall(json.dumps(reply).encode() + b"\n")
    conn.close()
    os._exit(0)


def reap(block=False):
    for pid in list(supervisors):
        done, _ = os.waitpid(pid, 0 if block else os.WNOHANG)
        if done:
            supervisors.discard(pid)


while True:
    ready, _, _ = select.select([listener, sys.stdin], [], [], 1.0)
    reap()
    if sys.stdin in ready:  # the test run closed our stdin: the session is over
        break
    if listener not in ready:
        continue
    conn, _ = listener.accept()
    try:
        request, fds = receive(conn)
    except (EOFError, OSError, ValueError):
        conn.close()
        continue
    pid = os.fork()
    if pid == 0:
        listener.close()
        serve(conn, request, fds)
    supervisors.add(pid)
    conn.close()
    for fd in fds:
        os.close(fd)
listener.close()
reap(block=True)
'''

_CLIENT = r'''#!{python} -S
import json, os, signal, socket, struct, sys

conn = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
conn.connect({path!r})
body = json.dumps({{"args": sys.argv[1:], "cwd": os.getcwd(),
                   "env": dict(os.environ)}}).encode()
socket.send_fds(conn, [struct.pack("!I", len(body))], [0, 1, 2])
conn.sendall(body)
reply = b""
while not reply.endswith(b"\n"):
    chunk = conn.recv(4096)
    if not chunk:
        sys.stderr.write("kcbudget (test server): no reply\n")
        sys.exit(70)
    reply += chunk
reply = json.loads(reply)
if "signal" in reply:
    signal.signal(reply["signal"], signal.SIG_DFL)
    os.kill(os.getpid(), reply["signal"])
sys.exit(reply["code"])
'''


class KcbudgetServer:
    """The server and its ``bin`` directory; ``close()`` ends it and waits for it."""

    def __init__(self, env: dict[str, str] | None = None) -> None:
        self.folder = Path(tempfile.mkdtemp(prefix="kcbudget-fork-"))
        self.bin = self.folder / "bin"
        self.bin.mkdir()
        socket_path = str(self.folder / "socket")
        self.proc = subprocess.Popen([sys.executable, "-c", _SERVER, socket_path],
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     env=env, text=True)
        line = self.proc.stdout.readline()
        if line.strip() != "ready":
            self.proc.kill()
            self.proc.wait()
            raise RuntimeError(f"the kcbudget test server did not start: {line!r}")
        script = self.bin / "kcbudget"
        script.write_text(_CLIENT.format(python=sys.executable, path=socket_path),
                          encoding="utf-8")
        script.chmod(0o755)

    def path_with_bin(self, path: str | None = None) -> str:
        """``PATH`` with the ``kcbudget`` of this server first."""
        return f"{self.bin}{os.pathsep}{path if path is not None else os.environ['PATH']}"

    def close(self) -> None:
        import shutil

        if self.proc.poll() is None:
            self.proc.stdin.close()
            try:
                self.proc.wait(timeout=120)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.proc.stdout.close()
        shutil.rmtree(self.folder, ignore_errors=True)

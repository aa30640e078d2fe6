"""A real server in a child process, for screenshots, tests and benchmarks."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def running_server(store: Path, *args: str, startup: float = 60.0) -> Iterator[str]:
    """Start ``budgetkg serve`` on a free loopback port; yields its base URL.

    :raises RuntimeError: the server did not answer within ``startup`` seconds.
    """
    port = free_port()
    command = [sys.executable, "-m", "budgetkg.server", "--store", str(store), "--port", str(port), *args]
    process = subprocess.Popen(command, stderr=subprocess.PIPE, env={**os.environ, "PYTHONUNBUFFERED": "1"})
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + startup
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"the server exited with {process.returncode}: {process.stderr.read().decode() if process.stderr else ''}")
            try:
                with urllib.request.urlopen(base + "/health", timeout=2):
                    break
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                if time.monotonic() > deadline:
                    raise RuntimeError(f"the server at {base} did not start within {startup:.0f}s") from None
                time.sleep(0.2)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        if process.stderr:
            process.stderr.close()

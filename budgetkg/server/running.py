"""A real server in a child process, for screenshots, tests and benchmarks."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
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
        wait_until_answering(base + "/health", process, timeout=startup, name="the server",
                             output=lambda: process.stderr.read().decode() if process.stderr else "")
        yield base
    finally:
        stop(process, timeout=15)
        if process.stderr:
            process.stderr.close()


def wait_until_answering(
    url: str, process: subprocess.Popen[bytes], *, timeout: float, name: str, output: Callable[[], str] = lambda: ""
) -> None:
    """Poll ``url`` until it answers with a success status, while ``process`` runs.

    :raises RuntimeError: the process exited, or ``url`` did not answer within ``timeout``
        seconds; the message ends with ``output()`` (the process's log).
    """
    deadline = time.monotonic() + timeout
    while True:
        if process.poll() is not None:
            raise RuntimeError(f"{name} exited with {process.returncode}: {output()}")
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            if time.monotonic() > deadline:
                raise RuntimeError(f"{name} did not answer at {url} within {timeout:.0f} s: {output()}") from None
            time.sleep(0.2)


def stop(process: subprocess.Popen[bytes], *, timeout: float) -> None:
    """Terminate ``process``; kill it if it has not exited after ``timeout`` seconds."""
    process.terminate()
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()

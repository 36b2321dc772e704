"""`make run`: the web server and one job worker side by side; Ctrl-C (or either one ending) stops both."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path

BIN = Path(sys.executable).parent


def _stop(signum: int, frame: object) -> None:
    raise KeyboardInterrupt  # a plain `kill` stops both, as Ctrl-C does


def main() -> int:
    signal.signal(signal.SIGTERM, _stop)
    address = sys.argv[1] if len(sys.argv) > 1 else "127.0.0.1:8000"
    worker = subprocess.Popen([str(BIN / "pramoen"), "worker"])
    server = subprocess.Popen([str(BIN / "pramoen"), "runserver", address])
    children = [server, worker]
    try:
        while all(child.poll() is None for child in children):
            time.sleep(0.5)
    except KeyboardInterrupt:
        pass
    for child in children:
        if child.poll() is None:
            child.send_signal(signal.SIGINT)
    deadline = time.monotonic() + 15
    for child in children:
        try:
            child.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            child.kill()
    return 0


if __name__ == "__main__":
    sys.exit(main())

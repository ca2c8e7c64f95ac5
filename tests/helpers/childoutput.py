"""Wait for what a child process says, not for a length of time.

`ChildOutput(proc.stderr)` reads the stream line by line on a thread (optionally copying
it to a log file) so that a test can block until a given line appears:

    out = ChildOutput(proc.stderr, log=folder / "server.log")
    out.wait_for("Uvicorn running on")   # returns as soon as the line is written

The timeout is only there for a real failure (a hang); a process that ends without
saying the line fails at once, with what it did say.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import IO, AnyStr

#: Long enough that only a hang reaches it, even on a loaded two-core machine.
GENEROUS = 180.0


class ChildOutput:
    """The lines of one output stream of a child process, read as they come."""

    def __init__(self, stream: IO[AnyStr], *, log: Path | None = None, name: str = "the child"):
        self.name = name
        self.lines: list[str] = []
        self._cursor = 0
        self._ended = False
        self._changed = threading.Condition()
        self._thread = threading.Thread(target=self._read, args=(stream, log), daemon=True,
                                        name=f"output of {name}")
        self._thread.start()

    def _read(self, stream: IO[AnyStr], log: Path | None) -> None:
        sink = open(log, "a", encoding="utf-8") if log is not None else None
        try:
            for raw in stream:
                line = raw.decode("utf-8", "replace") if isinstance(raw, bytes) else raw
                if sink is not None:
                    sink.write(line)
                    sink.flush()
                with self._changed:
                    self.lines.append(line.rstrip("\n"))
                    self._changed.notify_all()
        finally:
            stream.close()
            if sink is not None:
                sink.close()
            with self._changed:
                self._ended = True
                self._changed.notify_all()

    def wait_for(self, text: str, timeout: float = GENEROUS) -> str:
        """The next line (after the last one waited for) that contains `text`.

        Fails when the stream ends first (the process exited) or after `timeout` seconds."""
        with self._changed:
            def found() -> int | None:
                for index in range(self._cursor, len(self.lines)):
                    if text in self.lines[index]:
                        return index
                return None

            self._changed.wait_for(lambda: found() is not None or self._ended, timeout)
            index = found()
            if index is None:
                why = "ended" if self._ended else f"said nothing like it for {timeout:.0f} s"
                raise AssertionError(f"waiting for {text!r}: {self.name} {why}; it said:\n"
                                     + "\n".join(self.lines[-40:]))
            self._cursor = index + 1
            return self.lines[index]

    def text(self) -> str:
        with self._changed:
            return "\n".join(self.lines)

    def join(self, timeout: float = GENEROUS) -> None:
        """Wait until the stream has ended (after the process exited) and all is read."""
        self._thread.join(timeout)
        assert not self._thread.is_alive(), f"the output of {self.name} did not end"

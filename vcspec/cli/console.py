"""Reporters for the CLI: a live progress line on a terminal (rich), plain
periodic lines on stderr otherwise (logs, CI, `2>&1 | tee`)."""

from __future__ import annotations

import sys
import time

from rich.console import Console
from rich.live import Live
from rich.text import Text

from vcspec.engine.progress import Progress, line_for

PLAIN_EVERY = 10.0  # seconds between plain progress lines off a terminal


class ConsoleReporter:
    def __init__(self, enabled: bool = True, console: Console | None = None):
        self.enabled = enabled
        self.console = console or Console(stderr=True, highlight=False)
        self.live: Live | None = None

    def progress(self, progress: Progress) -> None:
        if not self.enabled or self.console.is_jupyter:
            return
        line = Text(line_for(progress), style="dim")
        if self.live is None:
            self.live = Live(line, console=self.console, transient=True,
                             refresh_per_second=4)
            self.live.start()
        else:
            self.live.update(line)

    def message(self, text: str) -> None:
        if self.enabled:
            self.console.print(Text(text))

    def close(self) -> None:
        if self.live is not None:
            self.live.stop()
            self.live = None


class PlainReporter:
    """One line of progress at most every `every` seconds, flushed at once;
    the engines' messages only when asked for (`messages`)."""

    def __init__(self, every: float = PLAIN_EVERY, stream=None, messages: bool = False):
        self.every = every
        self.messages = messages
        self.stream = stream or sys.stderr
        self.last = time.monotonic()

    def progress(self, progress: Progress) -> None:
        now = time.monotonic()
        if now - self.last >= self.every:
            self.last = now
            self._line(f"progress: {line_for(progress)} · {progress.seconds:.0f} s")

    def message(self, text: str) -> None:
        if self.messages:
            self._line(text)

    def close(self) -> None:
        pass

    def _line(self, text: str) -> None:
        print(text, file=self.stream, flush=True)


def stdout_console() -> Console:
    """The report's console: a terminal's width on a terminal; elsewhere (logs,
    CI, pipes) no width at all, so no line is ever wrapped or a name split."""
    if sys.stdout.isatty():
        return Console(highlight=False, soft_wrap=False)
    return Console(highlight=False, soft_wrap=False, width=UNWRAPPED, no_color=True)


UNWRAPPED = 100_000


def reporter_for(progress: bool | None, quiet: bool = False):
    """--progress forces progress, --no-progress or -q silences it; by default
    a live line on a terminal and a plain line every 10 s elsewhere."""
    if quiet or progress is False:
        return ConsoleReporter(enabled=False)
    if sys.stderr.isatty():
        return ConsoleReporter(enabled=True)
    return PlainReporter(every=0.5 if progress else PLAIN_EVERY, messages=bool(progress))

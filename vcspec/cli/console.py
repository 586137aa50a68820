"""A Reporter that draws one live progress line on stderr (rich), for the CLI."""

from __future__ import annotations

from rich.console import Console
from rich.live import Live
from rich.text import Text

from vcspec.engine.progress import Progress, line_for


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

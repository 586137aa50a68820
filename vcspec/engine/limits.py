"""Search limits (states, seconds, memory) and a memory probe."""

from __future__ import annotations

import math
import os
import resource
import sys
from dataclasses import dataclass


@dataclass(frozen=True)
class Limits:
    max_states: int | None = None
    max_seconds: float | None = None
    max_memory: int | None = None  # bytes of resident memory

    def exceeded(self, states: int, seconds: float, memory: MemoryProbe) -> str | None:
        """The name of the first limit reached, or None."""
        if self.max_states is not None and states >= self.max_states:
            return "max-states"
        if self.max_seconds is not None and seconds >= self.max_seconds:
            return "max-seconds"
        if self.max_memory is not None and memory.current() >= self.max_memory:
            return "max-memory"
        return None


class MemoryProbe:
    """Resident memory of this process: current (Linux /proc) and peak."""

    def __init__(self):
        self._page = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096

    def current(self) -> int:
        try:
            with open("/proc/self/statm", "rb") as statm:
                return int(statm.read().split()[1]) * self._page
        except (OSError, ValueError, IndexError):
            return self.peak()

    def peak(self) -> int:
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        return peak if sys.platform == "darwin" else peak * 1024


# the share of the memory free at start a command may take when no --max-memory is given
DEFAULT_MEMORY_SHARE = 0.8


def default_memory_limit() -> int | None:
    """The limit a command runs under without --max-memory: its resident
    memory now plus 80 % of what the machine (or its cgroup) has available,
    so that a run that would exhaust memory stops with a report (exit 4)
    instead of being killed by the kernel with none. None where it cannot
    be read (not Linux)."""
    free = [n for n in (_meminfo_available(), _cgroup_available()) if n is not None]
    if not free:
        return None
    return MemoryProbe().current() + int(min(free) * DEFAULT_MEMORY_SHARE)


def _meminfo_available() -> int | None:
    try:
        with open("/proc/meminfo", encoding="ascii") as meminfo:
            for line in meminfo:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    return None


def _cgroup_available() -> int | None:
    """cgroup v2 memory.max minus memory.current, when a limit is set."""
    try:
        with open("/sys/fs/cgroup/memory.max", encoding="ascii") as limit_file:
            limit = limit_file.read().strip()
        if limit == "max":
            return None
        with open("/sys/fs/cgroup/memory.current", encoding="ascii") as current_file:
            return max(0, int(limit) - int(current_file.read().strip()))
    except (OSError, ValueError):
        return None


def parse_size(text: str) -> int:
    """'500M', '2G', '1048576' -> bytes; ValueError unless finite and positive."""
    text = text.strip().upper().removesuffix("B")
    factor = {"K": 1 << 10, "M": 1 << 20, "G": 1 << 30, "T": 1 << 40}.get(text[-1:], 1)
    number = float(text[:-1] if factor > 1 else text)
    if not math.isfinite(number) or number * factor < 1 or number * factor > 1 << 60:
        raise ValueError(f"not a memory size: {text!r}")
    return int(number * factor)

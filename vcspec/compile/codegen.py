"""Building Python source safely.

Generated code is made only of fixed templates, identifiers this module
allocates (`_k3`, `_t12`, ...) and integer literals. Every other value (enum
member names, tuples, sets, functions) lives in the namespace dict and is
referred to by an allocated name: no text of a spec ever reaches the source.
"""

from __future__ import annotations

import itertools
import re


class ActionError(Exception):
    """A runtime error of the spec inside generated code (out of range, empty
    queue, ...). The trace is replayed on vcspec/model/evaluate, which gives the message."""


def _fail(*_args):
    raise ActionError()


_NAME = re.compile(r"_[a-z]+[0-9]*\Z")


def int_literal(value: int) -> str:
    if type(value) is bool:  # noqa: E721 -- bool is an int subclass
        return "True" if value else "False"
    if type(value) is not int:  # noqa: E721
        raise TypeError(f"not an int: {value!r}")
    return repr(value)


class Namespace:
    """The globals of generated code: constants by value, helpers by name."""

    def __init__(self):
        self.values: dict[str, object] = {"_fail": _fail, "ActionError": ActionError}
        self._by_key: dict[tuple, str] = {}
        self._counter = itertools.count()

    def const(self, value) -> str:
        """Source text for a constant: a literal for ints/bools/None, else a name."""
        if value is None:
            return "None"
        if type(value) in (int, bool):
            return int_literal(value)
        key = (type(value).__name__, _freeze(value))
        name = self._by_key.get(key)
        if name is None:
            name = self.add("_k", value)
            self._by_key[key] = name
        return name

    def add(self, prefix: str, value) -> str:
        name = f"{prefix}{next(self._counter)}"
        assert _NAME.match(name), name
        self.values[name] = value
        return name


def _freeze(value):
    try:
        hash(value)
        return value
    except TypeError:
        return id(value)


class Temps:
    """Fresh local names for generated functions."""

    def __init__(self, prefix: str = "_t"):
        self.prefix = prefix
        self._counter = itertools.count()

    def new(self) -> str:
        return f"{self.prefix}{next(self._counter)}"


class Emitter:
    """Lines of Python with indentation."""

    def __init__(self):
        self.lines: list[str] = []
        self.depth = 0

    def line(self, text: str) -> None:
        self.lines.append("    " * self.depth + text)

    def indent(self) -> None:
        self.depth += 1

    def dedent(self) -> None:
        self.depth -= 1

    def source(self) -> str:
        return "\n".join(self.lines) + "\n"


def compile_functions(source: str, namespace: Namespace, filename: str) -> dict:
    """Execute generated source in the namespace; returns the namespace dict."""
    code = compile(source, filename, "exec")
    exec(code, namespace.values)  # noqa: S102 -- source built only from allocated names
    return namespace.values

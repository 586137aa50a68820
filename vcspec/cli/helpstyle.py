"""`--help` without Python type names: flags show no value, other options a
plain metavar (TEXT, INTEGER, NUMBER, PATH, a|b|c choices)."""

from __future__ import annotations

import typer.core

WORDS = {"str": "TEXT", "int": "INTEGER", "float": "NUMBER", "path": "PATH", "file": "PATH",
         "directory": "DIR"}


def metavar(param, ctx) -> str:
    if getattr(param, "is_flag", False):
        return ""
    label = param.display_type(ctx).strip("<>")
    if label.startswith("list[") and label.endswith("]"):
        label = label[5:-1]
    return WORDS.get(label, label if "|" in label else label.upper())


class PlainTypesCommand(typer.core.TyperCommand):
    def format_help(self, ctx, formatter) -> None:
        _plain(self, ctx)
        super().format_help(ctx, formatter)


class PlainTypesGroup(typer.core.TyperGroup):
    def format_help(self, ctx, formatter) -> None:
        _plain(self, ctx)
        super().format_help(ctx, formatter)


def _plain(command, ctx) -> None:
    for param in command.get_params(ctx):
        if isinstance(param, typer.core.TyperOption) and param.metavar is None:
            param.metavar = metavar(param, ctx)

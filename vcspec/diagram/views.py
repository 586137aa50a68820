"""Views: what a state-machine diagram projects the reachable graph onto.

A view is a list of expressions of the language, each evaluated in every
reachable state; states with the same values are one node. It comes from

  vars=["Ndis.call[Vc1]"]        any expressions (typed in the model's scope)
  process="Ndis", key="Vc1"      every variable of a process; a map variable
                                 whose key type has the value Vc1 is taken at
                                 that key (one VC's record)
  process="Phil", key="2"        one instance of a process family (default:
                                 the first instance)
  (nothing)                      the model's control state (default_view)
"""

from __future__ import annotations

from dataclasses import dataclass

from vcspec.diagram.scope import Compiled, EvalFailure, compile_expr, evaluate_state
from vcspec.model import ir
from vcspec.model.evaluate import format_value
from vcspec.model.types import BoolT, EnumT, IntT, MapT, OptionT, Type


class ViewError(ValueError):
    """The view asked for does not exist in the model."""


@dataclass
class View:
    exprs: list[Compiled]
    names: list[str]  # short names shown in node labels
    title: str

    def values(self, state: tuple, monitors: dict | None = None) -> tuple:
        return tuple(evaluate_state(c, state, monitors) for c in self.exprs)

    def lines(self, values: tuple) -> list[str]:
        texts = [fmt(c, v) for c, v in zip(self.exprs, values)]
        if len(texts) == 1 and _enum_like(self.exprs[0].type):
            return texts
        return [f"{n} = {t}" for n, t in zip(self.names, texts)]


def fmt(compiled: Compiled, value) -> str:
    return str(value) if isinstance(value, EvalFailure) else compiled.format(value)


def _enum_like(t: Type) -> bool:
    """Values that name themselves (Connected), unlike 0 or true."""
    return isinstance(t.inner if isinstance(t, OptionT) else t, EnumT)


# ------------------------------------------------------------ building views
def make_view(model: ir.Model, process: str | None = None, key: str | None = None,
              vars: list[str] | None = None) -> View:
    if vars:
        if process or key:
            raise ViewError("give either expressions (vars) or a process (and key), not both")
        return expressions_view(model, list(vars))
    if process:
        return process_view(model, process, key)
    if key:
        raise ViewError("a key needs a process (e.g. --process Ndis --key Vc1)")
    return default_view(model)


def expressions_view(model: ir.Model, texts: list[str], title: str | None = None) -> View:
    exprs = [compile_expr(model, t) for t in texts]
    names = short_names(texts)
    return View(exprs, names, title or ", ".join(texts))


def process_view(model: ir.Model, process: str, key: str | None) -> View:
    family_name, index = _split_instance(process)
    if family_name in model.families:
        return _family_view(model, family_name, index or key)
    if index is not None:
        raise ViewError(f"process {family_name} is not a family: it has no instances")
    if process not in model.processes:
        raise ViewError(f"no process '{process}' (processes: {', '.join(model.processes)})")
    names = model.processes[process]
    if not names:
        raise ViewError(f"process {process} has no variables: it has no states of its own "
                        "(draw the variables it writes with --vars)")
    texts = [_keyed(model, n, key) for n in names]
    texts = [t for t in texts if t is not None]
    if key and all("[" not in t for t in texts):
        raise ViewError(f"no variable of {process} is a map with key {key}")
    where = f"{process}[{key}]" if key else process
    return View([compile_expr(model, t) for t in texts], short_names(texts), where)


def _split_instance(process: str) -> tuple[str, str | None]:
    if process.endswith("]") and "[" in process:
        name, _, rest = process.partition("[")
        return name, rest[:-1]
    return process, None


def _family_view(model: ir.Model, family: str, index: str | None) -> View:
    index_type = model.families[family]
    values = [format_value(v, index_type) for v in index_type.domain()]
    if index is None:
        index = values[0]
    elif index not in values:
        raise ViewError(f"{family} has no instance {index} (instances: {', '.join(values)})")
    texts = [f"{family}[{index}].{n.partition('.')[2]}" for n in model.processes[family]]
    return View([compile_expr(model, t) for t in texts], short_names(texts),
                f"{family}[{index}]")


def _keyed(model: ir.Model, name: str, key: str | None) -> str | None:
    """A variable's expression, at `key` when it is a map that has that key."""
    var = model.vars[model.var_index(name)]
    if key is None or not isinstance(var.type, MapT):
        return name
    keys = [format_value(k, var.type.key) for k in var.type.key.domain()]
    return f"{name}[{key}]" if key in keys else name


def short_names(texts: list[str]) -> list[str]:
    """Drop the prefix (`Ndis.`) and the key suffix (`[Vc1]`) all names share."""
    if len(texts) < 2:
        return list(texts)
    prefix = _common_prefix(texts)
    out = [t[len(prefix):] for t in texts] if prefix else list(texts)
    suffix = _common_suffix(out)
    if suffix and all(len(t) > len(suffix) for t in out):
        out = [t[: len(t) - len(suffix)] for t in out]
    return out


def _common_prefix(texts: list[str]) -> str:
    first = texts[0]
    cut = first.find(".") + 1
    if cut and all(t.startswith(first[:cut]) and "(" not in t[:cut] for t in texts):
        return first[:cut]
    return ""


def _common_suffix(texts: list[str]) -> str:
    first = texts[0]
    if not first.endswith("]") or "[" not in first:
        return ""
    suffix = first[first.rfind("["):]
    return suffix if all(t.endswith(suffix) for t in texts) else ""


# ------------------------------------------------------------ the default view
def default_view(model: ir.Model) -> View:
    """The control state: the enum-valued variable (of one family instance, at
    one map key) with the most values; ties go to the first declared. Models
    without one get every variable of their first process that has any."""
    best: tuple[int, str] | None = None
    for var in model.vars:
        text, t = _scalar_of(model, var)
        if isinstance(t, EnumT) and (best is None or t.size() > best[0]):
            best = (t.size(), text)
    if best is not None:
        return expressions_view(model, [best[1]])
    for process, names in model.processes.items():
        if names:
            return process_view(model, process, None)
    raise ViewError("the model has no state variables")


def _scalar_of(model: ir.Model, var: ir.StateVar) -> tuple[str, Type]:
    """A variable as an expression of its first instance / first key."""
    t = var.type
    process, _, short = var.name.partition(".")
    text = var.name
    if process in model.families and isinstance(t, MapT):
        text = f"{process}[{format_value(t.key.domain()[0], t.key)}].{short}"
        t = t.value
    while isinstance(t, MapT) and isinstance(t.key, (EnumT, BoolT, IntT)):
        text = f"{text}[{format_value(t.key.domain()[0], t.key)}]"
        t = t.value
    if isinstance(t, OptionT):
        t = t.inner
    return text, t

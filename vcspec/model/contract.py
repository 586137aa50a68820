"""Client contracts: `require process P { action A(x: T) ... }` in a library.

A library (the CoNDIS environment) states which actions, with which parameter
types, it requires of a process the importing spec declares; the library's
properties name those actions. Applied to the syntax tree before checking:

- a required action the process does not declare, or declares with other
  parameter types, is an error (VCS211) in the declaring spec, at the process
  or the action;
- an `optional action` left out is added, never enabled (no VCS402 warning);
- a required process the spec does not declare is an error too, unless the root
  file is part of the library (linting the library on its own); either way the
  process is added with every action never enabled (no errors follow from it).

Parameter names do not matter (monitors bind arguments by position); their
types must be written the same way. A required action may carry the library's
own guard and statements (what NDIS does when the client calls it): they are
joined to the process's action, the library's guard `and` the process's, the
library's statements first, so that the bookkeeping a library keeps is never
left to the user.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields, replace

from vcspec.model import syntax as s
from vcspec.model.diagnostics import Diagnostics, Note
from vcspec.model.source import Span

CODE = "VCS211"


@dataclass
class Applied:
    decls: list[s.Node]
    stubs: set[Span] = field(default_factory=set)  # guards of the actions added


def apply_contracts(decls: list[s.Node], root: s.SpecFile, diags: Diagnostics,
                    library: bool = False) -> Applied:
    """Check every `require process` against the spec's processes; return the
    declarations without the requirements, with left-out actions added. `library`:
    the root file is part of a library (in the search path), checked on its own."""
    requires = [d for d in decls if isinstance(d, s.Require)]
    applied = Applied([d for d in decls if not isinstance(d, s.Require)])
    blocks = {}
    for block in requires:
        blocks.setdefault(block.process, block.span)
    for name, wanted in _merge(requires, diags).items():
        processes = [d for d in applied.decls if isinstance(d, s.Process) and d.name == name]
        if not processes:
            _absent(name, blocks[name], wanted, root, library, applied, diags)
        elif processes[0].index is not None:
            diags.error(CODE, f"process {name} is required by {_origin(wanted)} as a single "
                        "process, not a family", processes[0].span)
        else:
            index = applied.decls.index(processes[0])
            applied.decls[index] = _complete(processes[0], wanted, applied, diags)
    return applied


def _merge(requires: list[s.Require], diags) -> dict[str, dict[str, s.RequiredAction]]:
    """Requirements per process, from every `require` block, in order."""
    merged: dict[str, dict[str, s.RequiredAction]] = {}
    for block in requires:
        actions = merged.setdefault(block.process, {})
        for req in block.actions:
            earlier = actions.get(req.name)
            if earlier is not None and _types(earlier) != _types(req):
                diags.error(CODE, f"{block.process}.{signature(req)} is required with other "
                            f"parameter types at {earlier.span}", req.span)
            actions.setdefault(req.name, req)
    return merged


def _complete(process: s.Process, wanted: dict[str, s.RequiredAction], applied: Applied,
              diags: Diagnostics) -> s.Process:
    """The process with left-out optional actions added. After an error, the
    required action is added too (or replaces the mismatched one), so that the
    library's properties report nothing more."""
    items = list(process.items)
    declared = {a.name: a for a in items if isinstance(a, s.Action)}
    for req in wanted.values():
        action = declared.get(req.name)
        if action is None:
            if not req.optional:
                diags.error(CODE, f"process {process.name} does not declare {signature(req)} "
                            f"required by {req.span.file}", process.span,
                            Note(f"required at {req.span}"))
            items.append(_stub(req, applied))
        elif _types(action) != _types(req):
            diags.error(CODE, f"action {process.name}.{signature(action)} does not match "
                        f"{signature(req)} required by {req.span.file}", action.span,
                        Note(f"required at {req.span}"))
            items[items.index(action)] = _stub(req, applied)
        elif req.guard is not None or req.body is not None:
            items[items.index(action)] = _merged(process.name, req, action, diags)
    return s.Process(process.name, None, tuple(items), process.span)


def _merged(process: str, req: s.RequiredAction, action: s.Action,
            diags: Diagnostics) -> s.Action:
    """The process's action with the library's guard and statements first, the
    library's parameter names replaced by the process's."""
    mapping = {lib.name: own.name for lib, own in zip(req.params or (), action.params or ())
               if lib.name != own.name}
    captured = sorted(set(mapping.values()) & _names((req.guard, req.body)))
    if captured:
        diags.error(CODE, f"action {process}.{action.name}: parameter '{captured[0]}' is a "
                    f"name the library's {req.name} uses; name it "
                    f"'{next(k for k, v in mapping.items() if v == captured[0])}'",
                    action.span, Note(f"required at {req.span}"))
        return action
    guard = _rename(req.guard, mapping)
    if action.guard is not None:
        guard = action.guard if guard is None else s.Binary("and", guard, action.guard,
                                                             action.guard.span)
    stmts = (*_rename(req.body, mapping).stmts, *action.body.stmts) if req.body else \
        action.body.stmts
    return s.Action(action.name, action.params, guard, s.Block(stmts, action.body.span),
                    action.span)


def _rename(node, mapping: dict[str, str]):
    """`node` with every Name in `mapping` renamed (no capture: checked before)."""
    if not mapping or node is None:
        return node
    if isinstance(node, s.Name):
        return s.Name(mapping.get(node.id, node.id), node.span)
    if isinstance(node, tuple):
        return tuple(_rename(item, mapping) for item in node)
    if isinstance(node, s.Node):
        return replace(node, **{f.name: _rename(getattr(node, f.name), mapping)
                                for f in fields(node) if not f.name.endswith("span")})
    return node


def _names(node) -> set[str]:
    """Every name used or bound anywhere in `node`."""
    if isinstance(node, tuple):
        return set().union(*map(_names, node)) if node else set()
    if not isinstance(node, s.Node):
        return set()
    found = {getattr(node, k) for k in ("id", "name") if isinstance(getattr(node, k, None), str)}
    for f in fields(node):
        if not f.name.endswith("span"):
            found |= _names(getattr(node, f.name))
    return found


def _absent(name: str, span: Span, wanted: dict[str, s.RequiredAction], root: s.SpecFile,
            library: bool, applied: Applied, diags: Diagnostics) -> None:
    files = sorted({req.span.file for req in wanted.values()} | {span.file})
    if not library and root.span.file not in files:
        imports = [d for d in root.decls if isinstance(d, s.Import)]
        where = imports[0].span if imports else root.span
        diags.error(CODE, f"the spec does not declare process {name} required by "
                    f"{', '.join(files)}", where,
                    Note(f"declare `process {name} {{ ... }}` with the actions the library "
                         "requires (`vcspec init client DIR` writes a skeleton)"))
    stubs = tuple(_stub(req, applied) for req in wanted.values())
    applied.decls.append(s.Process(name, None, stubs, span))


def _stub(req: s.RequiredAction, applied: Applied) -> s.Action:
    """Never enabled; the library's statements are kept, so that they are checked."""
    guard = s.BoolLit(False, req.span)
    applied.stubs.add(req.span)
    return s.Action(req.name, req.params, guard, req.body or s.Block((), req.span), req.span)


def _types(action) -> tuple[s.Node, ...]:
    return tuple(p.type for p in action.params or ())


def _origin(wanted: dict[str, s.RequiredAction]) -> str:
    return ", ".join(sorted({req.span.file for req in wanted.values()}))


def signature(req: s.RequiredAction | s.Action) -> str:
    """`NdisClCloseCall(v: Vc, pty: Party?, ret: Status)`."""
    from vcspec.model.format.exprs import params_text  # the formatter: on errors only

    return f"{req.name}{params_text(req.params) or '()'}"

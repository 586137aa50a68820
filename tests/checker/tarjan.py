"""The reference for fair components: per-state Tarjan and per-component
fairness judgement in plain Python (what vcspec/explicit/fairness.py did before
it moved to arrays). tests/checker/test_fair_arrays.py holds the vectorised
version against this one."""

from __future__ import annotations

from collections import Counter


def sccs(g, roots, inside) -> list[list[int]]:
    index: dict[int, int] = {}
    low: dict[int, int] = {}
    on_stack = bytearray(g.n)
    stack: list[int] = []
    out: list[list[int]] = []
    counter = 0
    for root in roots:
        if root in index or not inside[root]:
            continue
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack[root] = 1
        work = [(root, g.offsets[root])]
        while work:
            u, pos = work[-1]
            end, low_u, v = g.offsets[u + 1], low[u], -1
            while pos < end:
                w = g.targets[pos]
                pos += 1
                if not inside[w]:
                    continue
                if w not in index:
                    v = w
                    break
                if on_stack[w] and index[w] < low_u:
                    low_u = index[w]
            low[u] = low_u
            if v >= 0:
                work[-1] = (u, pos)
                index[v] = low[v] = counter
                counter += 1
                stack.append(v)
                on_stack[v] = 1
                work.append((v, g.offsets[v]))
                continue
            work.pop()
            if low_u == index[u]:
                component = []
                while True:
                    w = stack.pop()
                    on_stack[w] = 0
                    component.append(w)
                    if w == u:
                        break
                out.append(sorted(component))
            if work and low_u < low[work[-1][0]]:
                low[work[-1][0]] = low_u
    return out


def enabled(g, of_instance, u) -> set[int]:
    return {x for p in g.edges(u) for x in of_instance[g.labels[p]]}


def judge(g, groups, of_instance, component, inside) -> tuple[bool, list[int]]:
    taken = {x for u in component for p in g.edges(u) if inside[g.targets[p]]
             for x in of_instance[g.labels[p]]}
    counts = Counter(x for u in component for x in enabled(g, of_instance, u))
    for group in groups:
        if group.kind == "weak" and group.index not in taken \
                and counts[group.index] == len(component):
            return False, []
    bad = {gr.index for gr in groups if gr.kind == "strong" and gr.index not in taken
           and counts[gr.index]}
    return True, [u for u in component if enabled(g, of_instance, u) & bad]


def fair_components(g, groups, of_instance, inside) -> list[list[int]]:
    out: list[list[int]] = []
    work = [(range(g.n), inside)]
    while work:
        roots, mask = work.pop()
        for component in sccs(g, roots, mask):
            u = component[0]
            if len(component) == 1 and g.is_dead_end(u):
                out.append(component)
                continue
            if len(component) == 1 and not any(g.targets[p] == u for p in g.edges(u)):
                continue
            member = g.mask(component)
            ok, bad = judge(g, groups, of_instance, component, member)
            if not ok:
                continue
            for v in bad:
                member[v] = 0
            rest = [v for v in component if member[v]]
            if not bad:
                out.append(component)
            elif rest:
                work.append((rest, member))
    return sorted(out)

"""`ScopedContext`: medspaCy ConText run only where a cue can reach an asserted target.

medspaCy's ConText compares every cue (modifier) with every other cue (``update_scopes``) and
with every target (``apply_modifiers``): on the 4,000-word seed article, ~250 cues and ~500
asserted targets make ~190,000 comparisons. A cue only ever acts on spans its own scope or
match touches, and scopes only shrink, so the document splits into independent groups:
targets and cues whose spans and starting scopes overlap, directly or through a chain. Each
group that holds an asserted target gets its own ``ConTextGraph`` (medspaCy's algorithm,
unchanged); cues in groups without one are dropped. Every target receives the modifiers it
would have received from one graph over the whole document, in the same order.

Which targets are asserted: the categories the extractor reads with assertions, outside the
sections that discuss other patients (introduction, discussion, literature review...).
"""

from __future__ import annotations

from typing import Any

from spacy.tokens import Doc, Span

from gsvlms_extract.nlp.extensions import ASSERTED_GROUP, TARGET_GROUP

__all__ = ["ScopedContext", "groups_of"]


def _extent(start: int, end: int) -> tuple[int, int]:
    """Half-open token range that any medspaCy ``tuple_overlaps`` hit on (start, end) meets.

    An empty or reversed range (a scope limited to nothing) is widened by one token on each
    side: medspaCy counts a range ending at its start as overlapping.
    """
    if start < end:
        return start, end
    low, high = min(start, end), max(start, end)
    return low - 1, high + 1


def groups_of(targets: list[Span], modifiers: list[Any]) -> list[tuple[list[Span], list[Any]]]:
    """Split targets and ConText modifiers into groups that cannot affect one another.

    Two items join when their extents meet (a modifier's extents: its match and its scope).
    Returns (targets, modifiers) per group that has at least one target, both in input order.
    """
    items: list[tuple[int, int, int]] = []  # (low, high, item number)
    for number, target in enumerate(targets):
        items.append((*_extent(target.start, target.end), number))
    offset = len(targets)
    for number, modifier in enumerate(modifiers, start=offset):
        items.append((*_extent(*modifier.modifier_span), number))
        items.append((*_extent(*modifier.scope_span), number))
    items.sort()
    group_of: dict[int, int] = {}
    members: list[list[int]] = []
    high = None
    for low, item_high, number in items:
        if high is None or low >= high:
            members.append([])
            high = item_high
        else:
            high = max(high, item_high)
        members[-1].append(number)
    # an item with two extents may sit in two sweep groups: merge them (union-find)
    parent = list(range(len(members)))

    def find(g: int) -> int:
        while parent[g] != g:
            parent[g] = parent[parent[g]]
            g = parent[g]
        return g

    for g, numbers in enumerate(members):
        for number in numbers:
            if number in group_of:
                parent[find(g)] = find(group_of[number])
            else:
                group_of[number] = g
    by_root: dict[int, list[int]] = {}
    for number in sorted(group_of):
        by_root.setdefault(find(group_of[number]), []).append(number)
    groups = []
    for numbers in by_root.values():
        group_targets = [targets[n] for n in numbers if n < offset]
        if group_targets:
            groups.append((group_targets, [modifiers[n - offset] for n in numbers if n >= offset]))
    return groups


class ScopedContext:
    """medspaCy ConText over the asserted target spans, one graph per group (module doc)."""

    def __init__(self, context: Any, matcher: Any, categories: list[str], skip_sections: list[str]):
        self.context = context
        self.matcher = matcher
        self.categories = frozenset(categories)
        self.skip_sections = frozenset(skip_sections)

    def asserted(self, doc: Doc) -> list[Span]:
        skipped = [
            (section.title_start, section.body_end)
            for section in getattr(doc._, "sections", None) or []
            if section.category in self.skip_sections
        ]
        keep = []
        for span in doc.spans.get(TARGET_GROUP, []):
            if span.label_ not in self.categories:
                continue
            if any(start <= span.start < end for start, end in skipped):
                continue
            keep.append(span)
        return keep

    def __call__(self, doc: Doc) -> Doc:
        from medspacy.context import ConTextGraph, ConTextModifier

        context = self.context
        targets = self.asserted(doc)
        doc.spans[ASSERTED_GROUP] = targets
        rule_map = self.matcher.rule_map
        strings = doc.vocab.strings
        modifiers = [
            ConTextModifier(rule_map[strings[key]], start, end, doc, max_scope=context.max_scope)
            for key, start, end in (self.matcher(doc) if targets else [])
        ]
        position = {id(modifier): i for i, modifier in enumerate(modifiers)}
        kept: list[Any] = []
        edges: list[tuple[Span, Any]] = []
        for group_targets, group_modifiers in groups_of(targets, modifiers):
            graph = ConTextGraph(
                targets=group_targets,
                modifiers=group_modifiers,
                prune_on_modifier_overlap=context.prune_on_target_overlap,
            )
            graph.update_scopes()
            graph.apply_modifiers()
            kept.extend(graph.modifiers)
            edges.extend(graph.edges)
        # one graph over the document lists edges modifier by modifier, in match order
        kept.sort(key=lambda modifier: position[id(modifier)])
        edges.sort(key=lambda edge: position[id(edge[1])])
        for target, modifier in edges:
            target._.modifiers += (modifier,)
        if context.context_attributes_mapping:
            context.set_context_attributes(edges)
        doc._.context_graph = ConTextGraph(
            targets=targets,
            modifiers=kept,
            edges=edges,
            prune_on_modifier_overlap=context.prune_on_target_overlap,
        )
        return doc

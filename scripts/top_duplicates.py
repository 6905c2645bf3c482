"""Candidate duplicates among a store's most frequent concepts, for a reader to confirm.

Ranks the concepts by how many papers mention them and, for each of the top N, looks through
every concept of the graph for another node that may name the same thing:

- ``variant``: the same :func:`kg.canon.variant_key` of the folded name (case, hyphens, spaces,
  plural), whatever the labels (a Dataset and a Method of one name are two nodes);
- ``acronym``: an acronym whose letters are the initials of the other's words
  ("SGD" / "stochastic gradient descent"), or a name among the other's aliases;
- ``edit``: variant keys within edit distance 1 (2 for keys of 12+ characters).

Candidates are grouped (union of the pairs) and printed with each member's label, papers and
frequency rank; groups with two or more members in the top N are listed first.

    kg build --sample --store /tmp/sample
    python scripts/top_duplicates.py --store /tmp/sample --top 100
"""

from __future__ import annotations

import argparse
import re
from collections import defaultdict
from collections.abc import Iterable

from kg.canon import fold, is_acronym, variant_key
from kg.graph import Concept

#: Words an acronym usually skips ("AoT" = "Algorithm of Thoughts" may keep them: both tried).
_SKIPPED = {"of", "and", "for", "the", "a", "an", "in", "on", "to", "with", "via"}
_WORD = re.compile(r"[A-Za-z0-9]+")


def key(name: str) -> str:
    """The variant key of a name's folded form."""
    return variant_key(fold(name))


def initials(name: str) -> set[str]:
    """The acronyms a long form may have: its words' first letters, with and without the small
    words, hyphenated parts counted as words or not ("multi-layer perceptron": mlp, mp)."""
    out = set()
    for parts in (_WORD.findall(name), _WORD.findall(name.replace("-", ""))):
        for skip in (False, True):
            words = [w for w in parts if not (skip and w.lower() in _SKIPPED)]
            if len(words) >= 2:
                out.add("".join(w[0] for w in words).lower())
    return out


def acronym_key(name: str) -> str | None:
    """An acronym's letters, lower case, without a plural s (None: not an acronym)."""
    word = name.replace("-", "")
    if not is_acronym(word):
        return None
    if word.endswith("s") and word[-2:-1].isupper():
        word = word[:-1]
    letters = "".join(c for c in word if c.isalpha()).lower()
    return letters if len(letters) >= 2 and letters == re.sub(r"[^a-z]", "", word.lower()) \
        else None


def edit_distance(a: str, b: str, limit: int) -> int:
    """Levenshtein distance, or ``limit + 1`` once it is certain to exceed ``limit``."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1,
                               previous[j - 1] + (ca != cb)))
        if min(current) > limit:
            return limit + 1
        previous = current
    return previous[-1]


def candidate_pairs(top: list[Concept], concepts: list[Concept]
                    ) -> Iterable[tuple[Concept, Concept, str]]:
    """(top concept, other concept, reason) for every candidate duplicate of a top concept."""
    by_key: dict[str, list[Concept]] = defaultdict(list)
    by_initials: dict[str, list[Concept]] = defaultdict(list)
    by_name: dict[str, list[Concept]] = defaultdict(list)
    for concept in concepts:
        by_key[key(concept.name)].append(concept)
        for letters in initials(concept.name):
            by_initials[letters].append(concept)
        by_name[key(concept.name)].append(concept)
    for concept in top:
        own = key(concept.name)
        for other in by_key[own]:
            if other.node != concept.node:
                yield concept, other, "variant"
        letters = acronym_key(concept.name)
        for other in by_initials.get(letters or "", []):
            yield concept, other, "acronym"
        for alias in concept.aliases:
            for other in by_name.get(key(alias), []):
                if other.node != concept.node:
                    yield concept, other, "alias"
        for other in concepts:
            if other.node == concept.node or not other.name:
                continue
            other_letters = acronym_key(other.name)
            if other_letters and other_letters in initials(concept.name):
                yield concept, other, "acronym"
            theirs = key(other.name)
            limit = 2 if min(len(own), len(theirs)) >= 12 else 1
            if own != theirs and min(len(own), len(theirs)) >= 5 \
                    and edit_distance(own, theirs, limit) <= limit:
                yield concept, other, "edit"


def groups(pairs: Iterable[tuple[Concept, Concept, str]]
           ) -> list[tuple[list[Concept], set[str]]]:
    """The pairs joined into groups (union-find), with the reasons that joined them."""
    parent: dict[tuple[str, str], tuple[str, str]] = {}
    members: dict[tuple[str, str], Concept] = {}
    reasons: dict[tuple[str, str], set[str]] = defaultdict(set)

    def find(node: tuple[str, str]) -> tuple[str, str]:
        parent.setdefault(node, node)
        while parent[node] != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    joined = []
    for a, b, why in pairs:
        members[a.node], members[b.node] = a, b
        parent[find(a.node)] = find(b.node)
        joined.append((a.node, why))
    for node, why in joined:
        reasons[find(node)].add(why)
    out: dict[tuple[str, str], list[Concept]] = defaultdict(list)
    for node, concept in members.items():
        out[find(node)].append(concept)
    return [(sorted(group, key=lambda c: -c.paper_count), reasons[root])
            for root, group in out.items()]


def main() -> None:
    from kg.api import open_store

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", default="kg-store", help="the store to read (default kg-store)")
    parser.add_argument("--top", type=int, default=100, help="how many concepts to check")
    args = parser.parse_args()
    with open_store(args.store) as store:
        graph = store.graph()
    concepts = sorted(graph.concepts(), key=lambda c: (-c.paper_count, -c.mention_count, c.key))
    rank = {c.node: i + 1 for i, c in enumerate(concepts)}
    top = concepts[: args.top]
    found = groups(candidate_pairs(top, concepts))
    inside = [(g, why) for g, why in found if sum(rank[c.node] <= args.top for c in g) >= 2]
    outside = [(g, why) for g, why in found if (g, why) not in inside]
    for title, chosen in ((f"Groups with two or more of the top {args.top}", inside),
                          (f"Groups with one of the top {args.top}", outside)):
        print(f"## {title}: {len(chosen)}")
        for group, why in sorted(chosen, key=lambda gw: min(rank[c.node] for c in gw[0])):
            print(f"- ({', '.join(sorted(why))}) " + " | ".join(
                f"{c.name} [{c.label}, {c.paper_count} papers, #{rank[c.node]}]"
                for c in group))
    print(f"\n{len(concepts)} concepts; top {args.top} checked; {len(inside)} groups inside it, "
          f"{len(outside)} reaching outside it")


if __name__ == "__main__":
    main()

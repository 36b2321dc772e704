"""Similar innovations: TF-IDF over PyThaiNLP words, grouped by cosine similarity; correctable by hand.

Also "scale to": the agencies whose reported obstacles (progress reports, monitoring committees) read like
the problem an innovation solves, and the grouping of open survey answers uses the same pieces."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from django.apps import apps
from django.db import transaction
from django.db.models import QuerySet

from pramoen.innovations import selectors
from pramoen.innovations.models import Innovation, InnovationGroup
from pramoen.innovations.text import tokens
from pramoen.orgs.models import Agency
from pramoen.orgs.policy import Action, require

# two texts are "the same idea" above this cosine similarity of their TF-IDF vectors
THRESHOLD = 0.3
SCALE_TO_THRESHOLD = 0.2


def tfidf(docs: Sequence[Sequence[str]]) -> np.ndarray:
    """Rows of L2-normalised TF-IDF weights (smooth idf, as is usual), one row per document."""
    vocab: dict[str, int] = {}
    for doc in docs:
        for word in doc:
            vocab.setdefault(word, len(vocab))
    matrix = np.zeros((len(docs), max(1, len(vocab))))
    for row, doc in enumerate(docs):
        for word, count in Counter(doc).items():
            matrix[row, vocab[word]] = count
    df = (matrix > 0).sum(axis=0)
    idf = np.log((1 + len(docs)) / (1 + df)) + 1
    matrix = matrix * idf
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    norms[norms == 0] = 1
    return matrix / norms


def cluster(vectors: np.ndarray, threshold: float = THRESHOLD) -> list[int]:
    """Average-link agglomerative clustering: merge the two most similar groups while their mean
    pairwise cosine similarity is at least ``threshold``.  Returns a label per row (0, 1, …)."""
    n = len(vectors)
    if n == 0:
        return []
    sim = vectors @ vectors.T
    groups: dict[int, list[int]] = {i: [i] for i in range(n)}
    # link[a, b] = sum of similarities between members of groups a and b
    link = sim.copy()
    np.fill_diagonal(link, -math.inf)
    size = np.ones(n)
    alive = np.ones(n, dtype=bool)
    while True:
        avg = link / np.outer(size, size)
        avg[~alive, :] = -math.inf
        avg[:, ~alive] = -math.inf
        flat = int(np.argmax(avg))
        i, j = divmod(flat, n)
        if avg[i, j] < threshold:
            break
        a, b = min(i, j), max(i, j)
        groups[a].extend(groups.pop(b))
        link[a, :] += link[b, :]
        link[:, a] += link[:, b]
        link[a, a] = -math.inf
        size[a] += size[b]
        alive[b] = False
    labels = [0] * n
    for label, members in enumerate(sorted(groups.values(), key=lambda m: min(m))):
        for i in members:
            labels[i] = label
    return labels


def _doc(innovation: Innovation) -> list[str]:
    # the title counts twice: it says what the innovation is in the fewest words
    title = tokens(innovation.title)
    return title + title + (innovation.search_tokens.split() if innovation.search_tokens else [])


def _representative(members: list[int], vectors: np.ndarray) -> int:
    centroid = vectors[members].mean(axis=0)
    return max(members, key=lambda i: (float(vectors[i] @ centroid), -i))


@transaction.atomic
def regroup(*, actor: Any) -> int:
    """Group every submitted innovation anew; what a person placed or named stays as it is."""
    require(actor, Action.ASSESS_INNOVATION, agency=selectors.host_agency(None))
    items = list(
        Innovation.objects.exclude(state=Innovation.State.DRAFT).filter(group_manual=False).order_by("pk")
    )
    InnovationGroup.objects.filter(manual=False).delete()  # their innovations' group becomes empty
    if not items:
        return 0
    vectors = tfidf([_doc(i) for i in items])
    labels = cluster(vectors)
    members: dict[int, list[int]] = {}
    for index, label in enumerate(labels):
        members.setdefault(label, []).append(index)
    made = 0
    for rows in members.values():
        if len(rows) < 2:
            Innovation.objects.filter(pk=items[rows[0]].pk).update(group=None)
            continue
        name = items[_representative(rows, vectors)].title
        group = InnovationGroup.objects.create(name=name[:200])
        Innovation.objects.filter(pk__in=[items[i].pk for i in rows]).update(group=group)
        made += 1
    return made


@dataclass(frozen=True)
class GroupSummary:
    group: InnovationGroup
    innovations: int
    agencies: int
    district_offices: int
    in_use: int


def summaries(user: Any) -> list[GroupSummary]:
    """Each group as the host reads it: "12 district offices built a school-attendance checker"."""
    rows = (
        selectors.visible(user)
        .exclude(group=None)
        .values_list("group_id", "agency_id", "agency__kind", "status")
    )
    by_group: dict[int, list[tuple[int, str, str]]] = {}
    for group_id, agency_id, kind, status in rows:
        by_group.setdefault(group_id, []).append((agency_id, kind, status))
    groups = InnovationGroup.objects.in_bulk(list(by_group))
    out = [
        GroupSummary(
            group=groups[gid],
            innovations=len(items),
            agencies=len({a for a, _k, _s in items}),
            district_offices=len({a for a, k, _s in items if k == Agency.Kind.DISTRICT_OFFICE}),
            in_use=sum(1 for _a, _k, s in items if s == Innovation.Status.IN_USE),
        )
        for gid, items in by_group.items()
    ]
    return sorted(out, key=lambda s: (-s.agencies, s.group.name))


def similar(
    innovation: Innovation, qs: QuerySet[Innovation], limit: int = 5
) -> list[tuple[Innovation, float]]:
    """The innovations most like this one (cosine similarity of TF-IDF vectors), most similar first."""
    others = list(qs.exclude(pk=innovation.pk).exclude(state=Innovation.State.DRAFT)[:2000])
    if not others:
        return []
    vectors = tfidf([_doc(innovation), *(_doc(o) for o in others)])
    scores = vectors[1:] @ vectors[0]
    ranked = sorted(zip(others, scores, strict=True), key=lambda p: (-float(p[1]), p[0].pk))
    return [(o, round(float(s), 2)) for o, s in ranked[:limit] if s >= THRESHOLD / 2]


@dataclass(frozen=True)
class ScaleTo:
    agency: Agency
    obstacle: str
    source: str  # "progress" or "monitoring"
    similarity: float


def _obstacles() -> list[tuple[int, str, str]]:
    """(agency id, text, source) of every obstacle agencies reported or committees recorded."""
    found: list[tuple[int, str, str]] = []
    try:
        progress = apps.get_model("progress", "Obstacle")
        found += [
            (a, t, "progress")
            for a, t in progress.objects.values_list("report__assignment__agency_id", "text")
        ]
    except LookupError:
        pass
    try:
        monitoring = apps.get_model("monitoring", "Obstacle")
        found += [
            (a, t, "monitoring")
            for a, t in monitoring.objects.exclude(agencies=None).values_list("agencies", "text")
        ]
    except LookupError:
        pass
    return found


def scale_to(innovation: Innovation, limit: int = 8) -> list[ScaleTo]:
    """Agencies that reported the obstacle this innovation solves and may adopt it, best match first."""
    if innovation.status == Innovation.Status.RETIRED:
        return []
    obstacles = _obstacles()
    if not obstacles:
        return []
    taken = {innovation.agency_id} | set(innovation.adoptions.values_list("agency_id", flat=True))
    problem = tokens(f"{innovation.problem} {innovation.title}")
    vectors = tfidf([problem, *(tokens(text) for _a, text, _s in obstacles)])
    scores = vectors[1:] @ vectors[0]
    best: dict[int, tuple[float, str, str]] = {}
    for (agency_id, text, source), score in zip(obstacles, scores, strict=True):
        if agency_id in taken or score < SCALE_TO_THRESHOLD:
            continue
        if agency_id not in best or score > best[agency_id][0]:
            best[agency_id] = (float(score), text, source)
    agencies = Agency.objects.in_bulk(list(best))
    out = [
        ScaleTo(agencies[a], text, source, round(score, 2))
        for a, (score, text, source) in best.items()
        if selectors.may_adopt(innovation, agencies[a])
    ]
    return sorted(out, key=lambda s: (-s.similarity, s.agency.code))[:limit]


def group_texts(texts: Sequence[str], threshold: float = THRESHOLD) -> list[tuple[str, list[int]]]:
    """Group short free texts (open survey answers) by topic: (the group's most typical words, member
    indexes), largest group first; a text alone stays a group of one."""
    docs = [tokens(t) for t in texts]
    if not docs:
        return []
    vectors = tfidf(docs)
    labels = cluster(vectors, threshold)
    members: dict[int, list[int]] = {}
    for index, label in enumerate(labels):
        members.setdefault(label, []).append(index)
    out = []
    for rows in members.values():
        counts = Counter(w for i in rows for w in set(docs[i]))
        words = [w for w, _c in counts.most_common(3)] if len(rows) > 1 else docs[rows[0]][:3]
        out.append((" ".join(words) or "—", rows))
    return sorted(out, key=lambda g: (-len(g[1]), g[1][0]))

"""A practice's lineage as a tree: the practice, its originator, who learned it from whom, and to whom it
was passed on. Adoptions whose teacher is not recorded hang from the practice itself, said as such:
the tree never invents who taught whom."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

from proxenia.domain.actors import ActorSummary
from proxenia.domain.adoptions import Adoption, Lineage, LineageNode, Share

ROOT = "practice"
#: How each link of the tree reads, from parent to child.
RELATIONS = {
    "originated": "originated by",
    "learned_from": "taught (adopted from)",
    "source_not_recorded": "adopted by (teacher not recorded)",
    "shared_with": "shared with",
}


def _key(actor_id: uuid.UUID) -> str:
    return f"actor:{actor_id}"


def _date_key(date: str | None) -> str:
    return date or "9999"


def build_lineage(
    practice_id: uuid.UUID,
    title: str,
    originator: ActorSummary | None,
    start_date: str | None,
    adoptions: Sequence[Adoption],
    shares: Sequence[Share],
) -> Lineage:
    nodes: dict[str, LineageNode] = {ROOT: LineageNode(key=ROOT, label=title, kind="practice")}
    own = {a.adopter.id: a for a in adoptions}
    if originator is not None:
        first = own.get(originator.id)
        nodes[_key(originator.id)] = LineageNode(
            key=_key(originator.id),
            label=originator.name,
            kind=originator.kind.value,
            actor=originator,
            parent=ROOT,
            relation="originated",
            date=start_date or (first.date if first else None),
            record_id=first.id if first else None,
            source_ref=first.source_ref if first else None,
        )
    pending = sorted(
        (a for a in adoptions if originator is None or a.adopter.id != originator.id),
        key=lambda a: (_date_key(a.date), a.adopter.name),
    )
    # Teachers first: repeat until no adoption can be placed under an actor already in the tree.
    while pending:
        placed = [a for a in pending if a.learned_from is None or _key(a.learned_from.id) in nodes]
        if not placed:
            placed = pending[:1]  # a teacher outside the tree (or a cycle in the records): hang it from the root
        for a in placed:
            teacher = _key(a.learned_from.id) if a.learned_from else None
            parent = teacher if teacher in nodes else ROOT
            relation = "learned_from" if a.learned_from else "source_not_recorded"
            nodes[_key(a.adopter.id)] = LineageNode(
                key=_key(a.adopter.id),
                label=a.adopter.name,
                kind=a.adopter.kind.value,
                actor=a.adopter,
                parent=parent,
                relation=relation,
                date=a.date,
                status=a.status.value,
                source_ref=a.source_ref,
                record_id=a.id,
            )
        pending = [a for a in pending if a not in placed]
    for s in sorted(shares, key=lambda s: _date_key(s.date)):
        parent = _key(s.from_actor.id)
        if parent not in nodes:
            continue  # passed on by someone outside this practice's tree: shown in the shares table
        if s.to_actor is not None and _key(s.to_actor.id) in nodes:
            continue  # the recipient's adoption already says it
        key = f"share:{s.id}"
        nodes[key] = LineageNode(
            key=key,
            label=s.to_actor.name if s.to_actor else (s.recipients or "unnamed recipients"),
            kind=s.to_actor.kind.value if s.to_actor else "unnamed",
            actor=s.to_actor,
            parent=parent,
            relation="shared_with",
            date=s.date,
            source_ref=s.source_ref,
            record_id=s.id,
        )
    return Lineage(practice_id=practice_id, practice_title=title, nodes=tuple(nodes.values()))


def lineage_elements(lineage: Lineage, practice_url: str) -> dict[str, Any]:
    """The lineage in the graph.js contract (``data-layout="tree"``; the practice is the root)."""
    nodes = [
        {
            "id": n.key,
            "label": f"{n.label} ({n.date})" if n.date and n.key != ROOT else n.label,
            "kind": n.kind,
            "url": f"/actors/{n.actor.id}" if n.actor else practice_url,
            "root": n.key == ROOT,
        }
        for n in lineage.nodes
    ]
    edges = [
        {
            "id": f"{n.parent}->{n.key}",
            "source": n.parent,
            "target": n.key,
            "type": n.relation,
            "type_label": RELATIONS.get(n.relation, n.relation),
            "status": "active",
            "start_date": n.date,
            "directed": True,
        }
        for n in lineage.nodes
        if n.parent is not None
    ]
    return {"nodes": nodes, "edges": edges}

"""Twin-town pairs become sister-city ties; Covenant of Mayors signatories become dated pledges.

A row whose place cannot be resolved is kept as an unresolved actor with its raw name, and counted.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Any

from proxenia.domain.actors import ActorDraft, Identifier
from proxenia.domain.kinds import ActorKind, Visibility
from proxenia.domain.names import reference_id, unnamed_signatory_name
from proxenia.domain.resolution import MatchStatus
from proxenia.interop.reference import covenant, twin_towns
from proxenia.interop.reference.twin_towns import TwinEnd
from proxenia.services.reference.places import PlaceResolver, agreement_id, place_id, unresolved_id
from proxenia.services.reference.report import LoadReport


@dataclass
class LinkPlan:
    """Everything the links need: places to add, unresolved actors, identifiers and ties."""

    places: set[int] = field(default_factory=set)
    unresolved: dict[uuid.UUID, ActorDraft] = field(default_factory=dict)
    identifiers: list[tuple[uuid.UUID, Identifier]] = field(default_factory=list)
    ties: dict[uuid.UUID, dict[str, Any]] = field(default_factory=dict)


class TwinTownLinker:
    def __init__(self, resolver: PlaceResolver, report: LoadReport) -> None:
        self.resolver = resolver
        self.report = report

    def _end(self, end: TwinEnd, plan: LinkPlan) -> uuid.UUID:
        if end.geonameid is not None and self.resolver.by_geonameids([end.geonameid]):
            plan.places.add(end.geonameid)
            return place_id(end.geonameid)
        if end.country_code:
            match = self.resolver.index(end.country_code).match(
                end.name, end.country_code, end.latitude, end.longitude, fuzzy=False
            )
            if match.status is MatchStatus.MATCHED and match.id is not None:
                place = self.resolver.place(match.id)
                if place is not None:
                    plan.places.add(place.geonameid)
                    self.report.add("resolution", "twin-town ends resolved by alternative name")
                    return match.id
            reason = "ambiguous" if match.status is MatchStatus.AMBIGUOUS else "no GeoNames place of that name"
        else:
            reason = f"country '{end.country_name}' not recognised"
        actor_id = unresolved_id(end.country_code, end.name)
        self.report.add("unresolved", "twin-town ends (rows)")
        if actor_id not in plan.unresolved:
            plan.unresolved[actor_id] = ActorDraft(
                id=actor_id,
                kind=ActorKind.CITY,
                name=end.name,
                country_code=end.country_code,
                latitude=end.latitude,
                longitude=end.longitude,
                resolved=False,
                visibility=Visibility.PUBLIC,
                attributes={
                    "raw_name": end.name,
                    "raw_country": end.country_name,
                    "dataset": "twin_towns",
                    "unresolved_reason": reason,
                },
            )
        return actor_id

    def plan(self, plan: LinkPlan) -> None:
        for pair in twin_towns.pairs():
            a = self._end(pair.first, plan)
            b = self._end(pair.second, plan)
            if a == b:
                self.report.add("unresolved", "twin-town rows with the same place at both ends (skipped)")
                continue
            low, high = sorted((a, b), key=str)
            tie_id = reference_id("tie", f"sister_city:{low}:{high}")
            if tie_id in plan.ties:
                self.report.add("resolution", "twin-town rows listing a pair already listed")
                continue
            plan.ties[tie_id] = {
                "id": tie_id,
                "type_code": "sister_city",
                "source_id": a,
                "target_id": b,
                "status": "active",
                "source_ref": pair.source_ref,
                "attributes": {"dataset": "twin_towns", "row": pair.row, "licence": twin_towns.LICENCE},
            }


class CovenantLinker:
    def __init__(self, resolver: PlaceResolver, report: LoadReport) -> None:
        self.resolver = resolver
        self.report = report

    def plan(self, plan: LinkPlan) -> None:
        target = agreement_id("covenant-of-mayors")
        seen_ids: set[tuple[str, str]] = set()
        for s in covenant.signatories():
            idents = [Identifier("com", s.organisation_id)]
            if s.gcom_id and ("gcom", s.gcom_id) not in seen_ids:
                idents.append(Identifier("gcom", s.gcom_id))
            seen_ids.update((i.scheme, i.value) for i in idents)
            actor_id = self._resolve(s, plan, idents)
            plan.ties[reference_id("tie", f"pledge:com:{s.organisation_id}")] = {
                "id": reference_id("tie", f"pledge:com:{s.organisation_id}"),
                "type_code": "pledge",
                "source_id": actor_id,
                "target_id": target,
                "status": "active",
                "start_date": s.date_of_adhesion,
                "source_ref": "JRC, GCoM MyCovenant 5th release (January 2024)",
                "attributes": {
                    "dataset": "covenant_of_mayors",
                    "row": s.row,
                    "commitments": list(s.commitments),
                    "signatory_status": s.status,
                    "adhesion_type": s.adhesion_type,
                    "coordinator": s.coordinator,
                    "population_at_adhesion": s.population,
                    "licence": covenant.LICENCE,
                },
            }

    def _resolve(self, s: covenant.Signatory, plan: LinkPlan, idents: list[Identifier]) -> uuid.UUID:
        if s.is_group:
            actor_id = reference_id("com", s.organisation_id)
            plan.unresolved[actor_id] = ActorDraft(
                id=actor_id,
                kind=ActorKind.REGION,
                subtype="group_of_municipalities",
                name=s.name,
                country_code=s.country_code,
                population=s.population,
                identifiers=tuple(idents),
                visibility=Visibility.PUBLIC,
                attributes={"dataset": "covenant_of_mayors", "members": s.name.split(", ")},
            )
            self.report.add("resolution", "Covenant signatories that are groups of municipalities")
            return actor_id
        match = self.resolver.index(s.country_code).match(s.name, s.country_code, s.latitude, s.longitude)
        if match.status is MatchStatus.MATCHED and match.id is not None:
            place = self.resolver.place(match.id)
            if place is not None:
                plan.places.add(place.geonameid)
                plan.identifiers.extend((match.id, i) for i in idents)
                self.report.add("resolution", "Covenant signatories resolved to GeoNames places")
                return match.id
        actor_id = reference_id("com", s.organisation_id)
        reason = "ambiguous" if match.status is MatchStatus.AMBIGUOUS else "no GeoNames place of that name"
        if not s.name:
            reason = "no name in the source"
            self.report.add("resolution", "Covenant signatories without a name in the source (named by their id)")
        plan.unresolved[actor_id] = ActorDraft(
            id=actor_id,
            kind=ActorKind.CITY,
            name=s.name or unnamed_signatory_name(s.organisation_id),
            country_code=s.country_code,
            population=s.population,
            latitude=s.latitude,
            longitude=s.longitude,
            resolved=False,
            identifiers=tuple(idents),
            visibility=Visibility.PUBLIC,
            attributes={
                "raw_name": s.name,
                "dataset": "covenant_of_mayors",
                "unresolved_reason": reason,
                "candidates": [str(c.id) for c in match.candidates][:10],
            },
        )
        self.report.add("unresolved", "Covenant signatories")
        return actor_id

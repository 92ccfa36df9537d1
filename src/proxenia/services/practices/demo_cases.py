"""The real cases of the source documents, as practices, adoptions, shares, ties and networks.

Stated only as far as the documents state them, each citing its document (the seed file's name and
title). Where a document leaves something out (who the "other cities in the US" were, when Seoul
began, what Los Angeles adapted), the record says nothing rather than guess. Public, owned by the
reference tenant; idempotent (deterministic ids).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import replace

from proxenia.domain.actors import ActorDraft
from proxenia.domain.adoptions import AdoptionDraft, ShareDraft
from proxenia.domain.kinds import ActorKind, Visibility
from proxenia.domain.names import fold, reference_id
from proxenia.domain.practices import Contact, EvidenceLevel, PracticeDraft, PracticeStatus
from proxenia.domain.ties import TieDraft
from proxenia.domain.viewer import Viewer
from proxenia.services.practices.adoptions import AdoptionService
from proxenia.services.practices.service import PracticeService
from proxenia.services.reference.places import agreement_id, place_id, region_id
from proxenia.services.registry_edits import RegistryEditService
from proxenia.store.actors import ActorRepository
from proxenia.store.adoptions import AdoptionRepository
from proxenia.store.database import Database
from proxenia.store.practice_shares import ShareRepository
from proxenia.store.practices import PracticeRepository
from proxenia.store.ties import TieRepository

SEED_000 = "000_f8387ac77e500b32.txt — “Diplomacy: A City-State's Best Defense Strategy”"
SEED_002 = (
    "002_d1268cbaf42a83fe.txt — “How city and state diplomacy can strengthen US foreign policy” "
    "(Erin Bromaghim, Truman Center for National Policy)"
)
BOTH = f"{SEED_002}; {SEED_000}"
SEOUL, LOS_ANGELES, MILAN, IRVINE, AUSTIN, LAHORE = 1835848, 5368361, 3173435, 5359777, 4671654, 1172451
UNNAMED_US_CITIES = "Other cities in the US (the source does not name them)"


def case_id(name: str) -> uuid.UUID:
    return reference_id("source-case", name)


DRIVE_THROUGH = PracticeDraft(
    id=case_id("seoul-drive-through-testing"),
    title="Drive-through COVID-19 testing sites",
    summary=(
        "Seoul's model of drive-through testing sites for COVID-19. In early 2020 Los Angeles established "
        "drive-thru testing sites as recommended by Seoul, and shared the model with other cities in the US. "
        "Los Angeles Mayor Eric Garcetti was in direct communication with mayors worldwide at the time."
    ),
    problem="Testing for COVID-19 in the early days of the pandemic (2020).",
    approach="Drive-through testing sites. The source documents name the model but do not describe how it works.",
    policy_areas=("public_health",),
    evidence_level=EvidenceLevel.ANECDOTAL,
    source_ref=BOTH,
    visibility=Visibility.PUBLIC,
    status=PracticeStatus.PUBLISHED,
)
HOSPITAL_SPACES = PracticeDraft(
    id=case_id("milan-hospital-reconfiguration"),
    title="Reconfiguring hospital spaces for COVID-19",
    summary=(
        "Milan's approach to reconfiguring hospital spaces, which Los Angeles adopted in early 2020 and shared "
        "with other cities in the US."
    ),
    problem="Hospital capacity in the early days of the COVID-19 pandemic (2020).",
    approach="Reconfiguring hospital spaces. The source documents do not describe the reconfiguration itself.",
    policy_areas=("public_health",),
    evidence_level=EvidenceLevel.ANECDOTAL,
    source_ref=BOTH,
    visibility=Visibility.PUBLIC,
    status=PracticeStatus.PUBLISHED,
)
CFC_BAN = PracticeDraft(
    id=case_id("irvine-cfc-ban"),
    title="City-level ban on chlorofluorocarbons (CFCs)",
    summary=(
        "The first city-level CFC ban in the United States, implemented by the city of Irvine when progress in "
        "implementing the ban on CFCs under the 1987 Montreal Protocol was initially slow."
    ),
    problem=(
        "Despite the Montreal Protocol (1987) being ratified by all UN member states, progress in implementing "
        "the ban on chlorofluorocarbons (CFCs) was initially slow."
    ),
    approach="A city-level ban on CFCs, with Mayor Larry Agran at the forefront.",
    policy_areas=("pap.environment",),
    contacts=(Contact(name="Larry Agran", role="Mayor of Irvine at the time (named by the source)"),),
    evidence_level=EvidenceLevel.ANECDOTAL,
    source_ref=SEED_000,
    visibility=Visibility.PUBLIC,
    status=PracticeStatus.PUBLISHED,
)
NETWORKS = (
    (
        "c40",
        "C40",
        None,
        "The C40 network brings megacities together to share practical lessons and successful interventions "
        "on climate change.",
    ),
    (
        "strong-cities-network",
        "Strong Cities Network",
        None,
        "Focuses on addressing social inclusion and extremism (the source writes “Strong City Network”).",
    ),
    (
        "morocco-urban-migration-network",
        "Urban migration network in Morocco",
        "MA",
        "A new urban migration network in Morocco that aims to address the UN's global compact on migration and "
        "refugees (the source does not give its name).",
    ),
)


class SourceCaseLoader:
    def __init__(self, db: Database) -> None:
        self.db = db
        self.viewer = Viewer.system("proxenia demo (source documents)")
        self.practices = PracticeService(db)
        self.adoptions = AdoptionService(db)
        self.edits = RegistryEditService(db)

    def load(self) -> list[str]:
        needed = [place_id(g) for g in (SEOUL, LOS_ANGELES, MILAN, IRVINE, AUSTIN, LAHORE)]
        needed += [region_id("US-CA"), agreement_id("paris-agreement"), agreement_id("montreal-protocol")]
        with self.db.read() as conn:
            missing = set(needed) - ActorRepository(conn).existing_ids(needed)
        if missing:
            return ["Source-document cases skipped: load the reference data first (proxenia init)."]
        made: list[str] = []
        self._networks(made)
        self._practice(DRIVE_THROUGH, place_id(SEOUL), made)
        self._practice(HOSPITAL_SPACES, place_id(MILAN), made)
        self._practice(CFC_BAN, place_id(IRVINE), made)
        for practice, teacher in ((DRIVE_THROUGH, SEOUL), (HOSPITAL_SPACES, MILAN)):
            assert practice.id is not None
            self._adoption(practice.id, place_id(teacher), made)
            self._share_with_unnamed_cities(practice.id, made)
        self._once(made, "CFC ban linked to the Montreal Protocol", self._link_cfc_ban)
        self._tie(
            "austin-lahore",
            TieDraft(
                type_code="partnership",
                source_id=place_id(AUSTIN),
                target_id=place_id(LAHORE),
                rationale=(
                    "An embassy-supported partnership that fostered entrepreneurship and economic growth in both "
                    "cities (as the source states)."
                ),
                source_ref=SEED_000,
                visibility=Visibility.PUBLIC,
            ),
            made,
        )
        self._tie(
            "california-paris",
            TieDraft(
                type_code="pledge",
                source_id=region_id("US-CA"),
                target_id=agreement_id("paris-agreement"),
                rationale=(
                    "In response to the US federal withdrawal from the Paris Agreement, California Governor Jerry "
                    "Brown and other US subnational leaders took action to uphold climate commitments."
                ),
                source_ref=SEED_000,
                visibility=Visibility.PUBLIC,
            ),
            made,
        )
        return made or ["Source-document cases already present."]

    def _networks(self, made: list[str]) -> None:
        with self.db.read() as conn:
            actors = ActorRepository(conn)
            existing = actors.existing_ids(case_id(f"network-{slug}") for slug, *_ in NETWORKS)
            for slug, name, country, text in NETWORKS:
                if case_id(f"network-{slug}") in existing or actors.by_exact_name(self.viewer, fold(name), country):
                    continue
                self.edits.create_actor(
                    self.viewer,
                    ActorDraft(
                        id=case_id(f"network-{slug}"),
                        kind=ActorKind.NETWORK,
                        name=name,
                        country_code=country,
                        attributes={"description": text, "source": SEED_000},
                        visibility=Visibility.PUBLIC,
                    ),
                )
                made.append(f"Network from the source documents: {name}")

    def _practice(self, draft: PracticeDraft, originator: uuid.UUID, made: list[str]) -> None:
        assert draft.id is not None
        with self.db.read() as conn:
            if PracticeRepository(conn).existing_ids([draft.id]):
                return
        self.practices.create(self.viewer, replace(draft, originator_id=originator))
        made.append(f"Practice from the source documents: {draft.title}")

    def _adoption(self, practice_id: uuid.UUID, teacher: uuid.UUID, made: list[str]) -> None:
        adoption = case_id(f"adoption-{practice_id}-los-angeles")
        with self.db.read() as conn:
            if AdoptionRepository(conn).existing_ids([adoption]):
                return
        self.adoptions.record(
            self.viewer,
            AdoptionDraft(
                id=adoption,
                practice_id=practice_id,
                adopter_id=place_id(LOS_ANGELES),
                learned_from_id=teacher,
                date="2020",
                source_ref=SEED_002,
                visibility=Visibility.PUBLIC,
            ),
        )
        made.append("Adoption from the source documents: Los Angeles, 2020")

    def _share_with_unnamed_cities(self, practice_id: uuid.UUID, made: list[str]) -> None:
        share = case_id(f"share-{practice_id}-us-cities")
        with self.db.read() as conn:
            if ShareRepository(conn).existing_ids([share]):
                return
        self.adoptions.share(
            self.viewer,
            ShareDraft(
                id=share,
                practice_id=practice_id,
                from_actor_id=place_id(LOS_ANGELES),
                recipients=UNNAMED_US_CITIES,
                date="2020",
                note="Los Angeles shared these models with other cities in the US; the source does not name them.",
                source_ref=SEED_002,
                visibility=Visibility.PUBLIC,
            ),
        )
        made.append("Share from the source documents: Los Angeles → other US cities (unnamed)")

    def _link_cfc_ban(self) -> bool:
        assert CFC_BAN.id is not None
        detail = self.practices.detail(self.viewer, CFC_BAN.id)
        if any(link.kind == "agreement" for link in detail.links):
            return False
        self.practices.link(
            self.viewer,
            CFC_BAN.id,
            agreement_id=agreement_id("montreal-protocol"),
            note="Irvine acted when implementing the Montreal Protocol's ban on CFCs was initially slow.",
            source_ref=SEED_000,
            visibility=Visibility.PUBLIC,
        )
        return True

    def _once(self, made: list[str], label: str, action: Callable[[], bool]) -> None:
        if action():
            made.append(label)

    def _tie(self, name: str, draft: TieDraft, made: list[str]) -> None:
        tie_id = case_id(f"tie-{name}")
        with self.db.read() as conn:
            repo = TieRepository(conn)
            if repo.existing_ids([tie_id]) or repo.duplicate_of(self.viewer, draft) is not None:
                return
        self.edits.create_tie(self.viewer, replace(draft, id=tie_id))
        made.append(f"Tie from the source documents: {draft.type_code} ({name})")

"""The kinds of record the audit trail names: every repository's ``kind`` and the store's other writers'."""

from __future__ import annotations

from proxenia.store.accounts import DEPARTMENT_KIND
from proxenia.store.actors import ActorRepository
from proxenia.store.adoptions import AdoptionRepository
from proxenia.store.campaigns import CampaignRepository, ResponseRepository
from proxenia.store.engagements import FOLLOW_UP_KIND, EngagementRepository
from proxenia.store.federation_flags import CountryFlagRepository
from proxenia.store.federation_messages import MessageRepository
from proxenia.store.goals import AlignmentRepository, GoalRepository
from proxenia.store.help_requests import HelpRequestRepository, HelpResponseRepository
from proxenia.store.people import PersonRepository, PostRepository
from proxenia.store.portfolio import SETTINGS_KIND, ScenarioRepository
from proxenia.store.practice_shares import PracticeLinkRepository, ShareRepository
from proxenia.store.practices import PracticeRepository
from proxenia.store.processes import ParticipationRepository, ProcessRepository, SubmissionRepository
from proxenia.store.proposals import ProposalRepository, RiskEntryRepository
from proxenia.store.sharing import AGREEMENT_KIND, FEDERATION_KIND, MEMBERSHIP_KIND
from proxenia.store.ties import TieRepository

#: Every kind of record the trail names (its ``kind`` filter): the repositories' and the store's other
#: writers' ("user", "tenant" and "intake_rules" are written as such by store/accounts.py, tenants.py and
#: proposals.py). tests/api/test_api_consistency.py checks that every writer's kind is here.
AUDIT_KINDS: frozenset[str] = frozenset(
    {
        *(
            repo.kind
            for repo in (
                ActorRepository,
                AdoptionRepository,
                AlignmentRepository,
                CampaignRepository,
                CountryFlagRepository,
                EngagementRepository,
                GoalRepository,
                HelpRequestRepository,
                HelpResponseRepository,
                MessageRepository,
                ParticipationRepository,
                PersonRepository,
                PostRepository,
                PracticeLinkRepository,
                PracticeRepository,
                ProcessRepository,
                ProposalRepository,
                ResponseRepository,
                RiskEntryRepository,
                ScenarioRepository,
                ShareRepository,
                SubmissionRepository,
                TieRepository,
            )
        ),
        DEPARTMENT_KIND,
        FOLLOW_UP_KIND,
        SETTINGS_KIND,
        AGREEMENT_KIND,
        FEDERATION_KIND,
        MEMBERSHIP_KIND,
        "user",
        "tenant",
        "intake_rules",
    }
)

"""Every table of the store, on one MetaData that Alembic compares with the migrations."""

from proxenia.store.tables.accounts import api_tokens, departments, login_attempts, sessions, user_departments, users
from proxenia.store.tables.audit import changes, reference_loads
from proxenia.store.tables.base import metadata
from proxenia.store.tables.engagements import (
    engagement_departments,
    engagement_goals,
    engagement_occurrences,
    engagement_participants,
    engagement_relations,
    engagements,
    follow_ups,
)
from proxenia.store.tables.goals import alignments, goals
from proxenia.store.tables.intake import intake_rules, proposals, risk_entries
from proxenia.store.tables.portfolio import portfolio_settings, scenarios
from proxenia.store.tables.practices import (
    adoption_followups,
    adoptions,
    help_requests,
    help_responses,
    policy_areas,
    practice_areas,
    practice_embeddings,
    practice_links,
    practice_search,
    practice_shares,
    practices,
    transfer_steps,
)
from proxenia.store.tables.registry import (
    actor_names,
    actor_redirects,
    actors,
    identifiers,
    people,
    posts,
    tie_types,
    ties,
)
from proxenia.store.tables.tenancy import federation_members, federations, sharing_agreements, tenants

__all__ = [
    "actor_names",
    "actor_redirects",
    "actors",
    "adoption_followups",
    "adoptions",
    "alignments",
    "api_tokens",
    "changes",
    "departments",
    "engagement_departments",
    "engagement_goals",
    "engagement_occurrences",
    "engagement_participants",
    "engagement_relations",
    "engagements",
    "federation_members",
    "federations",
    "follow_ups",
    "goals",
    "help_requests",
    "help_responses",
    "identifiers",
    "intake_rules",
    "login_attempts",
    "metadata",
    "people",
    "policy_areas",
    "portfolio_settings",
    "posts",
    "practice_areas",
    "practice_embeddings",
    "practice_links",
    "practice_search",
    "practice_shares",
    "practices",
    "proposals",
    "reference_loads",
    "risk_entries",
    "scenarios",
    "sessions",
    "sharing_agreements",
    "tenants",
    "tie_types",
    "ties",
    "transfer_steps",
    "user_departments",
    "users",
]

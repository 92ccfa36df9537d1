"""A campaign's answers as tables: the questionnaire, one row per submitted response, and one row per
listed record. The same tables serve the CSV download, the Data Package and the command line."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from proxenia.domain.campaign_aggregates import answer_text
from proxenia.domain.campaigns import Campaign, QuestionKind
from proxenia.domain.viewer import Viewer
from proxenia.interop.campaign_package import datapackage
from proxenia.services.campaigns import CampaignService

Table = tuple[list[str], list[list[Any]]]


@dataclass(frozen=True)
class CampaignExport:
    campaign: Campaign
    name: str
    tables: dict[str, Table]
    descriptor: dict[str, Any]


def export_name(campaign: Campaign) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", campaign.title.lower()).strip("-")[:60] or "campaign"
    return f"campaign-{slug}"


def campaign_export(campaigns: CampaignService, viewer: Viewer, campaign_id: Any) -> CampaignExport:
    """The submitted answers the viewer may read, as tables and a Data Package descriptor."""
    campaign = campaigns.get(viewer, campaign_id)
    reviewed = campaigns.review(viewer, campaign_id)
    questions = campaign.questions
    tables: dict[str, Table] = {
        "questions": (
            ["key", "kind", "label", "required", "min_value", "max_value", "choices", "source"],
            [[q.key, q.kind.value, q.label, "true" if q.required else "false", q.min_value, q.max_value,
              "|".join(q.choices), q.source or ""] for q in questions],
        ),
        "responses": (
            ["member", "submitted_at", "sharing", "problems", *[q.key for q in questions]],
            [[r.member_name, r.response.submitted_at.isoformat() if r.response.submitted_at else "",
              r.response.visibility.value, "; ".join(p.message for p in r.problems),
              *[answer_text(q, r.response.answers.get(q.key)) if q.kind is not QuestionKind.NUMBER
                else r.response.answers.get(q.key) for q in questions]] for r in reviewed],
        ),
        "records": (
            ["member", "question", "name", "actor_id", "country_code", "since", "tie_id", "newly_reported"],
            [[r.member_name, q.key, i.name, i.actor_id or "", i.country_code or "", i.since or "", i.tie_id or "",
              "true" if i.is_new else "false"]
             for r in reviewed for q in questions if q.kind is QuestionKind.RECORDS for i in r.response.items(q.key)],
        ),
    }
    types = {
        "responses": {q.key: "number" for q in questions if q.kind is QuestionKind.NUMBER}
        | {q.key: "date" for q in questions if q.kind is QuestionKind.DATE} | {"submitted_at": "datetime"},
        "questions": {"required": "boolean", "min_value": "number", "max_value": "number"},
        "records": {"newly_reported": "boolean"},
    }
    name = export_name(campaign)
    descriptor = datapackage(name, campaign.title, tables, types)
    return CampaignExport(campaign, name, tables, descriptor)

"""The federation's demo step on the small real registry, on both engines: real US city tenants in the
office's federation, a campaign sent to them, a flagged country; run twice, it changes nothing; the
office's dashboard leaves out what Los Angeles kept private."""

from __future__ import annotations

from proxenia.domain.progress import SilentProgress
from proxenia.services.acting import operator_as
from proxenia.services.container import Services
from proxenia.services.federation_demo import FED, OFFICE, federation_demo_step
from tests.factories import build_small_registry


def test_the_demo_step_is_real_idempotent_and_keeps_private_records_private(services: Services) -> None:
    build_small_registry(services)
    for step in services.demo.steps[:3]:  # organisations, accounts, sharing
        step(services, SilentProgress())
    lines = federation_demo_step(services, SilentProgress())
    assert any("campaign sent" in line for line in lines)
    assert federation_demo_step(services, SilentProgress()) == ["Federation demo already present."]
    office = operator_as(services.db, OFFICE)
    members = {m.slug: m for m in services.federations.detail(office, FED).active}
    assert {m.actor_name for m in members.values()} == {"Los Angeles", "Austin", "Irvine"}
    (campaign,) = services.campaigns.campaigns(office, FED)
    assert len(services.campaigns.tracking(office, campaign.id).recipients) == 3
    board = services.federation_dashboard.dashboard(office, FED)
    cn = next(c for c in board.channels if c.country_code == "CN")
    assert cn.flagged and "Demo setting" in cn.flag_note and board.channels[0] is cn
    # LA's shared Guangzhou exchange counts; its private preparation does not
    assert next(c for c in board.countries if c.country_code == "CN").engagements == 1
    assert {a.label.split(" ")[0]: a.engagements for a in board.alignment} == {"NP-1": 1, "NP-2": 0, "NP-3": 1}
    la = operator_as(services.db, "los-angeles")
    seen = services.missions.for_actor(la, members["los-angeles"].actor_id)  # type: ignore[arg-type]
    assert all(m.illustrative for m in seen.serving)
    assert [m.kind.value for m in services.campaign_responses.inbox(la).messages] == ["routing"]

"""The chain of ties between two actors in pages, on SQLite and PostgreSQL: the page lists the chain step by
step and carries its graph, whose elements are the chain's actors in order and the ties between them."""

from __future__ import annotations

from fastapi.testclient import TestClient

from proxenia.services.container import Services
from tests.factories import ATHENS, LOS_ANGELES, SEOUL, build_small_registry


def test_the_chain_as_a_list_and_as_a_graph(client: TestClient, services: Services) -> None:
    reg = build_small_registry(services)
    la, seoul = reg.city(LOS_ANGELES), reg.city(SEOUL)
    page = client.get("/paths", params={"from": str(la), "to": str(seoul)})
    assert page.status_code == 200
    assert "2 ties apart" in page.text
    assert f'data-elements="/paths/graph.json?from={la}&amp;to={seoul}"' in page.text
    assert "cytoscape" in page.text
    graph = client.get("/paths/graph.json", params={"from": str(la), "to": str(seoul)}).json()
    assert [n["label"] for n in graph["nodes"]] == ["Los Angeles", "Athens", "Seoul"]
    assert [n["root"] for n in graph["nodes"]] == [True, False, False]
    assert [(e["source"], e["target"], e["type"]) for e in graph["edges"]] == [
        (str(la), str(reg.city(ATHENS)), "sister_city"), (str(reg.city(ATHENS)), str(seoul), "sister_city")]
    assert client.get("/paths/graph.json", params={"from": "Nowhere at all", "to": str(seoul)}).status_code == 404
    assert client.get("/paths/graph.json").status_code == 422
    assert "cytoscape" not in client.get("/paths").text  # no chain asked: no graph

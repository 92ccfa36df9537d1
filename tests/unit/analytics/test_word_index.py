"""The in-memory word index: BM25 as written in the textbook, stemming, ties, replacing and removing."""

from __future__ import annotations

import math
import random
import uuid

import pytest

from proxenia.analytics.word_index import K1, B, WordIndex, WordStemmer
from proxenia.store.fulltext import STOP_WORDS, all_words

WORDS = [
    "flood",
    "barrier",
    "river",
    "heat",
    "testing",
    "tested",
    "clinic",
    "drive",
    "through",
    "park",
    "tree",
    "water",
]


def _ids(n: int) -> list[uuid.UUID]:
    rng = random.Random(n)
    return [uuid.UUID(int=rng.getrandbits(128)) for _ in range(n)]


def _bm25(documents: dict[uuid.UUID, str], query: str) -> dict[uuid.UUID, float]:
    """Okapi BM25 with Lucene's idf, one document and one word at a time (the reference)."""
    stem = WordStemmer().stems
    bags = {i: stem([w for w in all_words(t) if w not in STOP_WORDS]) for i, t in documents.items()}
    mean = sum(map(len, bags.values())) / len(bags)
    terms = dict.fromkeys(stem([w for w in all_words(query) if w not in STOP_WORDS]))
    out = {}
    for i, bag in bags.items():
        score = 0.0
        for term in terms:
            tf = bag.count(term)
            if not tf:
                continue
            df = sum(term in b for b in bags.values())
            idf = math.log(1 + (len(bags) - df + 0.5) / (df + 0.5))
            score += idf * tf * (K1 + 1) / (tf + K1 * (1 - B + B * len(bag) / mean))
        if score:
            out[i] = score
    return out


def test_scores_are_okapi_bm25_and_the_best_come_first_ties_by_id() -> None:
    rng = random.Random(7)
    ids = _ids(300)
    documents = {i: " ".join(rng.choice(WORDS) for _ in range(rng.randint(3, 30))) for i in ids}
    documents[ids[0]] = documents[ids[1]] = "flood barrier on the river"  # a tie
    index = WordIndex()
    index.replace(documents)
    for query in ("flood barrier", "river tests", "drive-through testing", "The Heat!"):
        expected = _bm25(documents, query)
        found = index.best(query, 1000)
        assert {i: pytest.approx(s) for i, s in expected.items()} == dict(found)
        keys = [(-round(s, 9), str(i)) for i, s in found]
        assert keys == sorted(keys)  # best first, ties by id
        top = index.best(query, 7)
        assert [i for i, _ in top] == [i for i, _ in found[:7]]
        assert index.matches(query) == len(expected)


def test_words_are_stemmed_folded_and_common_words_do_not_count() -> None:
    a, b, c = _ids(3)
    index = WordIndex()
    index.replace({a: "Drive-through TESTING for everyone", b: "Tested at the clinic", c: "the and of"})
    assert {i for i, _ in index.best("test", 10)} == {a, b}
    assert [i for i, _ in index.best("clínic", 10)] == [b]  # accents folded as the store's search folds them
    assert index.best("the and", 10) == []
    assert index.best("", 10) == []


def test_replacing_and_removing_documents_changes_the_statistics() -> None:
    a, b, c = _ids(3)
    index = WordIndex()
    index.replace({a: "flood barrier", b: "heat plan", c: "tree planting"})
    assert [i for i, _ in index.best("flood", 5)] == [a]
    index.replace({a: "heat wave", c: "flood defences"})
    assert [i for i, _ in index.best("flood", 5)] == [c]
    assert {i for i, _ in index.best("heat", 5)} == {a, b}
    index.remove([b, uuid.uuid4()])
    assert len(index) == 2 and b not in index
    assert [i for i, _ in index.best("heat", 5)] == [a]
    documents = {a: "heat wave", c: "flood defences"}
    assert dict(index.best("heat flood", 5)) == pytest.approx(_bm25(documents, "heat flood"))


def test_every_word_keeps_only_documents_having_all_of_the_query() -> None:
    a, b, c = _ids(3)
    index = WordIndex()
    documents = {a: "flood barrier on the river", b: "flood plain", c: "river barrier and flood walls"}
    index.replace(documents)
    both = index.best("flood barrier", 10, every_word=True)
    assert {i for i, _ in both} == {a, c}
    assert dict(both) == pytest.approx({i: s for i, s in _bm25(documents, "flood barrier").items() if i in {a, c}})
    assert index.best("flood volcano", 10, every_word=True) == []  # a word no document has
    assert index.matches("flood barrier", every_word=True) == 2
    assert [tuple(k) for k in index.best_keys("flood barrier", 10, every_word=True)] == [
        divmod(i.int, 1 << 64) for i, _ in both
    ]


@pytest.mark.parametrize("merge_fraction", [0.0, 0.2, 10.0])
def test_replacing_and_removing_scores_as_an_index_built_afresh_at_every_step(merge_fraction: float) -> None:
    rng = random.Random(11)
    pool = _ids(60)
    vocabulary = [*WORDS, "volcano", "shade", "cooling", "centres", "the", "and"]
    stemmer = WordStemmer()
    index = WordIndex(stemmer, merge_fraction=merge_fraction)
    held: dict[uuid.UUID, str] = {}
    queries = ("flood barrier", "river tests", "heat shade cooling", "volcano", "the tree", "drive-through testing")

    def text() -> str:
        return " ".join(rng.choice(vocabulary) for _ in range(rng.randint(0, 25)))

    for step in range(120):
        action = rng.random()
        if action < 0.55 or not held:
            batch = {i: text() for i in rng.sample(pool, rng.randint(1, 4))}
            index.replace(batch)
            held.update(batch)
        else:
            gone = [*rng.sample(sorted(held), min(len(held), rng.randint(1, 3))), uuid.uuid4()]
            index.remove(gone)
            for i in gone:
                held.pop(i, None)
        fresh = WordIndex(stemmer)
        fresh.replace(held)
        assert len(index) == len(held) and all(i in index for i in held)
        for query in queries:
            every = step % 2 == 0
            assert index.best(query, 1000, every_word=every) == fresh.best(query, 1000, every_word=every)
            assert index.best(query, 3) == fresh.best(query, 3)
            assert index.matches(query, every_word=every) == fresh.matches(query, every_word=every)
            assert (index.best_keys(query, 5) == fresh.best_keys(query, 5)).all()
        if step % 20 == 19:
            expected = _bm25(held, "flood heat volcano") if held else {}
            assert dict(index.best("flood heat volcano", 1000)) == pytest.approx(expected)


def test_a_small_change_is_indexed_apart_then_merged_past_the_fraction() -> None:
    rng = random.Random(3)
    ids = _ids(200)
    documents = {i: " ".join(rng.choice(WORDS) for _ in range(rng.randint(3, 30))) for i in ids}
    index = WordIndex(merge_fraction=0.05)
    index.replace(documents)
    index.prepare()
    main = index._main
    for n, i in enumerate(ids[:10]):  # 10 changes: within 5% of 200
        index.replace({i: "volcano eruption"} if n % 2 else {i: documents[i] + " volcano"})
        assert {j for j, _ in index.best("volcano", 20)} == set(ids[: n + 1])
        assert index._main is main  # the main segment is kept; the delta holds the change
    index.remove(ids[10:12])  # 12 changes: past 5%
    index.prepare()
    assert index._main is not main and not index._fresh
    assert len(index) == 198 and ids[10] not in index

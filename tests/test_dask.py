"""Distributed extraction: a Dask bag on a LocalCluster of two worker processes gives the
reports of sequential ``extract`` (the recipe of docs/distributed.md)."""

from __future__ import annotations

from collections.abc import Iterable

import pytest

import futureind
from tests.test_memory import corpus

pytestmark = pytest.mark.slow

db = pytest.importorskip("dask.bag")
distributed = pytest.importorskip("distributed")


def extract_partition(texts: Iterable[str]) -> list[futureind.Report]:
    """One Dask partition: extract_many streams it in the worker process."""
    return list(futureind.extract_many(texts, published="2024-06-18"))


def test_a_dask_bag_on_two_worker_processes_equals_sequential_extract() -> None:
    texts = list(corpus(100))
    expected = [futureind.extract(t, published="2024-06-18") for t in texts]
    with (
        distributed.LocalCluster(
            n_workers=2,
            processes=True,
            threads_per_worker=1,
            dashboard_address=None,
        ) as cluster,
        distributed.Client(cluster) as client,
    ):
        assert len(client.scheduler_info()["workers"]) == 2
        bag = db.from_sequence(texts, npartitions=8)
        by_partition = bag.map_partitions(extract_partition).compute()
        by_item = bag.map(futureind.extract, published="2024-06-18").compute()
    assert by_partition == expected
    assert by_item == expected
    assert [r.text for r in by_partition] == texts

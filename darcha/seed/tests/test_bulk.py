"""The plan of a bulk load: exact counts, numbers in order without overlap, keys reserved once."""

from __future__ import annotations

import random
import uuid

from hypothesis import given
from hypothesis import strategies as st

from darcha.seed.bulk import slot_counts, uuid7_hex


@given(
    weights=st.lists(st.floats(min_value=0.0, max_value=1000.0), min_size=1, max_size=60),
    count=st.integers(min_value=0, max_value=100_000),
    seed=st.integers(),
)
def test_the_slots_share_exactly_the_count_asked_for(weights: list[float], count: int, seed: int) -> None:
    counts = slot_counts(weights, count, random.Random(seed))
    assert len(counts) == len(weights)
    assert all(c >= 0 for c in counts)
    if sum(weights) > 0:
        assert sum(counts) == count
        # A slot without weight (a closed day) gets nothing.
        assert all(c == 0 for c, w in zip(counts, weights, strict=True) if w == 0)


@given(epoch=st.integers(min_value=0, max_value=2**37), seed=st.integers())
def test_uuid7_keys_are_version_7_and_ordered_by_their_moment(epoch: int, seed: int) -> None:
    rng = random.Random(seed)
    first, later = uuid.UUID(uuid7_hex(epoch, rng)), uuid.UUID(uuid7_hex(epoch + 1, rng))
    assert first.version == 7 and first.variant == uuid.RFC_4122
    assert (first.int >> 80) // 1000 == epoch
    assert first.hex < later.hex

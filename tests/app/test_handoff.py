"""The server-side handoff to a new sponsor tab: bounded, expiring, unguessable (ui.handoff)."""

from __future__ import annotations

from audit.config import AuditConfig
from audit.model import AuditOverrides
from ui.data import Upload
from ui.handoff import Handed, Handoffs
from ui.state import Source


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def handed(n: int) -> Handed:
    return Handed(Source(Upload(f"book{n}.xlsx", f"bytes {n}".encode()), is_sample=False),
                  (), AuditOverrides(), AuditConfig())


def test_the_same_content_gets_one_token_and_different_content_another():
    kept = Handoffs()
    first = kept.offer(handed(1))
    assert kept.offer(handed(1)) == first
    assert kept.offer(handed(2)) != first
    assert len(first) >= 22  # 128 random bits, URL-safe
    assert kept.take(first) == handed(1)
    assert kept.take("not a token") is None


def test_no_more_than_the_bound_is_kept_the_oldest_going_first():
    kept = Handoffs(max_entries=3)
    tokens = [kept.offer(handed(n)) for n in range(5)]
    assert len(kept) == 3
    assert kept.take(tokens[0]) is None and kept.take(tokens[1]) is None
    assert kept.take(tokens[4]) == handed(4)
    # offered again, an old one becomes the newest and keeps its place
    again = kept.offer(handed(2))
    assert again == tokens[2]
    kept.offer(handed(9))
    assert kept.take(tokens[3]) is None and kept.take(again) == handed(2)


def test_a_copy_expires_a_lifetime_after_it_was_last_offered():
    clock = Clock()
    kept = Handoffs(lifetime=60, clock=clock)
    token = kept.offer(handed(1))
    clock.now = 50
    assert kept.offer(handed(1)) == token  # offered again: another lifetime from now
    clock.now = 100
    assert kept.take(token) == handed(1)
    clock.now = 111
    assert kept.take(token) is None and len(kept) == 0
    assert kept.offer(handed(1)) != token  # a new link, not the expired one


def test_the_copies_kept_hold_no_more_than_the_bound_in_bytes():
    kept = Handoffs(max_bytes=20)  # each workbook here is 7 bytes
    tokens = [kept.offer(handed(n)) for n in range(4)]
    assert len(kept) == 2
    assert kept.take(tokens[1]) is None and kept.take(tokens[3]) == handed(3)

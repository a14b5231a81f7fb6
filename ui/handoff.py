"""Handing what a tab audits to a new tab: the sponsor view opened beside the editing tab.

Session state belongs to one browser tab, so a new tab starts empty. To open the sponsor
view in a new tab on what this tab audits (an upload, the mandate and links as edited, the
thresholds), the editing tab leaves a copy here under a random token and links to
`?view=sponsor&from=<token>`; the new tab copies it into its own session. The editing tab
keeps everything it had: it never leaves its page.

The copies live in this server's memory, shared by every session, so they are bounded:
at most `MAX_ENTRIES` holding at most `MAX_BYTES` of workbooks (the oldest goes first),
and each for `LIFETIME` after it was last offered. A token is 128 random bits, so a link cannot be guessed; it shows only what the
person who made it was auditing. A copy is never changed after it is left: a tab that
received one works on its own session state.

Session-state key of this module: "handoff_received", the token this tab copied from
(so that a later run does not copy it again over what the tab changed).
"""

from __future__ import annotations

import secrets
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass

import streamlit as st

from audit.config import AuditConfig
from audit.model import AuditOverrides
from ui import state

QUERY = "from"
RECEIVED = "handoff_received"
MAX_ENTRIES = 32
MAX_BYTES = 256 * 1024 * 1024  # of workbooks, over every copy kept
LIFETIME = 60 * 60.0  # seconds


@dataclass(frozen=True)
class Handed:
    """What a tab audits, as handed to another tab."""

    source: state.Source
    column_overrides: tuple[tuple[str, str], ...]
    overrides: AuditOverrides
    config: AuditConfig

    @property
    def size(self) -> int:
        """The workbooks' bytes this copy holds."""
        mandate = self.source.mandate
        return len(self.source.workbook.data) + (len(mandate.data) if mandate else 0)

    @property
    def key(self) -> str:
        """Names exactly this content: offering the same twice reuses one token."""
        return (f"{self.source.key}:{self.source.workbook.name}:{self.source.is_sample}:"
                f"{self.column_overrides!r}:{self.overrides!r}:{self.config!r}")


class Handoffs:
    """A bounded, expiring map from random tokens to what a tab audits (thread-safe)."""

    def __init__(self, max_entries: int = MAX_ENTRIES, lifetime: float = LIFETIME,
                 clock=time.monotonic, max_bytes: int = MAX_BYTES) -> None:
        self._entries: OrderedDict[str, tuple[float, Handed]] = OrderedDict()
        self._tokens: dict[str, str] = {}  # Handed.key -> token
        self._lock = threading.Lock()
        self._max = max_entries
        self._max_bytes = max_bytes
        self._lifetime = lifetime
        self._clock = clock

    def offer(self, handed: Handed) -> str:
        """Keep `handed` (again) for a lifetime from now; its token."""
        with self._lock:
            self._expire()
            token = self._tokens.get(handed.key)
            if token is None:
                token = secrets.token_urlsafe(16)
                self._tokens[handed.key] = token
            self._entries[token] = (self._clock(), handed)
            self._entries.move_to_end(token)
            while len(self._entries) > 1 and (  # the newest is always kept
                    len(self._entries) > self._max
                    or sum(h.size for _w, h in self._entries.values()) > self._max_bytes):
                _token, (_when, oldest) = self._entries.popitem(last=False)
                self._tokens.pop(oldest.key, None)
            return token

    def take(self, token: str) -> Handed | None:
        """What was handed under this token, or None when it is unknown or expired."""
        with self._lock:
            self._expire()
            found = self._entries.get(token)
            return found[1] if found else None

    def __len__(self) -> int:
        with self._lock:
            return len(self._entries)

    def _expire(self) -> None:
        now = self._clock()
        while self._entries:
            token, (when, handed) = next(iter(self._entries.items()))
            if now - when < self._lifetime:
                break
            del self._entries[token]
            self._tokens.pop(handed.key, None)


HANDOFFS = Handoffs()


def offer_current() -> str:
    """Leave what this tab audits now for another tab; the token naming it."""
    return HANDOFFS.offer(Handed(state.source(),
                                 tuple(sorted(state.column_overrides().items())),
                                 state.overrides(), state.config()))


def receive() -> str | None:
    """Copy into this tab what the address's `?from=` names; a problem to show, or None.

    Copied once per token: a later run keeps whatever this tab has since.
    """
    token = st.query_params.get(QUERY)
    if not token or st.session_state.get(RECEIVED) == token:
        return None
    handed = HANDOFFS.take(token)
    if handed is None:
        st.query_params.pop(QUERY, None)
        return ("This link to the sponsor view has expired (they last an hour, on the server "
                "that made them). Open the sponsor view again from the page you were "
                "editing. Shown below: the sample catalogue.")
    state.set_source(handed.source)
    state.set_column_overrides(dict(handed.column_overrides))
    state.set_overrides(handed.overrides)
    state.set_config(handed.config)
    st.session_state[RECEIVED] = token
    return None

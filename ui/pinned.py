"""Table editors whose input stays put while they are on screen, for every page.

`st.data_editor` loses edits when its input changes while it is on screen (feeding its
output back in loses edits, streamlit issue 7749), yet Streamlit forgets an editor's edits
when the person visits another page. So an editor is opened on the data of that moment
and keeps that input while its widget is alive; an editor under a new key (another
workbook, page of rows or filter, a reset) opens on the data read afresh.

A page keeps its pins under one session-state key of its own, {slot: `Pin`}, through a
`Pins`; the page's docstring names the key.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

import streamlit as st

T = TypeVar("T")


@dataclass(frozen=True)
class Pin:
    """What an editor was opened with: what it was read for, the widget keeping it, the value."""

    made_for: str
    editor: str | None
    value: Any


class Pins:
    """The pins of one page, kept in session state under `key`."""

    def __init__(self, key: str) -> None:
        self.key = key

    def get(self, slot: str) -> Pin | None:
        """The pin in this slot, alive or not."""
        return st.session_state.get(self.key, {}).get(slot)

    def opened(self, slot: str, made_for: str, read: Callable[[], T], *,
               editor: str | None) -> T:
        """What `slot` was pinned with for `made_for`, while its editor is still on screen;
        else `read()`, pinned now and kept while the widget `editor` is on screen (None: not
        kept until `hold` names the editor showing it)."""
        pin = self.get(slot)
        if pin is not None and pin.made_for == made_for and pin.editor is not None \
                and pin.editor in st.session_state:
            return pin.value
        value = read()
        st.session_state.setdefault(self.key, {})[slot] = Pin(made_for, editor, value)
        return value

    def hold(self, slot: str, editor: str) -> None:
        """Keep `slot` pinned while the widget `editor` (now showing it) is on screen."""
        pin = self.get(slot)
        if pin is not None and pin.editor != editor:
            st.session_state[self.key][slot] = Pin(pin.made_for, editor, pin.value)

    def clear(self) -> None:
        """Open every editor of the page afresh on its next draw."""
        st.session_state.pop(self.key, None)

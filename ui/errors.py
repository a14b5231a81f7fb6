"""Every error the auditor raises, shown one way: the same icon, the text shown as written.

The packages raise errors from one root (`catalogue.errors.PmoAuditorError`), each with a
`code` and a message a PMO manager can act on. The pages translate nothing themselves:
they call `show_error` with the error (or with a message kept from one, or a `Problem`
kept until it is shown), and say in a headline what could not be done. Messages name
files, sheets and values people supplied, so they are escaped (`ui.literal`).
"""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from catalogue.errors import PmoAuditorError
from ui.literal import md_escape

ICON = ":material/error:"


@dataclass(frozen=True)
class Problem:
    """Something that could not be done, kept until the page shows it: what, and why."""

    headline: str
    message: str


def message_of(error: BaseException | str) -> str:
    """The words of an error: ours say what to do; another library's are shown as they are."""
    if isinstance(error, PmoAuditorError):
        return error.message
    return str(error)


def show_error(error: BaseException | Problem | str, headline: str = "",
               advice: str = "") -> None:
    """Show why something could not be done: the headline in bold, the message, the advice.

    `headline` and the message are escaped; `advice` is the app's own Markdown.
    """
    if isinstance(error, Problem):
        headline, error = headline or error.headline, error.message
    text = md_escape(message_of(error))
    if headline:
        text = f"**{md_escape(headline)}** {text}"
    if advice:
        text += f"  \n{advice}"
    st.error(text, icon=ICON)

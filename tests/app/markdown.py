"""Reading Streamlit elements as a person sees them: Markdown escapes and joiners removed."""

from __future__ import annotations

import re

from ui.literal import JOINER


def shown(markdown: str) -> str:
    """The text a reader sees of escaped Markdown: no backslash escapes, no invisible joiners."""
    return re.sub(r"\\(.)", r"\1", markdown).replace(JOINER, "")

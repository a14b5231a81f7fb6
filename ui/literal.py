"""Text people supplied, shown as itself: never Markdown, HTML, a link or an image.

Streamlit renders Markdown in titles, headers, captions, `st.markdown`, alerts, toasts,
widget and expander labels, tab labels, `help` tooltips and metric labels. A workbook,
an uploaded file's name, a sheet name, a snapshot name or a participant's name or value
that reaches one of those could otherwise load an outside image, show a link to another
site, colour itself red or replace the page with a fake alert. So every such text goes
through `md_escape()` on its way into one of those calls; where Markdown is not wanted at all,
`st.text` and `st.code` show text literally, and selectbox options and `st.dataframe`
cells are plain text already (escaping them would show the backslashes).

What `md_escape()` does to the text:

- every Markdown or HTML special character is backslash-escaped (emphasis, links,
  images, headings, lists, tables, code, strikethrough, HTML tags and `&` entities, `$`
  LaTeX, `:colour[...]` and `:material/...:` directives);
- whitespace (newlines, tabs, runs of spaces) becomes one space, so no line of the text
  can start a heading, a list, a quote or an indented code block;
- an invisible word joiner (U+2060) goes after a colon that is followed by text (not
  in a time such as 10:42), after `www` before its dot and after an `@`. Streamlit's Markdown turns bare addresses
  (`http://...`, `www....`, `name@host.org`) into live links even from escaped text, and
  `:smile:` shortcodes into emoji; the joiner breaks those patterns and shows nothing.

Nothing here may pass `unsafe_allow_html` (tests/app/test_literal.py greps for it).
"""

from __future__ import annotations

import re

JOINER = "\u2060"  # WORD JOINER: invisible, and no line may break at it

_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>$~:=&])")
# a colon before text, except between digits ("10:42"), which no pattern above uses
_COLON_BEFORE_TEXT = re.compile(r"(?<!\d):(?=\S)|:(?=[^\s\d])")
_WWW_DOT = re.compile(r"(www)(?=\.)", re.IGNORECASE)


def md_escape(text: object) -> str:
    """Any text made safe to put inside a Markdown-rendering Streamlit call, shown as itself."""
    flat = " ".join(str(text).split())
    flat = _COLON_BEFORE_TEXT.sub(":" + JOINER, flat)
    flat = _WWW_DOT.sub(r"\1" + JOINER, flat)
    flat = flat.replace("@", "@" + JOINER)
    return _SPECIAL.sub(r"\\\1", flat)

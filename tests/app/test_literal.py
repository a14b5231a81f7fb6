"""Text people supplied is shown as itself: `ui.literal.md_escape`, and no raw HTML anywhere."""

from __future__ import annotations

import ast
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from tests.app.markdown import shown
from ui.literal import JOINER, md_escape

ROOT = Path(__file__).resolve().parents[2]
SPECIAL = "\\`*_{}[]()#+-.!|<>$~:=&"
HOSTILE = ('**bold** ![x](http://evil.example/x.png) [Sign in again](https://evil.example/) '
           ':red[alarm] :material/warning: :smile: <img src="http://evil.example/i.png"> '
           '&amp; $x^2$ ~~gone~~ `code` # heading\n- item\n    indented www.evil.example '
           'me@evil.example')


def unescaped_specials(escaped: str) -> list[str]:
    """Markdown characters in the escaped text that have no backslash before them."""
    found, i = [], 0
    while i < len(escaped):
        if escaped[i] == "\\":
            i += 2
            continue
        if escaped[i] in SPECIAL:
            found.append(escaped[i])
        i += 1
    return found


def test_every_markdown_and_html_character_is_escaped_and_the_text_reads_the_same():
    escaped = md_escape(HOSTILE)
    assert unescaped_specials(escaped) == []
    assert shown(escaped) == " ".join(HOSTILE.split())


def test_bare_addresses_and_shortcodes_are_broken_so_nothing_becomes_a_link_or_emoji():
    escaped = md_escape("see http://evil.example/a, www.evil.example or me@evil.example :smile:")
    assert "http" + JOINER not in escaped  # the joiner sits after the colon, not inside words
    assert f"http\\:{JOINER}//" in escaped
    assert f"www{JOINER}\\.evil" in escaped
    assert f"@{JOINER}evil" in escaped
    assert f"\\:{JOINER}smile" in escaped
    assert JOINER not in md_escape("Mandate: serve, saved at 10:42:05"), "nothing to break"


def test_no_line_of_user_text_can_start_a_heading_list_or_code_block():
    escaped = md_escape("first\n# heading\n- item\n\n    code")
    assert "\n" not in escaped and "  " not in escaped


@given(st.text(alphabet=st.characters(exclude_characters=JOINER)))
def test_any_text_is_fully_escaped_and_shown_as_written(text):
    escaped = md_escape(text)
    assert unescaped_specials(escaped) == []
    assert shown(escaped) == " ".join(text.split())


def _python_files() -> list[Path]:
    files = [ROOT / "app.py", *(ROOT / "ui").glob("*.py"), *(ROOT / "app_pages").glob("*.py")]
    files += [p for package in ("audit", "catalogue", "reports", "workshop")
              for p in (ROOT / package).rglob("*.py")]
    return files


def test_no_code_lets_streamlit_render_raw_html():
    offenders = []
    for path in _python_files():
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if isinstance(node, ast.Call):
                if any(k.arg == "unsafe_allow_html" for k in node.keywords):
                    offenders.append(f"{path.name}:{node.lineno} unsafe_allow_html")
                func = node.func
                if isinstance(func, ast.Attribute) and func.attr == "html" \
                        and isinstance(func.value, ast.Name) and func.value.id in ("st",
                                                                                  "components"):
                    offenders.append(f"{path.name}:{node.lineno} {func.value.id}.html")
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith(
                    "streamlit.components"):
                offenders.append(f"{path.name}:{node.lineno} streamlit.components")
    assert len(_python_files()) > 20
    assert offenders == []

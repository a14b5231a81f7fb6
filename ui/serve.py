"""Start the app's server with the first page's heavy work done before anyone asks for it.

    python -m ui.serve [streamlit options]      # what ./run-app runs

is `streamlit run app.py [streamlit options]` plus, on a headless server, a warm-up
thread. Streamlit runs none of the app's code until a browser connects, so the first
visitor would wait while the audit's libraries load (SciPy, plotly: about half a second)
and the sample is read and audited. The warm-up does that work as soon as the server is
up, into the caches every session shares (`ui.data`, the overview's chart), so that a
hosted server's first visitor finds it done.

Only headless (`server.headless`, which Streamlit also assumes on a Linux machine with no
display): otherwise Streamlit opens a browser on the app at once, and on a laptop's few
cores the warm-up would only compete with that browser loading the page. A failure in
the warm-up is logged and changes nothing else: the first visitor then does the work.
"""

from __future__ import annotations

import logging
import sys
import threading
import time
from pathlib import Path

APP = Path(__file__).resolve().parent.parent / "app.py"
_LOG = logging.getLogger(__name__)
# Streamlit warns about every cache call made outside a page's run: expected here.
_QUIET = ("streamlit.runtime.scriptrunner_utils.script_run_context",
          "streamlit.runtime.caching.cache_data_api",
          "streamlit.runtime.state.session_state_proxy")


def warm_up(wait_seconds: float = 60.0) -> bool:
    """Load the libraries and audit the default sample into the shared caches, once the
    server's runtime exists (the caches live in it), if the server is headless. True when
    done."""
    from streamlit import config
    from streamlit.runtime import Runtime

    deadline = time.monotonic() + wait_seconds
    while not Runtime.exists():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.02)
    if not config.get_option("server.headless"):
        return False  # a browser is opening the app right now: leave it the cores
    levels = {name: logging.getLogger(name).level for name in _QUIET}
    for name in _QUIET:
        logging.getLogger(name).setLevel(logging.ERROR)
    try:
        from ui import overview_page

        overview_page.warm_sample()
        return True
    except Exception:  # never let the warm-up stop or change the server
        _LOG.warning("The warm-up failed; the first visitor does its work instead.",
                     exc_info=True)
        return False
    finally:
        for name, level in levels.items():
            logging.getLogger(name).setLevel(level)


def main(argv: list[str] | None = None) -> None:
    """`streamlit run app.py` with these options, and the warm-up beside it."""
    threading.Thread(target=warm_up, name="pmo-auditor-warm-up", daemon=True).start()
    from streamlit.web import cli

    cli.main(["run", str(APP), *(sys.argv[1:] if argv is None else argv)],
             prog_name="streamlit")


if __name__ == "__main__":
    main()

"""`python -m catalogue`: see catalogue/cli.py."""

import sys

from catalogue.cli import main

sys.exit(main())

"""`python -m workshop`: see workshop/cli.py."""

import sys

from workshop.cli import main

sys.exit(main())

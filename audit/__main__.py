"""`python -m audit CATALOGUE.xlsx`: see audit/cli.py."""

from .cli import main

raise SystemExit(main())

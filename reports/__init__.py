"""What the audit's result becomes for people and machines: charts, the Excel audit report,
the sponsors' one-page summary (HTML and PDF), and the command line's JSON.

Each module takes an `audit.AuditResult` and never changes it; the engine in `audit/`
never imports these (tests/test_layers.py checks it), so the analysis stays free of
plotly, xlsxwriter and kaleido.

- `charts`: the sponsor charts (plotly), their "how to read this" lines, and the chart
  of what changed between two audits.
- `excel`: the Excel audit report (xlsxwriter).
- `summary`: the one-page summary, and the Chromium renderer that makes its PDF.
- `jsonout`: `python -m audit --json`.
"""

"""Reading PMO service catalogues from workbooks into the domain model, and writing them back.

Knows nothing of the audit or the UI. The entry point is `import_catalogue`.
"""

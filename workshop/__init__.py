"""Workshops: a catalogue's audit with a room's decisions, kept durably in SQLite.

`model` holds the records and how they turn into plain JSON, `store` keeps them (every
change a transaction, a version per field so that two editors never silently overwrite
each other), `whatif` shows what the decisions achieve, and `outcome` writes the
workshop's result for the PMO and its sponsor. Like `catalogue/` and `audit/`, this
package knows nothing of Streamlit.
"""

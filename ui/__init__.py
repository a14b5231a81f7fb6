"""The Streamlit pages. Widgets, state and caching only: the work is in catalogue/ and audit/."""

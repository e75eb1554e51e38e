"""Build tools for the guide: the publishing build and its steps."""

"""Use cases: one unit of work per function."""

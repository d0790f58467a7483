"""Helpers shared by the tests: hand-built landings, an in-process refresh, independent recomputations."""

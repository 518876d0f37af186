"""Ballot kinds: the rules of each kind in a module of its own, listed in `registry`."""

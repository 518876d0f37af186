"""How each ballot kind looks: a module per kind, listed in `registry`."""

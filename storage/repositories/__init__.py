"""Queries per aggregate; services compose them inside one unit of work."""

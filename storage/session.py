"""The session type services hand on to repositories.

A service holds a session only to pass it to `storage.repositories` functions; it never builds a
query or calls the session itself. Taking the type from here keeps `sqlalchemy` out of the
services' imports altogether, which the layer contract (pyproject.toml) forbids.
"""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

__all__ = ["AsyncSession"]

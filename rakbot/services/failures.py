"""How a unit of work can fail in ways the user is told about.

Storage raises these; services let them pass. Handlers take them from here (the service
layer's side of the contract), so that no handler imports storage.
"""

from __future__ import annotations

from storage.db import DatabaseBusy, DatabaseUnavailable
from storage.repositories.inbox import UpdateAlreadyApplied

__all__ = ["DatabaseBusy", "DatabaseUnavailable", "UpdateAlreadyApplied"]

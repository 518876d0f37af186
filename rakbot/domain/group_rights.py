"""Which administrator rights the bot needs in the committee's group, and which it lacks."""

from __future__ import annotations

from collections.abc import Mapping

#: admitting people through join requests (and the invite link for them); removing people
NEEDED = ("can_invite_users", "can_restrict_members")


def missing_rights(status: str, rights: Mapping[str, bool]) -> list[str]:
    """The needed rights the bot lacks, given its status in the group and its rights there
    (the owner has every right; a plain member none)."""
    if status == "creator":
        return []
    if status != "administrator":
        return list(NEEDED)
    return [right for right in NEEDED if not rights.get(right, False)]

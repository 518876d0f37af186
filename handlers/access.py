"""The access matrix as data: who may use which command and which button.

Commands carry their `Audience` and `Scope` (handlers/commands.py); buttons are listed here by
their callback-data pattern. `may_use` decides for both. The handlers enforce it
(`require_member` / `require_coordinator`, with ``own_committee`` for the roster; the ballot
service for the vote buttons), /hilfe and the command menus show it, the README prints it
(`python -m handlers.command_table`) and tests/access/ exercises every cell for real.
"""

from __future__ import annotations

from dataclasses import dataclass

from handlers import ALL_COMMANDS, FEATURES
from handlers.commands import Audience, Command, Scope, may_use
from rakbot.views import callbacks


@dataclass(frozen=True)
class Profile:
    """A kind of person, as the roster sees them."""

    key: str
    label: str
    is_member: bool = False
    is_coordinator: bool = False
    votes: bool = False
    bot_committee: bool = True


PROFILES: tuple[Profile, ...] = (
    Profile("applicant", "applicant"),
    Profile("guest", "guest", is_member=True),
    Profile("deputy", "deputy", is_member=True, votes=True),
    Profile("representative", "representative", is_member=True, votes=True),
    Profile("coordinator", "coordinator", is_member=True, is_coordinator=True),
    Profile("deactivated", "deactivated member"),
    Profile(
        "other_committee",
        "member of another committee",
        is_member=True,
        votes=True,
        bot_committee=False,
    ),
)


@dataclass(frozen=True)
class Button:
    pattern: str
    audience: Audience
    what: str
    scope: Scope = Scope.BOT


BUTTONS: tuple[Button, ...] = (
    Button(callbacks.FUNDING_AREA.pattern, Audience.PUBLIC, "funding area details"),
    Button(callbacks.FAQ.pattern, Audience.PUBLIC, "FAQ answer"),
    Button(callbacks.PRIVACY.pattern, Audience.PUBLIC, "privacy notice"),
    Button(callbacks.APPOINTMENT.pattern, Audience.PUBLIC, "send or cancel an appointment request"),
    Button(
        callbacks.APPOINTMENT_OFFICE.pattern,
        Audience.COORDINATOR,
        "appointment request: reply, propose a date, done",
    ),
    Button(
        callbacks.APPOINTMENT_ANSWER.pattern,
        Audience.PUBLIC,
        "confirm or decline a proposed date (own request only)",
    ),
    Button(
        callbacks.MEETING_DIALOG.pattern, Audience.COORDINATOR, "new meeting: confirm, save, cancel"
    ),
    Button(
        callbacks.MEETING_ANSWER.pattern, Audience.MEMBER, "meeting answer (yes, no, deputy comes)"
    ),
    Button(callbacks.MEETING_FILE.pattern, Audience.MEMBER, "meeting calendar file"),
    Button(
        callbacks.CALENDAR_FEED.pattern,
        Audience.MEMBER,
        "personal calendar subscription: new address, end",
    ),
    Button(
        callbacks.REMINDER_CHOICE.pattern,
        Audience.MEMBER,
        "own reminder choices: switch one on or off, done",
    ),
    Button(callbacks.MEETING_MOVE.pattern, Audience.COORDINATOR, "confirm moving a meeting"),
    Button(callbacks.MEETING_CANCEL.pattern, Audience.COORDINATOR, "confirm cancelling a meeting"),
    Button(
        callbacks.MEMBER.pattern,
        Audience.COORDINATOR,
        "member card: role, institution, deactivate",
        Scope.OWN,
    ),
    Button(
        callbacks.MEMBER_DETAILS.pattern,
        Audience.COORDINATOR,
        "member card: edit name, phone number",
        Scope.OWN,
    ),
    Button(
        callbacks.INSTITUTION.pattern, Audience.COORDINATOR, "institution voting right", Scope.OWN
    ),
    Button(
        callbacks.INVITE.pattern, Audience.COORDINATOR, "create or revoke an invite link", Scope.OWN
    ),
    Button(callbacks.JOIN.pattern, Audience.PUBLIC, "joining through an invite: skip, confirm"),
    Button(callbacks.ERASE.pattern, Audience.PUBLIC, "confirm erasing one's own data"),
    Button(
        callbacks.PROPOSAL_DIALOG.pattern,
        Audience.COORDINATOR,
        "new proposal: area, institution, save",
    ),
    Button(callbacks.PROPOSAL.pattern, Audience.MEMBER, "proposal details"),
    Button(
        callbacks.DOCUMENTS.pattern,
        Audience.SEAT_OR_OFFICE,
        "documents of a proposal or meeting (Unterlagen)",
    ),
    Button(
        f"^{callbacks.VOTE_PREFIX}",
        Audience.VOTER,
        "vote, declare a conflict, consent (ballot message)",
    ),
    Button(f"^{callbacks.SETUP_PREFIX}", Audience.COORDINATOR, "new ballot: subject, mode, start"),
    Button(f"^{callbacks.MINUTES_PREFIX}", Audience.COORDINATOR, "minutes of the latest meeting"),
    Button(
        callbacks.ROUND_DIALOG.pattern,
        Audience.COORDINATOR,
        "new competition round: create, cancel",
    ),
    Button(
        callbacks.ROUND_OPEN.pattern,
        Audience.COORDINATOR,
        "open a round's scoring or selection vote",
    ),
)


def allowed(profile: Profile, audience: Audience, scope: Scope) -> bool:
    """`votes` stands for holding an institution's seat (representative or deputy)."""
    return may_use(
        audience,
        scope,
        is_member=profile.is_member,
        is_coordinator=profile.is_coordinator,
        votes=profile.votes,
        bot_committee=profile.bot_committee,
    )


def command_allowed(profile: Profile, command: Command) -> bool:
    return allowed(profile, command.audience, command.scope)


def button_allowed(profile: Profile, button: Button) -> bool:
    return allowed(profile, button.audience, button.scope)


def registered_patterns() -> list[str]:
    return [pattern for feature in FEATURES for pattern, _ in feature.buttons]


def render_matrix() -> str:
    """The README's access matrix: ✓ allowed, – refused."""
    head = ["Command / button", *(p.label for p in PROFILES)]
    lines = ["| " + " | ".join(head) + " |", "|" + " --- |" * len(head)]

    def row(name: str, cells: list[bool]) -> str:
        return "| " + " | ".join([name, *("✓" if ok else "–" for ok in cells)]) + " |"

    for command in ALL_COMMANDS:
        lines.append(row(f"`/{command.name}`", [command_allowed(p, command) for p in PROFILES]))
    for button in BUTTONS:
        name = f"button `{button.pattern[1:]}…` ({button.what})"
        lines.append(row(name, [button_allowed(p, button) for p in PROFILES]))
    return "\n".join(lines)

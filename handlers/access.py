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
    Button("^fb:", Audience.PUBLIC, "funding area details"),
    Button("^faq:", Audience.PUBLIC, "FAQ answer"),
    Button("^ds:", Audience.PUBLIC, "privacy notice"),
    Button("^ta:", Audience.PUBLIC, "send or cancel an appointment request"),
    Button("^ak:", Audience.COORDINATOR, "appointment request: reply, propose a date, done"),
    Button("^az:", Audience.PUBLIC, "confirm or decline a proposed date (own request only)"),
    Button("^ms:", Audience.COORDINATOR, "new meeting: confirm, save, cancel"),
    Button("^mr:", Audience.MEMBER, "meeting answer (yes, no, deputy comes)"),
    Button("^mi:", Audience.MEMBER, "meeting calendar file"),
    Button("^kal:", Audience.MEMBER, "personal calendar subscription: new address, end"),
    Button("^mm:", Audience.COORDINATOR, "confirm moving a meeting"),
    Button("^mx:", Audience.COORDINATOR, "confirm cancelling a meeting"),
    Button("^mg:", Audience.COORDINATOR, "member card: role, institution, deactivate", Scope.OWN),
    Button("^me:", Audience.COORDINATOR, "member card: edit name, phone number", Scope.OWN),
    Button("^is:", Audience.COORDINATOR, "institution voting right", Scope.OWN),
    Button("^inv:", Audience.COORDINATOR, "create or revoke an invite link", Scope.OWN),
    Button("^join:", Audience.PUBLIC, "joining through an invite: skip, confirm"),
    Button("^dl:", Audience.PUBLIC, "confirm erasing one's own data"),
    Button("^pa:", Audience.COORDINATOR, "new proposal: area, institution, save"),
    Button("^pd:", Audience.MEMBER, "proposal details"),
    Button("^v:", Audience.VOTER, "vote, declare a conflict, consent (ballot message)"),
    Button("^bn:", Audience.COORDINATOR, "new ballot: subject, mode, start"),
    Button("^nd:", Audience.COORDINATOR, "minutes of the latest meeting"),
    Button("^wr:", Audience.COORDINATOR, "new competition round: create, cancel"),
    Button("^wo:", Audience.COORDINATOR, "open a round's scoring or selection vote"),
)


def allowed(profile: Profile, audience: Audience, scope: Scope) -> bool:
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

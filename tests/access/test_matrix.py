"""Every command and every button × every kind of person: the answer is allowed or refused
exactly as handlers/access.py (and so the README's access matrix) says.

Each cell is exercised for real through the bot; the answer is classified by the refusal texts
the handlers use. Commands go to the private chat (group-only ones to the committee's group);
buttons carry harmless data of their pattern (show, cancel, an id that names nothing) so that no
cell changes what the next one finds.

Buttons are not only pressed where they are shown: everybody the matrix refuses also presses
forged data for every action a button pattern can carry (make coordinator, deactivate, change
role, close a ballot, cancel a meeting, …); each press is refused and the roster, meetings,
proposals and ballots stay exactly as they were.
"""

from __future__ import annotations

import dataclasses

from handlers import ALL_COMMANDS
from handlers.access import (
    BUTTONS,
    PROFILES,
    Button,
    button_allowed,
    command_allowed,
    registered_patterns,
)
from handlers.commands import Audience, Where
from storage.models import Base
from tests.fuzz.driver import Watch, last_bot_message, press, send
from tests.fuzz.world import World

REFUSALS = (
    "Das steht nur Mitgliedern des RAK zur Verfügung.",
    "Das darf nur die Regionale Koordination.",
    "Abstimmen können nur Mitglieder des RAK.",
    "Gäste haben kein Stimmrecht.",
    "Sie haben bei dieser Abstimmung kein Stimmrecht.",
    "Unterlagen erhalten nur die Vertretungen und Stellvertretungen",
)


def _refused(texts: list[str]) -> bool:
    return any(refusal in text for text in texts for refusal in REFUSALS)


def _harmless_data(world: World) -> dict[str, str]:
    faq_id = world.rt.content.faq[0].id
    return {
        "^fb:": "fb:A",
        "^faq:": f"faq:{faq_id}",
        "^ds:": "ds:show",
        "^ta:": "ta:cancel",
        "^ak:": "ak:x:0",
        "^az:": "az:0:0:n",
        "^ms:": "ms:cancel",
        "^mr:": f"mr:{world.meeting_id}:y",
        "^mi:": f"mi:{world.meeting_id}",
        "^kal:": "kal:aus",
        "^ein:": "ein:ok",
        "^mm:": "mm:no",
        "^mx:": "mx:no",
        "^mg:": f"mg:s:{world.member_ids['representative']}",
        "^me:": f"me:n:{world.member_ids['representative']}",
        "^is:": "is:v:0",
        "^inv:": "inv:x:0",
        "^join:": "join:no",
        "^dl:": "dl:nein",
        "^pa:": "pa:cancel",
        "^pd:": f"pd:{world.proposal_id}",
        "^ud:": f"ud:p:{world.proposal_id}",
        "^v:": f"v:{world.ballot_id}:a",
        "^bn:": "bn:x",
        "^nd:": f"nd:{world.meeting_id}",
        "^wr:": "wr:cancel",
        "^wo:": "wo:no",
    }


async def _press_as(world: World, who: str, button: Button, data: str) -> str:
    """Press `data` as `who` (vote buttons on the ballot message, others on a message of the
    person's private chat), check the bot kept every rule, end any dialog the press opened;
    the answer's text."""
    if button.pattern == "^v:":
        message = world.ballot_message()
    else:
        await send(world, who, "/hilfe")
        message = last_bot_message(world, world.h.emu.private_chat(world.people[who]))
    assert message is not None
    watch = Watch(world)
    query_id = await press(world, who, message, data)
    watch.check(f"{data} by {who}", query_id=query_id)
    await world.set_dialog(who, None)
    return str(world.h.emu.callback_answers[str(query_id)].get("text") or "")


def test_every_registered_button_is_in_the_matrix() -> None:
    assert sorted(button.pattern for button in BUTTONS) == sorted(registered_patterns())


async def test_commands_answer_each_role_as_documented(world: World) -> None:
    wrong = []
    for command in ALL_COMMANDS:
        where = "group" if command.where is Where.GROUP else "private"
        for profile in PROFILES:
            watch = Watch(world)
            await send(world, profile.key, f"/{command.name}", where)
            watch.check(f"/{command.name} by {profile.key}", reply=True)
            texts = [
                str(call.params.get("text") or call.params.get("caption") or "")
                for call in world.h.emu.calls[watch.calls :]
                if call.method.startswith("send")
            ]
            expected = command_allowed(profile, command)
            if _refused(texts) == expected:
                wrong.append(f"/{command.name} {profile.key}: expected allowed={expected}")
            await world.set_dialog(profile.key, None)
    assert not wrong, "\n".join(wrong)


async def test_buttons_answer_each_role_as_documented(world: World) -> None:
    data = _harmless_data(world)
    wrong = []
    for button in BUTTONS:
        for profile in PROFILES:
            answer = await _press_as(world, profile.key, button, data[button.pattern])
            expected = button_allowed(profile, button)
            if _refused([answer]) == expected:
                wrong.append(f"{data[button.pattern]} {profile.key}: expected allowed={expected}")
    assert not wrong, "\n".join(wrong)


def _forged_data(world: World) -> dict[str, list[tuple[str, Audience | None]]]:
    """Per pattern: data that would act if let through, with the audience it needs when that
    differs from the button's (closing a ballot is the office's, voting the institutions')."""
    rep, meeting, ballot = world.member_ids["representative"], world.meeting_id, world.ballot_id
    other = world.institution_ids[2]
    return {
        "^ms:": [("ms:save", None), ("ms:dok", None)],
        "^ak:": [
            (f"ak:d:{world.request_id}", None),
            (f"ak:r:{world.request_id}", None),
            (f"ak:p:{world.request_id}", None),
            ("ak:ok", None),
        ],
        "^mr:": [(f"mr:{meeting}:n", None), (f"mr:{meeting}:p", None)],
        "^mm:": [(f"mm:{meeting}:202701201000", None)],
        "^mx:": [(f"mx:{meeting}", None)],
        "^ein:": [("ein:b", None), ("ein:m:1440", None)],
        "^mg:": [
            (f"mg:k:{rep}", None),
            (f"mg:d:{rep}", None),
            (f"mg:d:{rep}:ja", None),
            (f"mg:r:{rep}", None),
            (f"mg:r:{rep}:k", None),
            (f"mg:r:{rep}:g", None),
            (f"mg:i:{rep}", None),
            (f"mg:i:{rep}:{other}", None),
            (f"mg:k:{world.member_ids['coordinator']}", None),
        ],
        "^is:": [(f"is:v:{world.institution_ids[0]}", None)],
        "^inv:": [("inv:r:k", None), ("inv:i:k:0", None), (f"inv:i:r:{other}", None)],
        "^pa:": [("pa:save", None), ("pa:a:A", None)],
        "^v:": [
            (f"v:{ballot}:y", None),
            (f"v:{ballot}:n", None),
            (f"v:{ballot}:b", None),
            (f"v:{ballot}:x", Audience.COORDINATOR),
        ],
        "^bn:": [("bn:k:0", None), (f"bn:p:{world.proposal_id}", None)],
        "^wr:": [("wr:save", None)],
        "^wo:": [("wo:b:1:60", None), ("wo:a:1:60", None)],
    }


_RECORD_TABLES = (
    "appointment_requests",
    "committees",
    "institutions",
    "members",
    "invites",
    "meetings",
    "rsvps",
    "proposals",
    "competition_rounds",
    "ballots",
    "ballot_votes",
    "conflicts",
    "procedure_consents",
    "documents",
    "minutes_approvals",
)


#: Where the bot keeps track of its own live messages: the outbox dispatcher updates these in
#: the background while the presses run (a card or ballot message edited in its time slot), so
#: they are no record a press could change.
_MESSAGE_BOOKKEEPING = frozenset(
    {"message_id", "message_version", "rendered_version", "card_digest"}
)


async def _record(world: World) -> dict[str, list[tuple[object, ...]]]:
    """Every row of the tables a button could change."""

    async def work(session):  # type: ignore[no-untyped-def]
        found = {}
        for name in _RECORD_TABLES:
            table = Base.metadata.tables[name]
            columns = [c for c in table.c if c.name not in _MESSAGE_BOOKKEEPING]
            rows = await session.execute(
                table.select().with_only_columns(*columns).order_by(table.c.id)
            )
            found[name] = [tuple(row) for row in rows.all()]
        return found

    return await world.rt.db.run(work)


async def test_forged_buttons_are_refused_for_every_role_and_change_nothing(
    world: World,
) -> None:
    forged = _forged_data(world)
    before = await _record(world)
    wrong = []
    pressed = 0
    for button in BUTTONS:
        for data, audience in forged.get(button.pattern, []):
            needed = dataclasses.replace(button, audience=audience or button.audience)
            for profile in PROFILES:
                if button_allowed(profile, needed):
                    continue
                answer = await _press_as(world, profile.key, button, data)
                pressed += 1
                if not _refused([answer]):
                    wrong.append(f"{data} by {profile.key} not refused: {answer!r}")
    assert not wrong, "\n".join(wrong)
    assert pressed > 100
    after = await _record(world)
    changed = [name for name in _RECORD_TABLES if before[name] != after[name]]
    assert not changed, f"forged presses changed {changed}"

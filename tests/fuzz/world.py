"""A committee with one person in every role, a bound group, a meeting, a proposal and an open
ballot: the stage on which the fuzz and access tests play. Built once per test."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import timedelta

from rakbot.sandbox.models import FakeChat, FakeUser, SentMessage
from rakbot.services import appointments, dialogs, meetings, proposals, roster
from rakbot.services.dialogs import DialogState
from rakbot.services.people import identify
from rakbot.services.roster import NewMember
from storage.models import Role
from storage.repositories import members
from tests.e2e.harness import START, Harness
from tests.e2e.other_committee import seed_other_committee

#: Telegram's fake senders in groups: a linked channel's posts and anonymous group admins.
CHANNEL_BOT_ID = 136817688
ANONYMOUS_ADMIN_ID = 1087968824
OTHER_BOT = "some_other_bot"


class ErrorLog(logging.Handler):
    """Every record at ERROR or above, from any logger (the error handler logs there)."""

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)

    def lines(self, start: int = 0) -> list[str]:
        return [self.format(record) for record in self.records[start:]]


@dataclass(repr=False)
class World:
    h: Harness
    group: FakeChat
    people: dict[str, FakeUser]
    member_ids: dict[str, int]
    institution_ids: list[int]
    meeting_id: int
    proposal_id: int
    ballot_id: int
    other_committee_id: int
    #: the applicant's appointment request (the office's buttons act on it)
    request_id: int = 0
    ballot: SentMessage | None = None
    other_group: FakeChat | None = None
    errors: ErrorLog = field(default_factory=ErrorLog)

    def __repr__(self) -> str:
        return (
            f"World(meeting={self.meeting_id}, ballot={self.ballot_id}, people={list(self.people)})"
        )

    def _repr_pretty_(self, printer, cycle) -> None:  # type: ignore[no-untyped-def]
        printer.text(repr(self))

    @property
    def rt(self):  # type: ignore[no-untyped-def]
        return self.h.runtime

    def ballot_message(self) -> SentMessage:
        """The ballot's message in the group (its buttons go once the ballot is closed)."""
        assert self.ballot is not None
        return self.ballot

    async def set_dialog(self, who: str, state: DialogState | None) -> None:
        user = self.people[who]
        if state is None:
            await dialogs.end(self.rt, user.id, user.id)
        else:
            await dialogs.save(self.rt, user.id, user.id, state)


async def _start_ballot(h: Harness, office: FakeUser) -> None:
    """Through the bot, as the office would: a free question, open, in the meeting."""
    reply = await h.send(office, "/abstimmung_neu")
    reply = await h.press_label(office, reply.last, "Beschluss")
    reply = await h.send(office, "Soll der Arbeitskreis den Jahresbericht annehmen?")
    reply = await h.press_label(office, reply.last, "Offen")
    reply = await h.press_label(office, reply.last, "In der Sitzung")
    if "Zu welcher Sitzung" in reply.text:
        reply = await h.press_label(office, reply.last, "Keiner Sitzung")
    reply = await h.send(office, "25.11.2026 12:00")
    await h.press_label(office, reply.last, "In der Gruppe starten")


async def _appointment_request(h: Harness, applicant: FakeUser) -> int:
    """The applicant's request, as the dialog leaves it and "Absenden" stores it."""
    draft = {
        "name": "Anna Antrag",
        "topic": "Beratung zu Förderbereich B",
        "contact": "03904 123456",
        "preferred_days": "Dienstags",
    }
    state = DialogState(appointments.DIALOG_KIND, "confirm", draft)
    await dialogs.save(h.runtime, applicant.id, applicant.id, state)
    submitted = await appointments.submit(
        h.runtime, chat_id=applicant.id, telegram_user_id=applicant.id, language="de"
    )
    assert isinstance(submitted, appointments.Submitted)
    return int(submitted.reference.rsplit("-", 1)[1])


async def build_world(h: Harness) -> World:
    rt = h.runtime
    office = h.coordinator()
    office_id = (await identify(rt.db, rt.committee_id, office.id)).member_id
    assert office_id is not None
    group = h.emu.group("RAK Börde")
    await roster.bind_group(rt, group.id, actor_member_id=None)
    institution_ids = [
        i.id for i in await rt.db.run(lambda s: members.institutions(s, rt.committee_id))
    ]
    people = {"coordinator": office, "applicant": h.user("Anna", last_name="Antrag")}
    member_ids = {"coordinator": office_id}
    cast = {
        "representative": (Role.REPRESENTATIVE, institution_ids[0]),
        "deputy": (Role.DEPUTY, institution_ids[0]),
        "guest": (Role.GUEST, None),
        "deactivated": (Role.REPRESENTATIVE, institution_ids[1]),
    }
    for key, (role, institution_id) in cast.items():
        user = h.user(key.capitalize(), last_name="Muster")
        member_id = await roster.add_member(
            rt,
            NewMember(user.id, f"{key.capitalize()} Muster", role, institution_id),
            actor_member_id=None,
        )
        people[key] = user
        member_ids[key] = member_id
    await roster.deactivate(
        rt, rt.committee_id, member_ids["deactivated"], actor_member_id=office_id
    )
    people["other_committee"] = h.user("Otto", last_name="Harz")
    other_committee_id, member_ids["other_committee"] = await seed_other_committee(
        h, people["other_committee"]
    )
    created = await meetings.create(
        rt,
        rt.committee_id,
        meetings.MeetingDraft(
            starts_at=START + timedelta(days=7),
            ends_at=START + timedelta(days=7, hours=2),
            place="Landratsamt Haldensleben, Raum 101",
            agenda=("Begrüßung", "Anträge"),
        ),
        actor_member_id=office_id,
    )
    await dialogs.save(
        rt,
        office.id,
        office.id,
        DialogState(
            proposals.DIALOG_KIND,
            "confirm",
            {
                "title": "Werkstatt für Jugendliche",
                "area": "A",
                "applicant": "Bildungsträger Börde e. V.",
                "institution_id": None,
                "amount_cents": 12_500_000,
                "duration": "24 Monate",
                "description": None,
            },
        ),
    )
    proposal = await proposals.create_from_dialog(
        rt, committee_id=rt.committee_id, chat_id=office.id, user_id=office.id, member_id=office_id
    )
    assert proposal is not None
    await _start_ballot(h, office)
    request_id = await _appointment_request(h, people["applicant"])
    world = World(
        h=h,
        group=group,
        people=people,
        member_ids=member_ids,
        institution_ids=institution_ids,
        meeting_id=created.meetings[0].id,
        proposal_id=proposal.id,
        ballot_id=0,
        other_committee_id=other_committee_id,
        request_id=request_id,
    )
    ballot = next(
        m
        for m in reversed(h.emu.messages_to(group.id))
        if any(data and data.startswith("v:") for row in m.buttons() for _, data in row)
    )
    world.ballot = ballot
    world.other_group = h.emu.group("Stammtisch")
    world.ballot_id = int(next(d for row in ballot.buttons() for _, d in row if d).split(":")[1])
    h.emu.assert_no_violations()
    return world

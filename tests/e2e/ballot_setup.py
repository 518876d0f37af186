"""Test helpers for proposals and ballots: a committee with a bound group and a full roster."""

from __future__ import annotations

from dataclasses import dataclass, field

from rakbot.sandbox.models import FakeChat, FakeUser, SentMessage
from rakbot.services.roster import NewMember, add_member, bind_group
from storage.models import Role
from storage.repositories import members
from tests.e2e.harness import Harness, Reply


@dataclass
class Rak:
    h: Harness
    group: FakeChat
    office: FakeUser
    institutions: list[tuple[int, str]]
    reps: list[FakeUser] = field(default_factory=list)
    deputies: list[FakeUser] = field(default_factory=list)
    guest: FakeUser | None = None

    async def start_ballot(
        self,
        *,
        question: str | None = None,
        proposal_label: str | None = None,
        secret: bool = False,
        written: bool = False,
        deadline: str = "25.11.2026 12:00",
        close_when_all_voted: bool = False,
        meeting: str | None = None,
        item: str | None = None,
    ) -> SentMessage:
        """Run /abstimmung_neu as the office and return the ballot message in the group.
        `meeting` and `item` are the labels of the meeting and agenda item buttons (asked while
        meetings lie ahead; without them: "Keiner Sitzung zuordnen")."""
        h = self.h
        reply = await h.send(self.office, "/abstimmung_neu")
        reply = await h.press_label(self.office, reply.last, "Beschluss")
        if proposal_label is not None:
            reply = await h.press_label(self.office, reply.last, proposal_label)
        else:
            assert question is not None
            reply = await h.send(self.office, question)
        reply = await h.press_label(self.office, reply.last, "Geheim" if secret else "Offen")
        reply = await h.press_label(
            self.office, reply.last, "Umlaufverfahren" if written else "In der Sitzung"
        )
        reply = await self.link_meeting(reply, meeting, item)
        reply = await h.send(self.office, deadline)
        label = "endet wenn alle" if close_when_all_voted else "In der Gruppe starten"
        await h.press_label(self.office, reply.last, label)
        return h.emu.last_message(self.group.id)

    async def start_kind_ballot(
        self,
        kind: str,
        question: str,
        *,
        options: str | None = None,
        proposals: list[str] | None = None,
        max_choices: int | None = None,
        secret: bool = False,
        deadline: str = "25.11.2026 12:00",
        close_when_all_voted: bool = False,
    ) -> SentMessage:
        """/abstimmung_neu for a kind other than a decision (`kind`: its button label);
        `options` are typed, `proposals` are button labels of open proposals to score."""
        h = self.h
        reply = await h.send(self.office, "/abstimmung_neu")
        reply = await h.press_label(self.office, reply.last, kind)
        reply = await h.send(self.office, question)
        if proposals is not None:
            prompt = reply.last
            for label in proposals:
                await h.press_label(self.office, prompt, label)
                prompt = self.current(prompt)
            reply = await h.press_label(self.office, prompt, "Auswahl übernehmen")
        else:
            assert options is not None
            reply = await h.send(self.office, options)
        if max_choices is not None:
            reply = await h.press(self.office, reply.last, f"bn:mx:{max_choices}")
        reply = await h.press_label(self.office, reply.last, "Geheim" if secret else "Offen")
        reply = await self.link_meeting(reply, None, None)
        reply = await h.send(self.office, deadline)
        label = "endet wenn alle" if close_when_all_voted else "In der Gruppe starten"
        await h.press_label(self.office, reply.last, label)
        return h.emu.last_message(self.group.id)

    async def link_meeting(self, reply: Reply, meeting: str | None, item: str | None) -> Reply:
        """Answer the dialog's meeting question (and agenda item question), if it asks."""
        if "Zu welcher Sitzung" not in reply.text:
            assert meeting is None, reply.text
            return reply
        reply = await self.h.press_label(self.office, reply.last, meeting or "Keiner Sitzung")
        if "Unter welchem Tagesordnungspunkt" in reply.text:
            reply = await self.h.press_label(self.office, reply.last, item or "Ohne")
        return reply

    def ballot_message(self) -> SentMessage:
        return next(m for m in reversed(self.h.emu.messages_to(self.group.id)) if m.buttons())

    def current(self, message: SentMessage) -> SentMessage:
        return next(
            m
            for m in self.h.emu.messages
            if m.message_id == message.message_id and m.chat_id == message.chat_id
        )


async def setup_rak(h: Harness, *, deputies: int = 2, supergroup: bool = True) -> Rak:
    """Office, group, one representative per institution, deputies for the first ones, a guest."""
    rt = h.runtime
    office = h.coordinator()
    group = h.emu.group("RAK Börde", supergroup=supergroup)
    await bind_group(rt, group.id, actor_member_id=None)
    rows = await rt.db.run(lambda s: members.institutions(s, rt.committee_id))
    rak = Rak(h, group, office, [(i.id, i.name) for i in rows])
    for index, (institution_id, _name) in enumerate(rak.institutions):
        user = h.user(f"Rep{index}", last_name="Vertreter")
        await add_member(
            rt,
            NewMember(user.id, f"Rep{index} Vertreter", Role.REPRESENTATIVE, institution_id),
            actor_member_id=None,
        )
        rak.reps.append(user)
        if index < deputies:
            deputy = h.user(f"Dep{index}", last_name="Stellvertreter")
            await add_member(
                rt,
                NewMember(deputy.id, f"Dep{index} Stellvertreter", Role.DEPUTY, institution_id),
                actor_member_id=None,
            )
            rak.deputies.append(deputy)
    guest = h.user("Gast")
    await add_member(rt, NewMember(guest.id, "Gast Person", Role.GUEST), actor_member_id=None)
    rak.guest = guest
    return rak

"""Which committee a person acts in follows the chat: members' commands answer only in the
committee's bound group and privately; a person in two committees is not locked out of either."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from rakbot.services.roster import bind_group
from storage.models import Committee
from tests.e2e.ballot_setup import setup_rak
from tests.e2e.harness import Harness
from tests.e2e.other_committee import seed_other_committee
from tests.e2e.test_roster import join, make_invite, private_menu

NOT_HERE = "nur in der Gruppe des RAK und im privaten Chat"
MEMBERS_ONLY = "nur Mitgliedern"
MEMBER_COMMANDS = (
    "/mitglieder",
    "/termine",
    "/naechste_sitzung",
    "/antraege",
    "/ergebnisse",
    "/runden",
    "/befangen",
)


async def test_members_commands_answer_only_in_the_bound_group_and_privately(
    harness: Harness,
) -> None:
    rak = await setup_rak(harness, deputies=0)
    member = rak.reps[0]
    elsewhere = harness.emu.group("Stammtisch Haldensleben")
    otto = harness.user("Otto", last_name="Harz")
    harz, _ = await seed_other_committee(harness, otto, coordinator=True)
    harz_group = harness.emu.group("RAK Harz")
    await bind_group(harness.runtime, harz_group.id, actor_member_id=None, committee_id=harz)

    for command in MEMBER_COMMANDS:
        for group in (elsewhere, harz_group):
            reply = await harness.send(member, command, chat=group)
            # The roster of another committee's group is that committee's: not for this member.
            expected = MEMBERS_ONLY if (command, group) == ("/mitglieder", harz_group) else NOT_HERE
            assert expected in reply.text, (command, reply.text)
            assert "Rep0" not in reply.text and "Jobcenter" not in reply.text
        for chat in (rak.group, None):
            reply = await harness.send(member, command, chat=chat)
            assert NOT_HERE not in reply.text and MEMBERS_ONLY not in reply.text, (command, chat)
    reply = await harness.send(member, "/mitglieder", chat=rak.group)
    assert "Rep0 Vertreter" in reply.text
    # The office's commands too; binding a new group still works there.
    reply = await harness.send(rak.office, "/abstimmung_schliessen", chat=elsewhere)
    assert NOT_HERE in reply.text
    reply = await harness.send(rak.office, "/hilfe", chat=elsewhere)
    assert "/termine" not in reply.text and "/gruppe_verbinden" in reply.text
    reply = await harness.send(rak.office, "/gruppe_verbinden", chat=elsewhere)
    assert "Verbunden" in reply.text
    reply = await harness.send(member, "/termine", chat=elsewhere)
    assert NOT_HERE not in reply.text and MEMBERS_ONLY not in reply.text
    # The other committee's own group keeps its own roster for its members.
    reply = await harness.send(otto, "/mitglieder", chat=harz_group)
    assert "Otto Harz" in reply.text and "Rep0" not in reply.text


async def test_a_member_of_two_committees_acts_in_the_committee_of_the_chat(
    harness: Harness,
) -> None:
    otto = harness.user("Otto", last_name="Harz")
    harz, _ = await seed_other_committee(harness, otto)  # the older membership
    assert "Willkommen im RAK" in await join(harness, otto, await make_invite(harness), "Otto B")
    assert {"termine", "antraege", "abstimmen"} <= private_menu(harness, otto)

    # Privately: the bot's committee, whose meetings, proposals and ballots these are.
    for command in ("/termine", "/antraege", "/ergebnisse", "/abstimmen"):
        reply = await harness.send(otto, command)
        assert MEMBERS_ONLY not in reply.text and NOT_HERE not in reply.text, (command, reply.text)
    reply = await harness.send(otto, "/mitglieder")
    assert "Otto B" in reply.text and "Jobcenter" in reply.text and "Harzer Amt" not in reply.text

    # In each committee's bound group: that committee.
    harz_group = harness.emu.group("RAK Harz")
    await bind_group(harness.runtime, harz_group.id, actor_member_id=None, committee_id=harz)
    reply = await harness.send(otto, "/mitglieder", chat=harz_group)
    assert (
        "Otto Harz" in reply.text and "Harzer Amt" in reply.text and "Jobcenter" not in reply.text
    )
    rak_group = harness.emu.group("RAK Börde")
    await bind_group(harness.runtime, rak_group.id, actor_member_id=None)
    reply = await harness.send(otto, "/mitglieder", chat=rak_group)
    assert "Otto B" in reply.text and "Harzer Amt" not in reply.text
    reply = await harness.send(otto, "/termine", chat=rak_group)
    assert MEMBERS_ONLY not in reply.text and NOT_HERE not in reply.text


async def test_a_coordinator_of_another_committee_binds_its_group_though_a_member_here(
    harness: Harness,
) -> None:
    """/gruppe_verbinden binds a committee the sender coordinates: the bot's own first,
    otherwise their other one, even when they are a plain member of the bot's committee."""
    otto = harness.user("Otto", last_name="Harz")
    harz, _ = await seed_other_committee(harness, otto, coordinator=True)
    assert "Willkommen im RAK" in await join(harness, otto, await make_invite(harness), "Otto B")
    group = harness.emu.group("RAK Harz")
    reply = await harness.send(otto, "/gruppe_verbinden", chat=group)
    assert "Verbunden" in reply.text, reply.text

    async def bound_to(session: AsyncSession) -> int | None:
        return await session.scalar(select(Committee.id).where(Committee.chat_id == group.id))

    assert await harness.runtime.db.run(bound_to) == harz
    reply = await harness.send(otto, "/mitglieder", chat=group)
    assert "Otto Harz" in reply.text and "Jobcenter" not in reply.text

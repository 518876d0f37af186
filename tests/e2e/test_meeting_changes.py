"""Coordinators change meetings: the agenda, announcements once a group is bound, and meetings
that stay within their own committee."""

from __future__ import annotations

from tests.e2e.harness import Harness
from tests.e2e.meeting_setup import cancel_meeting_as, plan_meeting, setup_rak
from tests.e2e.other_committee import seed_other_committee


async def test_agenda_is_changed_inline_or_in_a_dialog(harness: Harness) -> None:
    rak = await setup_rak(harness)
    await plan_meeting(harness, rak)
    renate, anna = rak.coordinator, rak.reps[0]
    await harness.press_label(anna, harness.emu.last_message(rak.group.id), "Zusage")

    reply = await harness.send(
        renate, "/sitzung_tagesordnung 1\n1. Begrüßung\n2. Budget 2027\n3. Verschiedenes"
    )
    assert "Die Tagesordnung ist geändert (3 Punkte)." in reply.text
    assert "1 Person wird benachrichtigt." in reply.text
    await harness.deliver()
    card = harness.emu.last_message(rak.group.id)
    assert "1. Begrüßung" in card.text and "2. Budget 2027" in card.text
    assert "Projektanträge Runde 3" not in card.text
    assert "geändert" in harness.emu.last_message(anna.id).text

    reply = await harness.send(renate, "/sitzung_tagesordnung 1")
    assert "2. Budget 2027" in reply.text and "Neue Tagesordnung für Sitzung Nr. 1" in reply.text
    reply = await harness.send(renate, "-")
    assert "Die Tagesordnung ist geleert." in reply.text
    await harness.deliver()
    assert "Budget 2027" not in harness.emu.last_message(rak.group.id).text

    reply = await harness.send(renate, "/sitzung_tagesordnung 1")
    assert "Bisher keine Tagesordnung." in reply.text
    # Too long is refused, not cut; the dialog waits for a shorter one.
    reply = await harness.send(renate, "Begrüßung\n" + "x" * 301)
    assert reply.text.startswith("Punkt 2 der Tagesordnung hat 301 Zeichen; höchstens 300")
    reply = await harness.send(renate, "\n".join(f"Punkt {n}" for n in range(31)))
    assert reply.text.startswith("Höchstens 30 Tagesordnungspunkte")
    await harness.send(renate, "/abbrechen")
    reply = await harness.send(renate, "Budget 2028")
    assert "Tagesordnung ist geändert" not in reply.text


async def test_agenda_command_refuses_bad_input(harness: Harness) -> None:
    rak = await setup_rak(harness)
    await plan_meeting(harness, rak)
    renate, anna = rak.coordinator, rak.reps[0]
    for command in (
        "/sitzung_tagesordnung",
        "/sitzung_tagesordnung eins",
        "/sitzung_tagesordnung ³",
    ):
        reply = await harness.send(renate, command)
        assert "So geht es: /sitzung_tagesordnung 3" in reply.text
    reply = await harness.send(renate, "/sitzung_tagesordnung 99")
    assert "gibt es nicht" in reply.text
    reply = await harness.send(renate, "/sitzung_tagesordnung 99\nBudget")
    assert "gibt es nicht" in reply.text
    reply = await harness.send(anna, "/sitzung_tagesordnung 1\nUnser Punkt")
    assert "Das darf nur die Regionale Koordination." in reply.text
    await cancel_meeting_as(harness, renate, 1)
    reply = await harness.send(renate, "/sitzung_tagesordnung 1")
    assert "vorbei" in reply.text


async def test_meetings_planned_before_the_group_is_bound_are_announced_on_binding(
    harness: Harness,
) -> None:
    rak = await setup_rak(harness, bind=False)
    await plan_meeting(harness, rak, recurrence="alle 6 Wochen")
    assert "noch keine Gruppe verbunden" in harness.emu.last_message(rak.coordinator.id).text
    assert harness.emu.messages_to(rak.group.id) == []

    await harness.send(rak.coordinator, "/gruppe_verbinden", chat=rak.group)
    cards = [m for m in harness.emu.messages_to(rak.group.id) if m.buttons()]
    assert len(cards) == 9  # the series within a year: 20.01.2027 and eight more
    assert "Mittwoch, 20. Januar 2027" in cards[0].text
    reply = await harness.press_label(rak.reps[0], cards[0], "Zusage")
    assert (
        reply.callback_answer is not None and "Zusage gespeichert" in reply.callback_answer["text"]
    )

    await harness.send(rak.coordinator, "/gruppe_verbinden", chat=rak.group)
    assert len([m for m in harness.emu.messages_to(rak.group.id) if m.buttons()]) == 9


async def test_members_of_another_committee_cannot_touch_these_meetings(
    harness: Harness,
) -> None:
    """Meetings belong to the bot's committee; a member (even a coordinator) of another committee
    in the same database is refused, as the access matrix in the README says."""
    rak = await setup_rak(harness)
    await plan_meeting(harness, rak)
    otto = harness.user("Otto")
    await seed_other_committee(harness, otto, coordinator=True)

    reply = await harness.send(otto, "/termine")
    assert "Das steht nur Mitgliedern des RAK zur Verfügung." in reply.text
    for command in (
        "/sitzung_absagen 1",
        "/sitzung_tagesordnung 1\nFremder Punkt",
        "/erinnerungen",
    ):
        reply = await harness.send(otto, command)
        assert "Das darf nur die Regionale Koordination." in reply.text, command
    reply = await harness.press_label(otto, harness.emu.last_message(rak.group.id), "Zusage")
    assert reply.callback_answer is not None
    assert "nur Mitgliedern" in reply.callback_answer["text"]
    reply = await harness.send(rak.reps[0], "/naechste_sitzung")
    assert "Protokoll" in reply.text and "Fremder Punkt" not in reply.text

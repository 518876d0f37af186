"""Single and multiple choice ballots end to end: dialog, group buttons, private chat,
changes, the maximum, forged buttons, refusals, deadline and minutes."""

from __future__ import annotations

import dataclasses
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from rakbot.domain.voting import BallotKind
from rakbot.services.ballots import BallotSetupError, new_ballot
from storage.models import Ballot, Committee, Outbox, Proposal
from tests.e2e.ballot_setup import Rak, setup_rak
from tests.e2e.harness import Harness
from tests.e2e.test_ballots import result_messages

OPTIONS = "Magdeburg\nHaldensleben\nOschersleben"


def data_of(message: object) -> list[str]:
    return [d for row in message.buttons() for _, d in row]  # type: ignore[attr-defined]


async def minutes(rak: Rak, ballot_id: int) -> str:
    reply = await rak.h.send(rak.office, f"/niederschrift {ballot_id}")
    document = next(m for m in reply.messages if m.kind == "document")
    assert document.document is not None
    return document.document.decode()


async def test_single_choice_from_dialog_to_minutes(harness: Harness) -> None:
    h = harness
    rak = await setup_rak(h, deputies=1)
    reply = await h.send(rak.office, "/abstimmung_neu")
    reply = await h.press_label(rak.office, reply.last, "Einfachauswahl")
    reply = await h.send(rak.office, "Wo findet die Klausur statt?")
    assert "Welche Optionen" in reply.text
    bad = await h.send(rak.office, "nur Magdeburg")
    assert "mindestens 2 Optionen" in bad.text
    bad = await h.send(rak.office, "Magdeburg\nmagdeburg")
    assert "nur einmal" in bad.text
    reply = await h.send(rak.office, OPTIONS)
    assert "Offen oder geheim" in reply.text
    reply = await h.press_label(rak.office, reply.last, "Offen")
    # No written procedure for a choice: straight on to the deadline.
    assert "Bis wann" in reply.text
    reply = await h.send(rak.office, "25.11.2026 12:00")
    assert "1. Magdeburg\n2. Haldensleben\n3. Oschersleben" in reply.text
    assert "Einfachauswahl, offen" in reply.text
    await h.press_label(rak.office, reply.last, "In der Gruppe starten")
    ballot = h.emu.last_message(rak.group.id)
    assert data_of(ballot)[:4] == ["v:1:c1", "v:1:c2", "v:1:c3", "v:1:a"]

    for forged in ("v:1:c4", "v:1:c0", "v:1:d1y", "v:1:s1=5", "v:1:zz", "v:2:c1"):
        refused = await h.press(rak.reps[0], ballot, forged)
        assert "nicht mehr gültig" in refused.callback_answer["text"], forged
    refused = await h.press(rak.guest, ballot, "v:1:c1")
    assert "Gäste" in refused.callback_answer["text"]
    refused = await h.press(h.user("Fremd"), ballot, "v:1:c1")
    assert "nur Mitglieder" in refused.callback_answer["text"]

    reply = await h.press(rak.reps[0], ballot, "v:1:c1")
    assert reply.callback_answer["text"] == "Ihre Stimme: Magdeburg"
    assert "Ich habe Ihre Stimme erfasst: Magdeburg" in h.emu.last_message(rak.reps[0].id).text
    reply = await h.press(rak.reps[0], ballot, "v:1:c2")
    assert reply.callback_answer["text"] == "Ihre Stimme: Haldensleben"
    for index in (1, 2, 3):
        await h.press(rak.reps[index], ballot, "v:1:c2")
    await h.press(rak.reps[4], ballot, "v:1:c3")
    await h.press(rak.reps[5], ballot, "v:1:a")

    # In the private chat: the same ballot with the member's own choice marked.
    private = await h.send(rak.deputies[0], "/abstimmen 1")
    # The deputy of an institution whose representative voted is told so, and why.
    assert (
        "Für Ihre Institution zählt die Stimme von Rep0 Vertreter (Vertretung): Haldensleben."
        in private.text
    )
    assert "Sie haben noch nicht abgestimmt." not in private.text
    shown = await h.send(rak.reps[6], "/abstimmen 1")
    reply = await h.press(rak.reps[6], shown.last, "v:1:c3")
    assert reply.callback_answer["text"] == "Ihre Stimme: Oschersleben"
    edited = rak.current(shown.last)
    assert "Erfasst ist: Oschersleben" in edited.text
    assert any(
        label.startswith("● 3. Oschersleben") for row in edited.buttons() for label, _ in row
    )

    await h.travel(timedelta(seconds=3))
    live = rak.current(ballot)
    assert "2. Haldensleben: 4 Stimmen" in live.text
    assert "3. Oschersleben: 2 Stimmen" in live.text and "1 Enthaltung" in live.text
    assert "• Agentur für Arbeit Magdeburg: Haldensleben – Rep0 Vertreter" in live.text
    assert "• Landkreis Börde – Sozialamt: Enthaltung – Rep5 Vertreter" in live.text
    assert "Noch nicht abgestimmt: Landkreis Börde – Gleichstellungsbeauftragte" in live.text

    await h.travel(timedelta(days=3))
    line = (
        "Gewählt: Haldensleben – Magdeburg 0, Haldensleben 4, Oschersleben 2, 1 Enthaltung; "
        "beschlussfähig (7 von 8 stimmberechtigten Institutionen)"
    )
    assert result_messages(rak)[-1].endswith(line)
    late = await h.press(rak.reps[7], ballot, "v:1:c1")
    assert "bereits geschlossen" in late.callback_answer["text"]
    text = await minutes(rak, 1)
    assert f"**Ergebnis:** {line}" in text
    assert "**Verfahren:** Einfachauswahl, offen" in text
    assert "- Haldensleben: 4 Stimmen" in text
    assert "**Ort und Datum:** außerhalb einer Sitzung (Telegram-Gruppe des RAK), " in text
    assert "## Abstimmende Mitglieder\n- Agentur für Arbeit Magdeburg: Rep0 Vertreter" in text
    assert "**Nicht abgestimmt:** Landkreis Börde – Gleichstellungsbeauftragte" in text
    assert ": –" not in text


async def test_multiple_choice_maximum_and_tie(harness: Harness) -> None:
    h = harness
    rak = await setup_rak(h, deputies=0)
    ballot = await rak.start_kind_ballot(
        "Mehrfachauswahl",
        "Welche Themen kommen auf die Tagesordnung?",
        options="Fachkräfte; Ausbildung; Digitalisierung; Inklusion",
        max_choices=2,
    )
    assert "höchstens 2 je Institution" in ballot.text
    await h.press(rak.reps[0], ballot, "v:1:c1")
    reply = await h.press(rak.reps[0], ballot, "v:1:c3")
    assert reply.callback_answer["text"] == "Ihre Stimme: Fachkräfte, Digitalisierung"
    refused = await h.press(rak.reps[0], ballot, "v:1:c2")
    assert "Höchstens 2 Optionen" in refused.callback_answer["text"]
    reply = await h.press(rak.reps[0], ballot, "v:1:c1")  # untick
    assert reply.callback_answer["text"] == "Ihre Stimme: Digitalisierung"
    reply = await h.press(rak.reps[0], ballot, "v:1:c2")
    assert reply.callback_answer["text"] == "Ihre Stimme: Ausbildung, Digitalisierung"
    for index in range(1, 5):
        await h.press(rak.reps[index], ballot, "v:1:c2")
        await h.press(rak.reps[index], ballot, "v:1:c3" if index < 3 else "v:1:c4")
    await h.send(rak.office, "/abstimmung_schliessen 1")
    await h.deliver()
    assert result_messages(rak)[-1].endswith(
        "Die meisten Stimmen: Ausbildung – Fachkräfte 0, Ausbildung 5, Digitalisierung 3, "
        "Inklusion 2; beschlussfähig (5 von 8 stimmberechtigten Institutionen)"
    )


async def test_date_poll_in_the_private_chat(harness: Harness) -> None:
    h = harness
    rak = await setup_rak(h, deputies=1)
    reply = await h.send(rak.office, "/abstimmung_neu")
    reply = await h.press_label(rak.office, reply.last, "Terminfindung")
    await h.send(rak.office, "Termin der Klausur 2027")
    bad = await h.send(rak.office, "irgendwann im Frühling, bald")
    assert "Bitte Termine so" in bad.text
    bad = await h.send(rak.office, "20.01.2027 10 Uhr, 3. Februar\n31.02.2027")
    assert bad.text.startswith("Termin 3: Diesen Tag gibt es nicht im Kalender.")
    bad = await h.send(rak.office, "20.11.2026 10 Uhr, 20.01.2027")
    assert "Vergangenheit" in bad.text
    reply = await h.send(rak.office, "27.01.2027 14 Uhr, 20.01.2027 10:00\n3. Februar 2027")
    assert (
        "Verstanden:\n1. Mi., 20.01.2027, 10:00 Uhr\n2. Mi., 27.01.2027, 14:00 Uhr\n"
        "3. 03.02.2027 (ganztägig)"
    ) in reply.text
    reply = await h.press_label(rak.office, reply.last, "Offen")
    for deadline, reason in (
        ("gestern 12 Uhr", "Dieser Zeitpunkt liegt in der Vergangenheit."),
        ("morgen 25:00", "Diese Uhrzeit gibt es nicht"),
    ):
        bad = await h.send(rak.office, deadline)
        assert bad.text.startswith(reason) and "Bitte so: 30.11.2026 12:00" in bad.text
    reply = await h.send(rak.office, "25.11.2026 12:00")
    assert "Terminfindung, offen" in reply.text
    await h.press_label(rak.office, reply.last, "In der Gruppe starten")
    ballot = h.emu.last_message(rak.group.id)
    assert data_of(ballot)[0] == "v:1:p"

    for forged in ("v:1:c1", "v:1:d4y", "v:1:d1x", "v:1:y"):
        refused = await h.press(rak.reps[0], ballot, forged)
        assert "nicht mehr gültig" in refused.callback_answer["text"], forged
    refused = await h.press(rak.guest, ballot, "v:1:p")
    assert refused.callback_answer["text"] == "Gäste haben kein Stimmrecht."
    refused = await h.press(h.user("Fremd"), ballot, "v:1:p")
    assert "nur Mitglieder" in refused.callback_answer["text"]

    # The group button sends the ballot into the private chat.
    reply = await h.press(rak.reps[0], ballot, "v:1:p")
    assert "im privaten Chat geschickt" in reply.callback_answer["text"]
    private = h.emu.last_message(rak.reps[0].id)
    assert "1. Mi., 20.01.2027, 10:00 Uhr – noch offen" in private.text
    assert data_of(private)[:3] == ["v:1:d1y", "v:1:d1m", "v:1:d1n"]
    reply = await h.press(rak.reps[0], private, "v:1:d1y")
    assert reply.callback_answer["text"] == "Ihre Stimme: Ja: Mi., 20.01.2027, 10:00 Uhr"
    await h.press(rak.reps[0], private, "v:1:d2m")
    await h.press(rak.reps[0], private, "v:1:d1n")  # changed
    edited = rak.current(private)
    assert "1. Mi., 20.01.2027, 10:00 Uhr – Nein" in edited.text
    assert "2. Mi., 27.01.2027, 14:00 Uhr – Vielleicht" in edited.text
    # Without a private chat, Telegram is asked to open the bot with a start parameter.
    h.emu.block(rak.deputies[0])
    reply = await h.press(rak.deputies[0], ballot, "v:1:p")
    assert reply.callback_answer["url"] == f"https://t.me/{h.emu.bot_user.username}?start=b1"
    linked = await h.send(rak.reps[1], "/start b1")
    assert "Bitte für jeden Termin angeben" in linked.text
    for index in range(1, 6):
        await h.press(rak.reps[index], linked.last, "v:1:d2y")
        await h.press(rak.reps[index], linked.last, "v:1:d3" + ("m" if index < 3 else "y"))

    await h.travel(timedelta(seconds=3))
    live = rak.current(ballot)
    assert "⭐ 2. Mi., 27.01.2027, 14:00 Uhr: 5 Ja, 1 Vielleicht, 0 Nein" in live.text
    # Each voter left one date open: listed apart from those who have not voted at all.
    names = [name for _id, name in rak.institutions]
    assert live.text.endswith("Noch nicht alles beantwortet: " + ", ".join(names[:6]))
    assert "Noch nicht abgestimmt: " + ", ".join(names[6:]) in live.text
    assert "Bester Termin bisher: Mi., 27.01.2027, 14:00 Uhr" in live.text
    assert (
        "• Agentur für Arbeit Magdeburg: Vielleicht: Nr. 2; Nein: Nr. 1 – Rep0 Vertreter"
        in live.text
    )
    await h.travel(timedelta(days=3))
    line = (
        "Bester Termin: Mi., 27.01.2027, 14:00 Uhr – 5 Ja, 1 Vielleicht, 0 Nein; "
        "6 von 8 Institutionen haben geantwortet"
    )
    assert result_messages(rak)[-1].endswith(line)
    text = await minutes(rak, 1)
    assert f"**Ergebnis:** {line}" in text
    assert "- 03.02.2027 (ganztägig): 3 Ja, 2 Vielleicht, 0 Nein" in text
    closed_card = rak.current(ballot).text
    assert (
        "Bester Termin: Mi., 27.01.2027, 14:00 Uhr" in closed_card and "bisher" not in closed_card
    )


async def add_proposals(rak: Rak, titles: list[tuple[str, int | None]]) -> list[int]:
    """Open proposals; the int is the index of the applicant institution (or None)."""
    rt = rak.h.runtime

    async def work(session: AsyncSession) -> list[int]:
        ids = []
        for title, applicant in titles:
            proposal = Proposal(
                committee_id=rt.committee_id,
                title=title,
                funding_area="A",
                applicant_name="Träger",
                applicant_institution_id=(
                    rak.institutions[applicant][0] if applicant is not None else None
                ),
                amount_cents=5_000_000,
                created_at=rt.clock.now(),
            )
            session.add(proposal)
            await session.flush()
            ids.append(proposal.id)
        return ids

    return await rt.db.run(work)


async def test_secret_scoring_of_proposals(harness: Harness) -> None:
    h = harness
    rak = await setup_rak(h, deputies=0)
    first, second, _third = await add_proposals(
        rak, [("Jobcoaching", 3), ("Sprachkurs", None), ("Werkstatt", None)]
    )
    ballot = await rak.start_kind_ballot(
        "Bewertung mit Punkten",
        "Wettbewerbsrunde Förderbereich A",
        proposals=[f"{first}: Jobcoaching", f"{second}: Sprachkurs"],
        secret=True,
    )
    assert "1. Jobcoaching\n2. Sprachkurs" in ballot.text
    stored = await h.runtime.db.run(lambda s: s.scalar(select(Ballot.options)))
    assert stored == [
        {"key": f"p{first}", "label": "Jobcoaching", "proposal_id": first},
        {"key": f"p{second}", "label": "Sprachkurs", "proposal_id": second},
    ]
    # One option at a time; a score moves on to the next option.
    shown = await h.send(rak.reps[0], "/abstimmen")
    reply = await h.press_label(rak.reps[0], shown.last, "Nr. 1")
    private = h.emu.last_message(rak.reps[0].id)
    assert "👉 1. Jobcoaching – noch nicht bewertet" in private.text
    assert data_of(private)[:11] == [f"v:1:s1={p}" for p in range(11)]
    for forged in ("v:1:s3=5", "v:1:s1=11", "v:1:d1y", "v:1:c1"):
        refused = await h.press(rak.reps[0], private, forged)
        assert "nicht mehr gültig" in refused.callback_answer["text"], forged
    reply = await h.press(rak.reps[0], private, "v:1:s1=8")
    assert reply.callback_answer["text"] == "Ihre Stimme: Jobcoaching: 8"
    moved = rak.current(private)
    assert "👉 2. Sprachkurs – noch nicht bewertet" in moved.text
    await h.press(rak.reps[0], moved, "v:1:s2=6")
    await h.press(rak.reps[0], moved, "v:1:g1")
    await h.press(rak.reps[0], rak.current(private), "v:1:s1=9")  # changed
    assert "Erfasst ist: Jobcoaching: 9; Sprachkurs: 6" in rak.current(private).text

    # The applicant institution scores the other proposal, never its own.
    applicant = await h.send(rak.reps[3], "/abstimmen 1")
    refused = await h.press(rak.reps[3], applicant.last, "v:1:s1=10")
    assert "Antrag gestellt" in refused.callback_answer["text"]
    await h.press(rak.reps[3], applicant.last, "v:1:s2=4")
    for index, points in ((1, 5), (2, 7), (4, 7)):
        view = await h.send(rak.reps[index], "/abstimmen 1")
        await h.press(rak.reps[index], view.last, f"v:1:s1={points}")
        await h.press(rak.reps[index], view.last, "v:1:s2=8")

    await h.travel(timedelta(seconds=3))
    live = rak.current(ballot)
    # Secret: while it runs, how many took part, no points.
    assert "Abgestimmt haben 5 von 8 Institutionen." in live.text and "Ø" not in live.text
    # The applicant scored all it may: it is not listed as owing an answer.
    assert "Noch nicht alles beantwortet" not in live.text
    await h.send(rak.office, "/abstimmung_schliessen 1")
    await h.deliver()
    final = rak.current(ballot)
    assert "1. Jobcoaching: Ø 7,0 Punkte (4 Bewertungen)" in final.text
    assert "2. Sprachkurs: Ø 6,8 Punkte (5 Bewertungen)" in final.text
    line = (
        "Rangfolge nach Punkten: 1. Jobcoaching (Ø 7,0), 2. Sprachkurs (Ø 6,8); "
        "beschlussfähig (5 von 8 stimmberechtigten Institutionen)"
    )
    assert result_messages(rak)[-1].endswith(line)
    texts = [m.text for m in h.emu.messages_to(rak.group.id)]
    texts += [edit for m in h.emu.messages_to(rak.group.id) for edit in m.edits]
    assert not any("Vertreter" in text for text in texts)
    text = await minutes(rak, 1)
    assert f"**Ergebnis:** {line}" in text
    assert "- Sprachkurs: Ø 6,8 Punkte (5 Bewertungen)" in text
    assert "Rep0" not in text
    # Jobcenter (institution 3) applied for Jobcoaching: its points for it never counted.
    assert f"**Eigene Anträge nicht mitbewertet:** {rak.institutions[3][1]} (Jobcoaching)" in text
    result = await h.runtime.db.run(lambda s: s.scalar(select(Ballot.result)))
    assert result["ranking"] == [f"p{first}", f"p{second}"]
    assert result["options"][0]["total"] == 28 and result["options"][0]["count"] == 4


async def test_secret_decision_voted_in_the_private_chat(harness: Harness) -> None:
    h = harness
    rak = await setup_rak(h, deputies=0)
    ballot = await rak.start_ballot(question="Geheime Wahl der Sprecherin?", secret=True)
    shown = await h.send(rak.reps[0], "/abstimmen 1")
    assert data_of(shown.last)[:3] == ["v:1:y", "v:1:n", "v:1:a"]
    reply = await h.press(rak.reps[0], shown.last, "v:1:n")
    assert reply.callback_answer["text"] == "Ihre Stimme: Nein"
    assert "Erfasst ist: Nein" in rak.current(shown.last).text
    await h.travel(timedelta(seconds=3))
    live = rak.current(ballot)
    assert "Abgestimmt haben 1 von 8 Institutionen." in live.text
    assert "Nein" not in live.text and "Rep0" not in live.text
    guest = await h.send(rak.guest, "/abstimmen 1")
    assert guest.text == "Gäste haben kein Stimmrecht."
    stranger = await h.send(h.user("Fremd"), "/abstimmen 1")
    assert "nur Mitgliedern" in stranger.text
    unknown = await h.send(rak.reps[0], "/abstimmen 7")
    assert "gibt es nicht" in unknown.text


async def test_new_ballot_for_other_features(harness: Harness) -> None:
    """The programmatic entry point: a score ballot over proposals, with reminders planned;
    combinations the rules do not allow are refused."""
    h = harness
    rak = await setup_rak(h, deputies=0)
    first, second = await add_proposals(rak, [("Jobcoaching", 3), ("Sprachkurs", None)])
    rt = h.runtime
    closes_at = rt.clock.now() + timedelta(days=3)
    options = [
        {"key": f"p{pid}", "label": title, "proposal_id": pid}
        for pid, title in ((first, "Jobcoaching"), (second, "Sprachkurs"))
    ]

    async def create(session: AsyncSession, **overrides: object) -> Ballot:
        committee = await session.get_one(Committee, rt.committee_id)
        values: dict[str, Any] = {
            "kind": BallotKind.SCORE,
            "question": "Wettbewerbsrunde A",
            "options": options,
            "secret": False,
            "written": False,
            "closes_at": closes_at,
            "member_id": None,
            "now": rt.clock.now(),
        }
        values.update(overrides)
        return await new_ballot(session, committee, **values)

    ballot = await rt.db.run(create)
    assert (ballot.kind, ballot.options, ballot.status) == ("score", options, "open")
    for bad in (
        {"written": True},
        {"options": options[:1]},
        {"max_choices": 2},
        {"kind": BallotKind.DECISION},
    ):
        with pytest.raises(BallotSetupError):
            await rt.db.run(lambda s, bad=bad: create(s, **bad))
    due = await rt.db.run(
        lambda s: s.scalars(select(Outbox.kind).where(Outbox.ballot_id == ballot.id))
    )
    assert sorted(due) == ["ballot_deadline", "ballot_reminder", "ballot_reminder"]


async def test_scoring_owed_answers_reminded_and_closing_when_all_scored(
    harness: Harness,
) -> None:
    """An institution that scored one of two proposals is listed and reminded apart from those
    that did not vote; the applicant institution is done without its own proposal, so the
    ballot closes once the last open score comes in."""
    h = harness
    rak = await setup_rak(h, deputies=0)
    first, second = await add_proposals(rak, [("Jobcoaching", 3), ("Sprachkurs", None)])
    ballot = await rak.start_kind_ballot(
        "Bewertung mit Punkten",
        "Wettbewerbsrunde Förderbereich A",
        proposals=[f"{first}: Jobcoaching", f"{second}: Sprachkurs"],
        close_when_all_voted=True,
    )
    views = {}
    for index in range(7):
        views[index] = (await h.send(rak.reps[index], "/abstimmen 1")).last
        if index != 3:
            await h.press(rak.reps[index], views[index], "v:1:s1=5")
        if index != 0:
            await h.press(rak.reps[index], views[index], "v:1:s2=7")
    await h.travel(timedelta(seconds=3))
    names = [name for _id, name in rak.institutions]
    live = rak.current(ballot)
    assert "• Jobcenter Börde: Nr. 2: 7 – Rep3 Vertreter" in live.text
    assert f"Noch nicht abgestimmt: {names[7]}" in live.text
    assert f"Noch nicht alles beantwortet: {names[0]}" in live.text
    # The 24-hour reminder before the deadline (25.11.2026 12:00).
    await h.travel(timedelta(days=1, hours=3))
    await h.deliver()
    reminder = [m.text for m in h.emu.messages_to(rak.group.id) if "Erinnerung" in m.text]
    assert reminder == [
        "⏰ Erinnerung: Abstimmung Nr. 1 endet Mi., 25.11.2026, 12:00 Uhr.\n"
        f"Noch nicht abgestimmt: {names[7]}\nNoch nicht alles beantwortet: {names[0]}"
    ]
    private = h.emu.last_message(rak.reps[0].id).text
    assert "hat bei Abstimmung Nr. 1 „Wettbewerbsrunde Förderbereich A“ noch nicht alles" in private
    assert "noch nicht abgestimmt" in h.emu.last_message(rak.reps[7].id).text
    assert not any("Erinnerung" in m.text for m in h.emu.messages_to(rak.reps[3].id))
    # Only when the last owed answer comes in does the ballot close.
    last = (await h.send(rak.reps[7], "/abstimmen 1")).last
    await h.press(rak.reps[7], last, "v:1:s1=6")
    await h.press(rak.reps[7], last, "v:1:s2=6")
    await h.deliver()
    assert result_messages(rak) == []
    # A changed vote (rep0 adds the missing score) completes it: the ballot closes at once.
    await h.press(rak.reps[0], views[0], "v:1:s2=9")
    await h.deliver()
    assert [line.splitlines()[-1] for line in result_messages(rak)] == [
        "Rangfolge nach Punkten: 1. Sprachkurs (Ø 7,1), 2. Jobcoaching (Ø 5,1); "
        "beschlussfähig (8 von 8 stimmberechtigten Institutionen)"
    ]


async def test_scoring_ends_without_an_institution_that_applied_for_everything(
    harness: Harness,
) -> None:
    h = harness
    rak = await setup_rak(h, deputies=0)
    first, second = await add_proposals(rak, [("Jobcoaching", 3), ("Werkstatt", 3)])
    ballot = await rak.start_kind_ballot(
        "Bewertung mit Punkten",
        "Runde B",
        proposals=[f"{first}: Jobcoaching", f"{second}: Werkstatt"],
        close_when_all_voted=True,
    )
    for index in (0, 1, 2, 4, 5, 6, 7):
        view = (await h.send(rak.reps[index], "/abstimmen 1")).last
        await h.press(rak.reps[index], view, "v:1:s1=6")
        if index != 7:
            await h.press(rak.reps[index], view, "v:1:s2=4")
    await h.travel(timedelta(seconds=3))
    live = rak.current(ballot).text
    names = [name for _id, name in rak.institutions]
    assert "Noch nicht abgestimmt" not in live and names[3] not in live.split("Stand:")[1]
    assert live.endswith(f"Noch nicht alles beantwortet: {names[7]}")
    view = (await h.send(rak.reps[7], "/abstimmen 1")).last
    await h.press(rak.reps[7], view, "v:1:s2=5")
    await h.deliver()
    assert len(result_messages(rak)) == 1


async def test_date_poll_dates_in_the_readers_language(harness: Harness) -> None:
    """The group reads German dates; a member whose Telegram speaks English reads English ones
    in the private chat, in the answer to a press and in the confirmation."""
    h = harness
    rak = await setup_rak(h, deputies=0)
    ballot = await rak.start_kind_ballot(
        "Terminfindung", "Klausur 2027", options="20.01.2027 10 Uhr, 3. Februar 2027"
    )
    assert (
        "1. Mi., 20.01.2027, 10:00 Uhr" in ballot.text and "03.02.2027 (ganztägig)" in ballot.text
    )
    emma = dataclasses.replace(rak.reps[6], language_code="en")
    shown = await h.send(emma, "/abstimmen 1")
    assert "1. Wed, 20 Jan 2027, 10:00" in shown.text and "3 Feb 2027 (all day)" in shown.text
    pressed = await h.press(emma, shown.last, "v:1:d1y")
    assert pressed.callback_answer["text"] == "Your vote: Yes: Wed, 20 Jan 2027, 10:00"
    await h.travel(timedelta(seconds=3))
    assert "Mi., 20.01.2027, 10:00 Uhr" in rak.current(ballot).text

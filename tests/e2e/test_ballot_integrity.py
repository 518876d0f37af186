"""Messages match the state, the audit log names automatic closing, examples lie in the
future, a press cannot reach another ballot than its message's, and a written procedure can
start although an institution has nobody to answer."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import AuditEntry, BallotVote, Member
from tests.e2e.ballot_setup import setup_rak
from tests.e2e.harness import Harness
from tests.e2e.test_ballots import result_messages


async def test_automatic_closing_is_named_and_the_last_voter_told(harness: Harness) -> None:
    h = harness
    rak = await setup_rak(h, deputies=0)
    ballot = await rak.start_ballot(question="Jahresbericht?", close_when_all_voted=True)
    for rep in rak.reps[:7]:
        await h.press(rep, ballot, "v:1:y")
    assert "bis zum Ende der Abstimmung ändern" in h.emu.last_message(rak.reps[0].id).text
    await h.press(rak.reps[7], ballot, "v:1:n")
    told = h.emu.last_message(rak.reps[7].id).text
    assert "Damit haben alle abgestimmt: Die Abstimmung ist geschlossen." in told
    assert "ändern" not in told
    second = await rak.start_ballot(question="Klausur?")
    await h.press(rak.reps[0], second, "v:2:y")
    await h.travel(timedelta(days=3))  # the deadline closes ballot 2

    actors = await h.runtime.db.run(
        lambda s: s.scalars(
            select(AuditEntry.actor_member_id).where(AuditEntry.action == "ballot.closed")
        )
    )
    assert list(actors) == [None, None]
    log = (await h.send(rak.office, "/protokoll")).text
    assert (
        "Abstimmung automatisch geschlossen (alle haben abgestimmt) – Abstimmung Nr. 1 "
        "(automatisch)" in log
    )
    assert "Abstimmung automatisch geschlossen (Frist abgelaufen)" in log
    closing = [line for line in log.splitlines() if "automatisch geschlossen" in line]
    assert closing and all(line.endswith("(automatisch)") for line in closing)
    assert not any("Rep7" in line for line in closing)


async def test_example_dates_come_from_the_clock(harness: Harness) -> None:
    h = harness
    rak = await setup_rak(h, deputies=0)
    await h.travel(timedelta(days=60))  # 22.01.2027
    reply = await h.send(rak.office, "/abstimmung_neu")
    reply = await h.press_label(rak.office, reply.last, "Terminfindung")
    reply = await h.send(rak.office, "Termin der Klausur")
    assert "z. B.: 05.02.2027 10 Uhr, 12.02.2027 14 Uhr, 19. Februar" in reply.text
    wrong = await h.send(rak.office, "irgendwann")
    assert "Bitte Termine so: 05.02.2027 10 Uhr, 12.02.2027 14 Uhr, 19. Februar" in wrong.text
    reply = await h.send(rak.office, "05.02.2027 10 Uhr, 12.02.2027 14 Uhr, 19. Februar")
    assert "Verstanden" in reply.text
    reply = await h.press_label(rak.office, reply.last, "Offen")
    assert "Zum Beispiel: 29.01.2027 12:00 oder morgen 18 Uhr" in reply.text
    wrong = await h.send(rak.office, "31.02.2027 12:00")
    assert "Bitte so: 29.01.2027 12:00, morgen 18 Uhr" in wrong.text
    reply = await h.send(rak.office, "29.01.2027 12:00")
    assert "Bitte prüfen" in reply.text


async def test_a_press_names_the_ballot_of_its_message(harness: Harness) -> None:
    h = harness
    rak = await setup_rak(h, deputies=0)
    first = await rak.start_ballot(question="Erste Frage?")
    await rak.start_ballot(question="Zweite Frage?")
    for code in ("v:2:y", "v:2:b", "v:2:x", "v:2:p"):
        refused = await h.press(rak.reps[0], first, code)
        assert "nicht mehr gültig" in refused.callback_answer["text"], code
    refused = await h.press(rak.office, first, "v:2:x")
    assert "nicht mehr gültig" in refused.callback_answer["text"]
    view = await h.send(rak.reps[1], "/abstimmen 1")
    refused = await h.press(rak.reps[1], view.last, "v:2:n")
    assert "nicht mehr gültig" in refused.callback_answer["text"]
    votes = await h.runtime.db.run(lambda s: s.scalars(select(BallotVote)))
    assert list(votes) == []
    accepted = await h.press(rak.reps[1], view.last, "v:1:n")
    assert accepted.callback_answer["text"] == "Ihre Stimme: Nein"


async def test_written_procedure_does_not_wait_for_an_institution_nobody_can_answer_for(
    harness: Harness,
) -> None:
    h = harness
    rak = await setup_rak(h, deputies=0)
    vacant = rak.institutions[7][1]

    async def vacate(session: AsyncSession) -> None:
        await session.execute(
            update(Member)
            .where(Member.telegram_user_id == rak.reps[7].id)
            .values(active=False, deactivated_at=h.clock.now())
        )

    await h.runtime.db.run(vacate)
    ballot = await rak.start_ballot(question="Beschluss im Umlauf?", written=True)
    assert f"Nicht gefragt (niemand im Verzeichnis, der antworten kann): {vacant}" in ballot.text
    assert vacant not in ballot.text.split("Zustimmung fehlt noch: ")[1].split("\n")[0]
    for rep in rak.reps[:7]:
        await h.press(rep, ballot, "v:1:k")
    await h.travel(timedelta(seconds=3))
    live = rak.current(ballot)
    assert [d for row in live.buttons() for _, d in row][:3] == ["v:1:y", "v:1:n", "v:1:a"]
    for rep in rak.reps[:5]:
        await h.press(rep, ballot, "v:1:y")
    await h.travel(timedelta(days=3))
    assert result_messages(rak)[-1].endswith(
        "Angenommen – 5 Ja, 0 Nein, 3 Enthaltungen; beschlussfähig (8 von 8 stimmberechtigten "
        "Institutionen); 3 Institutionen ohne Stimmabgabe als Enthaltung gewertet"
    )

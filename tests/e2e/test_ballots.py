"""Decision ballots end to end: votes, precedence, conflicts, quorum, tie, closing, secrecy."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from rakbot.sandbox.faults import FaultRule
from rakbot.services.vote_export import votes_csv
from storage.models import AuditEntry, Ballot, BallotVote, Proposal
from tests.e2e.ballot_setup import Rak, setup_rak
from tests.e2e.harness import Harness

EXAMPLE = (
    "Angenommen – 5 Ja, 1 Nein, 1 Enthaltung; beschlussfähig (7 von 7 stimmberechtigten "
    "Institutionen; 1 befangen: Jobcenter Börde)"
)


async def add_proposal(rak: Rak, *, applicant_index: int | None) -> int:
    rt = rak.h.runtime

    async def work(session: AsyncSession) -> int:
        proposal = Proposal(
            committee_id=rt.committee_id,
            title="Jobcoaching Börde",
            funding_area="A",
            applicant_name="Jobcenter Börde",
            applicant_institution_id=(
                rak.institutions[applicant_index][0] if applicant_index is not None else None
            ),
            amount_cents=12_500_000,
            created_at=rt.clock.now(),
        )
        session.add(proposal)
        await session.flush()
        return proposal.id

    return await rt.db.run(work)


def result_messages(rak: Rak) -> list[str]:
    return [m.text for m in rak.h.emu.messages_to(rak.group.id) if m.text.startswith("Ergebnis")]


async def count(rak: Rak, action: str) -> int:
    return int(
        await rak.h.runtime.db.run(
            lambda s: s.scalar(select(func.count(AuditEntry.id)).where(AuditEntry.action == action))
        )
    )


async def test_decision_with_deputies_conflict_and_deadline(harness: Harness) -> None:
    h = harness
    rak = await setup_rak(h)
    proposal_id = await add_proposal(rak, applicant_index=3)
    ballot = await rak.start_ballot(proposal_label=f"Antrag Nr. {proposal_id}")
    assert "Befangen (stimmen nicht mit): Jobcenter Börde" in ballot.text
    assert [d for row in ballot.buttons() for _, d in row][:3] == ["v:1:y", "v:1:n", "v:1:a"]

    refused = await h.press(rak.reps[3], ballot, "v:1:y")
    assert "befangen" in refused.callback_answer["text"]
    refused = await h.press(rak.guest, ballot, "v:1:y")
    assert "Gäste" in refused.callback_answer["text"]
    refused = await h.press(h.user("Fremd"), ballot, "v:1:y")
    assert "nur Mitglieder" in refused.callback_answer["text"]
    for forged in ("v:1:z", "v:99:y", "v:x:y", "v:1"):
        reply = await h.press(rak.reps[0], ballot, forged)
        assert "nicht mehr gültig" in reply.callback_answer["text"]
    assert await count(rak, "ballot.vote_cast") == 0

    await h.press(rak.deputies[0], ballot, "v:1:n")
    reply = await h.press(rak.reps[0], ballot, "v:1:y")
    assert reply.callback_answer["text"] == (
        "Ihre Stimme: Ja – Sie ersetzt die Stimme von Dep0 Stellvertreter (Stellvertretung)."
    )
    await h.press(rak.deputies[1], ballot, "v:1:y")
    for index, option in ((2, "y"), (4, "n"), (4, "y"), (5, "y"), (6, "n")):
        await h.press(rak.reps[index], ballot, f"v:1:{option}")
    confirmation = h.emu.last_message(rak.reps[0].id).text
    assert "Ich habe Ihre Stimme erfasst: Ja" in confirmation

    await h.travel(timedelta(seconds=3))
    live = rak.current(ballot)
    assert "Stand: 5 Ja, 1 Nein, 0 Enthaltungen" in live.text
    assert "Dep1 Stellvertreter (Stellv.)" in live.text
    assert "Rep0 Vertreter" in live.text and "Dep0" not in live.text
    assert "Noch nicht abgestimmt: Landkreis Börde – Gleichstellungsbeauftragte" in live.text

    await h.press(rak.reps[7], ballot, "v:1:a")
    await h.travel(timedelta(days=3))
    assert result_messages(rak) == [
        "Ergebnis der Abstimmung Nr. 1\n"
        f"Soll der Antrag Nr. {proposal_id} „Jobcoaching Börde“ gefördert werden?\n{EXAMPLE}"
    ]
    final = rak.current(ballot)
    assert EXAMPLE in final.text and not final.buttons()
    late = await h.press(rak.reps[1], ballot, "v:1:n")
    assert "bereits geschlossen" in late.callback_answer["text"]
    assert await count(rak, "ballot.vote_cast") == 8
    assert await count(rak, "ballot.vote_changed") == 1
    assert await count(rak, "ballot.closed") == 1
    status = await h.runtime.db.run(lambda s: s.scalar(select(Proposal.status)))
    assert status == "approved"
    archive = await h.send(rak.reps[0], "/ergebnisse")
    assert EXAMPLE in archive.text


async def test_quorum_failure_tie_and_early_close(harness: Harness) -> None:
    h = harness
    rak = await setup_rak(h, deputies=0)
    ballot = await rak.start_ballot(question="Soll der RAK eine Klausur abhalten?")
    for index in range(3):
        await h.press(rak.reps[index], ballot, "v:1:y")
    refused = await h.press(rak.reps[0], ballot, "v:1:x")
    assert "Regionale Koordination" in refused.callback_answer["text"]
    await h.press(rak.office, ballot, "v:1:x")
    await h.deliver()
    assert result_messages(rak)[-1].endswith(
        "Nicht beschlussfähig – nur 3 von 8 stimmberechtigten Institutionen; nötig wären 5"
    )

    tie = await rak.start_ballot(question="Soll die Sitzung verlegt werden?")
    for index in range(8):
        await h.press(rak.reps[index], tie, "v:2:" + ("y" if index < 4 else "n"))
    reply = await h.send(rak.office, "/abstimmung_schliessen 2")
    assert "geschlossen" in reply.text
    again = await h.send(rak.office, "/abstimmung_schliessen 2")
    assert "bereits geschlossen" in again.text
    await h.deliver()
    assert result_messages(rak)[-1].endswith(
        "Abgelehnt – 4 Ja, 4 Nein, 0 Enthaltungen; beschlussfähig (8 von 8 stimmberechtigten "
        "Institutionen); Stimmengleichheit gilt als Ablehnung"
    )
    # The deadline row later finds the ballot closed and sends nothing.
    await h.travel(timedelta(days=3))
    assert len(result_messages(rak)) == 2


async def test_declared_conflict_and_close_when_all_voted(harness: Harness) -> None:
    h = harness
    rak = await setup_rak(h, deputies=1)
    ballot = await rak.start_ballot(
        question="Zustimmung zum Jahresbericht?", close_when_all_voted=True
    )
    await h.press(rak.reps[1], ballot, "v:1:y")
    late = await h.press(rak.reps[1], ballot, "v:1:b")
    assert "schon abgestimmt" in late.callback_answer["text"]
    unknown = await h.send(rak.deputies[0], "/befangen 9", chat=rak.group)
    assert unknown.text == "Eine Abstimmung mit dieser Nummer gibt es nicht."
    unknown = await h.send(rak.office, "/abstimmung_schliessen 9")
    assert unknown.text == "Eine Abstimmung mit dieser Nummer gibt es nicht."
    declared = await h.send(rak.deputies[0], "/befangen 1", chat=rak.group)
    assert "Befangenheit erklärt" in declared.text
    refused = await h.press(rak.reps[0], ballot, "v:1:y")
    assert "befangen" in refused.callback_answer["text"]
    for index in range(2, 8):
        await h.press(rak.reps[index], ballot, "v:1:n" if index == 7 else "v:1:y")
    await h.deliver()
    assert result_messages(rak)[-1].endswith(
        "Angenommen – 6 Ja, 1 Nein, 0 Enthaltungen; beschlussfähig (7 von 7 stimmberechtigten "
        "Institutionen; 1 befangen: Agentur für Arbeit Magdeburg)"
    )


async def test_secret_ballot_never_reveals_names(harness: Harness) -> None:
    h = harness
    rak = await setup_rak(h)
    ballot = await rak.start_ballot(question="Wahl der Sprecherin?", secret=True)
    for index, user in enumerate([*rak.reps, *rak.deputies]):
        await h.press(user, ballot, "v:1:" + "yna"[index % 3])
        await h.travel(timedelta(seconds=3))
    await h.travel(timedelta(days=3))
    texts = [m.text for m in h.emu.messages_to(rak.group.id)]
    texts += [edit for m in h.emu.messages_to(rak.group.id) for edit in m.edits]
    assert any("Geheime Abstimmung" in text for text in texts)
    for text in texts:
        assert "Vertreter" not in text and "Stellvertreter" not in text
    assert h.emu.last_message(rak.group.id).text.startswith("Ergebnis")


async def test_deadline_close_after_restart_and_reminders(harness: Harness) -> None:
    h = harness
    rak = await setup_rak(h, deputies=0)
    ballot = await rak.start_ballot(
        question="Budget für 2027 bestätigen?", deadline="26.11.2026 12:00"
    )
    for index in range(6):
        await h.press(rak.reps[index], ballot, "v:1:y")
    await h.restart()
    await h.travel(timedelta(days=2, hours=3, minutes=30))  # 24 h before the deadline
    group = [m.text for m in h.emu.messages_to(rak.group.id)]
    assert any(
        "Erinnerung" in text and "Landkreis Börde – Gleichstellungsbeauftragte" in text
        for text in group
    )
    assert "noch nicht abgestimmt" in h.emu.last_message(rak.reps[7].id).text
    assert not any("Erinnerung" in m.text for m in h.emu.messages_to(rak.reps[0].id))
    await h.restart()
    await h.travel(timedelta(days=1))
    await h.deliver()
    assert len(result_messages(rak)) == 1
    assert result_messages(rak)[0].endswith(
        "Angenommen – 6 Ja, 0 Nein, 0 Enthaltungen; beschlussfähig (6 von 8 stimmberechtigten "
        "Institutions)".replace("Institutions", "Institutionen")
    )
    status = await h.runtime.db.run(lambda s: s.scalar(select(Ballot.status)))
    assert status == "closed"
    assert await h.runtime.db.run(lambda s: s.scalar(select(func.count(BallotVote.id)))) == 6


async def test_export_votes_csv_keeps_secret_ballots_anonymous(harness: Harness) -> None:
    h = harness
    rak = await setup_rak(h, deputies=0)
    open_ballot = await rak.start_ballot(question="Offene Frage?")
    await h.press(rak.reps[0], open_ballot, "v:1:y")
    secret = await rak.start_ballot(question="Geheime Frage?", secret=True)
    await h.press(rak.reps[1], secret, "v:2:n")
    exported = await votes_csv(h.runtime.db)
    assert exported.startswith("\ufeff")  # for Excel
    rows = list(csv.DictReader(io.StringIO(exported.removeprefix("\ufeff")), delimiter=";"))
    assert [(r["Abstimmung Nr."], r["Mitglied"], r["Auswahl"]) for r in rows] == [
        ("1", "Rep0 Vertreter", "Ja"),
        ("2", "", "geheim"),
    ]


async def test_minutes_of_a_closed_ballot(harness: Harness) -> None:
    h = harness
    rak = await setup_rak(h, deputies=0)
    proposal_id = await add_proposal(rak, applicant_index=3)
    ballot = await rak.start_ballot(proposal_label=f"Antrag Nr. {proposal_id}")
    for index in (0, 1, 2, 4, 5):
        await h.press(rak.reps[index], ballot, "v:1:y")
    await h.press(rak.reps[6], ballot, "v:1:n")
    await h.press(rak.reps[7], ballot, "v:1:a")
    await h.send(rak.office, "/abstimmung_schliessen 1")
    await h.deliver()  # the result goes out through the outbox; let it finish first
    reply = await h.send(rak.office, "/niederschrift 1")
    documents = [m for m in reply.messages if m.kind == "document"]
    assert [m.filename for m in documents] == ["niederschrift-abstimmung-1.md"]
    assert documents[0].document is not None
    text = documents[0].document.decode()
    assert text.startswith("# Niederschrift – ")
    assert "- Industrie- und Handelskammer Magdeburg: Rep2 Vertreter" in text
    assert "## TOP 1: Abstimmung Nr. 1" in text
    assert f"**Ergebnis:** {EXAMPLE}" in text
    assert "**Befangen (nicht mitgestimmt):** Jobcenter Börde" in text
    refused = await h.send(rak.reps[0], "/niederschrift 1")
    assert "Regionale Koordination" in refused.text


async def test_vote_stands_when_the_private_confirmation_fails(harness: Harness) -> None:
    h = harness
    rak = await setup_rak(h)
    ballot = await rak.start_ballot(question="Haushalt 2027 beschließen?")
    voter = rak.reps[0]
    for kind in ("500", "timeout"):
        h.emu.add_fault(FaultRule(kind, method="sendMessage", chat_id=voter.id, times=5))
        option = "v:1:y" if kind == "500" else "v:1:n"
        reply = await h.press(voter, ballot, option)
        assert reply.callback_answer is not None
        assert reply.callback_answer["text"].startswith("Ihre Stimme: "), kind
        h.emu.clear_faults()
    stored = await h.runtime.db.run(lambda s: s.scalar(select(BallotVote.choice)))
    assert stored == {"value": "no"}
    assert await count(rak, "ballot.vote_cast") + await count(rak, "ballot.vote_changed") == 2

""" "Befangen erklären" asks first, in the private chat, and can be taken back while the ballot
runs; both are in the audit log."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from storage.models import AuditEntry, Conflict, Member
from tests.e2e.ballot_setup import setup_rak
from tests.e2e.harness import Harness


async def audit_of(h: Harness, action: str) -> list[str]:
    """Display names of the actors of `action`, oldest first."""
    rows = await h.runtime.db.run(
        lambda s: s.scalars(
            select(Member.display_name)
            .join(AuditEntry, AuditEntry.actor_member_id == Member.id)
            .where(AuditEntry.action == action)
            .order_by(AuditEntry.id)
        )
    )
    return list(rows)


async def conflicts(h: Harness) -> int:
    return len(list(await h.runtime.db.run(lambda s: s.scalars(select(Conflict)))))


async def test_conflict_is_confirmed_first_and_can_be_withdrawn(harness: Harness) -> None:
    h = harness
    rak = await setup_rak(h, deputies=1)
    institution = rak.institutions[0][1]
    ballot = await rak.start_ballot(question="Förderung des Projekts X?")
    asked = await h.press(rak.deputies[0], ballot, "v:1:b")
    assert asked.callback_answer["text"] == "Bitte bestätigen Sie im privaten Chat."
    question = h.emu.last_message(rak.deputies[0].id)
    assert question.text.startswith("Befangenheit bei Abstimmung Nr. 1 „Förderung des Projekts")
    assert await conflicts(h) == 0
    cancelled = await h.press_label(rak.deputies[0], question, "Abbrechen")
    assert "Nicht erklärt" in rak.current(question).text and not cancelled.messages
    assert await conflicts(h) == 0

    await h.press(rak.deputies[0], ballot, "v:1:b")
    question = h.emu.last_message(rak.deputies[0].id)
    await h.press_label(rak.deputies[0], question, "Ja, befangen")
    confirmed = rak.current(question)
    assert confirmed.text.startswith("Befangenheit erklärt.")
    assert await conflicts(h) == 1
    await h.travel(timedelta(seconds=3))
    assert f"Befangen (stimmen nicht mit): {institution}" in rak.current(ballot).text
    refused = await h.press(rak.reps[0], ballot, "v:1:y")
    assert "befangen" in refused.callback_answer["text"]
    # The representative sees the declaration in the private chat and may take it back.
    view = await h.send(rak.reps[0], "/abstimmen 1")
    assert "zurücknehmen" in view.text
    await h.press_label(rak.reps[0], view.last, "Befangenheit zurücknehmen")
    assert rak.current(view.last).text.startswith("Befangenheit zurückgenommen.")
    assert await conflicts(h) == 0
    await h.travel(timedelta(seconds=3))
    assert "Befangen (stimmen nicht mit)" not in rak.current(ballot).text
    voted = await h.press(rak.reps[0], ballot, "v:1:y")
    assert voted.callback_answer["text"] == "Ihre Stimme: Ja"
    late = await h.press(rak.deputies[0], ballot, "v:1:b")
    assert "schon abgestimmt" in late.callback_answer["text"]
    again = await h.press(rak.deputies[0], confirmed, "v:1:bw")
    assert "nicht befangen" in again.callback_answer["text"]
    assert await audit_of(h, "ballot.conflict") == ["Dep0 Stellvertreter"]
    assert await audit_of(h, "ballot.conflict_withdrawn") == ["Rep0 Vertreter"]


async def test_no_withdrawal_after_closing(harness: Harness) -> None:
    h = harness
    rak = await setup_rak(h, deputies=0)
    ballot = await rak.start_ballot(question="Förderung des Projekts Y?")
    await h.press(rak.reps[1], ballot, "v:1:b")
    question = h.emu.last_message(rak.reps[1].id)
    await h.press_label(rak.reps[1], question, "Ja, befangen")
    confirmed = rak.current(question)
    await h.press(rak.office, ballot, "v:1:x")
    await h.deliver()
    late = await h.press(rak.reps[1], confirmed, "v:1:bw")
    assert "bereits geschlossen" in late.callback_answer["text"]
    assert await conflicts(h) == 1
    assert await audit_of(h, "ballot.conflict_withdrawn") == []

"""/antrag_neu and /antraege end to end."""

from __future__ import annotations

from sqlalchemy import select

from storage.models import AuditEntry, Proposal
from tests.e2e.ballot_setup import setup_rak
from tests.e2e.harness import Harness


async def test_new_proposal_dialog_with_german_amount(harness: Harness) -> None:
    h = harness
    rak = await setup_rak(h)
    office = rak.office
    reply = await h.send(office, "/antrag_neu")
    assert "Titel" in reply.text
    reply = await h.send(office, "Jobcoaching Börde 2027")
    reply = await h.press_label(office, reply.last, "C")
    assert "Organisation" in reply.text
    reply = await h.send(office, "Jobcenter Börde")
    reply = await h.press_label(office, reply.last, "Jobcenter Börde")
    assert "Betrag" in reply.text
    reply = await h.send(office, "125 T€")
    assert "125.000 €" in reply.text and "ausschreiben" in reply.text
    reply = await h.send(office, "1.5")
    assert "nicht eindeutig" in reply.text
    reply = await h.send(office, "125.000,50 €")
    assert "Laufzeit" in reply.text
    for wrong, hint in (
        ("1.000.000.000 €", "Das sieht nach einem Betrag aus"),
        ("01.01.2027–31.12.2026", "Das Ende liegt vor dem Beginn."),
        ("31.02.2027–31.12.2028", "Dieses Datum gibt es nicht im Kalender."),
    ):
        refused = await h.send(office, wrong)
        assert refused.text.startswith(hint), wrong
    reply = await h.send(office, "24 Monate")
    reply = await h.send(office, "Coaching für Langzeitarbeitslose <b>& Familien</b>")
    assert "125.000,50 €" in reply.text
    assert "&lt;b&gt;" in reply.last.raw_text or "<b>&" not in reply.last.text
    reply = await h.press_label(office, reply.last, "Speichern")
    assert "gespeichert" in reply.text or "gespeichert" in h.emu.messages[-1].text

    rt = h.runtime

    async def load(session):  # type: ignore[no-untyped-def]
        proposal = await session.scalar(select(Proposal))
        audit = await session.scalar(
            select(AuditEntry).where(AuditEntry.action == "proposal.created")
        )
        return proposal, audit

    proposal, audit = await rt.db.run(load)
    assert proposal.amount_cents == 12_500_050
    assert proposal.funding_area == "C"
    assert proposal.applicant_institution_id == rak.institutions[3][0]
    assert audit is not None

    member = rak.reps[0]
    listing = await h.send(member, "/antraege")
    assert "Förderbereich C" in listing.text and "Jobcoaching Börde 2027" in listing.text
    detail = await h.press_label(member, listing.last, f"Nr. {proposal.id}")
    assert "Jobcenter Börde (befangen)" in detail.text
    assert "24 Monate" in detail.text


async def test_proposals_are_refused_to_non_members_and_forged_buttons(harness: Harness) -> None:
    h = harness
    rak = await setup_rak(h)
    stranger = h.user("Fremd")
    reply = await h.send(stranger, "/antraege")
    assert "nur Mitgliedern" in reply.text
    reply = await h.send(rak.reps[0], "/antrag_neu")
    assert "Regionale Koordination" in reply.text
    listing = await h.send(rak.reps[0], "/antraege")
    forged = await h.press(rak.reps[0], listing.last, "pd:999")
    assert forged.callback_answer is not None
    assert "nicht (mehr)" in forged.callback_answer["text"]

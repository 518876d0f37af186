"""Representatives and deputies are told what counts for their institution; a deputy's press
after the representative voted is refused; the record names the person whose vote counted;
the meeting card's "my deputy comes" is no role name."""

from __future__ import annotations

from sqlalchemy import select

from storage.models import BallotVote
from tests.e2e import meeting_setup
from tests.e2e.ballot_setup import setup_rak
from tests.e2e.harness import Harness

REP_COUNTS = "Für Ihre Institution zählt die Stimme von Rep0 Vertreter (Vertretung)"
DEPUTY_COUNTS = "Für Ihre Institution zählt die Stimme von Dep0 Stellvertreter (Stellvertretung)"


def data_of(message) -> list[str]:  # type: ignore[no-untyped-def]
    return [data for row in message.buttons() for _label, data in row if data]


async def test_deputy_and_representative_see_what_counts(harness: Harness) -> None:
    h = harness
    rak = await setup_rak(h, deputies=2)
    ballot = await rak.start_ballot(question="Zustimmung zum Jahresbericht?")
    rep, deputy = rak.reps[0], rak.deputies[0]

    reply = await h.press(deputy, ballot, "v:1:n")
    assert reply.callback_answer["text"].startswith(
        "Ihre Stimme: Nein – Ihre Stimme zählt für Ihre Institution, solange die Vertretung"
    )
    assert "solange die Vertretung Ihrer Institution nicht selbst abstimmt" in (
        h.emu.last_message(deputy.id).text
    )
    view = await h.send(rep, "/abstimmen 1")
    assert f"{DEPUTY_COUNTS}: Nein. Stimmen Sie selbst ab, zählt Ihre Stimme." in view.text
    assert "Sie haben noch nicht abgestimmt" not in view.text

    reply = await h.press(rep, ballot, "v:1:y")
    assert reply.callback_answer["text"] == (
        "Ihre Stimme: Ja – Sie ersetzt die Stimme von Dep0 Stellvertreter (Stellvertretung)."
    )
    confirmation = h.emu.last_message(rep.id).text
    assert "Ihre Stimme zählt für Ihre Institution." in confirmation

    refused = await h.press(deputy, ballot, "v:1:y")
    text = refused.callback_answer["text"]
    assert refused.callback_answer["show_alert"]
    assert text.startswith(
        f"{REP_COUNTS}: Ja. Die Stimme der Vertretung geht vor; Ihre Stimme wird daher nicht "
        "mehr angenommen."
    )
    assert "erfasst" not in text
    own = await h.runtime.db.run(
        lambda s: s.scalars(select(BallotVote.choice).order_by(BallotVote.id))
    )
    assert [c["value"] for c in own] == ["no", "yes"]  # the refused press changed nothing
    view = await h.send(deputy, "/abstimmen 1")
    assert "Erfasst ist: Nein" in view.text and f"{REP_COUNTS}: Ja." in view.text
    assert "Sie können Ihre Stimme" not in view.text
    assert not any(code.endswith((":y", ":n", ":a")) for code in data_of(view.last))
    view = await h.send(rep, "/abstimmen 1")
    assert "Erfasst ist: Ja\nIhre Stimme zählt für Ihre Institution." in view.text

    # the record names the one person whose vote counted
    await h.press(rak.deputies[1], ballot, "v:1:y")
    await h.press(rak.office, ballot, "v:1:x")
    await h.deliver()
    final = rak.current(ballot).text
    assert "Rep0 Vertreter" in final and "Dep0" not in final
    assert "Dep1 Stellvertreter (Stellv.)" in final
    minutes = await h.send(rak.office, "/niederschrift 1")
    record = (minutes.last.document or b"").decode()
    assert f"- {rak.institutions[0][1]}: Rep0 Vertreter\n" in record
    assert "Dep0" not in record and f"- {rak.institutions[1][1]}: Dep1 Stellvertreter" in record


async def test_deputy_in_a_secret_ballot_is_not_told_the_choice(harness: Harness) -> None:
    h = harness
    rak = await setup_rak(h, deputies=1)
    ballot = await rak.start_ballot(question="Wahl der Sprecherin?", secret=True)
    await h.press(rak.reps[0], ballot, "v:1:n")
    refused = await h.press(rak.deputies[0], ballot, "v:1:y")
    assert refused.callback_answer["text"].startswith(f"{REP_COUNTS}; ihr Inhalt ist geheim.")
    view = await h.send(rak.deputies[0], "/abstimmen 1")
    assert f"{REP_COUNTS}; ihr Inhalt ist geheim" in view.text and "Nein" not in view.text


async def test_meeting_card_says_stellvertretung_kommt(harness: Harness) -> None:
    h = harness
    rak = await meeting_setup.setup_rak(h)
    await meeting_setup.plan_meeting(h, rak)
    card = await meeting_setup.announced_card(h, rak.group.id)
    labels = [label for row in card.buttons() for label, _data in row]
    assert "🔁 Stellvertretung kommt" in labels
    reply = await h.press_label(rak.reps[1], card, "Stellvertretung kommt")
    assert reply.callback_answer["text"] == "Gespeichert: Ihre Stellvertretung kommt."
    await h.travel(meeting_setup.CARD_SLOT)
    assert "🔁 Stellvertretung kommt" in rak_card_text(h, card)


def rak_card_text(h: Harness, card) -> str:  # type: ignore[no-untyped-def]
    return next(
        m.text
        for m in h.emu.messages
        if m.message_id == card.message_id and m.chat_id == card.chat_id
    )

"""Written procedure (Umlaufverfahren): consent first, one objection ends it, non-voters abstain."""

from __future__ import annotations

from datetime import timedelta

from tests.e2e.ballot_setup import setup_rak
from tests.e2e.harness import Harness
from tests.e2e.test_ballots import result_messages

DGB_OBJECTED = (
    "Umlaufverfahren beendet – Widerspruch von Deutscher Gewerkschaftsbund, Region "
    "Altmark-Börde-Harz; der Punkt wird in der nächsten Sitzung behandelt"
)


async def test_one_objection_ends_the_written_procedure(harness: Harness) -> None:
    h = harness
    rak = await setup_rak(h, deputies=0)
    ballot = await rak.start_ballot(question="Beschluss im Umlauf?", written=True)
    assert "Zustimmung fehlt noch" in ballot.text
    early = await h.press(rak.reps[0], ballot, "v:1:y")
    assert "zustimmen" in early.callback_answer["text"]
    await h.press(rak.reps[0], ballot, "v:1:k")
    await h.press(rak.reps[1], ballot, "v:1:o")
    await h.deliver()
    assert result_messages(rak)[-1].endswith(DGB_OBJECTED)
    late = await h.press(rak.reps[2], ballot, "v:1:k")
    assert "geschlossen" in late.callback_answer["text"]


async def test_non_voters_count_as_abstentions(harness: Harness) -> None:
    h = harness
    rak = await setup_rak(h, deputies=0)
    ballot = await rak.start_ballot(question="Umlauf mit Frist?", written=True)
    for rep in rak.reps:
        await h.press(rep, ballot, "v:1:k")
    await h.travel(timedelta(seconds=3))
    live = rak.current(ballot)
    assert [d for row in live.buttons() for _, d in row][:3] == ["v:1:y", "v:1:n", "v:1:a"]
    for index in range(4):
        await h.press(rak.reps[index], ballot, "v:1:y")
    await h.press(rak.reps[4], ballot, "v:1:n")
    await h.travel(timedelta(days=3))
    assert result_messages(rak)[-1].endswith(
        "Angenommen – 4 Ja, 1 Nein, 3 Enthaltungen; beschlussfähig (8 von 8 stimmberechtigten "
        "Institutionen); 3 Institutionen ohne Stimmabgabe als Enthaltung gewertet"
    )


async def test_consent_changed_to_an_objection_ends_it_at_once(harness: Harness) -> None:
    """The institution's earlier consent is loaded in the same unit of work that stores its
    objection: the objection is what counts."""
    h = harness
    rak = await setup_rak(h, deputies=0)
    ballot = await rak.start_ballot(question="Umlauf, erst zugestimmt?", written=True)
    await h.press(rak.reps[0], ballot, "v:1:k")
    await h.press(rak.reps[1], ballot, "v:1:k")
    await h.press(rak.reps[1], ballot, "v:1:o")
    await h.deliver()
    assert result_messages(rak)[-1].endswith(DGB_OBJECTED)

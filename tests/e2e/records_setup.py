"""A scored competition round and closed ballots, for the tests of tables and charts."""

from __future__ import annotations

from tests.e2e.ballot_setup import Rak
from tests.e2e.test_competition import add_proposal, score


async def scored_round(rak: Rak) -> None:
    """Round no. 1 (A 200.000 €, C 50.000 €) with five proposals, scored by five institutions
    and closed as ballot no. 1: A selects Nr. 1 and Nr. 3 (190.000 €), C selects Nr. 5."""
    h, office = rak.h, rak.office
    jobcenter, liga = rak.institutions[3][1], rak.institutions[4][1]
    await add_proposal(rak, "Jobcoaching Börde", "A", "120.000 €", "Bildungswerk Nord")
    await add_proposal(rak, "Ausbildung plus", "A", "90.000 €", jobcenter)
    await add_proposal(rak, "=Werkstatt 4.0", "A", "70.000 €", "Verein Ost")
    await add_proposal(rak, "Sprachbrücke", "A", "30.000 €", "Kulturverein")
    await add_proposal(rak, "Familienlotsen", "C", "40.000 €", liga)
    await h.send(office, "/runde_neu")
    await h.send(office, "Wettbewerb 2027, 1. Aufruf")
    reply = await h.send(office, "A 200.000 €\nC 50.000 €")
    await h.press_label(office, reply.last, "Anlegen")
    reply = await h.send(office, "/runde_bewerten 1 25.11.2026 12:00")
    await h.press_label(office, reply.last, "Ja")
    for rep in (0, 1, 2):
        await score(rak, rep, 1, {1: 9, 2: 8, 3: 7, 4: 5, 5: 6})
    await score(rak, 3, 1, {1: 9, 3: 7, 4: 5, 5: 6})
    await score(rak, 4, 1, {1: 9, 2: 8, 3: 7, 4: 5})
    await h.send(office, "/abstimmung_schliessen 1")
    await h.deliver()

"""CSV export through /export and import (all or nothing) for the same committee."""

from __future__ import annotations

import pytest

from rakbot.services import roster_transfer
from rakbot.services.roster_csv import HEADERS
from tests.e2e.harness import Harness
from tests.e2e.test_roster import join, make_invite

HEADER = ";".join(HEADERS)


async def test_import_rejects_bad_rows_and_round_trips(harness: Harness) -> None:
    rt = harness.runtime
    committee = rt.committee_id
    await join(harness, harness.user("Jana"), await make_invite(harness))
    before = await roster_transfer.export_csv(rt, committee)
    bad = "\n".join(
        [
            HEADER,
            "Neu Person;Gast;;nein;;;;ja",
            "Doppelt;Vertretung;Jobcenter Börde;nein;;;;ja",
            "Unbekannt;Gast;Amt für Nichts;nein;;;;ja",
        ]
    )
    with pytest.raises(roster_transfer.ImportRejected) as rejected:
        await roster_transfer.import_csv(rt, committee, bad, actor_member_id=None)
    assert [e.line for e in rejected.value.errors] == [4]
    assert await roster_transfer.export_csv(rt, committee) == before  # nothing half-imported

    good = before + "Gerd Gast;Gast;IHK Magdeburg;nein;0391 5693-0;gerd@ihk.example.de;;ja\r\n"
    good = good.replace("IHK Magdeburg", "Industrie- und Handelskammer Magdeburg")
    await roster_transfer.import_csv(rt, committee, good, actor_member_id=None)
    after = await roster_transfer.export_csv(rt, committee)
    assert after == good
    await roster_transfer.import_csv(rt, committee, after, actor_member_id=None)
    assert await roster_transfer.export_csv(rt, committee) == good  # idempotent

    coordinator = harness.coordinator()
    reply = await harness.send(coordinator, "/export")
    assert reply.last.kind == "document" and (reply.last.filename or "").endswith(".csv")
    assert (reply.last.document or b"").decode("utf-8") == good
    reply = await harness.send(harness.user("Jana"), "/export")
    assert "nur die Regionale Koordination" in reply.text

"""User-given text is shown exactly as typed, wherever the bot renders it.

A property over the text: markup-like input (`<b>`, `</a>`, `&amp;`, a lone `<`, entities) typed
into every field a person can fill in – member names, institutions, proposal titles, applicants
and descriptions, ballot questions and options, meeting places and agenda items, appointment
requests – is, after Telegram's HTML parsing (the emulator parses as Telegram does), exactly the
text typed, in every message that shows it: directories, member cards, the audit log, meeting
cards and lists, proposal details, ballot messages and results, the office's notices. A render
that forgets to escape turns `<b>` into bold, or has Telegram refuse the message, and fails here.

Each example fills every field anew through the bot in one shared committee;
RAKBOT_ESCAPE_EXAMPLES raises the number of generated examples (one per database in CI, after the
explicit one; each takes some 20 seconds, most of it Telegram's rate limit for group messages).
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from datetime import timedelta

import pytest
from hypothesis import HealthCheck, Phase, example, given, settings
from hypothesis import strategies as st

from rakbot.sandbox.models import SentMessage
from tests.e2e.ballot_setup import Rak, setup_rak
from tests.e2e.harness import COORDINATOR_ID, Harness
from tests.e2e.test_roster import join, make_invite

#: Pieces Telegram's HTML parser reacts to, and plain ones around them. No "|" (it splits an
#: institution's name from its short name), no ";" or "," next to each other where options are
#: split (options go one per line).
PIECES = ("<b>", "</b>", "</a>", '<a href="x">', "&amp;", "&lt;", "&", "<", ">", "&#60;", "ä", "1")
#: at most 51 characters: a ballot option holds 60, and the field's label comes first
markup = st.lists(st.sampled_from(PIECES), min_size=1, max_size=4).map(" ".join)

ESCAPE = settings(
    phases=(Phase.explicit, Phase.generate),
    max_examples=int(os.environ.get("RAKBOT_ESCAPE_EXAMPLES", "1")),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@dataclass
class Stage:
    """The committee every example plays in, built by the first example."""

    rak: Rak | None = None
    examples: int = 0


@pytest.fixture
def stage() -> Stage:
    """One per test and database: the examples of a run share it (and the harness)."""
    return Stage()


def _shown(message: SentMessage) -> list[str]:
    """Every text Telegram showed for this message: each version, after HTML parsing."""
    return [*message.edits, message.text]


def _ballot_id(message: SentMessage) -> int:
    data = next(d for row in message.buttons() for _, d in row if d and d.startswith("v:"))
    return int(data.split(":")[1])


async def _fill_every_field(h: Harness, rak: Rak, n: int, core: str) -> dict[str, str]:
    """Type `core` into every field a person fills in, each behind its own label, and open every
    view that shows it. Returns label → the text as typed."""
    office, typed = rak.office, {}

    def value(label: str) -> str:
        typed[f"{label}{n}"] = f"{label}{n} {core}"
        return typed[f"{label}{n}"]

    # An institution and a representative of it who joins through an invitation.
    short = f"Zq{n}x"
    await h.send(office, f"/institution_neu {value('INST')} | {short}")
    await h.send(office, "/institutionen")
    member = h.user(f"Member{n}")
    await join(h, member, await make_invite(h, "Vertretung", short), value("NAME"))
    await h.send(member, "/mitglieder")
    await h.send(member, "/mitglieder", chat=rak.group)
    reply = await h.send(office, "/mitglied")
    await h.press_label(office, reply.last, f"NAME{n}")
    await h.send(office, "/protokoll")

    # A meeting with a place and agenda items; the member answers on the group card.
    day = (20 + n) % 28 + 1
    await h.send(office, "/sitzung_neu")
    reply = await h.send(office, f"{day:02d}.02.2027 10:00")
    await h.press_label(office, reply.last, "Ja")
    await h.send(office, value("ORT"))
    await h.send(office, f"{value('TOP')}\n{value('PUNKT')}")
    await h.send(office, "12:30")
    reply = await h.send(office, "-")
    await h.press_label(office, reply.last, "Speichern")
    await h.deliver()
    card = next(
        m
        for m in reversed(h.emu.messages_to(rak.group.id))
        if f"ORT{n}" in m.text and any("Zusage" in t for row in m.buttons() for t, _ in row)
    )
    await h.press_label(member, card, "Zusage")
    await h.send(member, "/termine")
    await h.send(member, "/naechste_sitzung")

    # A proposal, its list and its details.
    await h.send(office, "/antrag_neu")
    reply = await h.send(office, value("ANTRAG"))
    reply = await h.press_label(office, reply.last, "C")
    reply = await h.send(office, value("TRAEGER"))
    reply = await h.press_label(office, reply.last, "externe Organisation")
    await h.send(office, "125.000 €")
    await h.send(office, "24 Monate")
    reply = await h.send(office, value("BESCHREIBUNG"))
    await h.press_label(office, reply.last, "Speichern")
    await h.send(member, "/antraege")
    listing = h.emu.last_message(member.id)
    details = [d for row in listing.buttons() for _, d in row if d and d.startswith("pd:")]
    await h.press(member, listing, details[-1])

    # A ballot (the question, the options and the voters in the group), closed, looked up.
    ballot = await rak.start_kind_ballot(
        "Mehrfachauswahl",
        value("FRAGE"),
        options=f"{value('OPT')}\n{value('ALT')}",
        max_choices=1,
    )
    await h.press(member, ballot, f"v:{_ballot_id(ballot)}:c1")
    await h.travel(timedelta(seconds=10))  # the live message shows the vote
    await h.send(office, f"/abstimmung_schliessen {_ballot_id(ballot)}")
    await h.deliver()
    await h.send(member, "/ergebnisse")

    # An appointment request: the applicant's summary and the office's notice.
    applicant = h.user(f"Applicant{n}")
    await h.send(applicant, "/termin_anfragen")
    await h.send(applicant, value("ANFRAGE"))
    await h.send(applicant, value("THEMA"))
    await h.send(applicant, "0391 1234567")
    summary = (await h.send(applicant, value("TAGE"))).last
    await h.press_label(applicant, summary, "Absenden")
    await h.deliver()
    return typed


async def _check(h: Harness, typed: dict[str, str]) -> dict[str, int]:
    """Every shown text that names a field's label shows the field exactly as typed; returns
    in how many texts each field was shown."""
    seen = dict.fromkeys(typed, 0)
    broken = []
    for message in h.emu.messages:
        for text in _shown(message):
            for label, wanted in typed.items():
                if not re.search(rf"\b{label}\b", text):
                    continue
                seen[label] += 1
                if wanted not in text:
                    broken.append(f"{label}: typed {wanted!r}, shown in {text!r}")
    assert not broken, "\n".join(broken[:20])
    h.emu.assert_no_violations()
    return seen


@ESCAPE
@example(core='<b>b</b> </a> &amp; < &lt;i&gt; & > &#60; <a href="x">')
@given(core=markup)
async def test_user_text_is_shown_exactly_as_typed_everywhere(
    harness: Harness, stage: Stage, core: str
) -> None:
    if stage.rak is None:
        stage.rak = await setup_rak(harness, deputies=0)
        await harness.send(harness.coordinator(), "/start")
    stage.examples += 1
    typed = await _fill_every_field(harness, stage.rak, stage.examples, core)
    seen = await _check(harness, typed)
    assert all(seen.values()), f"never shown: {[k for k, v in seen.items() if not v]}"
    group = harness.emu.messages_to(stage.rak.group.id)
    office = harness.emu.messages_to(COORDINATOR_ID)
    n = stage.examples
    for label, where in (
        (f"FRAGE{n}", group),
        (f"OPT{n}", group),
        (f"ORT{n}", group),
        (f"TOP{n}", group),
        (f"NAME{n}", group),
        (f"ANFRAGE{n}", office),
        (f"THEMA{n}", office),
    ):
        assert any(typed[label] in text for m in where for text in _shown(m)), label

"""Documents on proposals and agenda items end to end: the office attaches files three ways
(caption, answer, dialog), members get them by file_id under the proposal, in /antraege, with
/unterlagen, on the meeting's card and in the private invitation; a document is replaced (the
old version stays in the audit log) and removed; what Telegram would not let the bot fetch
again is refused; guests and applicants never get a file."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from rakbot.sandbox.models import FakeUser, SentMessage
from storage.models import AuditEntry, Document
from tests.e2e.ballot_setup import Rak, setup_rak
from tests.e2e.harness import Harness
from tests.e2e.meeting_setup import announced_card, plan_meeting_as
from tests.e2e.test_competition import add_proposal

SKETCH = b"%PDF-1.4\n% Projektskizze Jobcoaching Boerde\n" + b"0" * 2000
BUDGET = b"Kostenplan;Betrag\nPersonal;90000\n"
AGENDA = "Protokoll\nProjektanträge Runde 3\nVerschiedenes"


async def stored_documents(h: Harness) -> list[tuple[int, int | None, int | None, str, int]]:
    async def work(session: AsyncSession) -> list[tuple[int, int | None, int | None, str, int]]:
        rows = await session.execute(
            select(
                Document.id,
                Document.proposal_id,
                Document.agenda_item,
                Document.file_name,
                Document.file_size,
            ).order_by(Document.id)
        )
        return [tuple(row) for row in rows.all()]  # type: ignore[misc]

    return await h.runtime.db.run(work)


async def document_audit(h: Harness) -> list[tuple[str, dict[str, object]]]:
    async def work(session: AsyncSession) -> list[tuple[str, dict[str, object]]]:
        rows = await session.execute(
            select(AuditEntry.action, AuditEntry.details)
            .where(AuditEntry.action.like("document.%"))
            .order_by(AuditEntry.id)
        )
        return [(action, dict(details)) for action, details in rows.all()]

    return await h.runtime.db.run(work)


def files_to(h: Harness, user: FakeUser, since: int) -> list[SentMessage]:
    return [m for m in h.emu.messages[since:] if m.chat_id == user.id and m.kind == "document"]


async def test_attach_list_send_replace_and_remove(harness: Harness) -> None:
    h = harness
    rak = await setup_rak(h)
    office, rep, deputy = rak.office, rak.reps[0], rak.deputies[0]
    await add_proposal(rak, "Jobcoaching Börde", "A", "120.000 €", "Bildungswerk Nord")
    await plan_meeting_as(h, office, "20.01.2027 10:00", agenda=AGENDA)
    card = await announced_card(h, rak.group.id)
    assert "Unterlagen" not in str(card.buttons())

    # 1. the file with the command as its caption
    reply = await h.send_file(office, "Projektskizze.pdf", SKETCH, caption="/anhang 1")
    assert reply.text.startswith(
        "📎 Unterlage Nr. 1 „Projektskizze.pdf“ (2,0 KB) an Antrag Nr. 1 angehängt."
    )
    assert "/anhang ersetzen 1" in reply.text and "/anhang entfernen 1" in reply.text
    # 2. an answer to a file sent before (which alone only earns a hint)
    reply = await h.send_file(office, "Kostenplan.csv", BUDGET, mime_type="text/csv")
    assert "Antworten Sie auf die Datei mit /anhang 3" in reply.text
    file_message = h.emu.last_user_message_id(office)
    reply = await h.reply_to(office, file_message, "/anhang sitzung 1 top 2")
    assert "Unterlage Nr. 2 „Kostenplan.csv“ (33 B) an Sitzung Nr. 1, TOP 2: " in reply.text
    # 3. the command first, then the file when asked (a text in between is no file)
    reply = await h.send(office, "/anhang antrag 1")
    assert "Schicken Sie mir jetzt die Datei für Antrag Nr. 1" in reply.text
    reply = await h.send(office, "hier kommt sie")
    assert "Ich warte auf die Datei" in reply.text
    reply = await h.send_file(office, "Stellungnahme.docx", b"PK\x03\x04 docx", report_size=False)
    assert "Unterlage Nr. 3 „Stellungnahme.docx“ (9 B) an Antrag Nr. 1 angehängt." in reply.text
    assert [c.method for c in h.emu.calls if c.method == "getFile"] == ["getFile"]
    assert await stored_documents(h) == [
        (1, 1, None, "Projektskizze.pdf", len(SKETCH)),
        (2, None, 1, "Kostenplan.csv", len(BUDGET)),
        (3, 1, None, "Stellungnahme.docx", 9),
    ]

    # members: /antraege marks it, the detail view offers the files, sent by file_id
    reply = await h.send(rep, "/antraege")
    assert "Nr. 1: Jobcoaching Börde" in reply.text and "📎 2 Unterlagen" in reply.text
    detail = await h.press_label(rep, reply.last, "Nr. 1 ansehen")
    mark = len(h.emu.messages)
    pressed = await h.press_label(rep, detail.last, "📎 Unterlagen zu Nr. 1 (2)")
    assert pressed.callback_answer is not None
    assert pressed.callback_answer["text"] == "Die Unterlagen sind in Ihrem privaten Chat."
    sent = files_to(h, rep, mark)
    assert [(m.filename, m.document) for m in sent] == [
        ("Projektskizze.pdf", SKETCH),
        ("Stellungnahme.docx", b"PK\x03\x04 docx"),
    ]
    assert all(isinstance(m.payload["document"], str) for m in sent)  # by file_id, no upload
    assert sent[0].text == "Antrag Nr. 1 – Unterlage Nr. 1 (2,0 KB)"
    mark = len(h.emu.messages)
    reply = await h.send(deputy, "/unterlagen 1")
    assert reply.messages[0].text == "Unterlagen zu Antrag Nr. 1 „Jobcoaching Börde“: 2"
    assert [m.filename for m in files_to(h, deputy, mark)] == [
        "Projektskizze.pdf",
        "Stellungnahme.docx",
    ]

    # the meeting's card offers its documents; a press sends them privately, not in the group
    await h.travel(timedelta(seconds=10))
    card = _card(h, rak, card)
    assert ("📎 Unterlagen", "ud:m:1") in [b for row in card.buttons() for b in row]
    mark = len(h.emu.messages)
    await h.press_label(rak.reps[1], card, "Unterlagen")
    (agenda_file,) = files_to(h, rak.reps[1], mark)
    assert agenda_file.text == (
        "Sitzung Nr. 1, TOP 2: Projektanträge Runde 3 – Unterlage Nr. 2 (33 B)"
    )
    assert not [m for m in h.emu.messages[mark:] if m.chat_id == rak.group.id]
    reply = await h.send(rep, "/unterlagen sitzung 1")
    assert reply.messages[0].text == "Unterlagen zur Sitzung Nr. 1 am 20.01.2027: 1"

    # replace: same number, the new file goes out; the audit log keeps the old version
    reply = await h.send_file(
        office, "Projektskizze-v2.pdf", SKETCH + b"v2", caption="/anhang ersetzen 1"
    )
    assert "Unterlage Nr. 1 (Antrag Nr. 1) ersetzt: „Projektskizze-v2.pdf“" in reply.text
    assert "statt „Projektskizze.pdf“" in reply.text
    mark = len(h.emu.messages)
    await h.send(rep, "/unterlagen 1")
    assert next(m.document for m in files_to(h, rep, mark)) == SKETCH + b"v2"

    # remove
    reply = await h.send(office, "/anhang entfernen 3")
    assert "Unterlage Nr. 3 „Stellungnahme.docx“ (Antrag Nr. 1) entfernt" in reply.text
    reply = await h.send(office, "/anhang entfernen 3")
    assert "Eine Unterlage Nr. 3 gibt es nicht." in reply.text
    assert [row[0] for row in await stored_documents(h)] == [1, 2]
    audit = await document_audit(h)
    assert [action for action, _ in audit] == [
        "document.attached",
        "document.attached",
        "document.attached",
        "document.replaced",
        "document.removed",
    ]
    replaced = audit[3][1]
    previous = replaced["previous"]
    assert isinstance(previous, dict)
    assert previous["file_name"] == "Projektskizze.pdf"
    assert previous["file_size"] == len(SKETCH)
    assert previous["file_id"] != replaced["file_id"]
    assert audit[4][1]["file_name"] == "Stellungnahme.docx"
    reply = await h.send(office, "/protokoll")
    assert "Unterlage ersetzt</b> – Antrag Nr. 1: Unterlage Nr. 1 „Projektskizze-v2.pdf“ " in (
        reply.messages[0].raw_text
    )
    assert "statt „Projektskizze.pdf“" in reply.messages[0].raw_text
    assert "Unterlage entfernt</b> – Antrag Nr. 1: Unterlage Nr. 3" in reply.messages[0].raw_text

    # the private invitation (reminder 7 days before) offers the agenda's documents too
    await h.travel(timedelta(days=57, hours=1))
    invitations = [
        m for m in h.emu.messages_to(rak.reps[2].id) if "Erinnerung: Sitzung des RAK" in m.text
    ]
    assert invitations, [m.text for m in h.emu.messages_to(rak.reps[2].id)]
    assert ("📎 Unterlagen", "ud:m:1") in [b for row in invitations[-1].buttons() for b in row]
    # the meeting's last document removed: the card drops the button
    await h.send(office, "/anhang entfernen 2")
    await h.travel(timedelta(seconds=10))
    assert "Unterlagen" not in str(_card(h, rak, card).buttons())


def _card(h: Harness, rak: Rak, card: SentMessage) -> SentMessage:
    """The card as it stands now (edits change the emulator's message in place)."""
    return next(m for m in h.emu.messages_to(rak.group.id) if m.message_id == card.message_id)


async def test_files_telegram_would_not_let_the_bot_fetch_again_are_refused(
    harness: Harness,
) -> None:
    h = harness
    rak = await setup_rak(h)
    office = rak.office
    await add_proposal(rak, "Jobcoaching Börde", "A", "120.000 €", "Bildungswerk Nord")
    too_big = 20 * 1024 * 1024 + 1
    reply = await h.send_file(office, "Film.mp4", b"x", caption="/anhang 1", size=too_big)
    assert "Die Datei ist größer als 20 MB." in reply.text
    assert "Telegram lässt Bots nur Dateien bis 20 MB abrufen" in reply.text
    # Telegram left the size out: getFile tells, and refuses the file above the limit
    reply = await h.send_file(
        office, "Scan.pdf", b"x", caption="/anhang 1", size=too_big, report_size=False
    )
    assert "Die Datei ist größer als 20 MB." in reply.text
    assert [c.status for c in h.emu.calls if c.method == "getFile"] == [400]
    reply = await h.send_file(office, "leer.pdf", b"", caption="/anhang 1")
    assert "Die Datei ist leer (0 Byte)." in reply.text
    # exactly 20 MB is fine
    reply = await h.send_file(office, "Plan.pdf", b"x", caption="/anhang 1", size=20 * 1024 * 1024)
    assert "Unterlage Nr. 1 „Plan.pdf“ (20,0 MB) an Antrag Nr. 1 angehängt." in reply.text
    # a photo where the dialog waits for a file
    await h.send(office, "/anhang 1")
    mark = len(h.emu.messages)
    h.emu.raw_update(
        {
            "message": {
                "message_id": 999,
                "from": office.to_dict(),
                "chat": h.emu.private_chat(office).to_dict(),
                "date": 0,
                "photo": [
                    {"file_id": "AgAC1", "file_unique_id": "AQAD1", "width": 90, "height": 90}
                ],
            }
        }
    )
    await h.emu.wait_for(lambda: len(h.emu.messages) > mark)
    assert "Bitte schicken Sie die Unterlage als Datei" in h.emu.messages[-1].text
    await h.send(office, "/abbrechen")
    # where the file should go does not exist, or the words fit no form
    for command, answer in [
        ("/anhang 7", "Einen Antrag Nr. 7 gibt es nicht."),
        ("/anhang sitzung 4 top 1", "Eine Sitzung Nr. 4 gibt es nicht."),
        ("/anhang ersetzen 9", "Eine Unterlage Nr. 9 gibt es nicht."),
        ("/anhang 1 2 3", "So hängen Sie eine Unterlage an"),
        ("/anhang sitzung x top 1", "So hängen Sie eine Unterlage an"),
        ("/anhang 99999999999999", "So hängen Sie eine Unterlage an"),
        ("/unterlagen sitzung", "So geht es:"),
        ("/unterlagen 12", "Einen Antrag Nr. 12 gibt es nicht."),
    ]:
        reply = await h.send(office, command)
        assert answer in reply.text, command
    await plan_meeting_as(h, office, "20.01.2027 10:00", agenda=AGENDA)
    reply = await h.send_file(office, "a.pdf", b"x", caption="/anhang sitzung 1 top 4")
    assert "Die Sitzung Nr. 1 hat keinen TOP 4." in reply.text
    # a forged button: nothing sent
    rep = rak.reps[0]
    reply = await h.send(rep, "/antraege")
    for data in ("ud:p:1x", "ud:q:1", "ud:d:99", "ud:m:0"):
        mark = len(h.emu.messages)
        pressed = await h.press(rep, reply.last, data)
        assert pressed.callback_answer is not None and pressed.callback_answer["show_alert"]
        assert not files_to(h, rep, mark)
    assert [row[0] for row in await stored_documents(h)] == [1]


async def test_guests_and_applicants_never_get_a_document(harness: Harness) -> None:
    h = harness
    rak = await setup_rak(h)
    guest = rak.guest
    assert guest is not None
    applicant = h.user("Anna", last_name="Schulz")
    await add_proposal(rak, "Jobcoaching Börde", "A", "120.000 €", "Bildungswerk Nord")
    await h.send_file(rak.office, "Projektskizze.pdf", SKETCH, caption="/anhang 1")
    only = "Unterlagen erhalten nur die Vertretungen und Stellvertretungen"
    members_only = "Das steht nur Mitgliedern des RAK zur Verfügung."

    reply = await h.send(guest, "/antraege")
    assert "Jobcoaching Börde" in reply.text and "📎" not in reply.text
    detail = await h.press_label(guest, reply.last, "Nr. 1 ansehen")
    assert detail.last.buttons() == []
    for user, refusal in ((guest, only), (applicant, members_only)):
        mark = len(h.emu.messages)
        reply = await h.send(user, "/unterlagen 1")
        assert refusal in reply.text
        for data in ("ud:p:1", "ud:d:1"):
            pressed = await h.press(user, detail.last, data)
            assert pressed.callback_answer is not None
            assert refusal in pressed.callback_answer["text"]
        assert not files_to(h, user, mark)
    # nobody but the office attaches: not a member with a seat, not an applicant
    for user in (rak.reps[0], applicant):
        reply = await h.send_file(user, "fremd.pdf", b"x", caption="/anhang 1")
        assert "Das darf nur die Regionale Koordination." in reply.text
        reply = await h.send(user, "/anhang 1")
        assert "Das darf nur die Regionale Koordination." in reply.text
    reply = await h.send_file(applicant, "lebenslauf.pdf", b"x")
    assert "Ich verstehe nur Textnachrichten." in reply.text
    assert [row[0] for row in await stored_documents(h)] == [1]

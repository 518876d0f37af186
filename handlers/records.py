"""/tabelle: the office's spreadsheets from the chat (roster, votes of open ballots, a
competition round's report) as XLSX or CSV; /diagramm: charts as pictures with their facts in
the caption."""

from __future__ import annotations

from dataclasses import dataclass

from telegram import InputFile, Update

from handlers.commands import Audience, Command, Feature, Where
from handlers.common import (
    Context,
    private_coordinator,
    require_member,
    runtime,
    tr,
)
from rakbot.domain.dates import format_date
from rakbot.domain.message_size import CAPTION_LIMIT, shorten
from rakbot.i18n import N_, Translator
from rakbot.render.model import Sheet
from rakbot.runtime import Runtime
from rakbot.services import charts, meeting_minutes, tables
from rakbot.services.meeting_minutes import ApprovalRefusal

#: `/tabelle <was> [<Nr.>] [csv]`
TABLE_WORDS = {"mitglieder": "roster", "abstimmungen": "votes", "runde": "round"}
FORMATS = frozenset({"xlsx", "csv"})


@dataclass(frozen=True)
class TableRequest:
    what: str
    number: int | None
    format: str


def parse_table_request(args: list[str]) -> TableRequest | None:
    """`mitglieder`, `abstimmungen`, `runde 3`, each optionally followed by `csv` or `xlsx`."""
    words = [arg.casefold() for arg in args]
    fmt = "xlsx"
    if words and words[-1] in FORMATS:
        fmt = words.pop()
    if not words or words[0] not in TABLE_WORDS:
        return None
    what = TABLE_WORDS[words[0]]
    if what == "round":
        if len(words) != 2 or not words[1].isascii() or not words[1].isdigit():
            return None
        return TableRequest(what, int(words[1]), fmt)
    return TableRequest(what, None, fmt) if len(words) == 1 else None


def _usage(t: Translator) -> str:
    return t(
        "So geht es:\n"
        "/tabelle mitglieder – Mitgliederverzeichnis\n"
        "/tabelle abstimmungen – Stimmen der offenen (nicht geheimen) Abstimmungen\n"
        "/tabelle runde 3 – Bericht zum Wettbewerb Nr. 3 (Rangfolge, Budget je Förderbereich)\n"
        "Als Excel-Datei (XLSX); mit „csv“ am Ende als CSV-Datei (Semikolon, UTF-8)."
    )


CAPTIONS = {
    "roster": N_("Mitgliederverzeichnis"),
    "votes": N_("Stimmen der offenen Abstimmungen (geheime Abstimmungen sind nicht enthalten)"),
    "round": N_("Bericht zum Wettbewerb Nr. {id}: Rangfolge und Budget je Förderbereich"),
}
NAMES = {"roster": "mitglieder", "votes": "abstimmungen", "round": "wettbewerb-{id}"}


async def _sheets(rt: Runtime, committee_id: int, request: TableRequest) -> list[Sheet] | None:
    if request.what == "round":
        return await tables.round_sheets(rt, committee_id, request.number or 0)
    if request.what == "roster":
        return [await tables.roster_sheet(rt, committee_id)]
    return [await tables.votes_sheet(rt, committee_id)]


async def table_command(update: Update, context: Context) -> None:
    """/tabelle: a spreadsheet for the office, in its private chat only (names and contacts)."""
    t = tr(update)
    who = await private_coordinator(
        update, context, t("Tabellen schicke ich nur im privaten Chat – schreiben Sie mir direkt.")
    )
    if who is None:
        return
    message = update.effective_message
    request = parse_table_request(context.args or [])
    if request is None:
        await message.reply_text(_usage(t))
        return
    rt = runtime(context)
    sheets = await _sheets(rt, who.committee_id, request)
    if sheets is None:
        await message.reply_text(
            t("Einen Wettbewerb Nr. {id} gibt es nicht. Alle: /runden", id=request.number)
        )
        return
    stamp = rt.clock.now().strftime("%Y-%m-%d")
    name = NAMES[request.what].format(id=request.number) + f"-{stamp}"
    caption = t(CAPTIONS[request.what], id=request.number)
    if request.format == "csv":
        for sheet in sheets:
            suffix = f"-{sheet.title.lower()}" if len(sheets) > 1 else ""
            data = tables.sheet_csv(sheet).encode("utf-8")
            await message.reply_document(
                InputFile(data, filename=f"{name}{suffix}.csv"), caption=caption
            )
        return
    await message.reply_document(
        InputFile(await tables.workbook(sheets), filename=f"{name}.xlsx"),
        caption=caption,
    )


#: `/diagramm <was> [<Nr.>]`
CHART_WORDS = {
    "runde": "round",
    "abstimmung": "ballot",
    "anwesenheit": "attendance",
    "budget": "budget",
}
BALLOT_REFUSALS = {
    "unknown": N_("Eine Abstimmung mit dieser Nummer gibt es nicht."),
    "open": N_("Die Abstimmung Nr. {id} läuft noch; ein Diagramm gibt es ab ihrem Ende."),
    "withheld": N_(
        "Zur Abstimmung Nr. {id} werden keine Stimmenzahlen veröffentlicht "
        "(geheim, weniger als 3 Teilnehmende)."
    ),
}


def parse_chart_request(args: list[str]) -> tuple[str, int | None] | None:
    """`runde 3`, `abstimmung 5`, `anwesenheit`, `budget`."""
    words = [arg.casefold() for arg in args]
    if not words or words[0] not in CHART_WORDS:
        return None
    what = CHART_WORDS[words[0]]
    if what in ("round", "ballot"):
        if len(words) != 2 or not words[1].isascii() or not words[1].isdigit():
            return None
        return what, int(words[1][:9])
    return (what, None) if len(words) == 1 else None


def _chart_usage(t: Translator) -> str:
    return t(
        "So geht es:\n"
        "/diagramm runde 3 – Rangfolge des Wettbewerbs Nr. 3 je Förderbereich mit Budgetgrenze\n"
        "/diagramm abstimmung 5 – Ergebnis der abgeschlossenen Abstimmung Nr. 5\n"
        "/diagramm anwesenheit – Anwesenheit je Institution in den letzten 12 Monaten\n"
        "/diagramm budget – gebundene Mittel je Förderbereich"
    )


async def _chart(
    rt: Runtime, committee_id: int, what: str, number: int | None, t: Translator
) -> charts.Chart | str:
    """The chart, or the refusal to send instead."""
    if what == "round":
        chart = await charts.round_chart(rt, committee_id, number or 0, t)
        return chart or t("Einen Wettbewerb Nr. {id} gibt es nicht. Alle: /runden", id=number)
    if what == "ballot":
        try:
            return await charts.ballot_chart(rt, committee_id, number or 0, t)
        except charts.BallotChartRefusal as refusal:
            return t(BALLOT_REFUSALS[refusal.reason], id=number)
    if what == "attendance":
        return await charts.attendance_chart(rt, committee_id, t)
    chart = await charts.budget_chart(rt, committee_id, t)
    return chart or t("Noch keine Wettbewerbe.")


async def chart_command(update: Update, context: Context) -> None:
    """/diagramm: a chart as a picture, its facts in the caption."""
    t = tr(update)
    who = await require_member(update, context)
    if who is None:
        return
    message = update.effective_message
    request = parse_chart_request(context.args or [])
    if request is None:
        await message.reply_text(_chart_usage(t))
        return
    made = await _chart(runtime(context), who.committee_id, *request, t)
    if isinstance(made, str):
        await message.reply_text(made)
        return
    await message.reply_photo(
        InputFile(made.png, filename="diagramm.png"),
        caption=shorten(made.caption, CAPTION_LIMIT, is_html=False),
    )


APPROVAL_REFUSALS = {
    ApprovalRefusal.UNKNOWN: N_(
        "Eine Sitzung Nr. {id} gibt es nicht. Vergangene Sitzungen: /termine alt"
    ),
    ApprovalRefusal.NOT_HELD: N_(
        "Die Sitzung Nr. {id} hat nicht stattgefunden (noch nicht begonnen oder abgesagt); "
        "ihre Niederschrift kann nicht genehmigt werden."
    ),
    ApprovalRefusal.NO_LATER: N_(
        "Seit der Sitzung Nr. {id} hat keine weitere Sitzung stattgefunden. Eine Niederschrift "
        "wird in einer späteren Sitzung genehmigt."
    ),
    ApprovalRefusal.APPROVING_UNKNOWN: N_(
        "Eine Sitzung Nr. {by} gibt es nicht (oder sie wurde abgesagt). Vergangene Sitzungen: "
        "/termine alt"
    ),
    ApprovalRefusal.NOT_LATER: N_(
        "Die Sitzung Nr. {by} liegt nicht nach der Sitzung Nr. {id}; genehmigt wird in einer "
        "späteren Sitzung."
    ),
    ApprovalRefusal.APPROVING_NOT_HELD: N_(
        "Die Sitzung Nr. {by} hat noch nicht begonnen; genehmigt wird in der Sitzung selbst."
    ),
}


def _approval_usage(t: Translator) -> str:
    return t(
        "So geht es:\n"
        "/niederschrift_genehmigen 3 – die Niederschrift der Sitzung Nr. 3 ist in der letzten "
        "Sitzung genehmigt worden\n"
        "/niederschrift_genehmigen 3 4 – … in der Sitzung Nr. 4"
    )


def parse_approval(args: list[str]) -> tuple[int, int | None] | None:
    """`<Nr.>` or `<Nr.> <Nr. der genehmigenden Sitzung>`."""
    numbers = [int(a) for a in args if a.isascii() and a.isdigit() and len(a) <= 9]
    if len(numbers) != len(args) or not 1 <= len(numbers) <= 2 or 0 in numbers:
        return None
    return numbers[0], numbers[1] if len(numbers) == 2 else None


async def approve_minutes_command(update: Update, context: Context) -> None:
    """/niederschrift_genehmigen: the minutes of a meeting were approved at a later one; from
    then on the PDF, DOCX and Markdown say so instead of "Entwurf"."""
    t = tr(update)
    who = await private_coordinator(
        update,
        context,
        t("Niederschriften schicke ich nur im privaten Chat – schreiben Sie mir direkt."),
    )
    if who is None:
        return
    message = update.effective_message
    request = parse_approval(context.args or [])
    if request is None:
        await message.reply_text(_approval_usage(t))
        return
    made = await meeting_minutes.approve(
        runtime(context), who.committee_id, request[0], request[1], who.member_id
    )
    if isinstance(made, meeting_minutes.ApprovalRefused):
        text = t(APPROVAL_REFUSALS[made.reason], id=made.meeting_id, by=made.approving_meeting_id)
        await message.reply_text(text)
        return
    approval = made.approval
    line = t(
        "Die Niederschrift der Sitzung Nr. {id} ist genehmigt in der Sitzung Nr. {by} am {date}.",
        id=made.meeting_id,
        by=approval.meeting_number,
        date=format_date(approval.at, t.lang),
    )
    if made.already:
        line = t("Schon vermerkt:") + " " + line
    else:
        line += " " + t(
            "Die Dateien (/niederschrift sitzung {id}) tragen diesen Vermerk jetzt auf jeder "
            "Seite.",
            id=made.meeting_id,
        )
    await message.reply_text(line)


FEATURE = Feature(
    commands=(
        Command(
            "tabelle",
            N_("Tabellen als Excel-Datei (Verzeichnis, Stimmen, Wettbewerb)"),
            Audience.COORDINATOR,
            table_command,
            Where.PRIVATE,
        ),
        Command(
            "niederschrift_genehmigen",
            N_("Genehmigung einer Niederschrift in einer späteren Sitzung vermerken"),
            Audience.COORDINATOR,
            approve_minutes_command,
            Where.PRIVATE,
        ),
        Command(
            "diagramm",
            N_("Diagramme: Wettbewerb, Abstimmung, Anwesenheit, Budget"),
            Audience.MEMBER,
            chart_command,
            Where.BOTH,
        ),
    ),
)

"""/tabelle: the office's spreadsheets from the chat (roster, votes of open ballots, a
competition round's report) as XLSX or CSV."""

from __future__ import annotations

from dataclasses import dataclass

from telegram import InputFile, Update

from handlers.commands import Audience, Command, Feature, Where
from handlers.common import Context, private_only, require_coordinator, runtime, tr
from rakbot.i18n import N_, Translator
from rakbot.render.model import Sheet
from rakbot.runtime import Runtime
from rakbot.services import tables

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
    if not await private_only(
        update, t("Tabellen schicke ich nur im privaten Chat – schreiben Sie mir direkt.")
    ):
        return
    who = await require_coordinator(update, context)
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


FEATURE = Feature(
    commands=(
        Command(
            "tabelle",
            N_("Tabellen als Excel-Datei (Verzeichnis, Stimmen, Wettbewerb)"),
            Audience.COORDINATOR,
            table_command,
            Where.PRIVATE,
        ),
    ),
)

"""Roster import and export for one committee: all rows or none."""

from __future__ import annotations

from datetime import datetime

from rakbot.domain.roles import Role
from rakbot.runtime import Runtime
from rakbot.services.roster import RosterError, record
from rakbot.services.roster_csv import Row, RowError, UndecodableFile, decode, parse, render
from storage.models import Member
from storage.repositories import entities, members
from storage.session import AsyncSession


class ImportRejected(ValueError):
    """Nothing was imported; `errors` says which lines are wrong and why."""

    def __init__(self, errors: list[RowError]) -> None:
        super().__init__(f"{len(errors)} fehlerhafte Zeile(n)")
        self.errors = errors


async def roster_rows(runtime: Runtime, committee_id: int) -> list[Row]:
    """The committee's roster in export order, as the CSV and the XLSX write it."""

    async def work(session: AsyncSession) -> list[Row]:
        return [
            Row(
                line=0,
                name=m.display_name,
                role=Role(m.role),
                institution=m.institution.name if m.institution else None,
                is_coordinator=m.is_coordinator,
                phone=m.phone,
                email=m.email,
                telegram_user_id=m.telegram_user_id,
                active=m.active,
            )
            for m in await members.all_members(session, committee_id)
        ]

    return await runtime.db.run(work)


async def export_csv(runtime: Runtime, committee_id: int) -> str:
    return render(await roster_rows(runtime, committee_id))


async def import_csv(
    runtime: Runtime, committee_id: int, text: str | bytes, *, actor_member_id: int | None
) -> int:
    """Add or update every row (matched by Telegram-ID, else by name and institution) of the
    text or of the file's bytes (any encoding `decode` reads). Raises ImportRejected, and
    changes nothing, when any row is wrong."""
    rows = _parsed(text)
    now = runtime.clock.now()

    async def work(session: AsyncSession) -> int:
        institutions = await _institution_ids(session, committee_id)
        _check_institutions(rows, institutions)
        targets = [await _target(session, committee_id, row, institutions) for row in rows]
        # Everyone in the file is parked inactive first, so a seat handed over within the file
        # never trips the one-representative index in the middle of the import.
        for member, row in zip(targets, rows, strict=True):
            _apply(member, row, institutions)
        await entities.write_pending(session)
        await _check_seats(session, rows, institutions)
        for member, row in zip(targets, rows, strict=True):
            _activate(member, row, now)
        await entities.write_pending(session)
        record(session, now, committee_id, actor_member_id, "roster.imported", rows=len(rows))
        return len(rows)

    try:
        return await runtime.db.run(work)
    except RosterError as error:
        raise ImportRejected([RowError(0, error.reason)]) from error


def _parsed(text: str | bytes) -> list[Row]:
    """The rows of the file; ImportRejected if it cannot be read or any row is wrong."""
    if isinstance(text, bytes):
        try:
            text = decode(text)
        except UndecodableFile as error:
            raise ImportRejected([RowError(error.line, str(error))]) from error
    rows, errors = parse(text)
    if errors:
        raise ImportRejected(errors)
    return rows


async def _institution_ids(session: AsyncSession, committee_id: int) -> dict[str, int]:
    """Institution ids by name and by short name (a name wins over an equal short name)."""
    institutions = {}
    for institution in await members.institutions(session, committee_id):
        institutions[institution.name] = institution.id
        institutions.setdefault(institution.short_name, institution.id)
    return institutions


def _check_institutions(rows: list[Row], institutions: dict[str, int]) -> None:
    problems = [
        RowError(row.line, f"Institution „{row.institution}“ unbekannt")
        for row in rows
        if row.institution is not None and row.institution not in institutions
    ]
    if problems:
        raise ImportRejected(problems)


async def _check_seats(
    session: AsyncSession, rows: list[Row], institutions: dict[str, int]
) -> None:
    """Each institution's seat goes to one active representative, in the file and beyond."""
    seats: dict[int, int] = {}
    for row in rows:
        institution_id = institutions.get(row.institution or "")
        if not (row.active and row.role is Role.REPRESENTATIVE and institution_id):
            continue
        if institution_id in seats:
            line = seats[institution_id]
            raise ImportRejected([RowError(row.line, f"Sitz schon vergeben in Zeile {line}")])
        seats[institution_id] = row.line
        holder = await members.seat_holder(session, institution_id)
        if holder is not None:
            name = holder.display_name
            raise ImportRejected([RowError(row.line, f"Sitz ist schon besetzt ({name})")])


def _activate(member: Member, row: Row, now: datetime) -> None:
    member.active = row.active
    if row.active:
        member.deactivated_at = None
    elif member.deactivated_at is None:
        member.deactivated_at = now


async def _target(
    session: AsyncSession, committee_id: int, row: Row, institutions: dict[str, int]
) -> Member:
    if row.telegram_user_id is not None:
        found = await members.any_member(session, committee_id, row.telegram_user_id)
    else:
        found = await members.unlinked_member_named(
            session, committee_id, row.name, institutions.get(row.institution or "")
        )
    if found is None:
        found = Member(
            committee_id=committee_id, telegram_user_id=row.telegram_user_id, active=False
        )
        found.display_name, found.role = row.name, row.role.value
        entities.add(session, found)
    return found


def _apply(member: Member, row: Row, institutions: dict[str, int]) -> None:
    member.display_name = row.name
    member.role = row.role.value
    member.institution_id = institutions.get(row.institution or "")
    member.is_coordinator = row.is_coordinator
    member.phone, member.email = row.phone, row.email
    member.active = False

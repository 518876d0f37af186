"""Role names and roster error texts shared by the roster, invite and privacy handlers."""

from __future__ import annotations

from telegram import Bot

from handlers.commands import all_commands
from handlers.common import Context, runtime
from handlers.menus import publish_personal_menu
from rakbot.domain.roles import Role
from rakbot.i18n import N_, Translator
from rakbot.services.people import resolve
from rakbot.views.labels import ROLE_LABELS

ROLE_CODES: dict[str, Role] = {
    "r": Role.REPRESENTATIVE,
    "d": Role.DEPUTY,
    "g": Role.GUEST,
    "k": Role.COORDINATOR,
}
CODE_OF = {role: code for code, role in ROLE_CODES.items()}
ROSTER_ERRORS: dict[str, str] = {
    "seat_taken": N_(
        "Diese Institution hat schon eine Vertretung. Ändern Sie zuerst deren Rolle oder "
        "deaktivieren Sie sie (/mitglied)."
    ),
    "institution_required": N_("Für diese Rolle braucht es eine Institution."),
    "unknown_institution": N_("Diese Institution gibt es in Ihrem Gremium nicht (mehr)."),
    "unknown_member": N_("Diese Person ist nicht (mehr) aktiv in Ihrem Gremium."),
    "last_coordinator": N_(
        "Das ist die letzte Person der Regionalen Koordination. Ernennen Sie zuerst eine weitere."
    ),
    "coordinator_role": N_(
        "Die Rolle ist „Regionale Koordination“. Ändern Sie zuerst die Rolle (z. B. in Gast)."
    ),
    "institution_exists": N_(
        "Eine Institution mit diesem Namen oder Kurznamen gibt es schon (auch in anderer "
        "Schreibweise). Bitte einen anderen wählen."
    ),
    "group_bound_elsewhere": N_("Diese Gruppe ist schon mit einem anderen Gremium verbunden."),
}


def role_label(t: Translator, role: str, is_coordinator: bool = False) -> str:
    label = t(ROLE_LABELS.get(role, role))
    if is_coordinator and role != Role.COORDINATOR:
        label += " · " + t("Koordination")
    return label


def roster_error(t: Translator, reason: str) -> str:
    return t(ROSTER_ERRORS.get(reason, N_("Das ging nicht: {reason}")), reason=reason)


async def refresh_menu(bot: Bot, context: Context, telegram_user_id: int | None) -> None:
    """After a join, a role change or a leave: the person's private menu follows their role."""
    if telegram_user_id is None:
        return
    rt = runtime(context)
    who = await resolve(rt.db, rt.committee_id, telegram_user_id, None)
    await publish_personal_menu(
        bot, all_commands(context), who, rt.committee_id, rt.settings.webapp_url
    )

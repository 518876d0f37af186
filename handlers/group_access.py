"""Join requests to the committee's group: members are let in, everyone else is declined with
a short private explanation; the office hears of both."""

from __future__ import annotations

from telegram import Update
from telegram.error import BadRequest, Forbidden

from handlers.common import Context, runtime, tr
from rakbot.services import group_access
from rakbot.services.group_access import JoinDecision


async def on_join_request(update: Update, context: Context) -> None:
    request = update.chat_join_request
    rt = runtime(context)
    found = await group_access.decide(rt, request.chat.id, request.from_user.id)
    if found.decision is JoinDecision.NOT_OURS or found.committee_id is None:
        return
    approve = found.decision is JoinDecision.APPROVE
    try:
        if approve:
            await request.approve()
        else:
            await request.decline()
    except (BadRequest, Forbidden) as exc:
        await group_access.not_admin(
            rt, found.committee_id, ["can_invite_users"], str(exc), f"group_join:{update.update_id}"
        )
        rt.wake_outbox()
        return
    if not approve:
        await _explain(update, context)
    await group_access.answered(
        rt,
        found.committee_id,
        request.from_user.id,
        request.from_user.full_name,
        approved=approve,
        update_id=update.update_id,
    )
    rt.wake_outbox()


async def _explain(update: Update, context: Context) -> None:
    """Telegram lets a bot write to someone who asked to join, even without /start."""
    t = tr(update)
    text = t(
        "Ihre Anfrage, der Gruppe des RAK beizutreten, habe ich abgelehnt: Die Gruppe ist den "
        "Mitgliedern des Regionalen Arbeitskreises vorbehalten. Gehören Sie dazu, bitten Sie "
        "die Regionale Koordination um eine Einladung (/kontakt)."
    )
    try:
        await context.bot.send_message(update.chat_join_request.user_chat_id, text)
    except (BadRequest, Forbidden):
        return

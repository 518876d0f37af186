"""Every kind of outbox row and the renderer that turns it into a message at send time."""

from __future__ import annotations

from rakbot.scheduler import Renderer, render_notice
from rakbot.services import (
    appointment_desk,
    documents,
    group_access,
    meeting_card,
    meeting_reminders,
)
from rakbot.services.ballot_delivery import RENDERERS as BALLOT_RENDERERS

RENDERERS: dict[str, Renderer] = {
    "notice": render_notice,
    **BALLOT_RENDERERS,
    meeting_reminders.GROUP_KIND: meeting_reminders.render_group,
    meeting_card.KIND: meeting_card.render_edit,
    meeting_card.REPOST_KIND: meeting_card.render_repost,
    meeting_reminders.PRIVATE_KIND: meeting_reminders.render_private,
    group_access.REMOVAL_KIND: group_access.render_removal,
    **appointment_desk.RENDERERS,
    documents.COPY_KIND: documents.render_copy,
}

"""Telegram glue: parse the update, check the role, call a service, render the reply."""

from __future__ import annotations

from telegram import Update
from telegram.ext import (
    Application,
    CallbackQueryHandler,
    ChatJoinRequestHandler,
    CommandHandler,
    InlineQueryHandler,
    MessageHandler,
    TypeHandler,
    filters,
)

from handlers import (
    appointment_desk,
    appointments,
    ballot_setup,
    ballots,
    calendar_feed,
    competition,
    documents,
    group_access,
    group_migration,
    invites,
    meeting_changes,
    meetings,
    member_details,
    privacy,
    proposals,
    public,
    reachability,
    records,
    reminder_settings,
    roster,
    router,
)
from handlers.commands import Command, Feature, StartLink, install
from handlers.errors import on_error

NEW_MESSAGES = filters.UpdateType.MESSAGE

#: Every feature, in the order of the command menus and /hilfe.
FEATURES: tuple[Feature, ...] = (
    public.FEATURE,
    appointments.FEATURE,
    appointment_desk.FEATURE,
    meetings.FEATURE,
    calendar_feed.FEATURE,
    reminder_settings.FEATURE,
    meeting_changes.FEATURE,
    roster.FEATURE,
    member_details.FEATURE,
    invites.FEATURE,
    privacy.FEATURE,
    proposals.FEATURE,
    documents.FEATURE,
    ballot_setup.FEATURE,
    ballots.FEATURE,
    competition.FEATURE,
    records.FEATURE,
    router.FEATURE,
)
ALL_COMMANDS: tuple[Command, ...] = tuple(c for feature in FEATURES for c in feature.commands)
#: `/start <parameter>` deep links, in the order they are tried: a ballot's link (`b<Nr.>`)
#: first, then an invitation, which takes any other parameter as its token.
START_LINKS: tuple[StartLink, ...] = (
    StartLink(ballots.start_payload, ballots.open_from_link),
    StartLink(invites.start_payload, invites.join_from_link),
)


def register_handlers(application: Application) -> None:  # type: ignore[type-arg]
    install(application.bot_data, FEATURES, START_LINKS)
    application.add_handler(TypeHandler(Update, reachability.heard_from), group=-1)
    application.add_handler(TypeHandler(Update, member_details.adopt_name), group=-2)
    application.add_handler(
        MessageHandler(filters.StatusUpdate.MIGRATE, group_migration.on_migration)
    )
    application.add_handler(ChatJoinRequestHandler(group_access.on_join_request))
    for feature in FEATURES:
        for command in feature.commands:
            application.add_handler(
                CommandHandler(
                    [command.name, *command.aliases], command.callback, filters=NEW_MESSAGES
                )
            )
        for pattern, callback in feature.buttons:
            application.add_handler(CallbackQueryHandler(callback, pattern=pattern))
    application.add_handler(CallbackQueryHandler(router.stale_button))
    application.add_handler(InlineQueryHandler(public.inline_faq))
    application.add_handler(MessageHandler(filters.COMMAND & NEW_MESSAGES, router.unknown_command))
    private = filters.ChatType.PRIVATE & NEW_MESSAGES
    application.add_handler(MessageHandler(private & filters.TEXT, router.private_text))
    # files: the office's documents (`/anhang` as caption, or the file its dialog waits for)
    application.add_handler(MessageHandler(private & filters.ATTACHMENT, documents.on_file))
    application.add_handler(MessageHandler(private & ~filters.StatusUpdate.ALL, router.not_text))
    application.add_error_handler(on_error)

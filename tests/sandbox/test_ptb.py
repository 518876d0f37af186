"""python-telegram-bot against the emulator: every answer parses, polling and webhooks work."""

from __future__ import annotations

import asyncio
import socket
from collections.abc import AsyncIterator

import pytest
from aiohttp import web
from telegram import (
    Bot,
    BotCommand,
    BotCommandScopeAllPrivateChats,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InlineQueryResultArticle,
    InputTextMessageContent,
    Update,
)
from telegram.error import BadRequest, Conflict, Forbidden, RetryAfter
from telegram.ext import Application, CallbackQueryHandler, CommandHandler, ContextTypes

from rakbot.sandbox.emulator import BotApiEmulator, FaultRule
from rakbot.sandbox.webhook import SECRET_HEADER

KEYBOARD = InlineKeyboardMarkup(
    [
        [
            InlineKeyboardButton("Zusage", callback_data="yes"),
            InlineKeyboardButton("Absage", callback_data="no"),
        ]
    ]
)


@pytest.fixture
async def bot(emu: BotApiEmulator) -> AsyncIterator[Bot]:
    async with Bot(emu.token, base_url=emu.base_url, base_file_url=emu.base_file_url) as client:
        yield client


async def test_get_me(bot: Bot) -> None:
    me = await bot.get_me()
    assert (me.id, me.username, me.is_bot) == (123456, "rakbot_demo_bot", True)
    assert me.supports_inline_queries is True
    assert me.can_read_all_group_messages is False


async def test_send_edit_and_delete(emu: BotApiEmulator, bot: Bot) -> None:
    anna = emu.user("Anna", last_name="Schmidt", username="anna_s")
    sent = await bot.send_message(
        anna.id, "Sitzung am <b>Montag</b>?", parse_mode="HTML", reply_markup=KEYBOARD
    )
    assert sent.text == "Sitzung am Montag?"
    assert sent.entities[0].type == "bold"
    assert sent.reply_markup == KEYBOARD
    assert sent.chat.first_name == "Anna"
    assert emu.last_message(anna.id).buttons() == [[("Zusage", "yes"), ("Absage", "no")]]
    edited = await bot.edit_message_text(
        "Sitzung verschoben", chat_id=anna.id, message_id=sent.message_id
    )
    assert edited.edit_date is not None
    assert edited.reply_markup is None
    with pytest.raises(BadRequest, match="not modified"):
        await bot.edit_message_text(
            "Sitzung verschoben", chat_id=anna.id, message_id=sent.message_id
        )
    assert await bot.delete_message(anna.id, sent.message_id) is True
    assert emu.last_message(anna.id).deleted
    assert len(emu.violations) == 1
    assert emu.violations[0].startswith("editMessageText: Bad Request: message is not modified")


async def test_contact_venue_location_and_document(emu: BotApiEmulator, bot: Bot) -> None:
    anna = emu.user("Anna")
    contact = await bot.send_contact(
        anna.id, phone_number="+49 3904 1234", first_name="Geschäftsstelle"
    )
    assert contact.contact.phone_number == "+49 3904 1234"
    venue = await bot.send_venue(
        anna.id, latitude=52.3, longitude=11.4, title="Rathaus", address="Markt 1, Haldensleben"
    )
    assert (venue.venue.title, venue.location.latitude) == ("Rathaus", 52.3)
    location = await bot.send_location(anna.id, latitude=52.0, longitude=11.0)
    assert location.location.longitude == 11.0
    document = await bot.send_document(
        anna.id, b"Tagesordnung", filename="to.txt", caption="Die Tagesordnung"
    )
    assert document.document.file_name == "to.txt"
    assert document.document.file_size == 12
    assert document.caption == "Die Tagesordnung"
    assert [m.kind for m in emu.messages_to(anna.id)] == [
        "contact",
        "venue",
        "location",
        "document",
    ]
    assert emu.last_message(anna.id).document == b"Tagesordnung"
    emu.assert_no_violations()


async def test_user_documents_get_file_and_download(emu: BotApiEmulator, bot: Bot) -> None:
    """A file a user sends: the bot sends it on by file_id, asks getFile for its path and
    downloads it from the file URL; getFile refuses what is above the 20 MB bots may fetch."""
    anna = emu.user("Anna")
    content = b"%PDF-1.4 Projektskizze"
    update_id = emu.send_document(anna, "Projektskizze.pdf", content, caption="/anhang 3")
    (update,) = await bot.get_updates(offset=update_id, timeout=0)
    document = update.message.document
    assert (document.file_name, document.mime_type, document.file_size) == (
        "Projektskizze.pdf",
        "application/pdf",
        len(content),
    )
    assert update.message.caption == "/anhang 3"
    assert update.message.caption_entities[0].type == "bot_command"
    forwarded = await bot.send_document(anna.id, document.file_id)
    assert forwarded.document.file_unique_id == document.file_unique_id
    assert emu.last_message(anna.id).document == content
    found = await bot.get_file(document.file_id)
    assert found.file_size == len(content) and found.file_path
    assert bytes(await found.download_as_bytearray()) == content
    # PTB turns the path into the download URL: the emulator's file URL, the bot's token
    assert found.file_path == f"{emu.base_file_url}{emu.token}/{emu.downloads[0]}"

    emu.send_document(anna, "Film.mp4", b"x", mime_type="video/mp4", size=25 * 1024 * 1024)
    big = (await bot.get_updates(offset=update_id + 1, timeout=0))[0].message.document
    assert big.file_size == 25 * 1024 * 1024
    with pytest.raises(BadRequest, match=r"(?i)file is too big"):
        await bot.get_file(big.file_id)
    with pytest.raises(BadRequest, match=r"(?i)invalid file_id"):
        await bot.get_file("no-such-file")
    # a file too big depends on the file; an unknown file_id is the bot's mistake
    assert emu.violations == ["getFile: Bad Request: invalid file_id"]


async def test_callback_and_inline_answers(emu: BotApiEmulator, bot: Bot) -> None:
    anna = emu.user("Anna")
    await bot.send_message(anna.id, "Kommst du?", reply_markup=KEYBOARD)
    press = emu.press_button(anna, emu.last_message(anna.id), "yes")
    inline = emu.inline_query(anna, "termine")
    updates = await bot.get_updates()
    assert [u.update_id for u in updates] == [press, inline]
    callback = updates[0].callback_query
    assert callback is not None and callback.data == "yes"
    assert callback.message is not None
    assert callback.message.reply_markup == KEYBOARD
    assert await callback.answer("Danke!") is True
    result = InlineQueryResultArticle("t1", "Termin", InputTextMessageContent("Montag"))
    assert updates[1].inline_query is not None
    assert await updates[1].inline_query.answer([result]) is True
    assert emu.callback_answers[str(press)]["text"] == "Danke!"
    assert emu.inline_answers[str(inline)]["results"][0]["id"] == "t1"
    emu.assert_no_violations()


async def test_commands_menu_chat_and_member(emu: BotApiEmulator, bot: Bot) -> None:
    anna = emu.user("Anna")
    group = emu.group("Vorstand")
    emu.set_member_status(group, anna, "administrator")
    commands = [BotCommand("start", "Anfangen"), BotCommand("termine", "Nächste Termine")]
    assert await bot.set_my_commands(
        commands, scope=BotCommandScopeAllPrivateChats(), language_code="de"
    )
    assert emu.my_commands[("all_private_chats", "de")][1]["command"] == "termine"
    fetched = await bot.get_my_commands(scope=BotCommandScopeAllPrivateChats(), language_code="de")
    assert list(fetched) == commands
    assert await bot.set_chat_menu_button(anna.id)
    chat = await bot.get_chat(group.id)
    assert (chat.title, chat.type) == ("Vorstand", "supergroup")
    member = await bot.get_chat_member(group.id, anna.id)
    assert member.status == "administrator"
    pinned = await bot.send_message(group.id, "Wichtig")
    assert await bot.pin_chat_message(group.id, pinned.message_id)
    assert emu.pinned[group.id] == [pinned.message_id]
    assert await bot.send_chat_action(anna.id, "typing")
    emu.assert_no_violations()


async def test_errors_become_ptb_exceptions(emu: BotApiEmulator, bot: Bot) -> None:
    anna = emu.user("Anna")
    emu.add_fault(FaultRule("429", retry_after=3))
    with pytest.raises(RetryAfter) as caught:
        await bot.send_message(anna.id, "x")
    assert "Retry in 3 seconds" in str(caught.value)
    emu.block(anna)
    with pytest.raises(Forbidden, match="blocked"):
        await bot.send_message(anna.id, "x")
    await bot.set_webhook("http://127.0.0.1:9/hook")
    with pytest.raises(Conflict):
        await bot.get_updates()


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


async def test_webhook_delivery_with_secret_and_retry(emu: BotApiEmulator, bot: Bot) -> None:
    received: list[tuple[dict[str, object], str | None]] = []
    statuses = [500, 200, 200]

    async def hook(request: web.Request) -> web.Response:
        received.append((await request.json(), request.headers.get(SECRET_HEADER)))
        return web.Response(status=statuses.pop(0) if statuses else 200)

    app = web.Application()
    app.router.add_post("/hook", hook)
    runner = web.AppRunner(app)
    await runner.setup()
    port = _free_port()
    await web.TCPSite(runner, "127.0.0.1", port).start()
    try:
        anna = emu.user("Anna")
        await bot.set_webhook(f"http://127.0.0.1:{port}/hook", secret_token="geheim-123")
        update_id = emu.send_message(anna, "Hallo")
        await emu.wait_for(lambda: emu.updates_confirmed() == update_id)
        assert [body["update_id"] for body, _ in received] == [update_id, update_id]
        assert {secret for _, secret in received} == {"geheim-123"}
        info = await bot.get_webhook_info()
        assert info.pending_update_count == 0
        assert "500" in (info.last_error_message or "")
        assert await emu.post_raw_webhook({"update_id": 1}, None) == 200
        assert received[-1][1] is None
    finally:
        await runner.cleanup()


async def _on_start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    assert update.effective_message is not None
    await update.effective_message.reply_html("Willkommen <b>im RAK</b>!", reply_markup=KEYBOARD)


async def _on_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    query = update.callback_query
    assert query is not None
    await query.answer("Gespeichert")
    await query.edit_message_text(f"Antwort: {query.data}")


def _application(emu: BotApiEmulator) -> Application:  # type: ignore[type-arg]
    application = (
        Application.builder()
        .token(emu.token)
        .base_url(emu.base_url)
        .base_file_url(emu.base_file_url)
        .build()
    )
    application.add_handler(CommandHandler("start", _on_start))
    application.add_handler(CallbackQueryHandler(_on_button))
    return application


async def _conversation(emu: BotApiEmulator) -> None:
    anna = emu.user("Anna")
    emu.send_message(anna, "/start")
    await emu.wait_for(lambda: bool(emu.messages_to(anna.id)))
    welcome = emu.last_message(anna.id)
    assert welcome.text == "Willkommen im RAK!"
    press = emu.press_button(anna, welcome, "yes")
    await emu.wait_for(lambda: welcome.text == "Antwort: yes")
    assert emu.callback_answers[str(press)]["text"] == "Gespeichert"
    await emu.wait_for(lambda: emu.updates_confirmed() >= press)
    emu.assert_no_violations()


async def test_application_polling_end_to_end(emu: BotApiEmulator) -> None:
    application = _application(emu)
    async with application:
        await application.start()
        assert application.updater is not None
        await application.updater.start_polling(poll_interval=0.0, timeout=5)
        try:
            await _conversation(emu)
        finally:
            await application.updater.stop()
            await application.stop()


async def test_application_webhook_end_to_end(emu: BotApiEmulator) -> None:
    application = _application(emu)
    port = _free_port()
    async with application:
        await application.start()
        assert application.updater is not None
        await application.updater.start_webhook(
            listen="127.0.0.1",
            port=port,
            url_path="hook",
            webhook_url=f"http://127.0.0.1:{port}/hook",
            secret_token="s3cret",
        )
        try:
            assert emu.webhook is not None and emu.webhook["secret_token"] == "s3cret"
            assert await emu.post_raw_webhook({"update_id": 999}, "wrong") == 403
            await _conversation(emu)
        finally:
            await application.updater.stop()
            await application.stop()
    await asyncio.sleep(0)

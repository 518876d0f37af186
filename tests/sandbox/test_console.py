"""The terminal demo, driven by a script against a real PTB application."""

from __future__ import annotations

import io
from collections.abc import AsyncIterator
from datetime import timedelta

import pytest
from telegram import InlineKeyboardButton, InlineKeyboardMarkup, ReplyKeyboardMarkup, Update
from telegram.ext import (
    Application,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    filters,
)

from rakbot.sandbox.console import DemoConsole
from rakbot.sandbox.emulator import BotApiEmulator

SCRIPT = """\
; Anna meldet sich an
/start
#2
klick 7
/start
/start
#4.1
#9.1
/tastatur
#2
@ben
privat
Hallo zusammen
gruppe
Hallo Gruppe
/datei
@
+3d
ende
nicht mehr gelesen
"""

EXPECTED = """\
> /start
── RAK Börde → Anna (privat) · #2 ──
Willkommen, Anna!
[1] Zusage  [2] Absage
[3] Website
> #2
── RAK Börde → Anna (privat) (bearbeitet) ──
Antwort gespeichert: no
> klick 7
Keinen Knopf 7 gefunden.
> /start
── RAK Börde → Anna (privat) · #4 ──
Willkommen, Anna!
[1] Zusage  [2] Absage
[3] Website
> /start
── RAK Börde → Anna (privat) · #6 ──
Willkommen, Anna!
[1] Zusage  [2] Absage
[3] Website
> #4.1
── RAK Börde → Anna (privat) (bearbeitet) ──
Antwort gespeichert: yes
> #9.1
Keinen Knopf 1 an Nachricht #9 gefunden.
> /tastatur
── RAK Börde → Anna (privat) · #8 ──
Kommen Sie?
Tastatur (statt Tippen):
[1] Ja  [2] Nein
> #2
── RAK Börde → Anna (privat) ──
Echo: Nein
> @ben
Sie sprechen jetzt als Ben @ Vorstand (Gruppe).
> privat
Sie schreiben jetzt in Ben (privat).
> Hallo zusammen
── RAK Börde → Ben (privat) ──
Echo: Hallo zusammen
> gruppe
Sie schreiben jetzt in Vorstand (Gruppe).
> Ben @ Vorstand: Hallo Gruppe
── RAK Börde → Vorstand (Gruppe) ──
Echo: Hallo Gruppe
> Ben @ Vorstand: /datei
── RAK Börde → Vorstand (Gruppe) ──
[Dokument] protokoll.txt, 2,0 KB
Protokoll
> @
   @anna – Anna Schmidt
 * @ben – Ben
> +3d
… 3d später.
── RAK Börde → Anna (privat) ──
Erinnerung nach 3 days, 0:00:00
> ende
"""

KEYBOARD = InlineKeyboardMarkup(
    [
        [
            InlineKeyboardButton("Zusage", callback_data="yes"),
            InlineKeyboardButton("Absage", callback_data="no"),
        ],
        [InlineKeyboardButton("Website", url="https://example.org")],
    ]
)


async def _start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    assert update.effective_message and update.effective_user
    await update.effective_message.reply_text(
        f"Willkommen, {update.effective_user.first_name}!", reply_markup=KEYBOARD
    )


async def _button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    assert update.callback_query
    await update.callback_query.answer()
    await update.callback_query.edit_message_text(
        f"Antwort gespeichert: {update.callback_query.data}"
    )


async def _document(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    assert update.effective_message
    await update.effective_message.reply_document(
        b"x" * 2048, filename="protokoll.txt", caption="Protokoll"
    )


async def _reply_keyboard(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    assert update.effective_message
    await update.effective_message.reply_text(
        "Kommen Sie?", reply_markup=ReplyKeyboardMarkup([["Ja", "Nein"]], one_time_keyboard=True)
    )


async def _echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    assert update.effective_message and update.effective_message.text
    await update.effective_message.reply_text(f"Echo: {update.effective_message.text}")


@pytest.fixture
async def application(emu: BotApiEmulator) -> AsyncIterator[Application]:  # type: ignore[type-arg]
    app = Application.builder().token(emu.token).base_url(emu.base_url).build()
    app.add_handler(CommandHandler("start", _start))
    app.add_handler(CommandHandler("datei", _document))
    app.add_handler(CommandHandler("tastatur", _reply_keyboard))
    app.add_handler(CallbackQueryHandler(_button))
    app.add_handler(MessageHandler(filters.TEXT & ~filters.COMMAND, _echo))
    async with app:
        await app.start()
        assert app.updater is not None
        await app.updater.start_polling(poll_interval=0.0, timeout=5)
        yield app
        await app.updater.stop()
        await app.stop()


async def test_console_script(emu: BotApiEmulator, application: Application) -> None:  # type: ignore[type-arg]
    anna = emu.user("Anna", last_name="Schmidt")
    ben = emu.user("Ben")
    group = emu.group("Vorstand")
    travelled: list[timedelta] = []

    async def time_travel(delta: timedelta) -> None:
        travelled.append(delta)
        await application.bot.send_message(anna.id, f"Erinnerung nach {delta}")

    output = io.StringIO()
    console = DemoConsole(
        emu,
        io.StringIO(SCRIPT),
        output,
        {"anna": (anna, emu.private_chat(anna)), "ben": (ben, group)},
        settle=lambda: emu.wait_idle(quiet=0.25),
        on_time_travel=time_travel,
    )
    await console.run()
    assert output.getvalue() == EXPECTED
    assert travelled == [timedelta(days=3)]
    assert emu.messages_to(group.id)[-1].filename == "protokoll.txt"
    emu.assert_no_violations()


async def test_interactive_mode_prompts_and_explains(emu: BotApiEmulator) -> None:
    anna = emu.user("Anna")
    output = io.StringIO()
    console = DemoConsole(
        emu,
        io.StringIO("hilfe\n+2h\ngruppe\n"),
        output,
        {"anna": (anna, emu.private_chat(anna))},
        settle=emu.wait_idle,
        interactive=True,
    )
    await console.run()
    text = output.getvalue()
    assert text.startswith("Demo – »hilfe« zeigt die Befehle.\nAnna (privat)> Befehle:")
    assert "Zeitreise ist hier nicht verfügbar." in text
    assert "Es gibt keine Gruppe." in text
    assert "> /start" not in text


async def test_link_opens_the_last_deep_link_as_the_current_persona(
    emu: BotApiEmulator,
    application: Application,  # type: ignore[type-arg]
) -> None:
    anna = emu.user("Anna")
    jana = emu.user("Jana")
    await application.bot.send_message(
        anna.id, "Link: https://t.me/rakbot_demo_bot?start=abc-123_X"
    )
    output = io.StringIO()
    console = DemoConsole(
        emu,
        io.StringIO("@jana\nlink\n"),
        output,
        {"anna": (anna, emu.private_chat(anna)), "jana": (jana, emu.private_chat(jana))},
        settle=emu.wait_idle,
    )
    await console.run()
    assert "Willkommen, Jana!" in output.getvalue()
    assert emu.messages_to(jana.id)[-1].text == "Willkommen, Jana!"


async def test_a_button_answer_is_shown(emu: BotApiEmulator) -> None:
    app = Application.builder().token(emu.token).base_url(emu.base_url).build()

    async def refuse(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.callback_query
        await update.callback_query.answer("Nicht erlaubt.", show_alert=True)

    app.add_handler(CommandHandler("start", _start))
    app.add_handler(CallbackQueryHandler(refuse))
    anna = emu.user("Anna")
    output = io.StringIO()
    async with app:
        await app.start()
        assert app.updater is not None
        await app.updater.start_polling(poll_interval=0.0, timeout=5)
        console = DemoConsole(
            emu,
            io.StringIO("/start\n#1\n"),
            output,
            {"anna": (anna, emu.private_chat(anna))},
            settle=emu.wait_idle,
        )
        await console.run()
        await app.updater.stop()
        await app.stop()
    assert "(Hinweis) Nicht erlaubt." in output.getvalue()

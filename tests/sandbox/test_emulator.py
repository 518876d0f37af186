"""The HTTP contract of the emulator, checked with a bare aiohttp client."""

from __future__ import annotations

import asyncio
import json
import time

import aiohttp
import pytest

from rakbot.sandbox.emulator import BotApiEmulator, FaultRule, RateLimits
from tests.sandbox.conftest import RawClient

BUTTON = {"text": "Zusage", "callback_data": "rsvp:yes"}


async def test_wrong_token_answers_401(raw: RawClient) -> None:
    async with raw.session.post(raw.url("getMe", token="1:WRONG")) as response:
        assert response.status == 401
        assert await response.json() == {
            "ok": False,
            "error_code": 401,
            "description": "Unauthorized",
        }


async def test_unknown_method_answers_404_and_is_a_violation(
    emu: BotApiEmulator, raw: RawClient
) -> None:
    status, body = await raw.call("sendTelepathy", chat_id=1)
    assert (status, body["description"]) == (404, "Not Found")
    assert emu.violations == ["sendTelepathy: no such Bot API method"]


async def test_method_names_are_case_insensitive(emu: BotApiEmulator, raw: RawClient) -> None:
    status, body = await raw.call("GETME")
    assert status == 200
    assert body["result"]["username"] == "rakbot_demo_bot"
    assert emu.calls[-1].method == "getMe"


async def test_form_encoded_values_are_typed_by_the_spec(
    emu: BotApiEmulator, raw: RawClient
) -> None:
    anna = emu.user("Anna")
    markup = json.dumps({"inline_keyboard": [[BUTTON]]})
    status, body = await raw.form(
        "sendMessage",
        {
            "chat_id": str(anna.id),
            "text": "Hallo",
            "reply_markup": markup,
            "protect_content": "true",
        },
    )
    assert status == 200, body
    sent = emu.last_message(anna.id)
    assert sent.payload["chat_id"] == anna.id
    assert sent.payload["protect_content"] is True
    assert sent.buttons() == [[("Zusage", "rsvp:yes")]]


async def test_message_ids_increase_per_chat(emu: BotApiEmulator, raw: RawClient) -> None:
    anna, ben = emu.user("Anna"), emu.user("Ben")
    emu.send_message(anna, "hallo")
    ids = [
        (await raw.call("sendMessage", chat_id=c.id, text="x"))[1]["result"]["message_id"]
        for c in (anna, anna, ben)
    ]
    assert ids == [2, 3, 1]


async def test_sending_to_an_unknown_chat_is_refused(emu: BotApiEmulator, raw: RawClient) -> None:
    status, body = await raw.call("sendMessage", chat_id=42, text="x")
    assert (status, body["description"]) == (400, "Bad Request: chat not found")
    assert emu.messages == []


@pytest.mark.parametrize(
    ("params", "description", "violation"),
    [
        ({"text": "x", "colour": "red"}, "unknown parameter 'colour'", "unknown parameter"),
        ({}, "required parameter 'text' is missing", "'text' is missing"),
        ({"text": "x", "disable_notification": "yes"}, "must be Boolean", "must be Boolean"),
        ({"text": "x" * 4097}, "message is too long", "4097 characters"),
        (
            {"text": "<b></b> ", "parse_mode": "HTML"},
            "message text is empty",
            "empty after entity parsing",
        ),
        (
            {"text": "<b>x</i>", "parse_mode": "HTML"},
            "can't parse entities: Unmatched end tag",
            "not valid HTML",
        ),
        ({"text": "Q&A", "parse_mode": "HTML"}, "unescaped '&'", "escape <, > and &"),
        ({"text": "a < b", "parse_mode": "HTML"}, "Unclosed start tag", "not valid HTML"),
        ({"text": "*x*", "parse_mode": "MarkdownV2"}, "use HTML", "the bot formats with HTML"),
        (
            {"text": "x", "reply_markup": {"inline_keyboard": [[{"text": "x"}]]}},
            "exactly one action field",
            "exactly one action field",
        ),
        (
            {"text": "x", "reply_markup": {"inline_keyboard": [[BUTTON | {"url": "https://a"}]]}},
            "exactly one action field",
            "exactly one action field",
        ),
        (
            {"text": "x", "reply_markup": {"inline_keyboard": [[{"text": "", "url": "h"}]]}},
            "Text must be non-empty",
            "without text",
        ),
        (
            {
                "text": "x",
                "reply_markup": {"inline_keyboard": [[BUTTON | {"callback_data": "ä" * 33}]]},
            },
            "BUTTON_DATA_INVALID",
            "has 66 bytes",
        ),
        (
            {"text": "x", "reply_markup": {"inline_keyboard": [[BUTTON]] * 101}},
            "reply markup is too long",
            "101 buttons",
        ),
        ({"text": "x", "reply_markup": {"colour": 1}}, "unsupported reply markup", "no known"),
    ],
)
async def test_send_message_rules(
    emu: BotApiEmulator,
    raw: RawClient,
    params: dict[str, object],
    description: str,
    violation: str,
) -> None:
    anna = emu.user("Anna")
    status, body = await raw.call("sendMessage", chat_id=anna.id, **params)
    assert status == 400
    assert body["description"].startswith("Bad Request: ")
    assert description in body["description"]
    assert len(emu.violations) == 1
    assert emu.violations[0].startswith("sendMessage: ")
    assert violation in emu.violations[0]
    assert emu.messages == []
    assert (emu.calls[-1].ok, emu.calls[-1].status) == (False, 400)
    with pytest.raises(AssertionError, match="broke 1 rule"):
        emu.assert_no_violations()


async def test_lenient_mode_records_but_lets_telegram_tolerated_calls_pass(
    raw: RawClient,
) -> None:
    async with BotApiEmulator(strict=False) as lenient:
        anna = lenient.user("Anna")
        async with raw.session.post(
            f"{lenient.base_url}{lenient.token}/sendMessage",
            json={"chat_id": anna.id, "text": "Q&A", "parse_mode": "HTML", "colour": 1},
        ) as response:
            assert response.status == 200
        assert lenient.last_message(anna.id).text == "Q&A"
        assert len(lenient.violations) == 2


@pytest.mark.parametrize(
    ("method", "params", "description"),
    [
        ("sendContact", {"phone_number": " ", "first_name": "A"}, "phone_number must be"),
        ("sendVenue", {"latitude": 52.1, "longitude": 11.6, "title": "T"}, "'address' is missing"),
        ("sendDocument", {"document": "x", "caption": "y" * 1025}, "caption is too long"),
        ("setMyCommands", {"commands": [{"command": "Start", "description": "x"}]}, "COMMAND_INV"),
        ("setMyCommands", {"commands": [{"command": "s", "description": ""}]}, "DESCRIPTION"),
        (
            "setMyCommands",
            {"commands": [{"command": f"c{i}", "description": "d"} for i in range(101)]},
            "BOT_COMMANDS_TOO_MUCH",
        ),
        ("answerCallbackQuery", {"callback_query_id": "1", "text": "x" * 201}, "TOO_LONG"),
        ("setWebhook", {"url": "http://127.0.0.1:1/", "secret_token": "a b"}, "unallowed"),
    ],
)
async def test_other_method_rules(
    emu: BotApiEmulator, raw: RawClient, method: str, params: dict[str, object], description: str
) -> None:
    anna = emu.user("Anna")
    if method.startswith("send"):
        params = {"chat_id": anna.id, **params}
    status, body = await raw.call(method, **params)
    assert status == 400
    assert description in body["description"]
    assert emu.violations and emu.violations[0].startswith(f"{method}: ")


async def test_answers_need_an_open_query_and_only_once(
    emu: BotApiEmulator, raw: RawClient
) -> None:
    anna = emu.user("Anna")
    await raw.call(
        "sendMessage", chat_id=anna.id, text="?", reply_markup={"inline_keyboard": [[BUTTON]]}
    )
    query_id = str(emu.press_button(anna, emu.last_message(anna.id), "forged:data"))
    assert (await raw.call("answerCallbackQuery", callback_query_id=query_id))[0] == 200
    status, body = await raw.call("answerCallbackQuery", callback_query_id=query_id)
    assert status == 400
    assert "query is too old" in body["description"]
    status, _ = await raw.call("answerInlineQuery", inline_query_id="999", results=[])
    assert status == 400
    assert emu.callback_answers == {query_id: {"callback_query_id": query_id}}


@pytest.mark.parametrize(
    ("results", "description"),
    [
        ([{"type": "article", "id": str(i)} for i in range(51)], "RESULTS_TOO_MUCH"),
        ([{"type": "article", "id": "x" * 65}], "RESULT_ID_INVALID"),
        ([{"type": "article", "id": "a"}, {"type": "article", "id": "a"}], "DUPLICATE"),
    ],
)
async def test_inline_answer_rules(
    emu: BotApiEmulator, raw: RawClient, results: list[dict[str, str]], description: str
) -> None:
    query_id = str(emu.inline_query(emu.user("Anna"), "sitzung"))
    status, body = await raw.call("answerInlineQuery", inline_query_id=query_id, results=results)
    assert status == 400
    assert description in body["description"]
    assert emu.inline_answers == {}


async def test_edit_rules(emu: BotApiEmulator, raw: RawClient) -> None:
    anna = emu.user("Anna")
    markup = {"inline_keyboard": [[BUTTON]]}
    await raw.call(
        "sendMessage", chat_id=anna.id, text="<b>A</b>", parse_mode="HTML", reply_markup=markup
    )
    message = emu.last_message(anna.id)
    same = {"chat_id": anna.id, "message_id": message.message_id, "reply_markup": markup}
    status, body = await raw.call("editMessageText", text="<b>A</b>", parse_mode="HTML", **same)
    assert status == 400
    assert body["description"].startswith("Bad Request: message is not modified")
    status, body = await raw.call("editMessageText", text="B", **same)
    assert status == 200
    assert (message.text, message.edits, body["result"]["edit_date"] > 0) == ("B", ["A"], True)
    status, body = await raw.call("editMessageText", chat_id=anna.id, message_id=99, text="C")
    assert (status, body["description"]) == (400, "Bad Request: message to edit not found")
    status, _ = await raw.call(
        "editMessageReplyMarkup", chat_id=anna.id, message_id=message.message_id
    )
    assert status == 200
    assert message.reply_markup is None
    assert (await raw.call("deleteMessage", chat_id=anna.id, message_id=message.message_id))[
        0
    ] == 200
    assert message.deleted
    status, body = await raw.call("deleteMessage", chat_id=anna.id, message_id=message.message_id)
    assert (status, body["description"]) == (400, "Bad Request: message to delete not found")


async def test_long_poll_returns_when_an_update_arrives(
    emu: BotApiEmulator, raw: RawClient
) -> None:
    anna = emu.user("Anna")
    started = time.monotonic()
    poll = asyncio.create_task(raw.call("getUpdates", timeout=10))
    await asyncio.sleep(0.1)
    update_id = emu.send_message(anna, "/start@rakbot_demo_bot los")
    status, body = await poll
    assert status == 200
    assert time.monotonic() - started < 5
    [update] = body["result"]
    assert update["update_id"] == update_id
    assert update["message"]["entities"] == [{"type": "bot_command", "offset": 0, "length": 22}]


async def test_long_poll_times_out_empty(raw: RawClient) -> None:
    started = time.monotonic()
    status, body = await raw.call("getUpdates", timeout=1)
    assert (status, body["result"]) == (200, [])
    assert time.monotonic() - started >= 0.9


async def test_offset_confirms_and_drops_earlier_updates(
    emu: BotApiEmulator, raw: RawClient
) -> None:
    anna = emu.user("Anna")
    first, second, third = (emu.send_message(anna, t) for t in ("a", "b", "c"))
    _, body = await raw.call("getUpdates", limit=2)
    assert [u["update_id"] for u in body["result"]] == [first, second]
    assert emu.updates_confirmed() == 0
    _, body = await raw.call("getUpdates", offset=second + 1)
    assert [u["update_id"] for u in body["result"]] == [third]
    assert emu.updates_confirmed() == second


async def test_allowed_updates_filter_later_updates(emu: BotApiEmulator, raw: RawClient) -> None:
    anna = emu.user("Anna")
    await raw.call("getUpdates", allowed_updates=["callback_query"])
    emu.send_message(anna, "ignored")
    inline = emu.inline_query(anna, "x")
    _, body = await raw.call("getUpdates")
    assert body["result"] == []
    await raw.call("getUpdates", allowed_updates=[])
    emu.inline_query(anna, "y")
    _, body = await raw.call("getUpdates")
    assert [u["inline_query"]["query"] for u in body["result"]] == ["y"]
    assert inline not in [u["update_id"] for u in body["result"]]


async def test_get_updates_conflicts_with_a_webhook(emu: BotApiEmulator, raw: RawClient) -> None:
    assert (await raw.call("setWebhook", url="http://127.0.0.1:9/hook"))[0] == 200
    status, body = await raw.call("getUpdates")
    assert status == 409
    assert body["description"].startswith("Conflict: can't use getUpdates")
    _, info = await raw.call("getWebhookInfo")
    assert info["result"]["url"] == "http://127.0.0.1:9/hook"
    await raw.call("deleteWebhook")
    assert (await raw.call("getUpdates"))[0] == 200


async def test_blocked_user_answers_403(emu: BotApiEmulator, raw: RawClient) -> None:
    anna = emu.user("Anna")
    emu.block(anna)
    status, body = await raw.call("sendMessage", chat_id=anna.id, text="Hallo")
    assert (status, body["description"]) == (403, "Forbidden: bot was blocked by the user")
    assert emu.violations == []


@pytest.mark.parametrize(("kind", "status"), [("429", 429), ("500", 500), ("timeout", 504)])
async def test_fault_rules_fail_the_next_matching_calls(
    emu: BotApiEmulator, raw: RawClient, kind: str, status: int
) -> None:
    anna, ben = emu.user("Anna"), emu.user("Ben")
    emu.add_fault(FaultRule(kind, method="sendMessage", chat_id=anna.id, times=2, retry_after=7))
    assert (await raw.call("sendMessage", chat_id=ben.id, text="x"))[0] == 200
    for _ in range(2):
        got, body = await raw.call("sendMessage", chat_id=anna.id, text="x")
        assert got == status
        if kind == "429":
            assert body["parameters"] == {"retry_after": 7}
    assert (await raw.call("sendMessage", chat_id=anna.id, text="x"))[0] == 200
    assert [m.chat_id for m in emu.messages] == [ben.id, anna.id]
    assert [c.ok for c in emu.calls] == [True, False, False, True]


async def test_fault_502_is_an_html_page(emu: BotApiEmulator, raw: RawClient) -> None:
    emu.add_fault(FaultRule("502"))
    async with raw.session.post(raw.url("getMe")) as response:
        assert response.status == 502
        assert "502 Bad Gateway" in await response.text()


async def test_fault_drop_closes_the_connection(emu: BotApiEmulator, raw: RawClient) -> None:
    emu.add_fault(FaultRule("drop", method="getMe"))
    with pytest.raises(aiohttp.ServerDisconnectedError):
        await raw.call("getMe")
    assert emu.calls[-1].ok is False
    assert (await raw.call("getMe"))[0] == 200


async def test_fault_slow_answers_normally_after_the_delay(
    emu: BotApiEmulator, raw: RawClient
) -> None:
    emu.add_fault(FaultRule("slow", delay=0.3))
    started = time.monotonic()
    assert (await raw.call("getMe"))[0] == 200
    assert time.monotonic() - started >= 0.3


async def test_faults_without_method_spare_polling_and_can_be_cleared(
    emu: BotApiEmulator, raw: RawClient
) -> None:
    emu.add_fault(FaultRule("500", times=5))
    assert (await raw.call("getUpdates"))[0] == 200
    assert (await raw.call("getMe"))[0] == 500
    emu.clear_faults()
    assert (await raw.call("getMe"))[0] == 200


async def test_rate_limits_answer_429_with_retry_after(raw: RawClient) -> None:
    limits = RateLimits(global_per_second=30, per_chat_per_second=1, per_group_per_minute=2)
    async with BotApiEmulator(rate_limits=limits) as limited:
        anna = limited.user("Anna")
        group = limited.group("Vorstand")
        base = f"{limited.base_url}{limited.token}/sendMessage"

        async def send(chat_id: int) -> tuple[int, dict[str, object]]:
            async with raw.session.post(base, json={"chat_id": chat_id, "text": "x"}) as response:
                return response.status, await response.json()

        assert (await send(anna.id))[0] == 200
        status, body = await send(anna.id)
        assert (status, body["parameters"]) == (429, {"retry_after": 1})
        assert body["description"] == "Too Many Requests: retry after 1"
        assert (await send(group.id))[0] == 200
        await asyncio.sleep(1.05)
        assert (await send(group.id))[0] == 200
        await asyncio.sleep(1.05)
        status, body = await send(group.id)
        assert status == 429
        assert 55 <= body["parameters"]["retry_after"] <= 60
        assert limited.rate_limited == 2
        assert len(limited.messages) == 3


async def test_multipart_upload_stores_bytes_and_filename(
    emu: BotApiEmulator, raw: RawClient
) -> None:
    anna = emu.user("Anna")
    form = aiohttp.FormData()
    form.add_field("chat_id", str(anna.id))
    form.add_field("caption", "<i>Protokoll</i>")
    form.add_field("parse_mode", "HTML")
    form.add_field(
        "document", b"%PDF-1.4", filename="protokoll.pdf", content_type="application/pdf"
    )
    status, body = await raw.form("sendDocument", form)
    assert status == 200, body
    assert body["result"]["document"]["file_name"] == "protokoll.pdf"
    assert body["result"]["caption"] == "Protokoll"
    sent = emu.last_message(anna.id)
    assert (sent.kind, sent.document, sent.filename, sent.text) == (
        "document",
        b"%PDF-1.4",
        "protokoll.pdf",
        "Protokoll",
    )
    file_id = body["result"]["document"]["file_id"]
    status, body = await raw.call("sendDocument", chat_id=anna.id, document=file_id)
    assert status == 200
    assert emu.last_message(anna.id).document == b"%PDF-1.4"


async def test_commands_per_scope_and_language(emu: BotApiEmulator, raw: RawClient) -> None:
    commands = [{"command": "start", "description": "Los geht's"}]
    scope = {"type": "chat", "chat_id": -100}
    await raw.call("setMyCommands", commands=commands, scope=scope, language_code="de")
    assert emu.my_commands == {("chat:-100", "de"): commands}
    _, body = await raw.call("getMyCommands", scope=scope, language_code="de")
    assert body["result"] == commands
    _, body = await raw.call("getMyCommands")
    assert body["result"] == []
    await raw.call("deleteMyCommands", scope=scope, language_code="de")
    assert emu.my_commands == {}


async def test_wait_for_reports_what_happened(emu: BotApiEmulator, raw: RawClient) -> None:
    await raw.call("getMe")
    with pytest.raises(TimeoutError, match=r"getMe→200"):
        await emu.wait_for(lambda: bool(emu.messages), timeout=0.2)


async def test_web_app_buttons_only_in_private_chats(emu: BotApiEmulator, raw: RawClient) -> None:
    """Telegram refuses a `web_app` inline button under a message in a group."""
    markup = {"inline_keyboard": [[{"text": "App", "web_app": {"url": "https://a.example/"}}]]}
    anna, group = emu.user("Anna"), emu.group("RAK")
    status, _body = await raw.call("sendMessage", chat_id=anna.id, text="x", reply_markup=markup)
    assert status == 200 and emu.violations == []
    status, body = await raw.call("sendMessage", chat_id=group.id, text="x", reply_markup=markup)
    assert status == 400 and "BUTTON_TYPE_INVALID" in body["description"]
    assert emu.violations and "allowed only in private chats" in emu.violations[0]

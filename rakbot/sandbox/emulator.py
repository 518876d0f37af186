"""A local Telegram Bot API server: the bot talks HTTP to it as to api.telegram.org.

Tests and the demo play the users: they inject updates (``send_message``, ``press_button``, …)
and read what the bot did (``messages``, ``calls``, ``violations``). Every call is checked
against the Bot API method list and Telegram's content rules; with ``strict=True`` a call that
breaks a rule is refused with 400 even where Telegram would let it pass.

Callback and inline query ids are ``str(update_id)`` of the update that carried the query, so a
test can look up ``callback_answers[str(press_button(...))]``.
"""

from __future__ import annotations

import asyncio
import itertools
import time
from collections.abc import Callable
from types import TracebackType
from typing import Self

from aiohttp import web

from rakbot.sandbox.backend import ApiError, TelegramBackend
from rakbot.sandbox.entities import command_entities
from rakbot.sandbox.faults import FaultBook, FaultRule
from rakbot.sandbox.limits import RateLimiter, RateLimits
from rakbot.sandbox.models import (
    ApiCall,
    FakeChat,
    FakeUser,
    JsonDict,
    SentMessage,
    UploadedFile,
)
from rakbot.sandbox.request_body import read_params
from rakbot.sandbox.spec import MethodSpec, decode_params, load_spec
from rakbot.sandbox.validate import validate_call

__all__ = [
    "ApiCall",
    "BotApiEmulator",
    "FakeChat",
    "FakeUser",
    "FaultRule",
    "RateLimits",
    "SentMessage",
]

_CONFLICT = (
    "Conflict: can't use getUpdates method while webhook is active; "
    "use deleteWebhook to delete the webhook first"
)
_BAD_GATEWAY_HTML = (
    "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n"
    "<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx/1.18.0</center>\r\n"
    "</body>\r\n</html>\r\n"
)
_MAX_UPLOAD = 50 * 1024 * 1024
BLOCKED = "Forbidden: bot was blocked by the user"
NOT_STARTED = "Forbidden: bot can't initiate conversation with a user"
MIGRATED = "Bad Request: group chat was upgraded to a supergroup chat"


class BotApiEmulator:
    def __init__(
        self,
        *,
        token: str = "123456:EMULATOR-TOKEN",
        bot_username: str = "rakbot_demo_bot",
        bot_first_name: str = "RAK Börde",
        strict: bool = True,
        rate_limits: RateLimits | None = None,
    ) -> None:
        self.token = token
        self.strict = strict
        self.bot_user = FakeUser(
            id=int(token.split(":", 1)[0]),
            first_name=bot_first_name,
            username=bot_username,
            is_bot=True,
        )
        self._changed = asyncio.Event()
        self._backend = TelegramBackend(self.bot_user, self._notify)
        self._spec = load_spec()
        self._backend.self_check = self._check_object
        self._faults = FaultBook()
        self._limiter = RateLimiter(rate_limits) if rate_limits else None
        self._runner: web.AppRunner | None = None
        self._host = "127.0.0.1"
        self._port = 0
        self._user_ids = itertools.count(100001)
        self._group_numbers = itertools.count(1)
        self.calls: list[ApiCall] = []
        self.violations: list[str] = []
        self.rate_limited = 0
        #: file paths the bot downloaded (`/file/bot<token>/<file_path>`)
        self.downloads: list[str] = []
        self._poll_calls = 0
        self.messages: list[SentMessage] = self._backend.messages
        self.callback_answers: dict[str, JsonDict] = self._backend.callback_answers
        self.inline_answers: dict[str, JsonDict] = self._backend.inline_answers
        self.my_commands: dict[tuple[str, str], list[JsonDict]] = self._backend.my_commands
        self.menu_buttons: dict[int | None, JsonDict] = self._backend.menu_buttons
        self.menu_buttons: dict[int | None, JsonDict] = self._backend.menu_buttons
        self.pinned: dict[int, list[int]] = self._backend.pinned

    # ----- lifecycle -------------------------------------------------------------------------

    async def start(self, host: str = "127.0.0.1", port: int = 0) -> None:
        app = web.Application(client_max_size=_MAX_UPLOAD)
        app.router.add_route("*", "/bot{token}/{method}", self._handle)
        app.router.add_get("/file/bot{token}/{path:.+}", self._download)
        self._runner = web.AppRunner(
            app, access_log=None, handle_signals=False, shutdown_timeout=1.0
        )
        await self._runner.setup()
        site = web.TCPSite(self._runner, host, port)
        await site.start()
        self._host = host
        self._port = self._runner.addresses[0][1]

    async def stop(self) -> None:
        self._backend.queue.close()
        await self._backend.webhook_sender.close()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> Self:
        await self.start()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        await self.stop()

    @property
    def base_url(self) -> str:
        return f"http://{self._host}:{self._port}/bot"

    @property
    def base_file_url(self) -> str:
        return f"http://{self._host}:{self._port}/file/bot"

    @property
    def webhook(self) -> JsonDict | None:
        return self._backend.webhook

    def spread_webhook(self, urls: list[str]) -> None:
        """Act as a load balancer in front of several bot processes: once a webhook is set,
        updates go round-robin to these URLs (still one at a time, in order)."""
        self._backend.webhook_sender.spread = list(urls)

    @property
    def webhook_deliveries(self) -> dict[str, int]:
        """Updates delivered per webhook URL."""
        return dict(self._backend.webhook_sender.deliveries)

    # ----- users and chats -------------------------------------------------------------------

    def user(
        self,
        first_name: str,
        *,
        last_name: str | None = None,
        username: str | None = None,
        language_code: str = "de",
        user_id: int | None = None,
    ) -> FakeUser:
        user = FakeUser(
            id=user_id if user_id is not None else next(self._user_ids),
            first_name=first_name,
            last_name=last_name,
            username=username,
            language_code=language_code,
        )
        self._backend.users[user.id] = user
        self.private_chat(user)
        return user

    def private_chat(self, user: FakeUser) -> FakeChat:
        chats = self._backend.chats
        if user.id not in chats:
            chats[user.id] = FakeChat(id=user.id, type="private", user=user)
        return chats[user.id]

    def group(self, title: str, *, chat_id: int | None = None, supergroup: bool = True) -> FakeChat:
        number = next(self._group_numbers)
        if chat_id is None:
            chat_id = -1001000000000 - number if supergroup else -900000 - number
        chat = FakeChat(id=chat_id, type="supergroup" if supergroup else "group", title=title)
        self._backend.chats[chat.id] = chat
        return chat

    def chat(self, chat_id: int) -> FakeChat:
        return self._backend.chats[chat_id]

    def upgrade_to_supergroup(
        self, group: FakeChat, by: FakeUser, *, announce: bool = True
    ) -> FakeChat:
        """An admin upgrades a basic group to a supergroup: a new chat with a new id. Telegram
        posts `migrate_to_chat_id` in the old group and `migrate_from_chat_id` in the new one
        (not with `announce=False`: updates the bot missed); any later call to the old id
        answers 400 with `migrate_to_chat_id`."""
        if group.type != "group":
            raise ValueError("only a basic group can be upgraded")
        number = next(self._group_numbers)
        supergroup = FakeChat(id=-1001000000000 - number, type="supergroup", title=group.title)
        self._backend.chats[supergroup.id] = supergroup
        self._backend.migrated[group.id] = supergroup.id
        announcements = (
            (group, "migrate_to_chat_id", supergroup.id),
            (supergroup, "migrate_from_chat_id", group.id),
        )
        for chat, field, other in announcements if announce else ():
            message: JsonDict = {
                "message_id": self._backend.new_message_id(chat.id),
                "from": by.to_dict(),
                "chat": chat.to_dict(),
                "date": int(time.time()),
                field: other,
            }
            self._backend.store_user_message(message)
            self._push({"message": message})
        return supergroup

    def set_member_status(self, chat: FakeChat, user: FakeUser, status: str) -> None:
        """What ``getChatMember`` answers: member, administrator, creator, left or kicked."""
        self._backend.member_status[(chat.id, user.id)] = status

    def make_admin(self, chat: FakeChat, user: FakeUser, **rights: bool) -> None:
        """Make `user` (or the bot: ``emu.bot_user``) an administrator of `chat` with every
        right except those passed as False (``can_restrict_members=False``)."""
        self._backend.member_status[(chat.id, user.id)] = "administrator"
        self._backend.admin_rights[(chat.id, user.id)] = dict(rights)

    def member_status(self, chat: FakeChat, user: FakeUser) -> str:
        """What ``getChatMember`` would answer as status (``member`` if nothing was set)."""
        return self._backend.member_status.get((chat.id, user.id), "member")

    def request_to_join(
        self, user: FakeUser, chat: FakeChat, invite_link: str | None = None
    ) -> int:
        """The user asks to join through a link that needs approval: a ``chat_join_request``
        update, open until the bot approves or declines it."""
        request: JsonDict = {
            "chat": chat.to_dict(),
            "from": user.to_dict(),
            "user_chat_id": user.id,
            "date": int(time.time()),
        }
        if invite_link is not None:
            link = self._backend.invite_links.get(invite_link)
            if link is None:
                raise KeyError(f"the bot created no invite link {invite_link}")
            request["invite_link"] = {k: v for k, v in link.items() if k != "chat_id"}
        self._check_object("ChatJoinRequest", request)
        self._backend.join_requests[(chat.id, user.id)] = request
        return self._push({"chat_join_request": request})

    @property
    def join_requests(self) -> set[tuple[int, int]]:
        """Open join requests as (chat id, user id)."""
        return set(self._backend.join_requests)

    @property
    def invite_links(self) -> dict[str, JsonDict]:
        """The invite links the bot created (with the chat's id under ``chat_id``)."""
        return dict(self._backend.invite_links)

    def _check_object(self, type_name: str, value: JsonDict) -> None:
        self.violations += self._spec.check_object(type_name, value)

    def block(self, user: FakeUser) -> None:
        """Later sends to the user's private chat answer 403, as after the user blocked the bot."""
        self._backend.blocked[user.id] = BLOCKED

    def never_started(self, user: FakeUser) -> None:
        """The user never opened a chat with the bot: sends answer 403 until they write to it."""
        self._backend.blocked[user.id] = NOT_STARTED

    # ----- updates from the users ------------------------------------------------------------

    def send_message(
        self,
        user: FakeUser,
        text: str,
        *,
        chat: FakeChat | None = None,
        reply_to: int | None = None,
        sender_chat: FakeChat | None = None,
    ) -> int:
        """``sender_chat`` for a message sent on behalf of a chat: a linked channel's post
        (``user`` is then Telegram's Channel_Bot) or an anonymous group admin (the group itself,
        ``user`` GroupAnonymousBot)."""
        chat = chat or self.private_chat(user)
        content: JsonDict = {"text": text}
        if sender_chat is not None:
            content["sender_chat"] = sender_chat.to_dict()
        entities = command_entities(text)
        if entities:
            content["entities"] = entities
        return self._user_message(user, chat, content, reply_to)

    def send_document(
        self,
        user: FakeUser,
        file_name: str,
        content: bytes,
        *,
        mime_type: str = "application/pdf",
        caption: str | None = None,
        chat: FakeChat | None = None,
        reply_to: int | None = None,
        size: int | None = None,
        report_size: bool = True,
    ) -> int:
        """The user sends a file. Telegram keeps it (the bot may send it on by `file_id`, and
        fetch it with `getFile` and the download URL); `size` is its size on Telegram if not
        that of `content` (a large file in a few bytes); `report_size=False` leaves
        `file_size` out of the `Document`, as Telegram may."""
        chat = chat or self.private_chat(user)
        document = self._backend.user_file(UploadedFile(file_name, content, mime_type), size)
        if not report_size:
            document.pop("file_size")
        message: JsonDict = {"document": document}
        if caption:
            message["caption"] = caption
            entities = command_entities(caption)
            if entities:
                message["caption_entities"] = entities
        return self._user_message(user, chat, message, reply_to)

    def _user_message(
        self, user: FakeUser, chat: FakeChat, content: JsonDict, reply_to: int | None
    ) -> int:
        """A message from `user` in `chat` with this content (text or document), as an update."""
        if chat.id == user.id:
            # Writing to the bot (re)starts the chat, as /start after unblocking does.
            self._backend.blocked.pop(user.id, None)
        message: JsonDict = {
            "message_id": self._backend.new_message_id(chat.id),
            "from": user.to_dict(),
            "chat": chat.to_dict(),
            "date": int(time.time()),
            **content,
        }
        if reply_to is not None:
            replied = self._backend.any_message_json(chat.id, reply_to)
            if replied is None:
                raise KeyError(f"no message {reply_to} in chat {chat.id} to reply to")
            message["reply_to_message"] = replied
        self._backend.store_user_message(message)
        return self._push({"message": message})

    def edit_message(
        self, user: FakeUser, message_id: int, new_text: str, chat: FakeChat | None = None
    ) -> int:
        chat = chat or self.private_chat(user)
        message = dict(self._backend.user_message(chat.id, message_id))
        message["text"] = new_text
        message["edit_date"] = int(time.time())
        message.pop("entities", None)
        entities = command_entities(new_text)
        if entities:
            message["entities"] = entities
        self._backend.store_user_message(message)
        return self._push({"edited_message": message})

    def last_user_message_id(self, user: FakeUser, chat: FakeChat | None = None) -> int:
        """The id of the latest message ``user`` sent to ``chat`` (default: their private chat)."""
        chat = chat or self.private_chat(user)
        return max(
            message_id
            for (chat_id, message_id), message in self._backend.user_messages.items()
            if chat_id == chat.id and message.get("from", {}).get("id") == user.id
        )

    def press_button(self, user: FakeUser, message: SentMessage, callback_data: str) -> int:
        update = self.button_press_update(user, message, callback_data)
        return self._push({"callback_query": update["callback_query"]}, update["update_id"])

    def button_press_update(
        self, user: FakeUser, message: SentMessage, callback_data: str
    ) -> JsonDict:
        """The update of a press, with its query open for an answer, without queueing it (as
        one a bot process already fetched)."""
        if message.deleted:
            raise ValueError(f"message {message.message_id} was deleted; nothing to press")
        update_id = self._backend.queue.allocate_id()
        self._backend.open_query(str(update_id))
        query = {
            "id": str(update_id),
            "from": user.to_dict(),
            "message": self._backend.message_json(message),
            "chat_instance": str(message.chat_id),
            "data": callback_data,
        }
        return {"update_id": update_id, "callback_query": query}

    def inline_query(self, user: FakeUser, query: str, offset: str = "") -> int:
        update_id = self._backend.queue.allocate_id()
        self._backend.open_query(str(update_id))
        body = {"id": str(update_id), "from": user.to_dict(), "query": query, "offset": offset}
        return self._push({"inline_query": body}, update_id)

    def raw_update(self, update: JsonDict) -> int:
        """Queue any update (channel posts, member changes, …); ``update_id`` is filled in."""
        return self._push({k: v for k, v in update.items() if k != "update_id"})

    def _push(self, body: JsonDict, update_id: int | None = None) -> int:
        if update_id is None:
            update_id = self._backend.queue.allocate_id()
        self._backend.queue.push({"update_id": update_id, **body})
        return update_id

    async def post_raw_webhook(self, body: JsonDict, secret: str | None) -> int:
        """POST ``body`` to the bot's webhook with this secret header (none if None)."""
        return await self._backend.webhook_sender.post(body, secret)

    @property
    def last_update_id(self) -> int:
        return self._backend.queue.last_id

    def updates_confirmed(self) -> int:
        return self._backend.queue.confirmed

    # ----- what the bot did ------------------------------------------------------------------

    def messages_to(self, chat_id: int) -> list[SentMessage]:
        return [message for message in self.messages if message.chat_id == chat_id]

    def last_message(self, chat_id: int) -> SentMessage:
        sent = self.messages_to(chat_id)
        if not sent:
            raise AssertionError(f"the bot sent nothing to chat {chat_id}")
        return sent[-1]

    def assert_no_violations(self) -> None:
        if self.violations:
            listing = "\n".join(f"  - {line}" for line in self.violations)
            raise AssertionError(f"the bot broke {len(self.violations)} rule(s):\n{listing}")

    def add_fault(self, rule: FaultRule) -> None:
        self._faults.add(rule)

    def clear_faults(self) -> None:
        self._faults.clear()

    async def wait_for(
        self,
        predicate: Callable[[], bool],
        timeout: float = 5.0,  # noqa: ASYNC109 - the API the harness uses
    ) -> None:
        """Return once ``predicate()`` holds; it is re-checked after every call and delivery."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while not predicate():
            remaining = deadline - loop.time()
            if remaining <= 0:
                recent = ", ".join(
                    f"{c.method}→{c.status}" for c in self.calls[-8:] if c.method != "getUpdates"
                )
                raise TimeoutError(
                    f"condition not met within {timeout}s; last calls: {recent or 'none'}; "
                    f"pending updates: {self._backend.queue.pending_count}"
                )
            event = self._changed
            try:
                await asyncio.wait_for(event.wait(), remaining)
            except TimeoutError:
                continue

    async def wait_idle(self, quiet: float = 0.1, limit: float = 10.0) -> None:
        """Wait until the bot took every pending update and made no call for ``quiet`` seconds.

        A ready-made ``settle`` for the demo console and for tests that expect no answer.
        """
        loop = asyncio.get_running_loop()
        deadline = loop.time() + limit
        await self.wait_for(lambda: self._backend.queue.pending_count == 0, limit)
        while True:
            before = len(self.calls) - self._poll_calls
            await asyncio.sleep(quiet)
            if len(self.calls) - self._poll_calls == before or loop.time() > deadline:
                return

    def _notify(self) -> None:
        self._changed.set()
        self._changed = asyncio.Event()

    # ----- HTTP ------------------------------------------------------------------------------

    async def _download(self, request: web.Request) -> web.StreamResponse:
        """`/file/bot<token>/<file_path>`: a file's content, by the path `getFile` gave."""
        path = request.match_info["path"]
        self.downloads.append(path)
        if request.match_info["token"] != self.token:
            return web.json_response(
                {"ok": False, "error_code": 401, "description": "Unauthorized"}, status=401
            )
        content = self._backend.file_content(path)
        if content is None:
            return web.json_response(
                {"ok": False, "error_code": 404, "description": "Not Found"}, status=404
            )
        return web.Response(body=content, content_type="application/octet-stream")

    async def _handle(self, request: web.Request) -> web.StreamResponse:
        name = request.match_info["method"]
        if request.match_info["token"] != self.token:
            return self._error(name, {}, 401, "Unauthorized")
        spec = self._spec.method(name)
        if spec is None:
            self.violations.append(f"{name}: no such Bot API method")
            return self._error(name, {}, 404, "Not Found")
        try:
            params = decode_params(spec, await read_params(request))
        except ValueError as error:
            self.violations.append(f"{spec.name}: unreadable request body ({error})")
            return self._error(spec.name, {}, 400, f"Bad Request: {error}")
        fault = self._faults.take(spec.name, params.get("chat_id"))
        if fault is not None:
            answer = await self._fault(fault, spec.name, params, request)
            if answer is not None:
                return answer
        return await self._process(spec, params)

    async def _process(self, spec: MethodSpec, params: JsonDict) -> web.StreamResponse:
        validation = validate_call(spec, params)
        self.violations += [f"{spec.name}: {problem.rule}" for problem in validation.problems]
        refused = [p for p in validation.problems if p.enforced or self.strict]
        if refused:
            return self._error(spec.name, params, 400, f"Bad Request: {refused[0].description}")
        chat_id = params.get("chat_id")
        refusal = self._backend.refusal(spec.name, chat_id)
        if refusal is not None:
            return self._error(spec.name, params, 403, refusal)
        if chat_id in self._backend.migrated:
            # Telegram's answer for a group that became a supergroup: the new id to use.
            new_id = self._backend.migrated[chat_id]
            return self._error(spec.name, params, 400, MIGRATED, {"migrate_to_chat_id": new_id})
        if self._limiter and spec.returns_message and spec.name.startswith(("send", "forward")):
            retry_after = self._limiter.admit(chat_id) if isinstance(chat_id, int) else None
            if retry_after is not None:
                self.rate_limited += 1
                return self._too_many(spec.name, params, retry_after)
        try:
            if spec.name == "getUpdates":
                result = await self._get_updates(params)
            else:
                result = await self._backend.execute(spec, params, validation.formatted)
        except ApiError as error:
            if error.status == 400 and error.mistake:
                self.violations.append(f"{spec.name}: {error.description}")
            return self._error(spec.name, params, error.status, error.description)
        self._record(ApiCall(spec.name, params, True, None, 200))
        return web.json_response({"ok": True, "result": result})

    async def _get_updates(self, params: JsonDict) -> list[JsonDict]:
        if self._backend.webhook is not None:
            raise ApiError(409, _CONFLICT)
        queue = self._backend.queue
        queue.set_allowed(params.get("allowed_updates"))
        if params.get("offset") is not None:
            queue.confirm_below(params["offset"])
            self._notify()  # `updates_confirmed` changed
        return await queue.poll(
            None, int(params.get("limit", 100)), float(params.get("timeout", 0))
        )

    async def _fault(
        self, fault: FaultRule, method: str, params: JsonDict, request: web.Request
    ) -> web.StreamResponse | None:
        """The failure answer, or None for ``slow`` (which then proceeds normally)."""
        if fault.kind in ("slow", "timeout"):
            await asyncio.sleep(fault.delay)
        match fault.kind:
            case "slow":
                return None
            case "429":
                return self._too_many(method, params, fault.retry_after)
            case "400":
                return self._error(method, params, 400, fault.description)
            case "500":
                return self._error(method, params, 500, "Internal Server Error")
            case "502":
                self._record(ApiCall(method, params, False, "Bad Gateway", 502))
                return web.Response(status=502, text=_BAD_GATEWAY_HTML, content_type="text/html")
            case "timeout":
                return self._error(method, params, 504, "Gateway Timeout")
        self._record(ApiCall(method, params, False, "connection dropped", 0))
        if request.transport is not None:
            request.transport.abort()
        return web.Response()  # never reaches the client: the connection is gone

    def _too_many(self, method: str, params: JsonDict, retry_after: int) -> web.Response:
        return self._error(
            method,
            params,
            429,
            f"Too Many Requests: retry after {retry_after}",
            {"retry_after": retry_after},
        )

    def _error(
        self,
        method: str,
        params: JsonDict,
        status: int,
        description: str,
        parameters: JsonDict | None = None,
    ) -> web.Response:
        self._record(ApiCall(method, params, False, description, status))
        body: JsonDict = {"ok": False, "error_code": status, "description": description}
        if parameters:
            body["parameters"] = parameters
        return web.json_response(body, status=status)

    def _record(self, call: ApiCall) -> None:
        self.calls.append(call)
        if call.method == "getUpdates":
            self._poll_calls += 1
        self._notify()

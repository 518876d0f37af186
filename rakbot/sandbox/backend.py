"""The emulated Telegram side: chats, messages, queries, commands, and the Bot API methods on them.

Calls arrive here already validated against the method list; this module enforces the rules that
depend on state (does the message exist, was the query answered) and builds the answers.
"""

from __future__ import annotations

import itertools
import time
from collections.abc import Callable
from typing import Any

from rakbot.sandbox.html_text import ParsedText
from rakbot.sandbox.models import FakeChat, FakeUser, JsonDict, SentMessage, UploadedFile
from rakbot.sandbox.spec import MethodSpec
from rakbot.sandbox.updates import UpdateQueue
from rakbot.sandbox.webhook import WebhookSender

NOT_MODIFIED = (
    "Bad Request: message is not modified: specified new message content and reply markup are "
    "exactly the same as a current content and reply markup of the message"
)
QUERY_INVALID = "Bad Request: query is too old and response timeout expired or query ID is invalid"
_KINDS = {
    "sendMessage": "text",
    "sendContact": "contact",
    "sendVenue": "venue",
    "sendLocation": "location",
    "sendDocument": "document",
    "sendPhoto": "photo",
}
#: what bots may download through `getFile` (Bot API: "files of up to 20MB in size")
DOWNLOAD_LIMIT = 20 * 1024 * 1024
_BLOCKABLE_PREFIXES = ("send", "copy", "forward", "edit", "pin")
_ADMIN_RIGHTS = (
    "can_be_edited",
    "can_manage_chat",
    "can_delete_messages",
    "can_manage_video_chats",
    "can_restrict_members",
    "can_promote_members",
    "can_change_info",
    "can_invite_users",
    "can_post_stories",
    "can_edit_stories",
    "can_delete_stories",
)


class ApiError(Exception):
    """A Telegram error answer; ``description`` is Telegram's text."""

    def __init__(self, status: int, description: str, *, mistake: bool = True) -> None:
        super().__init__(description)
        self.status = status
        self.description = description
        #: False for answers that depend on the chat's state (rights the group's admins gave,
        #: a request the user withdrew): no rule the bot broke
        self.mistake = mistake


def scope_key(scope: Any) -> str:
    """``default``, ``all_private_chats``, ``chat:<id>``, ``chat_member:<chat>:<user>``, …"""
    if not isinstance(scope, dict):
        return "default"
    kind = str(scope.get("type", "default"))
    if "user_id" in scope:
        return f"{kind}:{scope.get('chat_id')}:{scope['user_id']}"
    if "chat_id" in scope:
        return f"{kind}:{scope['chat_id']}"
    return kind


class TelegramBackend:
    def __init__(self, bot_user: FakeUser, on_change: Callable[[], None]) -> None:
        self.bot_user = bot_user
        self.users: dict[int, FakeUser] = {}
        self.chats: dict[int, FakeChat] = {}
        self.messages: list[SentMessage] = []
        self.callback_answers: dict[str, JsonDict] = {}
        self.inline_answers: dict[str, JsonDict] = {}
        self.my_commands: dict[tuple[str, str], list[JsonDict]] = {}
        self.menu_buttons: dict[int | None, JsonDict] = {}
        self.pinned: dict[int, list[int]] = {}
        self.member_status: dict[tuple[int, int], str] = {}
        #: administrator rights that differ from "all granted", per (chat, user)
        self.admin_rights: dict[tuple[int, int], dict[str, bool]] = {}
        #: open join requests (chat, user) → the ChatJoinRequest sent with the update
        self.join_requests: dict[tuple[int, int], JsonDict] = {}
        #: invite links the bot created, by link
        self.invite_links: dict[str, JsonDict] = {}
        #: objects the emulator built that break the Bot API spec (a bug of the emulator)
        self.self_check: Callable[[str, JsonDict], None] = lambda _type, _value: None
        #: private chats that refuse the bot's messages, with Telegram's reason
        self.blocked: dict[int, str] = {}
        #: basic groups upgraded to a supergroup: old id → new id
        self.migrated: dict[int, int] = {}
        self.queue = UpdateQueue()
        self.webhook_sender = WebhookSender(self.queue, on_change)
        self.webhook: JsonDict | None = None
        self._bot_messages: dict[tuple[int, int], SentMessage] = {}
        self._user_messages: dict[tuple[int, int], JsonDict] = {}
        self._last_message_id: dict[int, int] = {}
        self._open_queries: dict[str, bool] = {}
        self._files: dict[str, UploadedFile | None] = {}
        #: the size a file has on Telegram, where it differs from its stored content (a large
        #: file a user sent, represented by a few bytes)
        self._file_sizes: dict[str, int] = {}
        #: `getFile`'s download paths → file_id
        self.file_paths: dict[str, str] = {}
        self._file_numbers = itertools.count(1)
        self._method_handlers = self._handlers()

    # ----- the user side -------------------------------------------------------------------

    def new_message_id(self, chat_id: int) -> int:
        message_id = self._last_message_id.get(chat_id, 0) + 1
        self._last_message_id[chat_id] = message_id
        return message_id

    def store_user_message(self, message: JsonDict) -> None:
        self._user_messages[(message["chat"]["id"], message["message_id"])] = message

    @property
    def user_messages(self) -> dict[tuple[int, int], JsonDict]:
        return self._user_messages

    def user_message(self, chat_id: int, message_id: int) -> JsonDict:
        try:
            return self._user_messages[(chat_id, message_id)]
        except KeyError:
            raise KeyError(f"no user message {message_id} in chat {chat_id}") from None

    def any_message_json(self, chat_id: int, message_id: int) -> JsonDict | None:
        bot_message = self._bot_messages.get((chat_id, message_id))
        if bot_message is not None and not bot_message.deleted:
            return self.message_json(bot_message)
        return self._user_messages.get((chat_id, message_id))

    def user_file(self, upload: UploadedFile, size: int | None = None) -> JsonDict:
        """Keep a file a user sends (as Telegram keeps it) and describe it as a `Document`;
        `size` is its size on Telegram if it differs from the content's."""
        file_id = f"BQACAgIAAxkBAAI{next(self._file_numbers):06d}"
        self._files[file_id] = upload
        if size is not None:
            self._file_sizes[file_id] = size
        document: JsonDict = {
            "file_id": file_id,
            "file_unique_id": f"AgAD{file_id[-6:]}",
            "file_name": upload.filename,
            "mime_type": upload.content_type,
            "file_size": self.file_size(file_id),
        }
        self.self_check("Document", document)
        return document

    def file_size(self, file_id: str) -> int:
        upload = self._files.get(file_id)
        content = len(upload.content) if upload is not None else 0
        return self._file_sizes.get(file_id, content)

    def file_content(self, file_path: str) -> bytes | None:
        """What the download URL of `file_path` (from `getFile`) serves; None if unknown."""
        file_id = self.file_paths.get(file_path)
        upload = self._files.get(file_id) if file_id is not None else None
        return upload.content if upload is not None else None

    def open_query(self, query_id: str) -> None:
        self._open_queries[query_id] = False

    # ----- answers ---------------------------------------------------------------------------

    def message_json(self, message: SentMessage) -> JsonDict:
        data: JsonDict = {
            "message_id": message.message_id,
            "from": self.bot_user.to_dict(),
            "chat": self.chats[message.chat_id].to_dict(),
            "date": message.date,
        }
        if message.kind == "text":
            data["text"] = message.text
        elif message.raw_text:
            data["caption"] = message.text
        if message.entities:
            data["entities" if message.kind == "text" else "caption_entities"] = message.entities
        data.update(message.content)
        if message.edit_date is not None:
            data["edit_date"] = message.edit_date
        if message.reply_markup and "inline_keyboard" in message.reply_markup:
            data["reply_markup"] = message.reply_markup
        reply_to = _reply_to_id(message.payload)
        if reply_to is not None:
            replied = self.any_message_json(message.chat_id, reply_to)
            if replied is not None:
                data["reply_to_message"] = replied
        return data

    def refusal(self, method: str, chat_id: Any) -> str | None:
        """Telegram's 403 description if this call to that chat is refused, else None."""
        if chat_id in self.blocked and method.startswith(_BLOCKABLE_PREFIXES):
            return self.blocked[chat_id]
        return None

    # ----- methods ---------------------------------------------------------------------------

    async def execute(
        self, method: MethodSpec, params: JsonDict, formatted: dict[str, ParsedText]
    ) -> Any:
        handler = self._method_handlers.get(method.name)
        if handler is not None:
            return await handler(params, formatted)
        if method.name.startswith(("send", "copy", "forward")) and method.returns == ("Message",):
            return self._send(method.name, params, formatted)
        if method.returns == ("Boolean",):
            return True
        raise ApiError(400, f"Bad Request: {method.name} is not emulated")

    def _handlers(self) -> dict[str, Callable[[JsonDict, dict[str, ParsedText]], Any]]:
        return {
            "getMe": self._get_me,
            "getWebhookInfo": self._get_webhook_info,
            "setWebhook": self._set_webhook,
            "deleteWebhook": self._delete_webhook,
            "editMessageText": self._edit_message,
            "editMessageCaption": self._edit_message,
            "editMessageReplyMarkup": self._edit_message,
            "deleteMessage": self._delete_message,
            "answerCallbackQuery": self._answer_callback_query,
            "answerInlineQuery": self._answer_inline_query,
            "setMyCommands": self._set_my_commands,
            "getMyCommands": self._get_my_commands,
            "deleteMyCommands": self._delete_my_commands,
            "setChatMenuButton": self._set_chat_menu_button,
            "pinChatMessage": self._pin_chat_message,
            "unpinChatMessage": self._unpin_chat_message,
            "getChat": self._get_chat,
            "getChatMember": self._get_chat_member,
            "getChatAdministrators": self._get_chat_administrators,
            "createChatInviteLink": self._create_chat_invite_link,
            "approveChatJoinRequest": self._approve_join_request,
            "declineChatJoinRequest": self._decline_join_request,
            "banChatMember": self._ban_chat_member,
            "unbanChatMember": self._unban_chat_member,
            "getFile": self._get_file,
        }

    async def _get_me(self, params: JsonDict, formatted: dict[str, ParsedText]) -> JsonDict:
        return self.bot_user.to_dict() | {
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": True,
        }

    async def _get_webhook_info(
        self, params: JsonDict, formatted: dict[str, ParsedText]
    ) -> JsonDict:
        info: JsonDict = {
            "url": self.webhook["url"] if self.webhook else "",
            "has_custom_certificate": False,
            "pending_update_count": self.queue.pending_count,
        }
        if self.webhook:
            info["max_connections"] = self.webhook.get("max_connections", 40)
            if self.queue.allowed is not None:
                info["allowed_updates"] = self.queue.allowed
            if self.webhook_sender.last_error:
                info["last_error_date"], info["last_error_message"] = self.webhook_sender.last_error
        return info

    async def _set_webhook(self, params: JsonDict, formatted: dict[str, ParsedText]) -> bool:
        if params.get("drop_pending_updates"):
            self.queue.drop_all()
        self.queue.set_allowed(params.get("allowed_updates"))
        url = str(params["url"])
        if not url:
            return await self._delete_webhook(params, formatted)
        self.webhook = dict(params)
        await self.webhook_sender.start(url, params.get("secret_token"))
        return True

    async def _delete_webhook(self, params: JsonDict, formatted: dict[str, ParsedText]) -> bool:
        if params.get("drop_pending_updates"):
            self.queue.drop_all()
        self.webhook = None
        await self.webhook_sender.stop()
        return True

    def _chat(self, chat_id: Any) -> FakeChat:
        chat = self.chats.get(chat_id) if isinstance(chat_id, int) else None
        if chat is None:
            raise ApiError(400, "Bad Request: chat not found")
        return chat

    def _send(self, method: str, params: JsonDict, formatted: dict[str, ParsedText]) -> JsonDict:
        chat = self._chat(params.get("chat_id"))
        parsed = formatted.get("text") or formatted.get("caption")
        source_field = "text" if method == "sendMessage" else "caption"
        message = SentMessage(
            message_id=self.new_message_id(chat.id),
            chat_id=chat.id,
            kind=_KINDS.get(method, method.removeprefix("send").lower()),
            text=parsed.text if parsed else "",
            raw_text=str(params.get(source_field, "")),
            parse_mode=params.get("parse_mode"),
            reply_markup=params.get("reply_markup"),
            payload=params,
            entities=parsed.entities if parsed else [],
            date=int(time.time()),
        )
        message.content = self._content(method, params, message)
        self.messages.append(message)
        self._bot_messages[(chat.id, message.message_id)] = message
        return self.message_json(message)

    def _content(self, method: str, params: JsonDict, message: SentMessage) -> JsonDict:
        if method == "sendContact":
            keys = ("phone_number", "first_name", "last_name", "vcard")
            return {"contact": {k: params[k] for k in keys if k in params}}
        location = {k: params[k] for k in ("latitude", "longitude") if k in params}
        if method == "sendLocation":
            return {"location": location}
        if method == "sendVenue":
            keys = ("title", "address", "foursquare_id", "google_place_id")
            venue = {"location": location} | {k: params[k] for k in keys if k in params}
            return {"venue": venue, "location": location}
        if method == "sendDocument":
            return {"document": self._file(params.get("document"), message)}
        if method == "sendPhoto":
            return {
                "photo": [self._file(params.get("photo"), message) | {"width": 1280, "height": 960}]
            }
        return {}

    def _file(self, value: Any, message: SentMessage) -> JsonDict:
        """Store an upload (or resolve a file_id / URL) and describe it as Telegram does."""
        if isinstance(value, str) and value in self._files:
            upload = self._files[value]
            file_id = value
        elif isinstance(value, UploadedFile):
            upload = value
            file_id = f"BQACAgIAAxkBAAI{next(self._file_numbers):06d}"
            self._files[file_id] = upload
        elif isinstance(value, str) and value.startswith(("http://", "https://")):
            upload = None
            file_id = f"BQACAgIAAxkBAAI{next(self._file_numbers):06d}"
            message.filename = value.rstrip("/").rsplit("/", 1)[-1]
            self._files[file_id] = None
        else:
            raise ApiError(400, "Bad Request: wrong file identifier/HTTP URL specified")
        info: JsonDict = {"file_id": file_id, "file_unique_id": f"AgAD{file_id[-6:]}"}
        if upload is not None:
            message.document, message.filename = upload.content, upload.filename
            info |= {
                "file_name": upload.filename,
                "mime_type": upload.content_type,
                "file_size": self.file_size(file_id),
            }
        return info

    async def _get_file(self, params: JsonDict, formatted: dict[str, ParsedText]) -> JsonDict:
        """Telegram's `getFile`: a download path valid for an hour; refused for files above
        the 20 MB bots may download (that answer depends on the file, no mistake of the bot)."""
        file_id = params.get("file_id")
        if not isinstance(file_id, str) or file_id not in self._files:
            raise ApiError(400, "Bad Request: invalid file_id")
        size = self.file_size(file_id)
        if size > DOWNLOAD_LIMIT:
            raise ApiError(400, "Bad Request: file is too big", mistake=False)
        upload = self._files[file_id]
        extension = upload.filename.rpartition(".")[2] if upload and "." in upload.filename else ""
        path = f"documents/file_{len(self.file_paths) + 1}" + (f".{extension}" if extension else "")
        self.file_paths[path] = file_id
        found: JsonDict = {
            "file_id": file_id,
            "file_unique_id": f"AgAD{file_id[-6:]}",
            "file_size": size,
            "file_path": path,
        }
        self.self_check("File", found)
        return found

    def _bot_message(self, params: JsonDict, action: str) -> SentMessage:
        key = _message_key(params)
        message = self._bot_messages.get(key) if key else None
        if message is None or message.deleted:
            if key in self._user_messages and action == "edit":
                raise ApiError(400, "Bad Request: message can't be edited")
            raise ApiError(400, f"Bad Request: message to {action} not found")
        return message

    async def _edit_message(
        self, params: JsonDict, formatted: dict[str, ParsedText]
    ) -> JsonDict | bool:
        if "inline_message_id" in params:
            return True
        message = self._bot_message(params, "edit")
        parsed = formatted.get("text") or formatted.get("caption")
        # Telegram drops the inline keyboard of an edited message unless it is sent again.
        markup = params.get("reply_markup")
        if parsed is None:
            parsed = ParsedText(message.text, message.entities)
        if (parsed.text, parsed.entities, markup) == (
            message.text,
            message.entities,
            message.reply_markup,
        ):
            raise ApiError(400, NOT_MODIFIED)
        if parsed.text != message.text:
            message.edits.append(message.text)
            message.raw_text = str(params.get("text", params.get("caption", "")))
            message.parse_mode = params.get("parse_mode")
        message.text, message.entities, message.reply_markup = parsed.text, parsed.entities, markup
        message.edit_date = int(time.time())
        return self.message_json(message)

    async def _delete_message(self, params: JsonDict, formatted: dict[str, ParsedText]) -> bool:
        key = _message_key(params)
        if key in self._user_messages:
            del self._user_messages[key]
            return True
        self._bot_message(params, "delete").deleted = True
        return True

    def _answer_query(self, query_id: Any) -> str:
        if not isinstance(query_id, str) or self._open_queries.get(query_id) is not False:
            raise ApiError(400, QUERY_INVALID)
        self._open_queries[query_id] = True
        return query_id

    async def _answer_callback_query(
        self, params: JsonDict, formatted: dict[str, ParsedText]
    ) -> bool:
        self.callback_answers[self._answer_query(params.get("callback_query_id"))] = params
        return True

    async def _answer_inline_query(
        self, params: JsonDict, formatted: dict[str, ParsedText]
    ) -> bool:
        self.inline_answers[self._answer_query(params.get("inline_query_id"))] = params
        return True

    @staticmethod
    def _commands_key(params: JsonDict) -> tuple[str, str]:
        return scope_key(params.get("scope")), str(params.get("language_code") or "")

    async def _set_my_commands(self, params: JsonDict, formatted: dict[str, ParsedText]) -> bool:
        self.my_commands[self._commands_key(params)] = list(params["commands"])
        return True

    async def _get_my_commands(
        self, params: JsonDict, formatted: dict[str, ParsedText]
    ) -> list[JsonDict]:
        return self.my_commands.get(self._commands_key(params), [])

    async def _delete_my_commands(self, params: JsonDict, formatted: dict[str, ParsedText]) -> bool:
        self.my_commands.pop(self._commands_key(params), None)
        return True

    async def _set_chat_menu_button(
        self, params: JsonDict, formatted: dict[str, ParsedText]
    ) -> bool:
        self.menu_buttons[params.get("chat_id")] = params.get("menu_button") or {"type": "default"}
        return True

    async def _pin_chat_message(self, params: JsonDict, formatted: dict[str, ParsedText]) -> bool:
        chat = self._chat(params.get("chat_id"))
        if self.any_message_json(chat.id, params["message_id"]) is None:
            raise ApiError(400, "Bad Request: message to pin not found")
        self.pinned.setdefault(chat.id, []).append(params["message_id"])
        return True

    async def _unpin_chat_message(self, params: JsonDict, formatted: dict[str, ParsedText]) -> bool:
        pinned = self.pinned.get(self._chat(params.get("chat_id")).id, [])
        message_id = params.get("message_id", pinned[-1] if pinned else None)
        if message_id in pinned:
            pinned.remove(message_id)
        return True

    async def _get_chat(self, params: JsonDict, formatted: dict[str, ParsedText]) -> JsonDict:
        gifts = ("unlimited_gifts", "limited_gifts", "unique_gifts", "premium_subscription")
        return self._chat(params.get("chat_id")).to_dict() | {
            "accent_color_id": 0,
            "max_reaction_count": 11,
            "accepted_gift_types": dict.fromkeys((*gifts, "gifts_from_channels"), False),
        }

    def chat_member(self, chat: FakeChat, user: FakeUser) -> JsonDict:
        """The ChatMember object of `user` in `chat` (status and, for admins, their rights)."""
        status = self.member_status.get((chat.id, user.id), "member")
        member: JsonDict = {"status": status, "user": user.to_dict()}
        kind = "ChatMemberMember"
        if status == "creator":
            member["is_anonymous"] = False
            kind = "ChatMemberOwner"
        elif status == "administrator":
            rights = dict.fromkeys(_ADMIN_RIGHTS, True) | self.admin_rights.get(
                (chat.id, user.id), {}
            )
            member |= rights | {"is_anonymous": False}
            kind = "ChatMemberAdministrator"
        elif status == "kicked":
            member["until_date"] = 0
            kind = "ChatMemberBanned"
        elif status == "left":
            kind = "ChatMemberLeft"
        self.self_check(kind, member)
        return member

    def has_right(self, chat: FakeChat, user_id: int, right: str) -> bool:
        status = self.member_status.get((chat.id, user_id), "member")
        if status == "creator":
            return True
        if status != "administrator":
            return False
        return self.admin_rights.get((chat.id, user_id), {}).get(right, True)

    def _group(self, params: JsonDict, right: str, refusal: str) -> FakeChat:
        """The group of a moderation call; Telegram refuses it unless the bot is an admin
        there with `right`."""
        chat = self._chat(params.get("chat_id"))
        if chat.is_private:
            raise ApiError(
                400, "Bad Request: method is available for supergroup and channel chats only"
            )
        if not self.has_right(chat, self.bot_user.id, right):
            raise ApiError(400, f"Bad Request: {refusal}", mistake=False)
        return chat

    def _target(self, params: JsonDict) -> FakeUser:
        user_id = params.get("user_id")
        user = self.users.get(user_id) if isinstance(user_id, int) else None
        if user is None:
            raise ApiError(400, "Bad Request: user not found")
        return user

    async def _get_chat_member(
        self, params: JsonDict, formatted: dict[str, ParsedText]
    ) -> JsonDict:
        chat = self._chat(params.get("chat_id"))
        user_id = params.get("user_id")
        user = self.bot_user if user_id == self.bot_user.id else None
        if user is None and isinstance(user_id, int):
            user = self.users.get(user_id)
        if user is None:
            raise ApiError(400, "Bad Request: user not found")
        return self.chat_member(chat, user)

    async def _get_chat_administrators(
        self, params: JsonDict, formatted: dict[str, ParsedText]
    ) -> list[JsonDict]:
        chat = self._chat(params.get("chat_id"))
        if chat.is_private:
            raise ApiError(400, "Bad Request: there are no administrators in the private chat")
        people = [self.bot_user, *self.users.values()]
        return [
            self.chat_member(chat, user)
            for user in people
            if self.member_status.get((chat.id, user.id)) in ("creator", "administrator")
        ]

    async def _create_chat_invite_link(
        self, params: JsonDict, formatted: dict[str, ParsedText]
    ) -> JsonDict:
        chat = self._group(
            params, "can_invite_users", "not enough rights to manage chat invite link"
        )
        if params.get("creates_join_request") and "member_limit" in params:
            raise ApiError(
                400, "Bad Request: member limit can't be specified for links requiring approval"
            )
        number = len(self.invite_links) + 1
        link: JsonDict = {
            "invite_link": f"https://t.me/+emu{abs(chat.id)}x{number}",
            "creator": self.bot_user.to_dict(),
            "creates_join_request": bool(params.get("creates_join_request", False)),
            "is_primary": False,
            "is_revoked": False,
        }
        for key in ("name", "expire_date", "member_limit"):
            if key in params:
                link[key] = params[key]
        self.self_check("ChatInviteLink", link)
        self.invite_links[link["invite_link"]] = link | {"chat_id": chat.id}
        return link

    def _open_request(self, params: JsonDict) -> tuple[FakeChat, FakeUser]:
        chat = self._group(params, "can_invite_users", "not enough rights to manage join requests")
        user = self._target(params)
        if (chat.id, user.id) not in self.join_requests:
            raise ApiError(400, "Bad Request: HIDE_REQUESTER_MISSING", mistake=False)
        return chat, user

    async def _approve_join_request(
        self, params: JsonDict, formatted: dict[str, ParsedText]
    ) -> bool:
        chat, user = self._open_request(params)
        del self.join_requests[(chat.id, user.id)]
        self.member_status[(chat.id, user.id)] = "member"
        return True

    async def _decline_join_request(
        self, params: JsonDict, formatted: dict[str, ParsedText]
    ) -> bool:
        chat, user = self._open_request(params)
        del self.join_requests[(chat.id, user.id)]
        return True

    async def _ban_chat_member(self, params: JsonDict, formatted: dict[str, ParsedText]) -> bool:
        chat = self._group(
            params, "can_restrict_members", "not enough rights to restrict/ban chat member"
        )
        user = self._target(params)
        if self.member_status.get((chat.id, user.id)) == "creator":
            raise ApiError(400, "Bad Request: can't remove chat owner", mistake=False)
        self.member_status[(chat.id, user.id)] = "kicked"
        return True

    async def _unban_chat_member(self, params: JsonDict, formatted: dict[str, ParsedText]) -> bool:
        chat = self._group(
            params, "can_restrict_members", "not enough rights to restrict/ban chat member"
        )
        user = self._target(params)
        status = self.member_status.get((chat.id, user.id), "member")
        if status == "creator":
            raise ApiError(400, "Bad Request: can't remove chat owner", mistake=False)
        if status == "kicked" or not params.get("only_if_banned"):
            # unbanned, or (without only_if_banned) removed: either way free to join again
            self.member_status[(chat.id, user.id)] = "left"
        return True


def _message_key(params: JsonDict) -> tuple[int, int] | None:
    chat_id, message_id = params.get("chat_id"), params.get("message_id")
    if isinstance(chat_id, int) and isinstance(message_id, int):
        return chat_id, message_id
    return None


def _reply_to_id(params: JsonDict) -> int | None:
    reply = params.get("reply_parameters")
    if isinstance(reply, dict) and isinstance(reply.get("message_id"), int):
        return reply["message_id"]
    value = params.get("reply_to_message_id")
    return value if isinstance(value, int) else None

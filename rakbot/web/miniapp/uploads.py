"""A file uploaded from the Mini App (`multipart/form-data`, field `file`), read with a cap.

The body is read part by part in chunks, so a huge upload is refused once it passes the cap
instead of being held in memory; the cap is what a document may weigh (20 MB, see
`rakbot.domain.documents`). The aiohttp application keeps its default body limit for every
other request.
"""

from __future__ import annotations

from aiohttp import BodyPartReader, web

from rakbot.domain.documents import MAX_FILE_BYTES, FileProblem
from rakbot.i18n import N_
from rakbot.services.document_uploads import Upload
from rakbot.services.documents import DocumentError
from rakbot.web.miniapp.call import BAD_REQUEST, Call

NO_FILE = N_("Bitte eine Datei auswählen.")
CHUNK = 64 * 1024
#: room for the multipart boundaries and part headers around the file itself
OVERHEAD = 64 * 1024


async def read_upload(call: Call, limit: int = MAX_FILE_BYTES) -> Upload:
    """The `file` part of the request; `DocumentError(TOO_BIG)` past `limit` bytes."""
    request = call.request
    if request.content_type != "multipart/form-data":
        raise call.refuse(BAD_REQUEST)
    if (request.content_length or 0) > limit + OVERHEAD:
        raise DocumentError(FileProblem.TOO_BIG)
    try:
        reader = await request.multipart()
        while (part := await reader.next()) is not None:
            if isinstance(part, BodyPartReader) and part.name == "file":
                data = await _read_capped(part, limit)
                mime = part.headers.get("Content-Type")
                return Upload(part.filename, mime, data)
    except DocumentError:
        raise
    except (ValueError, AssertionError, web.HTTPException):
        raise call.refuse(BAD_REQUEST) from None
    raise call.refuse(NO_FILE)


async def _read_capped(part: BodyPartReader, limit: int) -> bytes:
    data = bytearray()
    while chunk := await part.read_chunk(CHUNK):
        data.extend(chunk)
        if len(data) > limit:
            raise DocumentError(FileProblem.TOO_BIG)
    return bytes(data)

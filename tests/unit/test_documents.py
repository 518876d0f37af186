"""The rules for documents: which files are accepted, how a name is kept, what `/anhang` and
`/unterlagen` understand."""

from __future__ import annotations

from rakbot.domain.documents import (
    MAX_FILE_BYTES,
    Action,
    FileProblem,
    Request,
    Target,
    check_size,
    file_name,
    format_size,
    mime_type,
    parse_listing,
    parse_request,
)


def test_sizes_up_to_what_bots_may_fetch_again() -> None:
    assert check_size(1) is None
    assert check_size(MAX_FILE_BYTES) is None
    assert check_size(MAX_FILE_BYTES + 1) is FileProblem.TOO_BIG
    assert check_size(0) is FileProblem.EMPTY
    assert format_size(812) == "812 B"
    assert format_size(46_387) == "45,3 KB"
    assert format_size(MAX_FILE_BYTES) == "20,0 MB"
    assert format_size(46_387, "en") == "45.3 KB"


def test_names_are_cleaned_and_bounded_with_their_extension() -> None:
    assert file_name("Projekt\u202eskizze.pdf", "Unterlage") == "Projektskizze.pdf"
    assert file_name("  ", "Unterlage") == "Unterlage"
    assert file_name(None, "Unterlage") == "Unterlage"
    long = file_name("a" * 400 + ".docx", "Unterlage")
    assert len(long) == 255 and long.endswith("….docx")
    assert len(file_name("b" * 400, "Unterlage")) == 255
    assert mime_type("") is None and mime_type("x" * 300) == "x" * 100


def test_what_anhang_understands() -> None:
    assert parse_request(["3"]) == Request(Action.ATTACH, target=Target(proposal_id=3))
    assert parse_request(["Antrag", "3"]) == Request(Action.ATTACH, target=Target(proposal_id=3))
    assert parse_request(["sitzung", "2", "TOP", "1"]) == Request(
        Action.ATTACH, target=Target(meeting_id=2, item=0)
    )
    assert parse_request(["ersetzen", "4"]) == Request(Action.REPLACE, document_id=4)
    assert parse_request(["entfernen", "D4"]) == Request(Action.REMOVE, document_id=4)
    for bad in ([], ["0"], ["-3"], ["³"], ["3", "4"], ["sitzung", "2", "top", "0"], ["1" * 12]):
        assert parse_request(bad) is None, bad
    assert parse_listing(["sitzung", "2"]) == Target(meeting_id=2)
    assert parse_listing(["3"]) == Target(proposal_id=3)
    assert parse_listing(["sitzung"]) is None

"""Outlook .msg files, built here as real compound files (see msgfile.py)."""

import struct

from ingest.formats import Limits, parse
from tests.formats import msgfile
from tests.formats.samples import pdf_bytes


def test_msg_body_and_attachments() -> None:
    pdf = pdf_bytes(["Beslissing op bezwaar."])
    big = bytes(range(256)) * 40  # above the 4096-byte mini-stream cutoff
    data = msgfile.msg_bytes(
        "Bezwaar woning", "Geachte heer,\n\nHierbij mijn bezwaar tegen het besluit.",
        "bewoner@example.nl", [("beslissing.pdf", pdf), ("C:\\tmp\\bijlage.bin", big)],
    )  # fmt: skip
    parsed = parse(data, "bericht.msg", Limits())
    assert parsed.status == "parsed" and parsed.media_type == "application/vnd.ms-outlook"
    text = parsed.pages[0].text
    assert "Subject: Bezwaar woning" in text and "From: bewoner@example.nl" in text
    assert "Hierbij mijn bezwaar tegen het besluit." in text
    assert [(c.name, c.raw_name) for c in parsed.children] == [
        ("beslissing.pdf", None),
        ("tmp/bijlage.bin", "C:\\tmp\\bijlage.bin"),
    ]
    assert parsed.children[0].data == pdf and parsed.children[1].data == big


def test_attachment_without_bytes_is_named_in_the_reason() -> None:
    data = msgfile.msg_bytes("Met bericht", "Zie bijlage.", "a@example.nl", [])
    root = msgfile.Node("Root Entry", msgfile.ROOT)
    props = msgfile.property_streams(
        struct.pack("<8xIIII8x", 0, 1, 0, 1),
        [(0x001A, msgfile.PTYP_STRING, msgfile.utf16("IPM.Note"))],
    )
    attach = msgfile.Node("__attach_version1.0_#00000000", msgfile.STORAGE)
    attach.kids = msgfile.property_streams(
        b"\0" * 8,
        [(0x3705, msgfile.PTYP_INT32, 5), (0x3707, msgfile.PTYP_STRING, msgfile.utf16("oud"))],
    )
    root.kids = [*props, attach]
    parsed = parse(msgfile.compound_file(root), "x.msg", Limits())
    assert parsed.children == [] and "oud (an attached Outlook message)" in (parsed.reason or "")
    assert parse(data, "y.msg", Limits()).status == "parsed"


def test_damaged_msg_fails() -> None:
    data = msgfile.msg_bytes("Kapot", "Tekst.", "a@example.nl", [])
    parsed = parse(data[:1024], "kapot.msg", Limits())
    assert parsed.status == "failed" and "Outlook message is damaged" in (parsed.reason or "")

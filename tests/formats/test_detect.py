"""The real type from the bytes, whatever the name says."""

from ingest.formats import detect
from tests.formats import msgfile
from tests.formats.samples import (
    docx_bytes,
    eml_bytes,
    image_bytes,
    odt_bytes,
    pdf_bytes,
    tiff_bytes,
    zip_bytes,
)


def test_types_come_from_the_bytes_not_the_name() -> None:
    found = {
        "pdf": detect(pdf_bytes(["x"]), "a.txt"),
        "docx": detect(docx_bytes([["x"]]), "a.pdf"),
        "odt": detect(odt_bytes("x", []), "a.zip"),
        "zip": detect(zip_bytes({"a.txt": b"x"}), "a.docx"),
        "png": detect(image_bytes(["x"], "PNG"), "a.jpg"),
        "jpeg": detect(image_bytes(["x"], "JPEG"), "a.png"),
        "tiff": detect(tiff_bytes([["x"]]), "a"),
        "eml": detect(eml_bytes("x", "y", []), "a.txt"),
        "msg": detect(msgfile.msg_bytes("x", "y", "a@b.nl", []), "a.bin"),
        "html": detect(b"<!DOCTYPE html><html><body><p>x</p></body></html>", "a.txt"),
        "empty": detect(b"", "a.pdf"),
    }
    assert found == {
        "pdf": "application/pdf",
        "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "odt": "application/vnd.oasis.opendocument.text",
        "zip": "application/zip",
        "png": "image/png",
        "jpeg": "image/jpeg",
        "tiff": "image/tiff",
        "eml": "message/rfc822",
        "msg": "application/vnd.ms-outlook",
        "html": "text/html",
        "empty": "application/x-empty",
    }


def test_text_that_merely_mentions_headers_is_not_mail() -> None:
    assert detect(b"Beste buur,\nFrom: ik\nSubject: schuur\n", "a.txt") == "text/plain"

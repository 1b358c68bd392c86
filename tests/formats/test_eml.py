"""E-mails: headers and body as text, every attachment a child, nested e-mails too."""

from email.message import EmailMessage

from ingest.formats import Limits, parse
from tests.formats.samples import eml_bytes, image_bytes, pdf_bytes

LIMITS = Limits()


def _with_attachments() -> bytes:
    inner = eml_bytes("Doorgestuurd", "Het oorspronkelijke bericht over de dakkapel.", [])
    return eml_bytes("Bezwaar", "Bijgaand mijn bezwaar.", [
        ("bezwaar.pdf", pdf_bytes(["Bezwaar tegen het besluit."]), "application/pdf"),
        ("../../etc/passwd", b"escape", "text/plain"),
        ("doorgestuurd.eml", inner, "message/rfc822"),
    ])  # fmt: skip


def test_attachments_are_children_and_nested_mail_parses() -> None:
    parsed = parse(_with_attachments(), "bericht.eml", LIMITS)
    assert parsed.status == "parsed" and parsed.media_type == "message/rfc822"
    assert "Subject: Bezwaar" in parsed.pages[0].text
    assert "Bijgaand mijn bezwaar." in parsed.pages[0].text
    assert [c.name for c in parsed.children] == ["bezwaar.pdf", "etc/passwd", "doorgestuurd.eml"]
    assert [c.raw_name for c in parsed.children] == [None, "../../etc/passwd", None]
    pdf = parse(parsed.children[0].data, parsed.children[0].name, LIMITS)
    assert "Bezwaar tegen het besluit." in pdf.pages[0].text
    nested = parse(parsed.children[2].data, "doorgestuurd.eml", LIMITS)
    assert nested.media_type == "message/rfc822" and "dakkapel" in nested.pages[0].text
    assert "Subject: Doorgestuurd" in nested.pages[0].text


def test_base64_encoded_attached_mail_is_decoded() -> None:
    """RFC 2046 forbids base64 for message/rfc822, but mailers do it."""
    inner = eml_bytes("Oud bericht", "Tekst van het oude bericht.", [])
    msg = EmailMessage()
    msg["Subject"] = "Doorsturen"
    msg.set_content("Zie bijlage.")
    msg.add_attachment(inner, maintype="message", subtype="rfc822", filename="oud.eml")
    parsed = parse(bytes(msg), "x.eml", LIMITS)
    assert parsed.children[0].data.startswith(b"From: bewoner@example.nl")


def test_inline_image_without_name_is_a_child_but_the_html_body_is_not() -> None:
    msg = EmailMessage()
    msg["Subject"] = "Foto"
    msg.set_content("Zie de foto.")
    msg.add_alternative("<p>Zie de foto.</p>", subtype="html")
    html = msg.get_body(("html",))
    assert html is not None
    html.add_related(image_bytes(["foto"], "PNG"), maintype="image", subtype="png", cid="<f1>")
    parsed = parse(bytes(msg), "foto.eml", LIMITS)
    assert [c.name for c in parsed.children] == ["bijlage-1"]
    assert parsed.children[0].data.startswith(b"\x89PNG")


def test_too_many_attachments_fail_with_the_rest_left_out() -> None:
    files = [(f"f{i}.txt", b"x", "text/plain") for i in range(5)]
    parsed = parse(eml_bytes("Veel", "Tekst.", files), "veel.eml", Limits(max_entries=3))
    assert parsed.status == "failed" and len(parsed.children) == 3
    assert "more than 3 attachments" in (parsed.reason or "")

"""E-mails (.eml): headers and body as one document, every attachment a child.

unstructured reads the body with process_attachments=False: its own attachment handling fails
a whole e-mail over one image and then tries to download a layout model (FACTS.md). We take
attachments out with the `email` module; the pipeline sends each through `parse` again, so an
attached e-mail or zip is handled like any other file.
"""

import base64
import email
import email.policy
from collections.abc import Iterator
from email.errors import MessageError
from email.message import EmailMessage

from ingest.formats._unstructured import partition_email, partition_text
from ingest.formats.base import Child, FormatHandler, Limits, Parsed, from_elements
from ingest.formats.media import EML
from ingest.formats.safenames import ChildNames
from store.parsed import Element

NAME = "eml/email+unstructured"
HEADERS = ("From", "To", "Cc", "Date", "Subject")
_BODY_TYPES = ("text/plain", "text/html")


def parse(data: bytes, filename: str, limits: Limits) -> Parsed:
    message = email.message_from_bytes(data, policy=email.policy.default)
    assert isinstance(message, EmailMessage)  # the default policy makes EmailMessage
    header = header_element(_headers(message))
    body, body_note = _body(data, message)
    parsed = from_elements(EML, NAME, header + body)
    children, limit_note = attachments(message, limits)
    reason = " ".join(n for n in (body_note, limit_note) if n) or parsed.reason
    return parsed.model_copy(
        update={
            "children": children,
            "reason": reason,
            "status": "failed" if limit_note else parsed.status,
        }
    )


def header_element(header: str) -> list[Element]:
    """Who wrote to whom, when, about what: searchable text on page 1."""
    return [Element(kind="EmailHeader", text=header, page=1)] if header.strip() else []


def _headers(message: EmailMessage) -> str:
    lines = []
    for name in HEADERS:
        try:
            value = message.get(name)
        except (MessageError, ValueError, IndexError, TypeError, AttributeError):
            value = None  # a malformed header is left out, not fatal
        if value:
            lines.append(f"{name}: {value}")
    return "\n".join(lines)


def _body(data: bytes, message: EmailMessage) -> tuple[list[Element], str | None]:
    """unstructured's reading of the body; the plain text part if unstructured cannot."""
    try:
        return partition_email(data), None
    except Exception as exc:  # unstructured raises anything on odd bodies; keep what we can
        note = f"The body could not be partitioned ({type(exc).__name__}); its text part is used."
    part = message.get_body(preferencelist=("plain",))
    try:
        text = part.get_content() if part is not None else ""
    except (LookupError, ValueError, MessageError):
        text = ""
    return (partition_text(text) if str(text).strip() else []), note


def _leaves(part: EmailMessage) -> Iterator[EmailMessage]:
    """Leaf parts in order; an attached e-mail (message/rfc822) is a leaf, not walked into."""
    if part.get_content_maintype() == "multipart":
        for sub in part.iter_parts():
            assert isinstance(sub, EmailMessage)
            yield from _leaves(sub)
    else:
        yield part


def _is_attachment(part: EmailMessage) -> bool:
    """Named or marked parts, and anything that is not a text body (inline images too)."""
    if part.get_content_disposition() == "attachment" or part.get_filename():
        return True
    return part.get_content_type() not in _BODY_TYPES


def attachments(message: EmailMessage, limits: Limits) -> tuple[list[Child], str | None]:
    """Every attachment as a child, within the entry and size limits."""
    names = ChildNames()
    children: list[Child] = []
    total = 0
    parts = (p for p in _leaves(message) if p is not message and _is_attachment(p))
    for index, part in enumerate(parts, start=1):
        if index > limits.max_entries:
            return children, (
                f"The e-mail has more than {limits.max_entries} attachments "
                "(limit); the rest were not taken out."
            )
        data = _part_bytes(part)
        total += len(data)
        if total > limits.max_expanded_bytes:
            return children, (
                f"The attachments are larger than {limits.max_expanded_bytes} bytes "
                "together (limit); the rest were not taken out."
            )
        fallback = f"bijlage-{index}" + (".eml" if part.get_content_type() == EML else "")
        name, raw = names.make(_filename(part), fallback)
        children.append(Child(name=name, raw_name=raw, data=data))
    return children, None


def _filename(part: EmailMessage) -> str | None:
    try:
        return part.get_filename()
    except (MessageError, ValueError, IndexError, TypeError):
        return None


def _part_bytes(part: EmailMessage) -> bytes:
    """An attachment's bytes; an attached e-mail as its full message (headers included)."""
    if part.get_content_type() == EML:
        payload = part.get_payload()
        if isinstance(payload, list) and payload and not isinstance(payload[0], str):
            inner = bytes(payload[0].as_bytes())
            if str(part.get("Content-Transfer-Encoding", "")).lower() == "base64":
                # not allowed by RFC 2046 for message/rfc822, but mailers do it
                return base64.b64decode(b"".join(inner.split()), validate=False)
            return inner
    decoded = part.get_payload(decode=True)
    return decoded if isinstance(decoded, bytes) else b""


HANDLER = FormatHandler("eml", frozenset({EML}), frozenset({".eml"}), parse)

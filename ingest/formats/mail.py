"""E-mails: the message (headers and body) as one document, every attachment a child.

unstructured reads the body with process_attachments=False: its own attachment handling fails
a whole e-mail over one image and then tries to download a layout model (FACTS.md); we take
attachments out ourselves, and the pipeline sends each through the same dispatcher.
"""

import base64
import email
import email.policy
from email.message import EmailMessage

from ingest.formats._unstructured import partition_email, partition_msg, partition_text
from ingest.formats.base import Child, ChildNames, Handler, Limits, Parsed, from_elements
from store.parsed import Element

EML = "message/rfc822"
MSG = "application/vnd.ms-outlook"
_HEADERS = ("From", "To", "Cc", "Date", "Subject")


def parse_eml(data: bytes, filename: str, limits: Limits) -> Parsed:
    message = email.message_from_bytes(data, policy=email.policy.default)
    assert isinstance(message, EmailMessage)
    header = "\n".join(f"{h}: {message[h]}" for h in _HEADERS if message[h])
    note: str | None = None
    try:
        body = partition_email(data)
    except Exception as exc:  # unstructured on a malformed body: keep headers, say why
        body = []
        note = f"the body could not be partitioned ({type(exc).__name__}: {exc})"
    elements = _header_elements(header) + body
    parsed = from_elements(EML, "eml/email+unstructured", elements)
    children, limit_note = _attachments(message, limits)
    reason = "; ".join(n for n in (note, limit_note) if n) or parsed.reason
    status = "failed" if limit_note and parsed.status == "parsed" else parsed.status
    if elements and parsed.status == "empty":
        status = "parsed"
    return parsed.model_copy(update={"children": children, "reason": reason, "status": status})


def _header_elements(header: str) -> list[Element]:
    return [Element(kind="EmailHeader", text=header, page=1)] if header else []


def _attachments(message: EmailMessage, limits: Limits) -> tuple[list[Child], str | None]:
    names = ChildNames()
    children: list[Child] = []
    total = 0
    for index, part in enumerate(message.iter_attachments(), start=1):
        if len(children) >= limits.max_entries:
            return children, f"more than {limits.max_entries} attachments; the rest were not read"
        data = _part_bytes(part)
        total += len(data)
        if total > limits.max_expanded_bytes:
            return children, "attachments exceed the size limit; the rest were not read"
        fallback = f"bijlage-{index}" + (".eml" if part.get_content_type() == EML else "")
        name, raw = names.make(part.get_filename(), fallback)
        children.append(Child(name=name, raw_name=raw, data=data))
    return children, None


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


def parse_msg(data: bytes, filename: str, limits: Limits) -> Parsed:
    from oxmsg import Message  # noqa: PLC0415

    try:
        msg = Message.load(data)
        elements = partition_msg(data)
    except Exception as exc:  # oxmsg raises plain errors on damaged files
        reason = f"Outlook message is damaged ({type(exc).__name__}: {exc})"
        return Parsed(media_type=MSG, parser="msg/oxmsg", status="failed", reason=reason)
    header = f"From: {msg.sender or ''}\nSubject: {msg.subject or ''}\nDate: {msg.sent_date or ''}"
    parsed = from_elements(MSG, "msg/oxmsg+unstructured", partition_text(header) + elements)
    names = ChildNames()
    children = []
    for index, attachment in enumerate(msg.attachments[: limits.max_entries], start=1):
        name, raw = names.make(attachment.file_name, f"bijlage-{index}")
        children.append(Child(name=name, raw_name=raw, data=attachment.file_bytes or b""))
    return parsed.model_copy(update={"children": children})


EML_HANDLER = Handler("eml", frozenset({EML}), frozenset({".eml"}), parse_eml)
MSG_HANDLER = Handler(
    "msg", frozenset({MSG}), frozenset({".msg"}),
    parse_msg,
)  # fmt: skip

"""Outlook messages (.msg): headers and body as one document, every attachment a child.

python-oxmsg reads the compound file; unstructured partitions the body with
process_attachments=False (see eml.py for why); we take the attachments out ourselves.
"""

from typing import Any

from ingest.formats._unstructured import partition_msg
from ingest.formats.base import Child, FormatHandler, Limits, Parsed, failed, from_elements
from ingest.formats.eml import header_element
from ingest.formats.media import MSG
from ingest.formats.safenames import ChildNames

NAME = "msg/oxmsg+unstructured"
ATTACH_METHOD = 0x3705
EMBEDDED_MESSAGE = 5


def parse(data: bytes, filename: str, limits: Limits) -> Parsed:
    from oxmsg import Message  # noqa: PLC0415

    try:
        msg = Message.load(data)
        header = _header(msg)
        attached = list(msg.attachments)
        elements = partition_msg(data)
    except Exception as exc:  # oxmsg/olefile raise plain errors of any kind on damaged files
        reason = f"The Outlook message is damaged and cannot be read ({type(exc).__name__}: {exc})."
        return failed(MSG, NAME, reason)
    parsed = from_elements(MSG, NAME, header_element(header) + elements)
    children, note = _attachments(attached, limits)
    return parsed.model_copy(
        update={
            "children": children,
            "reason": note or parsed.reason,
            "status": "failed" if note and "limit" in note else parsed.status,
        }
    )


def _header(msg: Any) -> str:
    to = ", ".join(r.email_address for r in msg.recipients if r.email_address)
    date = msg.sent_date.isoformat() if msg.sent_date else ""
    values = {"From": msg.sender, "To": to, "Date": date, "Subject": msg.subject}
    return "\n".join(f"{k}: {v}" for k, v in values.items() if v)


def _attachments(attached: list[Any], limits: Limits) -> tuple[list[Child], str | None]:
    names = ChildNames()
    children: list[Child] = []
    skipped: list[str] = []
    total = 0
    for index, attachment in enumerate(attached, start=1):
        if index > limits.max_entries:
            return children, (
                f"The e-mail has more than {limits.max_entries} attachments "
                "(limit); the rest were not taken out."
            )
        data = attachment.file_bytes
        if data is None:
            kind = attachment.properties.int_prop_value(ATTACH_METHOD)
            skipped.append(attachment.file_name or f"attachment {index}")
            if kind == EMBEDDED_MESSAGE:
                skipped[-1] += " (an attached Outlook message)"
            continue
        total += len(data)
        if total > limits.max_expanded_bytes:
            return children, (
                f"The attachments are larger than {limits.max_expanded_bytes} bytes "
                "together (limit); the rest were not taken out."
            )
        name, raw = names.make(attachment.file_name, f"bijlage-{index}")
        children.append(Child(name=name, raw_name=raw, data=data))
    note = f"Attachments without their bytes were not taken out: {', '.join(skipped)}."
    return children, note if skipped else None


HANDLER = FormatHandler("msg", frozenset({MSG}), frozenset({".msg"}), parse)

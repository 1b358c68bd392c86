"""Small real input files for the pipeline tests, made on the fly (nothing binary committed)."""

import io
import zipfile
from datetime import UTC, datetime
from email.message import EmailMessage
from pathlib import Path

from fpdf import FPDF

OPNAME_TEXT = (
    "Opnamerapport woning Hoofdstraat 12, 9711 AB Groningen. Datum: 12 maart 2021. "
    "Tijdens de opname is een topgevel van kalkzandsteen aangetroffen."
)


def pdf_bytes(pages: list[str]) -> bytes:
    pdf = FPDF()
    pdf.set_creation_date(datetime(2021, 3, 12, tzinfo=UTC))  # deterministic bytes
    pdf.set_font("Helvetica", size=12)
    for text in pages:
        pdf.add_page()
        pdf.multi_cell(0, 8, text)
    return bytes(pdf.output())


def eml_bytes(subject: str, body: str, attachments: list[tuple[str, bytes, str]]) -> bytes:
    msg = EmailMessage()
    msg["From"] = "bewoner@example.nl"
    msg["To"] = "ncg@example.nl"
    msg["Subject"] = subject
    msg["Date"] = "Fri, 12 Mar 2021 10:00:00 +0100"
    msg["Message-ID"] = "<test-1@example.nl>"
    msg.set_content(body)
    for name, data, mime in attachments:
        main, sub = mime.split("/")
        msg.add_attachment(data, maintype=main, subtype=sub, filename=name)
    return bytes(msg)


def zip_bytes(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in entries.items():
            zf.writestr(zipfile.ZipInfo(name, date_time=(2021, 3, 12, 0, 0, 0)), data)
    return buffer.getvalue()


def write_dossier(root: Path) -> dict[str, bytes]:
    """One dossier with the kinds of files ingest must handle, good and bad."""
    files = {
        "GRN-1/opname 2021.pdf": pdf_bytes([OPNAME_TEXT, "Pagina twee: gevelbreedte 6,40 m."]),
        "GRN-1/brief-utf8.txt": "Geachte heer, de beoordeling volgt. Één vraag.".encode(),
        "GRN-1/brief-1252.txt": "Geachte mevrouw, café en reünie.".encode("cp1252"),
        "GRN-1/leeg.txt": b"",
        "GRN-1/kapot.pdf": pdf_bytes(["afgebroken"])[:200],
        "GRN-1/mail/bericht.eml": eml_bytes(
            "Bezwaar",
            "Bijgaand mijn bezwaar.",
            [
                (
                    "bezwaar.pdf",
                    pdf_bytes(["Bezwaar tegen het besluit."]),
                    "application/pdf",
                ),
                ("stukken.zip", zip_bytes({"a/notitie.txt": b"notitie in zip"}), "application/zip"),
            ],
        ),
        "GRN-1/regel\nbreuk.txt": b"naam met een regeleinde",
    }
    for rel, data in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    return files

"""unstructured runs offline: the private loader we replace is guarded, no socket is opened."""

import importlib.metadata
import subprocess
import sys
from types import SimpleNamespace
from typing import Any

import pytest

from ingest.formats import _offline

NO_NETWORK = """
import socket, sys
def refuse(*args, **kwargs):
    raise RuntimeError(f"network used: {args[1:]!r}")
socket.socket.connect = refuse
socket.socket.connect_ex = refuse
socket.create_connection = refuse
socket.getaddrinfo = refuse
from ingest.formats import Limits, parse
from tests.formats import msgfile, samples
files = {
    "a.pdf": samples.pdf_bytes(["De woning voldoet aan de norm."]),
    "a.docx": samples.docx_bytes([["Verslag."], ["Tweede pagina."]]),
    "a.odt": samples.odt_bytes("Advies", ["De commissie adviseert."]),
    "a.txt": "Tekst. Nog een zin.".encode("utf-16"),
    "a.html": b"<h1>Advies</h1><p>Hallo daar.</p>",
    "a.eml": samples.eml_bytes("x", "Tekst.", [("b.pdf", samples.pdf_bytes(["b"]), "app/pdf")]),
    "a.msg": msgfile.msg_bytes("x", "Tekst van het bericht.", "a@example.nl", []),
    "a.png": samples.image_bytes(["Besluit"], "PNG"),
}
for name, data in files.items():
    result = parse(data, name, Limits())
    assert result.status == "parsed", (name, result.status, result.reason)
assert "unstructured.partition.pdf" not in sys.modules
assert "unstructured_inference" not in sys.modules
print("ok")
"""


def test_every_format_parses_with_sockets_refused() -> None:
    out = subprocess.run(
        [sys.executable, "-c", NO_NETWORK], capture_output=True, text=True, timeout=120, check=False
    )
    assert out.returncode == 0 and out.stdout.strip().endswith("ok"), out.stderr[-3000:]


def test_patch_gives_blank_dutch_and_refuses_downloads() -> None:
    from unstructured.nlp import tokenize  # noqa: PLC0415

    _offline.apply()
    _offline.apply()  # idempotent
    nlp = tokenize._get_nlp()
    assert nlp.lang == "nl" and nlp.pipe_names == ["sentencizer"]
    assert tokenize.sent_tokenize("De woning voldoet. Het dak niet.") == [
        "De woning voldoet.",
        "Het dak niet.",
    ]
    with pytest.raises(RuntimeError, match="offline"):
        tokenize._install_spacy_model()


def test_guard_fails_loudly_when_the_private_api_moves() -> None:
    assert importlib.metadata.version("unstructured") == _offline.PINNED_VERSION
    from unstructured.nlp import tokenize  # noqa: PLC0415

    _offline.check_api(tokenize)  # the real module: fine

    def cached(**kwargs: Any) -> Any:
        return SimpleNamespace(cache_clear=lambda: None, **kwargs)

    gone = SimpleNamespace(_install_spacy_model=lambda: None, _get_nlp=cached())
    with pytest.raises(RuntimeError, match="_load_spacy_model"):
        _offline.check_api(gone)  # type: ignore[arg-type]
    takes_args = SimpleNamespace(
        _load_spacy_model=lambda name: None, _install_spacy_model=lambda: None, _get_nlp=cached()
    )
    with pytest.raises(RuntimeError, match=r"_load_spacy_model\(name\)"):
        _offline.check_api(takes_args)  # type: ignore[arg-type]

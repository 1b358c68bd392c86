"""A separate OS process that writes to a store; used by the concurrency and crash tests.

    python -m tests.store.writer STORE_URL TAG COUNT [--loop] [--seal N]

For i in 0..COUNT-1 it stores the bytes "TAG-i" as the next version of D-RACE/shared.txt and
appends one audit event of its own. With --loop it keeps going (the crash test kills it).
--seal N: the audit log seals a segment every N events (so concurrent and killed writers
seal too).
"""

import sys

from store import AuditLog, Store, VersionMeta, open_backend


def main(argv: list[str]) -> None:
    url, tag, count = argv[0], argv[1], int(argv[2])
    loop = "--loop" in argv
    backend = open_backend(url)
    seal = int(argv[argv.index("--seal") + 1]) if "--seal" in argv else None
    store = Store(backend, AuditLog(backend, seal_every=seal))
    i = 0
    while loop or i < count:
        blob = store.put_blob_bytes(f"{tag}-{i}".encode())
        store.add_version("D-RACE", "shared.txt", blob, VersionMeta(), actor=tag)
        store.audit.append(tag, "test.wrote", "dossier:D-RACE", {"i": i})
        i += 1
        if loop:
            print(i, flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])

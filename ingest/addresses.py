"""The address of each dossier an ingest run touches, settled before its documents are indexed.

Every index document carries its dossier's address. The address comes from the manifest, else
from what the dossier's documents state (the most common postcode and house number). It used to
be recorded at the end of the run, after every document had been indexed without it, so every
document of a new dossier was indexed twice. Now the manifest's address is recorded when the
run first touches the dossier, and a stated one as soon as the first document states it
(provisionally: at the end the vote over all the dossier's documents decides, as before, and
only a dossier whose vote differs is indexed again). Documents indexed while their dossier had
no address yet are queued again once it has one; they are usually still waiting in the
indexer's batch, where queueing them again costs nothing.
"""

from collections.abc import Callable, Iterable

from ingest.inputs import Manifest, ManifestRow
from store.errors import NotFound
from store.fields import DocumentFields
from store.models import Address, Dossier
from store.records import Store

Requeue = Callable[[str, Iterable[str] | None], None]  # (dossier, doc ids or None for all)


class DossierAddresses:
    def __init__(self, store: Store, actor: str, manifest: Manifest, requeue: Requeue) -> None:
        self.store = store
        self.actor = actor
        self.requeue = requeue
        self._manifest: dict[str, Address] = {}
        for row in manifest.rows:
            if row.dossier_id and row.postcode and row.dossier_id not in self._manifest:
                self._manifest[row.dossier_id] = address_of(row)
        self._current: dict[str, Dossier] = {}  # every dossier touched by this run, as it is now
        self._provisional: set[str] = set()  # address stated by one document so far
        self._waiting: dict[str, list[str]] = {}  # indexed while their dossier had none

    def open(self, dossier_id: str) -> None:
        """The dossier exists, with the manifest's address when it gives one (once per run)."""
        if dossier_id in self._current:
            return
        address = self._manifest.get(dossier_id)
        try:
            current = self.store.get_dossier(dossier_id)
        except NotFound:
            self._current[dossier_id] = self.store.record_dossier(dossier_id, self.actor, address)
            return
        self._current[dossier_id] = current
        if address is not None and address != current.address:
            self._record(dossier_id, address)  # indexed before, with the old address

    def before_index(self, dossier_id: str, doc_id: str, fields: DocumentFields) -> None:
        """Called before a document is queued for the index."""
        current = self._current.get(dossier_id)
        if current is None or current.address is not None:
            return
        stated = stated_address(fields)
        if stated is None:
            self._waiting.setdefault(dossier_id, []).append(doc_id)
            return
        self._provisional.add(dossier_id)
        self._record(dossier_id, stated, self._waiting.pop(dossier_id, []))

    def settle(self) -> None:
        """At the end of the run: the vote of all documents decides a stated address."""
        for dossier_id in sorted(self._provisional):
            voted = self._vote(dossier_id)
            if voted is not None and voted != self._current[dossier_id].address:
                self._record(dossier_id, voted)

    def _record(self, dossier_id: str, address: Address, doc_ids: list[str] | None = None) -> None:
        """A new address for the dossier; its documents (these, or all: None) indexed again."""
        facts = self._current[dossier_id].facts
        self._current[dossier_id] = self.store.record_dossier(
            dossier_id, self.actor, address, facts
        )
        if doc_ids is None or doc_ids:
            self.requeue(dossier_id, doc_ids)

    def _vote(self, dossier_id: str) -> Address | None:
        votes: dict[Address, int] = {}
        for doc_id in self.store.list_documents(dossier_id):
            stated = stated_address(self.store.get_version(dossier_id, doc_id).fields)
            if stated is not None:
                votes[stated] = votes.get(stated, 0) + 1
        return max(votes, key=lambda a: votes[a]) if votes else None


def stated_address(fields: DocumentFields) -> Address | None:
    if not (fields.postcode and fields.huisnummer):
        return None
    return Address(
        postcode=fields.postcode.value,
        huisnummer=fields.huisnummer.value,
        toevoeging=fields.toevoeging.value if fields.toevoeging else None,
    )


def address_of(row: ManifestRow) -> Address:
    return Address(
        postcode=row.postcode,
        huisnummer=row.huisnummer,
        toevoeging=row.toevoeging,
        straat=row.straat,
        woonplaats=row.woonplaats,
    )

"""A minimal Outlook .msg writer for tests: [MS-CFB] compound file + [MS-OXMSG] properties.

python-oxmsg and olefile only read, so tests build real .msg files here, from the specs:
version 3 compound file (512-byte sectors, 64-byte mini sectors below 4096 bytes), property
streams with 16-byte entries, variable-size values in `__substg1.0_<tag>` streams.
"""

import struct
from dataclasses import dataclass, field

SECTOR = 512
MINI = 64
CUTOFF = 4096
FREE, END, FATSECT, NOSTREAM = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFF
STORAGE, STREAM, ROOT = 1, 2, 5

PTYP_INT32, PTYP_TIME, PTYP_STRING, PTYP_BINARY = 0x0003, 0x0040, 0x001F, 0x0102
Prop = tuple[int, int, bytes | int]


@dataclass
class Node:
    name: str
    kind: int
    data: bytes = b""
    kids: list["Node"] = field(default_factory=list)
    start: int = END
    index: int = 0
    left: int = NOSTREAM
    right: int = NOSTREAM


def _pad(data: bytes, size: int) -> bytes:
    return data + b"\0" * (-len(data) % size)


def _chain(fat: list[int], first: int, count: int) -> None:
    for i in range(count):
        fat[first + i] = first + i + 1 if i < count - 1 else END


def _tree(kids: list[Node]) -> int:
    """A balanced binary search tree of siblings in CFB order; returns the root's index."""
    if not kids:
        return NOSTREAM
    middle = len(kids) // 2
    node = kids[middle]
    node.left, node.right = _tree(kids[:middle]), _tree(kids[middle + 1 :])
    return node.index


def _flatten(root: Node) -> list[Node]:
    nodes: list[Node] = []
    todo = [root]
    while todo:
        node = todo.pop(0)
        node.index = len(nodes)
        nodes.append(node)
        node.kids.sort(key=lambda n: (len(n.name), n.name.upper()))
        todo.extend(node.kids)
    return nodes


def _dir_entry(node: Node) -> bytes:
    name = node.name.encode("utf-16-le") + b"\0\0"
    child = _tree(node.kids)
    size = len(node.data) if node.kind != STORAGE else 0
    return (
        name.ljust(64, b"\0")
        + struct.pack("<HBB3I", len(name), node.kind, 1, node.left, node.right, child)
        + b"\0" * 36
        + struct.pack("<IQ", node.start, size)
    )


def compound_file(root: Node) -> bytes:
    """The bytes of a compound file holding `root`'s tree of storages and streams."""
    nodes = _flatten(root)
    streams = [n for n in nodes if n.kind == STREAM]
    mini_data, mini_fat = b"", list[int]()
    for node in (n for n in streams if len(n.data) < CUTOFF):
        count = max(1, -(-len(node.data) // MINI)) if node.data else 0
        if count:
            node.start = len(mini_fat)
            mini_fat += [0] * count
            _chain(mini_fat, node.start, count)
        mini_data += _pad(node.data, MINI)
    root.data = mini_data
    blocks: list[tuple[Node | None, bytes]] = [(root, mini_data)]
    blocks += [(n, n.data) for n in streams if len(n.data) >= CUTOFF]
    mini_fat_bytes = struct.pack(f"<{len(mini_fat)}I", *mini_fat)
    blocks.append((None, _pad(mini_fat_bytes, SECTOR)))
    data_sectors = sum(-(-len(b) // SECTOR) for _, b in blocks)
    dir_sectors = -(-len(nodes) * 128 // SECTOR)
    total = data_sectors + dir_sectors
    fat_sectors = 1
    while (total + fat_sectors) > fat_sectors * 128:
        fat_sectors += 1
    fat = [FREE] * (fat_sectors * 128)
    out, sector, mini_fat_start = bytearray(), 0, END
    for owner, data in blocks:
        count = -(-len(data) // SECTOR)
        if count:
            _chain(fat, sector, count)
            if owner is None:
                mini_fat_start = sector
            else:
                owner.start = sector
        elif owner is not None:
            owner.start = END
        out += _pad(data, SECTOR)
        sector += count
    dir_start = sector
    _chain(fat, dir_start, dir_sectors)
    out += _pad(b"".join(_dir_entry(n) for n in nodes), SECTOR)
    fat_start = dir_start + dir_sectors
    for i in range(fat_sectors):
        fat[fat_start + i] = FATSECT
    out += struct.pack(f"<{len(fat)}I", *fat)
    mini_fat_sectors = -(-len(mini_fat_bytes) // SECTOR)
    fields = (0, fat_sectors, dir_start, 0, CUTOFF, mini_fat_start, mini_fat_sectors)
    difat = ([fat_start + i for i in range(fat_sectors)] + [FREE] * 109)[:109]
    header = (
        bytes.fromhex("D0CF11E0A1B11AE1")
        + b"\0" * 16
        + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6)
        + b"\0" * 6
        + struct.pack("<9I", *fields, END, 0)
        + struct.pack("<109I", *difat)
    )
    return header + bytes(out)


def property_streams(header: bytes, props: list[Prop]) -> list[Node]:
    """The properties stream plus one `__substg1.0_` stream per variable-size value."""
    entries, streams = [], []
    for pid, ptyp, value in props:
        tag = (pid << 16) | ptyp
        if isinstance(value, int):
            entries.append(struct.pack("<IIQ", tag, 6, value))
            continue
        size = len(value) + (2 if ptyp == PTYP_STRING else 0)
        entries.append(struct.pack("<IIII", tag, 6, size, 0))
        streams.append(Node(f"__substg1.0_{tag:08X}", STREAM, value))
    return [Node("__properties_version1.0", STREAM, header + b"".join(entries)), *streams]


def utf16(value: str) -> bytes:
    return value.encode("utf-16-le")


def msg_bytes(subject: str, body: str, sender: str, attachments: list[tuple[str, bytes]]) -> bytes:
    """An Outlook e-mail (IPM.Note) with a plain-text body and attachments by value."""
    headers = f"From: {sender}\r\nSubject: {subject}\r\n"
    root_props: list[Prop] = [
        (0x001A, PTYP_STRING, utf16("IPM.Note")),
        (0x0037, PTYP_STRING, utf16(subject)),
        (0x1000, PTYP_STRING, utf16(body)),
        (0x007D, PTYP_STRING, utf16(headers)),
        (0x0039, PTYP_TIME, 132_600_000_000_000_000),  # FILETIME, 2021-03-12
    ]
    count = len(attachments)
    header = struct.pack("<8xIIII8x", 0, count, 0, count)
    kids = property_streams(header, root_props)
    for index, (name, data) in enumerate(attachments):
        props: list[Prop] = [
            (0x3705, PTYP_INT32, 1),  # ATTACH_BY_VALUE
            (0x3707, PTYP_STRING, utf16(name)),
            (0x3701, PTYP_BINARY, data),
        ]
        storage = Node(f"__attach_version1.0_#{index:08X}", STORAGE)
        storage.kids = property_streams(b"\0" * 8, props)
        kids.append(storage)
    return compound_file(Node("Root Entry", ROOT, kids=kids))

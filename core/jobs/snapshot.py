"""The job index as one compact file, so that a new API process (a Lambda cold start) loads it
in a fraction of a second instead of reading every job from the store.

Ingestion builds the index once (a worker, off the request path), packs it and publishes it:
the file goes to a blob store, then a pointer item in JobsMeta names it with the jobs generation
it was built from. An API process reads the pointer (one keyed read per request, as it read the
generation before) and loads the file when the pointer moves.

The file: a magic line, then two parts. The arrays: an 8-byte header length, a JSON header and
the raw bytes of every array (8-byte aligned), compressed together with zlib; loading is one
decompression and `np.frombuffer` views, no parsing per job. The job summaries (the largest
part, and only a page of them is shown at a time): JSON lines in blocks of
`SUMMARY_BLOCK_ROWS`, each block compressed on its own and decompressed when a row in it is
first read.
"""

from __future__ import annotations

import json
import struct
import threading
import uuid
import zlib
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass, fields
from typing import Any, Protocol

import numpy as np
import scipy.sparse as sp
from pydantic import Field

from core.clock import iso
from core.jobs.index import JobIndex, PackedRows, Rows, SummaryRow
from core.jobs.meta import MetaRecord
from core.storage.port import Store
from core.storage.records import Repository

MAGIC = b"career-agent job index 1\n"
POINTER_KEY = "indexSnapshot"
BLOB_KEY = "jobs-index/current.idx"
CONTENT_TYPE = "application/vnd.career-agent.job-index"
_ALIGN = 8
SUMMARY_BLOCK_ROWS = 128
_CACHED_BLOCKS = 256

_MATRICES = {"required": "csr", "nice": "csr", "titles": "csr", "terms": "csr", "search": "csc"}
_BINARY_MATRICES = {"required", "nice", "search"}  # every stored value is 1
_VOCABS = (
    "skill_vocab", "title_vocab", "term_vocab", "search_vocab", "city_vocab", "country_vocab",
)  # fmt: skip
_STRING_LISTS = ("job_ids", "location_values", "company_values", "dedup_keys")


# --- the file ---------------------------------------------------------------------------------


def _strings(values: Sequence[str]) -> np.ndarray:
    return np.frombuffer(json.dumps(list(values), ensure_ascii=False).encode(), dtype=np.uint8)


def pack(index: JobIndex) -> bytes:
    """The index as one compressed file."""
    arrays: dict[str, np.ndarray] = {}
    for f in fields(JobIndex):
        value = getattr(index, f.name)
        if isinstance(value, np.ndarray):
            arrays[f.name] = value
    for name, kind in _MATRICES.items():
        matrix = getattr(index, name)
        matrix = matrix.tocsc() if kind == "csc" else matrix.tocsr()
        arrays[f"{name}.indices"] = matrix.indices
        arrays[f"{name}.indptr"] = matrix.indptr
        if name not in _BINARY_MATRICES:
            arrays[f"{name}.data"] = matrix.data
    for name in _VOCABS:
        vocab: dict[str, int] = getattr(index, name)
        ordered = [""] * len(vocab)
        for key, i in vocab.items():
            ordered[i] = key
        arrays[f"{name}.keys"] = _strings(ordered)
    for name in _STRING_LISTS:
        arrays[name] = _strings(getattr(index, name))
    currencies = sorted(set(index.salary_currency))
    code = {c: i for i, c in enumerate(currencies)}
    arrays["salary_currency.codes"] = np.asarray(
        [code[c] for c in index.salary_currency], dtype=np.int16
    )
    blocks, block_offsets, row_offsets = _summary_blocks(index.summaries)
    arrays["summaries.block_offsets"] = block_offsets
    arrays["summaries.row_offsets"] = row_offsets

    layout: dict[str, list[Any]] = {}
    chunks: list[bytes] = []
    offset = 0
    for name, array in arrays.items():
        data = np.ascontiguousarray(array).tobytes()
        layout[name] = [array.dtype.str, list(array.shape), offset, len(data)]
        pad = -len(data) % _ALIGN
        chunks.append(data + b"\0" * pad)
        offset += len(data) + pad
    header = json.dumps(
        {
            "generation": index.generation,
            "size": index.size,
            "shapes": {name: list(getattr(index, name).shape) for name in _MATRICES},
            "currencies": currencies,
            "arrays": layout,
        }
    ).encode()
    body = struct.pack("<Q", len(header)) + header
    body += b"\0" * (-len(body) % _ALIGN) + b"".join(chunks)
    compressed = zlib.compress(body, 1)
    return MAGIC + struct.pack("<Q", len(compressed)) + compressed + blocks


def _summary_blocks(rows: Sequence[SummaryRow]) -> tuple[bytes, np.ndarray, np.ndarray]:
    """(compressed blocks, where each block starts, where each row starts in its block; a
    block's last row runs to the block's end)."""
    blocks: list[bytes] = []
    row_offsets = np.zeros(len(rows) + 1, dtype=np.int64)
    for first in range(0, len(rows), SUMMARY_BLOCK_ROWS):
        lines = [
            PackedRows.line(rows[r])
            for r in range(first, min(first + SUMMARY_BLOCK_ROWS, len(rows)))
        ]
        starts = np.cumsum([0, *(len(line) for line in lines)])
        row_offsets[first : first + len(lines) + 1] = starts
        blocks.append(zlib.compress(b"".join(lines), 6))
    block_offsets = np.zeros(len(blocks) + 1, dtype=np.int64)
    np.cumsum([len(b) for b in blocks], out=block_offsets[1:])
    return b"".join(blocks), block_offsets, row_offsets


class BlockRows(Rows):
    """Job summaries in compressed blocks; a block is decompressed when one of its rows is
    read, and the most recently used blocks are kept."""

    def __init__(self, blocks: memoryview, block_offsets: np.ndarray, row_offsets: np.ndarray):
        self._blocks = blocks
        self._block_offsets = block_offsets
        self._row_offsets = row_offsets
        self._cache: OrderedDict[int, bytes] = OrderedDict()
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._row_offsets) - 1

    def _block(self, number: int) -> bytes:
        with self._lock:
            cached = self._cache.get(number)
            if cached is not None:
                self._cache.move_to_end(number)
                return cached
        start, end = self._block_offsets[number], self._block_offsets[number + 1]
        data = zlib.decompress(self._blocks[start:end])
        with self._lock:
            self._cache[number] = data
            while len(self._cache) > _CACHED_BLOCKS:
                self._cache.popitem(last=False)
        return data

    def _row(self, row: int) -> SummaryRow:
        block = self._block(row // SUMMARY_BLOCK_ROWS)
        start = self._row_offsets[row]
        last_in_block = (row + 1) % SUMMARY_BLOCK_ROWS == 0 or row + 1 == len(self)
        end = len(block) if last_in_block else self._row_offsets[row + 1]
        loaded: SummaryRow = json.loads(block[start:end])
        return loaded


def unpack(blob: bytes) -> JobIndex:
    """The index from `pack`'s file. Arrays are views over one decompressed buffer."""
    if not blob.startswith(MAGIC):
        raise ValueError("not a job index file")
    view = memoryview(blob)
    (compressed_len,) = struct.unpack_from("<Q", view, len(MAGIC))
    start = len(MAGIC) + 8
    body = bytearray(zlib.decompress(view[start : start + compressed_len]))
    blocks = view[start + compressed_len :]
    (header_len,) = struct.unpack_from("<Q", body)
    header = json.loads(bytes(body[8 : 8 + header_len]))
    base = 8 + header_len
    base += -base % _ALIGN
    buffer = memoryview(body)

    def array(name: str) -> np.ndarray:
        dtype, shape, offset, length = header["arrays"][name]
        start = base + offset
        return np.frombuffer(buffer[start : start + length], dtype=np.dtype(dtype)).reshape(shape)

    def strings(name: str) -> list[str]:
        loaded: list[str] = json.loads(bytes(array(name)))
        return loaded

    values: dict[str, Any] = {}
    for f in fields(JobIndex):
        if f.name in header["arrays"]:
            values[f.name] = array(f.name)
    for name, kind in _MATRICES.items():
        indices, indptr = array(f"{name}.indices"), array(f"{name}.indptr")
        data = (
            np.ones(len(indices), dtype=np.float32)
            if name in _BINARY_MATRICES
            else array(f"{name}.data")
        )
        build = sp.csc_matrix if kind == "csc" else sp.csr_matrix
        values[name] = build((data, indices, indptr), shape=tuple(header["shapes"][name]))
    for name in _VOCABS:
        values[name] = {key: i for i, key in enumerate(strings(f"{name}.keys"))}
    for name in _STRING_LISTS:
        values[name] = strings(name)
    currencies = header["currencies"]
    values["salary_currency"] = [currencies[c] for c in array("salary_currency.codes").tolist()]
    values["summaries"] = BlockRows(
        blocks, array("summaries.block_offsets"), array("summaries.row_offsets")
    )
    values["generation"] = int(header["generation"])
    index = JobIndex(**values)
    index.row_of = {jid: i for i, jid in enumerate(index.job_ids) if index.is_open[i]}
    return index


# --- publishing and finding ---------------------------------------------------------------------


class SnapshotFiles(Protocol):
    """Where snapshot files live (a blob store: an S3 bucket on AWS)."""

    def put(self, key: str, data: bytes, content_type: str) -> Any: ...

    def get(self, key: str, version_id: str | None = None) -> bytes: ...


class PointerItem(MetaRecord):
    """Where readers find the published index (one item in JobsMeta)."""

    generation: int
    blob_key: str = Field(alias="key")  # `key` names the item's store key on every record
    version_id: str | None = None
    jobs: int = 0
    bytes: int = 0
    built_at: str = ""
    build_id: str | None = None


@dataclass(frozen=True)
class Pointer:
    generation: int
    key: str
    version_id: str | None
    jobs: int
    size_bytes: int
    built_at: str

    @classmethod
    def of(cls, item: PointerItem) -> Pointer:
        return cls(
            generation=item.generation,
            key=item.blob_key,
            version_id=item.version_id,
            jobs=item.jobs,
            size_bytes=item.bytes,
            built_at=item.built_at,
        )

    @classmethod
    def read(cls, store: Store) -> Pointer | None:
        item = Repository(store, PointerItem).get({"metaKey": POINTER_KEY})
        return None if item is None else cls.of(item)


def publish(store: Store, files: SnapshotFiles, index: JobIndex) -> Pointer:
    """Store the packed index and point readers at it, unless a snapshot of the same or a newer
    generation got there first (two ingestion runs finishing together)."""
    data = pack(index)
    stored = files.put(BLOB_KEY, data, CONTENT_TYPE)
    item = PointerItem(
        meta_key=POINTER_KEY,
        generation=index.generation,
        key=BLOB_KEY,
        version_id=getattr(stored, "version_id", None),
        jobs=index.size,
        bytes=len(data),
        built_at=iso(),
        build_id=uuid.uuid4().hex,
    )

    def point(current: PointerItem | None) -> PointerItem | None:
        if current is not None and current.generation >= index.generation:
            return None
        return item

    if Repository(store, PointerItem).update({"metaKey": POINTER_KEY}, point) is None:
        return Pointer.read(store) or Pointer.of(item)
    return Pointer.of(item)


class SnapshotReader:
    """Loads the published index when the pointer moves; one load at a time."""

    def __init__(self, files: SnapshotFiles) -> None:
        self.files = files
        self._lock = threading.Lock()

    def load(self, pointer: Pointer) -> JobIndex:
        with self._lock:
            index = unpack(self.files.get(pointer.key, pointer.version_id))
        if index.generation != pointer.generation:
            raise ValueError(
                f"the job index file is generation {index.generation}, "
                f"its pointer says {pointer.generation}"
            )
        return index

#!/usr/bin/env python3
"""Writes the Fashion-MNIST subset shipped with Anneal: the first 10,000 training and the first 2,000 test images.

Usage: python3 make-subset.py [SOURCE_DIR]   (default /usr/share/datasets/fashion-mnist, Debian's dataset-fashion-mnist)

The output is deterministic: the gzip header carries no name and mtime 0, so the same input gives the same bytes.
"""
import gzip
import struct
import sys
from pathlib import Path

SOURCE = Path(sys.argv[1] if len(sys.argv) > 1 else "/usr/share/datasets/fashion-mnist")
OUT = Path(__file__).resolve().parent
SETS = [("train", 10_000), ("t10k", 2_000)]


def subset(name: str, kind: str, count: int) -> None:
    data = gzip.decompress((SOURCE / f"{name}-{kind}-ubyte.gz").read_bytes())
    magic = struct.unpack(">I", data[:4])[0]
    dims = magic & 0xFF
    shape = list(struct.unpack(">" + "I" * dims, data[4:4 + 4 * dims]))
    assert magic >> 8 == 0x08, f"{name}-{kind}: not unsigned-byte IDX (magic {magic:#x})"
    assert shape[0] >= count, f"{name}-{kind}: only {shape[0]} items"
    item = 1
    for d in shape[1:]:
        item *= d
    header = struct.pack(">I", magic) + struct.pack(">" + "I" * dims, count, *shape[1:])
    body = data[4 + 4 * dims:4 + 4 * dims + count * item]
    with open(OUT / f"{name}-{kind}-ubyte.gz", "wb") as raw:
        with gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0, compresslevel=9) as out:
            out.write(header + body)


for name, count in SETS:
    subset(name, "images-idx3", count)
    subset(name, "labels-idx1", count)

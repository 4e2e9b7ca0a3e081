"""A small PNG reader for the screenshot tests (8-bit RGB or RGBA, not
interlaced: what Chromium writes), so they need no imaging library."""

from __future__ import annotations

import struct
import zlib

import numpy as np

CHANNELS = {2: 3, 6: 4}  # colour type -> bytes per pixel at 8 bits


def _paeth(a: int, b: int, c: int) -> int:
    p = a + b - c
    pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
    return a if pa <= pb and pa <= pc else b if pb <= pc else c


def read_png(data: bytes) -> np.ndarray:
    """The pixels as a (height, width, channels) uint8 array."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG file"
    pos, idat, header = 8, [], None
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat.append(body)
        pos += 12 + length
    width, height, depth, colour, _, _, interlace = header
    assert depth == 8 and colour in CHANNELS and interlace == 0, header
    bpp = CHANNELS[colour]
    raw = zlib.decompress(b"".join(idat))
    stride = width * bpp
    out = np.zeros((height, stride), np.uint8)
    prev = np.zeros(stride, np.int32)
    for y in range(height):
        kind = raw[y * (stride + 1)]
        line = np.frombuffer(raw, np.uint8, stride, y * (stride + 1) + 1).astype(np.int32)
        if kind == 0:
            cur = line
        elif kind == 2:  # up
            cur = (line + prev) % 256
        elif kind == 1:  # sub: a running sum per channel
            cur = (np.cumsum(line.reshape(width, bpp), axis=0) % 256).reshape(stride)
        else:  # average, paeth: each byte needs the one before it
            cur = line.copy()
            for x in range(stride):
                left = cur[x - bpp] if x >= bpp else 0
                if kind == 3:
                    cur[x] = (line[x] + (left + prev[x]) // 2) % 256
                else:
                    upleft = prev[x - bpp] if x >= bpp else 0
                    cur[x] = (line[x] + _paeth(left, prev[x], upleft)) % 256
        out[y] = cur
        prev = cur
    return out.reshape(height, width, bpp)

#!/usr/bin/env python3
"""Writes the seed corpora for the fuzz targets (committed; rerun after
changing this file). Seeds are well-formed messages of every shape the
codec knows, so the fuzzer starts from deep inside the parser."""
import os
import struct
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))
COOKIE = 0x2112A442
TID = bytes(range(1, 13))


def attr(t, v):
    return struct.pack("!HH", t, len(v)) + v + b"\0" * (-len(v) % 4)


def msg(mtype, attrs, fingerprint=False):
    body = b"".join(attrs)
    if fingerprint:
        head = struct.pack("!HHI", mtype, len(body) + 8, COOKIE) + TID
        crc = (zlib.crc32(head + body) ^ 0x5354554E) & 0xFFFFFFFF
        body += attr(0x8028, struct.pack("!I", crc))
    return struct.pack("!HHI", mtype, len(body), COOKIE) + TID + body


def xaddr4(ip, port):
    x = bytes(a ^ b for a, b in zip(bytes(ip), struct.pack("!I", COOKIE)))
    return struct.pack("!BBH", 0, 1, port ^ (COOKIE >> 16)) + x


def xaddr6(ip, port):
    mask = struct.pack("!I", COOKIE) + TID
    return struct.pack("!BBH", 0, 2, port ^ (COOKIE >> 16)) + bytes(a ^ b for a, b in zip(bytes(ip), mask))


ALLOCATE, REFRESH, SEND, PERM, CHBIND, BINDING = 0x0003, 0x0004, 0x0016, 0x0008, 0x0009, 0x0001
stun = {
    "binding": msg(BINDING, [], fingerprint=True),
    "allocate": msg(ALLOCATE, [attr(0x0019, b"\x11\0\0\0"), attr(0x000D, struct.pack("!I", 600)),
                               attr(0x0018, b"\x80"), attr(0x001A, b""), attr(0x0017, b"\x02\0\0\0"),
                               attr(0x8000, b"\x02\0\0\0"), attr(0x0006, b"alice"), attr(0x0014, b"example.org"),
                               attr(0x0015, b"nonce123"), attr(0x0008, bytes(20))], fingerprint=True),
    "refresh": msg(REFRESH, [attr(0x000D, b"\0\0\0\0"), attr(0x001C, bytes(32))]),
    "send": msg(SEND, [attr(0x0012, xaddr4([192, 0, 2, 7], 5000)), attr(0x0013, b"hello peer")]),
    "permission": msg(PERM, [attr(0x0012, xaddr4([198, 51, 100, 1], 0)),
                             attr(0x0012, xaddr6(range(16), 9))]),
    "channelbind": msg(CHBIND, [attr(0x000C, b"\x40\x01\0\0"), attr(0x0012, xaddr4([203, 0, 113, 5], 7))]),
    "error": msg(0x0113, [attr(0x0009, b"\0\0\x04\x14Unknown Attribute"), attr(0x000A, b"\x00\x99\x7f\x01"),
                          attr(0x8001, b"\x02\0\x04\x28Address Family not Supported")]),
    "password_algorithms": msg(0x0111, [attr(0x8002, b"\0\x02\0\0\0\x01\0\0"), attr(0x001D, b"\0\x02\0\0"),
                                        attr(0x001E, bytes(32)), attr(0x8030, b"ticket")]),
    "nat_discovery": msg(BINDING, [attr(0x0003, b"\0\0\0\x06"), attr(0x0027, b"\x0d\x96\0\0"),
                                   attr(0x0026, bytes(12)), attr(0x802B, b"\0\x01\x0d\x96\x7f\0\0\x01")]),
    "oauth": msg(ALLOCATE, [attr(0x001B, b"\0\x04tokn" + bytes(8)), attr(0x802E, b"auth.example.org"),
                            attr(0x802F, b"https://example.org"), attr(0x8004, b"\0\0\x03\x01\0\0\x05\xdc")]),
}
channel = struct.pack("!HH", 0x4001, 5) + b"hello\0\0\0"

os.makedirs(os.path.join(HERE, "corpus/stun_decoder"), exist_ok=True)
os.makedirs(os.path.join(HERE, "corpus/stream_framer"), exist_ok=True)
for name, data in list(stun.items()) + [("channel_data", channel)]:
    with open(os.path.join(HERE, "corpus/stun_decoder", name), "wb") as f:
        f.write(data)
# Stream seeds: first byte picks the read size; the rest is STUN and
# ChannelData back to back, as a TCP client sends them.
stream = stun["allocate"] + channel + stun["send"] + channel + stun["refresh"]
for chunk in (0, 3, 16, 96):
    with open(os.path.join(HERE, "corpus/stream_framer", f"mixed_chunk{chunk + 1}"), "wb") as f:
        f.write(bytes([chunk * 2]) + stream)

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


# turnsignal: WebSocket frames (masked, as clients send them), signaling
# JSON messages and HTTP request heads.
def ws_frame(opcode, payload, fin=True, mask=b"\x37\xfa\x21\x3d"):
    head = bytes([(0x80 if fin else 0) | opcode])
    n = len(payload)
    if n < 126:
        head += bytes([0x80 | n])
    elif n <= 0xFFFF:
        head += bytes([0x80 | 126]) + struct.pack("!H", n)
    else:
        head += bytes([0x80 | 127]) + struct.pack("!Q", n)
    return head + mask + bytes(b ^ mask[i % 4] for i, b in enumerate(payload))


messages = {
    "join": b'{"type":"join","room":"room-1","name":"Alice"}',
    "signal_offer": b'{"type":"signal","to":"3f2a9c0d11e4b5a6","data":{"sdp":{"type":"offer",'
                    b'"sdp":"v=0\\r\\no=- 4611731400430051336 2 IN IP4 127.0.0.1\\r\\ns=-\\r\\nt=0 0\\r\\n"}}}',
    "signal_candidate": b'{"type":"signal","to":"3f2a9c0d11e4b5a6","data":{"candidate":{"candidate":'
                        b'"candidate:1 1 udp 2122260223 192.0.2.1 54321 typ host","sdpMid":"0","sdpMLineIndex":0}}}',
    "leave": b'{"type":"leave"}',
    "escapes": b'{"type":"join","room":"caf\\u00e9 \\ud83d\\ude00","name":"\\"q\\" \\\\ \\/ \\b\\f\\n\\r\\t"}',
    "numbers": b'[0,-0,1.5e-3,-12E+4,123456789012345678901234567890,true,false,null,{},[]]',
}
os.makedirs(os.path.join(HERE, "corpus/signaling_json"), exist_ok=True)
for name, data in messages.items():
    with open(os.path.join(HERE, "corpus/signaling_json", name), "wb") as f:
        f.write(data)

# First byte: read size (low bits) and whether masks are required (0x80 clear).
streams = {
    "join_and_close": ws_frame(1, messages["join"]) + ws_frame(8, b"\x03\xe8bye"),
    "fragmented_with_ping": ws_frame(1, messages["signal_offer"][:40], fin=False) + ws_frame(9, b"ping")
                            + ws_frame(0, messages["signal_offer"][40:]) + ws_frame(10, b""),
    "length16": ws_frame(1, b" " * 300),
    # A 64-bit length: the header and the start of the payload are enough,
    # the reader refuses the size from the header.
    "length64": ws_frame(2, b"\0" * 70000)[:64],
}
os.makedirs(os.path.join(HERE, "corpus/ws_reader"), exist_ok=True)
for name, data in streams.items():
    for chunk in (0, 6, 60):
        with open(os.path.join(HERE, "corpus/ws_reader", f"{name}_chunk{chunk + 1}"), "wb") as f:
            f.write(bytes([chunk]) + data)

heads = {
    "page": b"GET /index.html?room=a HTTP/1.1\r\nHost: 127.0.0.1:8080\r\nAccept: text/html\r\n\r\n",
    "upgrade": b"GET /ws HTTP/1.1\r\nHost: example.org:8443\r\nUpgrade: websocket\r\nConnection: keep-alive, Upgrade\r\n"
               b"Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
               b"Origin: https://example.org:8443\r\n\r\n",
    "ice_servers": b"GET /api/ice-servers HTTP/1.1\r\nHost: [::1]:8080\r\nOrigin: http://[::1]:8080\r\n\r\n",
    "traversal": b"GET /css/%2e%2e/%2E%2E/etc/passwd HTTP/1.0\r\n\r\n",
}
os.makedirs(os.path.join(HERE, "corpus/http_request"), exist_ok=True)
for name, data in heads.items():
    with open(os.path.join(HERE, "corpus/http_request", name), "wb") as f:
        f.write(data)

# RFC 8489 §9.2: requests and challenges with the nonce cookie, USERHASH and
# PASSWORD-ALGORITHM(S), and a bare nonce as text (the target reads its
# input both ways).
NONCE = b"obMatJos2AAAD" + b"000000006553f100" + b"02" + b"0123456789abcdef" * 2
SHA256_FIRST = b"\0\x02\0\0\0\x01\0\0"
long_term = {
    "request_sha256": msg(ALLOCATE, [attr(0x0019, b"\x11\0\0\0"), attr(0x001E, bytes(range(32))),
                                     attr(0x0014, b"example.org"), attr(0x0015, NONCE), attr(0x8002, SHA256_FIRST),
                                     attr(0x001D, b"\0\x02\0\0"), attr(0x001C, bytes(32))]),
    "request_md5_default": msg(REFRESH, [attr(0x0006, b"alice"), attr(0x0014, b"example.org"),
                                         attr(0x0015, NONCE), attr(0x0008, bytes(20))]),
    "challenge": msg(0x0113, [attr(0x0009, b"\0\0\x04\x01Unauthorized"), attr(0x0014, b"example.org"),
                              attr(0x0015, NONCE), attr(0x8002, SHA256_FIRST)]),
    "nonce_text": NONCE,
}
os.makedirs(os.path.join(HERE, "corpus/long_term_auth"), exist_ok=True)
for name, data in long_term.items():
    with open(os.path.join(HERE, "corpus/long_term_auth", name), "wb") as f:
        f.write(data)

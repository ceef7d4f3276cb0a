"""NMEA 0183 AIS sentences: framing, tag blocks, multi-sentence assembly, decoding.

A chunk of text is framed by one regular expression (``findall`` runs in C and yields one tuple per
line, tag-block time included), checksums are XOR-reduced with numpy, and the common messages are
decoded vectorised: position reports 1/2/3/18/27 and static reports 5 and 24 (6-bit de-armouring
through a lookup table, fields cut out of 60-bit words). Everything else of a supported type (19,
odd payload lengths) goes through pyais, the field's reference decoder; tests prove the two paths
give the same values.

Decoded values are raw: AIS "not available" codes (lat 91, speed 102.3, heading 511...) are kept
here and handled by ``clean``.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from itertools import compress
from typing import Any

import numpy as np

POSITION_TYPES = frozenset({1, 2, 3, 18, 19, 27})
STATIC_TYPES = frozenset({5, 19, 24})
SUPPORTED_TYPES = POSITION_TYPES | STATIC_TYPES

# One tuple per line: a well-formed sentence (optionally behind a tag block and followed by
# USCG-style fields), or the whole line in the last group.
_LINE = re.compile(
    rb"^(?:\\("                                                  # 1 tag block content
    rb"(?:(?:[^,*\\\r\n]*,)*?c:(\d+)(?:,[^,*\\\r\n]*)*"        # 2 receiver time c:
    rb"|[^*\\\r\n]*))(?:\*([0-9A-Fa-f]{2}))?\\)?"               # 3 tag block checksum
    rb"!([A-Z]{2}VD[MO],([1-9]),([1-9]),([0-9]?),([AB12]?),"  # 4 body, 5 count, 6 number, 7 seq id, 8 channel
    rb"([0-W`-w]*),[0-5])\*([0-9A-Fa-f]{2})"                  # 9 payload, 10 checksum
    rb"([^\r\n]*?)\r?$"                                       # 11 trailing fields
    rb"|^([^\r\n]*?)\r?$",                                    # 12 anything else
    re.M,
)
# Two sentences glued on one line (seen in real captures): cut after the first checksum.
_GLUED = re.compile(rb"(\*[0-9A-Fa-f]{2})(?=!|\\[a-z]:)")

_HEX = np.full(256, 255, dtype=np.uint8)
for _i, _c in enumerate(b"0123456789ABCDEF"):
    _HEX[_c] = _i
for _i, _c in enumerate(b"abcdef"):
    _HEX[_c] = 10 + _i

# AIS 6-bit armour: '0'..'W' -> 0..39, '`'..'w' -> 40..63.
_SIXBIT = np.zeros(256, dtype=np.uint64)
for _c in range(48, 88):
    _SIXBIT[_c] = _c - 48
for _c in range(96, 120):
    _SIXBIT[_c] = _c - 56

# Payload lengths (characters) the vectorised path accepts; other lengths go to pyais.
_FAST_POSITION_LENGTHS = {1: (28,), 2: (28,), 3: (28,), 18: (28,), 27: (16,)}
_FAST_STATIC_LENGTHS = {5: (71,), 24: (27, 28, 29, 30)}
_WORD_CHARS = 10            # 10 characters x 6 bits = one 60-bit word
# 6-bit text characters: 0..31 -> '@'..'_', 32..63 -> ' '..'?'
_SHIP_TYPE_OFFSET = {5: 232, 19: 263, 24: 40}
_TEXT = np.array([c + 64 if c < 32 else c for c in range(64)], dtype=np.uint8)


@dataclass
class PositionColumns:
    """Raw decoded position reports, one numpy array per field (missing int fields are -1)."""

    mmsi: np.ndarray
    ts_us: np.ndarray
    lat: np.ndarray
    lon: np.ndarray
    sog: np.ndarray
    cog: np.ndarray
    heading: np.ndarray
    nav_status: np.ndarray
    msg_type: np.ndarray

    def __len__(self) -> int:
        return len(self.mmsi)

    @classmethod
    def empty(cls) -> "PositionColumns":
        return cls.from_rows([])

    @classmethod
    def from_rows(cls, rows: list[tuple]) -> "PositionColumns":
        """Rows of (mmsi, ts_us, lat, lon, sog, cog, heading, nav_status, msg_type)."""
        cols = list(zip(*rows)) if rows else [()] * 9
        kinds = (np.int64, np.int64, np.float64, np.float64, np.float64, np.float64,
                 np.int32, np.int32, np.int8)
        return cls(*(np.array(c, dtype=k) for c, k in zip(cols, kinds)))

    @classmethod
    def concat(cls, parts: list["PositionColumns"]) -> "PositionColumns":
        parts = [p for p in parts if len(p)] or [cls.empty()]
        names = cls.__dataclass_fields__
        return cls(**{n: np.concatenate([getattr(p, n) for p in parts]) for n in names})


@dataclass
class DecodeCounts:
    dropped: Counter = field(default_factory=Counter)      # lines or messages not used, by reason
    skipped: Counter = field(default_factory=Counter)      # comments, blank lines, other NMEA sentences
    message_types: Counter = field(default_factory=Counter)
    sentences: int = 0
    fast_decoded: int = 0


def checksum_ok(bodies: list[bytes], checksums: list[bytes]) -> np.ndarray:
    """NMEA checksums (XOR of the bytes between ``!``/``$`` and ``*``), checked for many at once."""
    n = len(bodies)
    if n == 0:
        return np.zeros(0, dtype=bool)
    lengths = np.fromiter(map(len, bodies), dtype=np.int64, count=n)
    data = np.frombuffer(b"".join(bodies), dtype=np.uint8)
    starts = np.zeros(n, dtype=np.int64)
    np.cumsum(lengths[:-1], out=starts[1:])
    nonempty = lengths > 0
    xor = np.zeros(n, dtype=np.uint8)
    if nonempty.any():
        xor[nonempty] = np.bitwise_xor.reduceat(data, starts[nonempty])
    given = np.frombuffer(b"".join(checksums), dtype=np.uint8).reshape(n, 2)
    expected = (_HEX[given[:, 0]].astype(np.uint16) << 4) | _HEX[given[:, 1]]
    return xor == expected


class Bits:
    """Payloads as rows of 60-bit words, for vectorised field extraction."""

    def __init__(self, payloads: list[bytes], bits: int = 168) -> None:
        """``bits``: the furthest bit any field is read from (shorter payloads read as zeros)."""
        n = len(payloads)
        lengths = np.fromiter(map(len, payloads), dtype=np.int64, count=n)
        longest = int(lengths.max()) if n else 0
        words = max(-(-longest // _WORD_CHARS), -(-bits // 60))
        if n and lengths.min() == longest and longest == words * _WORD_CHARS:
            chars = np.frombuffer(b"".join(payloads), dtype=np.uint8).reshape(n, longest)
        else:
            chars = np.zeros((n, words * _WORD_CHARS), dtype=np.uint8)
            for length in np.unique(lengths).tolist():
                same = lengths == length
                block = b"".join(compress(payloads, same.tolist()))
                chars[same, :length] = np.frombuffer(block, dtype=np.uint8).reshape(-1, length)
        six = _SIXBIT[chars]    # the zero padding maps to 0, as pyais pads short payloads
        shifts = np.arange(_WORD_CHARS - 1, -1, -1, dtype=np.uint64) * np.uint64(6)
        self.words = (six.reshape(n, words, _WORD_CHARS) << shifts).sum(axis=2, dtype=np.uint64)

    def uint(self, start: int, length: int) -> np.ndarray:
        end = start + length
        first, last = start // 60, (end - 1) // 60
        w = self.words
        if first == last:
            value = (w[:, first] >> np.uint64(60 * (first + 1) - end)) & np.uint64((1 << length) - 1)
        else:
            low_len = end - 60 * last
            high = w[:, first] & np.uint64((1 << (60 * last - start)) - 1)
            value = (high << np.uint64(low_len)) | (w[:, last] >> np.uint64(60 - low_len))
        return value.astype(np.int64)

    def int(self, start: int, length: int) -> np.ndarray:
        value = self.uint(start, length)
        return value - ((value >> (length - 1)) << length)

    def degrees(self, start: int, length: int, per_degree: int) -> np.ndarray:
        # round(raw / per_degree, 6) as pyais computes it, exactly, in integers.
        factor = 6_000_000 // per_degree
        return (factor * self.int(start, length) + 3) // 6 / 1e6

    def text(self, start: int, chars: int) -> list[str | None]:
        codes = np.stack([self.uint(start + 6 * j, 6) for j in range(chars)], axis=1)
        raw = np.ascontiguousarray(_TEXT[codes].astype(np.uint8)).view(f"S{chars}").ravel()
        return [clean_text(t.decode("ascii")) for t in raw.tolist()]


def clean_text(text: str | None) -> str | None:
    """AIS text: '@' is padding (ITU-R M.1371), blanks around are dropped, empty means absent."""
    text = (text or "").split("@", 1)[0].strip()
    return text or None


def decode_position_payloads(payloads: list[bytes]) -> dict[str, np.ndarray]:
    """Vectorised decode of position reports 1/2/3/18 (28 characters) and 27 (16 characters).

    Values as pyais gives them: lat/lon rounded to 6 decimals; speed and course in tenths for
    1/2/3/18, whole knots and degrees for 27; heading -1 for 27 and status -1 for 18 (not sent)."""
    b = Bits(payloads)
    msg_type = b.uint(0, 6)
    is18, is27 = msg_type == 18, msg_type == 27
    # Class B (18) has the fields of Class A 4 bits earlier (reserved byte instead of status+turn).
    lon = np.where(is18, b.degrees(57, 28, 600_000), b.degrees(61, 28, 600_000))
    lat = np.where(is18, b.degrees(85, 27, 600_000), b.degrees(89, 27, 600_000))
    sog = np.where(is18, b.uint(46, 10), b.uint(50, 10)) / 10.0
    cog = np.where(is18, b.uint(112, 12), b.uint(116, 12)) / 10.0
    heading = np.where(is18, b.uint(124, 9), b.uint(128, 9))
    status = np.where(is18, -1, b.uint(38, 4))
    if is27.any():
        lon = np.where(is27, b.degrees(44, 18, 600), lon)
        lat = np.where(is27, b.degrees(62, 17, 600), lat)
        sog = np.where(is27, b.uint(79, 6).astype(np.float64), sog)
        cog = np.where(is27, b.uint(85, 9).astype(np.float64), cog)
        heading = np.where(is27, -1, heading)
        status = np.where(is27, b.uint(40, 4), status)
    return {"msg_type": msg_type, "mmsi": b.uint(8, 30), "lat": lat, "lon": lon, "sog": sog,
            "cog": cog, "heading": heading.astype(np.int32), "nav_status": status.astype(np.int32)}


def decode_static_payloads(payloads: list[bytes]) -> list[dict[str, Any] | None]:
    """Vectorised decode of static reports 5 (71 characters) and 24 parts A/B (27-28 characters)
    into statics rows without time (None for a type 24 with an undefined part number)."""
    b = Bits(payloads)
    n = len(payloads)
    msg_type, mmsi = b.uint(0, 6).tolist(), b.uint(8, 30).tolist()
    part = b.uint(38, 2).tolist()
    is5 = np.array(msg_type) == 5
    rows: list[dict[str, Any] | None] = []
    if is5.any():
        five = Bits([p for p, f in zip(payloads, is5) if f], bits=424)
        names5, calls5, dest5 = five.text(112, 20), five.text(70, 7), five.text(302, 20)
        imo5, type5 = five.uint(40, 30).tolist(), five.uint(232, 8).tolist()
        len5 = (five.uint(240, 9) + five.uint(249, 9)).tolist()
        wid5 = (five.uint(258, 6) + five.uint(264, 6)).tolist()
    names24, calls24 = b.text(40, 20), b.text(90, 7)
    type24 = b.uint(40, 8).tolist()
    len24 = (b.uint(132, 9) + b.uint(141, 9)).tolist()
    wid24 = (b.uint(150, 6) + b.uint(156, 6)).tolist()
    k = 0
    for i in range(n):
        row = {"mmsi": mmsi[i], "imo": None, "name": None, "call_sign": None, "ship_type": None,
               "length": None, "width": None, "destination": None, "msg_type": msg_type[i]}
        if msg_type[i] == 5:
            row.update(imo=imo5[k] or None, name=names5[k], call_sign=calls5[k],
                       ship_type=type5[k] or None, length=float(len5[k]) or None,
                       width=float(wid5[k]) or None, destination=dest5[k])
            k += 1
        elif part[i] == 0:
            row["name"] = names24[i]
        elif part[i] == 1:
            row.update(call_sign=calls24[i], ship_type=type24[i] or None)
            # Auxiliary craft (MMSI 98xxxxxxx) send their mother ship's MMSI instead of dimensions.
            if mmsi[i] // 10_000_000 != 98:
                row.update(length=float(len24[i]) or None, width=float(wid24[i]) or None)
        else:
            row = None
        rows.append(row)
    return rows


def payload_type(payload: bytes) -> int:
    return int(_SIXBIT[payload[0]]) if payload else -1


class NmeaDecoder:
    """Decodes NMEA text chunk by chunk; multi-sentence messages may span chunks.

    ``default_time`` (seconds since 1970) stamps sentences that carry no time; without it they are
    counted as ``no_time``. ``fast=False`` sends everything through pyais (for the equality tests).
    """

    def __init__(self, default_time: float | None = None, fast: bool = True) -> None:
        self.default_time = default_time
        self.fast = fast
        self.counts = DecodeCounts()
        # (sequence id, channel) -> [fragment count, sentences, payloads, time]
        self._pending: dict[tuple[bytes, bytes], list] = {}

    def feed(self, chunk: bytes) -> tuple[PositionColumns, list[dict[str, Any]]]:
        """Decode the complete lines of ``chunk``: raw positions and statics rows (``ts_us``)."""
        if _GLUED.search(chunk):
            chunk = _GLUED.sub(rb"\1\n", chunk)
        rows = _LINE.findall(chunk)
        if rows and not rows[-1][3] and not rows[-1][11]:
            rows.pop()      # the empty match after the final newline
        if not rows:
            return PositionColumns.empty(), []
        columns = list(zip(*rows))
        framed = np.fromiter(map(len, columns[3]), dtype=np.int64, count=len(rows)) > 0
        if not framed.all():
            for line in compress(columns[11], ~framed):
                self._classify_unframed(line)
            keep = framed.tolist()
            columns = [list(compress(col, keep)) for col in columns]
        (tags, tag_times, tag_sums, bodies, counts, numbers, seq_ids, channels, payloads, checksums,
         trailers, _) = columns
        m = len(bodies)
        self.counts.sentences += m
        if m == 0:
            return PositionColumns.empty(), []

        good = checksum_ok(bodies, checksums)
        bad = int((~good).sum())
        if bad:
            self.counts.dropped["bad_checksum"] += bad
        times = self._times(tags, tag_times, tag_sums, trailers, good)

        single = np.frombuffer(b"".join(counts), dtype=np.uint8) == ord("1")
        pay_len = np.fromiter(map(len, payloads), dtype=np.int64, count=m)
        nonempty = pay_len > 0
        first = np.zeros(m, dtype=np.uint8)
        if nonempty.any():
            starts = np.zeros(m, dtype=np.int64)
            np.cumsum(pay_len[:-1], out=starts[1:])
            first[nonempty] = np.frombuffer(b"".join(payloads), dtype=np.uint8)[starts[nonempty]]
        msg_type = np.where(nonempty, _SIXBIT[first].astype(np.int64), -1)
        empty_single = good & single & ~nonempty
        if empty_single.any():
            self.counts.dropped["empty_payload"] += int(empty_single.sum())

        fast = np.zeros(m, dtype=bool)
        if self.fast:
            for kind, lengths in _FAST_POSITION_LENGTHS.items():
                fast |= (msg_type == kind) & np.isin(pay_len, lengths)
            fast &= good & single
        parts = [self._positions_fast(np.flatnonzero(fast), msg_type, payloads, times)] if fast.any() else []

        slow_rows: list[tuple] = []
        statics: list[dict[str, Any]] = []
        static_payloads: list[bytes] = []
        static_times: list[float] = []
        plain = good & single & nonempty & ~fast
        unsupported = plain & ~np.isin(msg_type, list(SUPPORTED_TYPES))
        if unsupported.any():
            kinds, seen = np.unique(msg_type[unsupported], return_counts=True)
            self.counts.message_types.update(dict(zip(kinds.tolist(), seen.tolist())))
            self.counts.dropped["unsupported_type"] += int(unsupported.sum())
        static_fast = np.zeros(m, dtype=bool)
        if self.fast:
            for kind, lengths in _FAST_STATIC_LENGTHS.items():
                static_fast |= (msg_type == kind) & np.isin(pay_len, lengths)
            static_fast &= plain
            for i in np.flatnonzero(static_fast).tolist():
                self._route(int(msg_type[i]), [], payloads[i], times[i], slow_rows, statics,
                            static_payloads, static_times)
        fragments = good & ~single
        if self.fast and fragments.any():
            fragments = self._pairs(fragments, bodies, checksums, counts, numbers, seq_ids, channels,
                                    payloads, times, slow_rows, statics, static_payloads, static_times)
        rest = (plain & ~unsupported & ~static_fast) | fragments
        for i in np.flatnonzero(rest).tolist():
            if single[i]:
                self._decode_slow([b"!" + bodies[i] + b"*" + checksums[i]], payloads[i], times[i],
                                  slow_rows, statics)
                continue
            complete = self._assemble(i, bodies, counts, numbers, seq_ids, channels, payloads,
                                      checksums, times)
            if complete is not None:
                sentences, payload, when = complete
                self._route(payload_type(payload), sentences, payload, when, slow_rows, statics,
                            static_payloads, static_times)
        if slow_rows:
            parts.append(PositionColumns.from_rows(slow_rows))
        if static_payloads:
            statics += self._statics_fast(static_payloads, static_times)
        return PositionColumns.concat(parts), statics

    def finish(self) -> None:
        """End of input: fragments still waiting for their other parts are orphans."""
        if self._pending:
            self.counts.dropped["orphan_fragment"] += sum(len(v[1]) for v in self._pending.values())
            self._pending.clear()

    # --- internals -----------------------------------------------------------------------------

    def _classify_unframed(self, line: bytes) -> None:
        text = line.strip()
        if not text:
            return
        if text.startswith(b"#"):
            self.counts.skipped["comment"] += 1
        elif b"VDM" not in text and b"VDO" not in text:
            if text[:1] in (b"$", b"!"):
                self.counts.skipped["other_sentence"] += 1
            else:
                self.counts.dropped["garbage"] += 1
        elif b"*" not in text or text.count(b",") < 6:
            self.counts.dropped["truncated"] += 1
        else:
            self.counts.dropped["garbage"] += 1

    def _times(self, tags: list[bytes], tag_times: list[bytes], tag_sums: list[bytes],
               trailers: list[bytes], good: np.ndarray) -> np.ndarray:
        """Receiver time of each sentence (seconds since 1970, NaN when none): the tag block's
        ``c:`` (seconds or milliseconds), else the last field of USCG-style trailing fields when it
        is a ten-digit epoch. A sentence whose tag block fails its checksum is marked bad in ``good``."""
        m = len(tags)
        times = np.full(m, np.nan)
        has_sum = np.fromiter(map(len, tag_sums), dtype=np.int64, count=m) > 0
        if has_sum.any():
            idx = np.flatnonzero(has_sum)
            if len(idx) == m:
                ok = checksum_ok(tags, tag_sums)
            else:
                ok = checksum_ok([tags[i] for i in idx.tolist()], [tag_sums[i] for i in idx.tolist()])
            failed = idx[~ok & good[idx]]
            if len(failed):
                good[failed] = False
                self.counts.dropped["bad_tag_checksum"] += len(failed)
        if all(tag_times):
            times = np.fromiter(map(float, tag_times), dtype=np.float64, count=m)
        elif any(tag_times):
            stamped = np.fromiter(map(len, tag_times), dtype=np.int64, count=m) > 0
            times[stamped] = np.fromiter(map(float, compress(tag_times, stamped.tolist())),
                                         dtype=np.float64, count=int(stamped.sum()))
        if any(trailers):
            for i, trailer in enumerate(trailers):
                if trailer and np.isnan(times[i]):
                    last = trailer.rstrip().rpartition(b",")[2]
                    # USCG appends the receive time as epoch seconds, ten digits since 2001; any
                    # other trailing number (a counter, a field of another logger) is not a time.
                    if len(last) == 10 and last.isdigit() and last[:1] != b"0":
                        times[i] = float(last)
        # Receivers give c: in seconds or milliseconds; no AIS time is after the year 5138 in seconds.
        times = np.where(times > 1e11, times / 1000.0, times)
        if self.default_time is not None:
            times[np.isnan(times)] = self.default_time
        return times

    def _positions_fast(self, idx: np.ndarray, msg_type: np.ndarray, payloads: list[bytes],
                        times: np.ndarray) -> PositionColumns:
        types, seen = np.unique(msg_type[idx], return_counts=True)
        for t, c in zip(types.tolist(), seen.tolist()):
            self.counts.message_types[t] += c
        timed = ~np.isnan(times[idx])
        if not timed.all():
            self.counts.dropped["no_time"] += int((~timed).sum())
            idx = idx[timed]
        self.counts.fast_decoded += len(idx)
        wanted = np.zeros(len(payloads), dtype=bool)
        wanted[idx] = True
        fields = decode_position_payloads(list(compress(payloads, wanted.tolist())))
        return PositionColumns(
            mmsi=fields["mmsi"], ts_us=np.round(times[idx] * 1e6).astype(np.int64),
            lat=fields["lat"], lon=fields["lon"], sog=fields["sog"], cog=fields["cog"],
            heading=fields["heading"], nav_status=fields["nav_status"],
            msg_type=fields["msg_type"].astype(np.int8))

    def _statics_fast(self, payloads: list[bytes], times: list[float]) -> list[dict[str, Any]]:
        # A ship repeats the same static report every few minutes: decode each payload once.
        unique = list(dict.fromkeys(payloads))
        decoded = dict(zip(unique, decode_static_payloads(unique)))
        stamps = np.round(np.array(times) * 1e6).astype(np.int64).tolist()
        rows = []
        for payload, when in zip(payloads, stamps):
            row = decoded[payload]
            if row is not None:
                row = dict(row)
            if row is None:
                self.counts.dropped["undecodable"] += 1
                continue
            self.counts.message_types[row["msg_type"]] += 1
            row["ts_us"] = when
            rows.append(row)
        self.counts.fast_decoded += len(rows)
        return rows

    def _pairs(self, fragments: np.ndarray, bodies, checksums, counts, numbers, seq_ids, channels,
               payloads, times, rows, statics, static_payloads, static_times) -> np.ndarray:
        """Two-sentence messages whose parts follow each other (nearly all): assembled at once.
        Returns the fragments left for the general assembly."""
        if self._pending:       # a message begun in the previous chunk: keep strict order
            return fragments
        total = np.frombuffer(b"".join(counts), dtype=np.uint8)
        number = np.frombuffer(b"".join(numbers), dtype=np.uint8)
        first = fragments[:-1] & fragments[1:] & (total[:-1] == ord("2")) & (total[1:] == ord("2")) \
            & (number[:-1] == ord("1")) & (number[1:] == ord("2"))
        idx = np.flatnonzero(first)
        if not len(idx):
            return fragments
        same = [seq_ids[i] == seq_ids[i + 1] and channels[i] == channels[i + 1] for i in idx.tolist()]
        idx = idx[np.array(same, dtype=bool)]
        for i in idx.tolist():
            payload = payloads[i] + payloads[i + 1]
            when = times[i] if not np.isnan(times[i]) else times[i + 1]
            sentences = [b"!" + bodies[j] + b"*" + checksums[j] for j in (i, i + 1)]
            self._route(payload_type(payload), sentences, payload, when, rows, statics,
                        static_payloads, static_times)
        rest = fragments.copy()
        rest[idx] = False
        rest[idx + 1] = False
        return rest

    def _route(self, kind: int, sentences: list[bytes], payload: bytes, when: float,
               rows: list[tuple], statics: list[dict[str, Any]], static_payloads: list[bytes],
               static_times: list[float]) -> None:
        """One complete message that is not a plain position report: count, skip or decode."""
        if kind not in SUPPORTED_TYPES:
            self.counts.message_types[kind] += 1
            self.counts.dropped["unsupported_type"] += 1
        elif self.fast and len(payload) in _FAST_STATIC_LENGTHS.get(kind, ()):
            if np.isnan(when):
                self.counts.message_types[kind] += 1
                self.counts.dropped["no_time"] += 1
            else:
                static_payloads.append(payload)
                static_times.append(when)
        else:
            self._decode_slow(sentences, payload, when, rows, statics)

    def _assemble(self, i: int, bodies, counts, numbers, seq_ids, channels, payloads, checksums,
                  times) -> tuple[list[bytes], bytes, float] | None:
        """Add fragment ``i``; return (sentences, payload, time) when its message is complete."""
        key = (seq_ids[i], channels[i])
        total, number = int(counts[i]), int(numbers[i])
        sentence = b"!" + bodies[i] + b"*" + checksums[i]
        pending = self._pending.get(key)
        if number == 1:
            if pending is not None:
                self.counts.dropped["orphan_fragment"] += len(pending[1])
            self._pending[key] = [total, [sentence], [payloads[i]], times[i]]
            return None
        if pending is None or pending[0] != total or len(pending[1]) != number - 1:
            self.counts.dropped["orphan_fragment"] += 1 + (len(pending[1]) if pending else 0)
            self._pending.pop(key, None)
            return None
        pending[1].append(sentence)
        pending[2].append(payloads[i])
        if np.isnan(pending[3]):
            pending[3] = times[i]
        if number < total:
            return None
        del self._pending[key]
        return pending[1], b"".join(pending[2]), pending[3]

    def _decode_slow(self, sentences: list[bytes], payload: bytes, when: float, rows: list[tuple],
                     statics: list[dict[str, Any]]) -> None:
        import pyais
        from pyais.exceptions import AISBaseException

        try:
            msg = pyais.decode(*sentences)
        except (AISBaseException, ValueError, IndexError, KeyError):
            self.counts.dropped["undecodable"] += 1
            return
        kind = int(msg.msg_type)
        self.counts.message_types[kind] += 1
        if kind not in SUPPORTED_TYPES:
            self.counts.dropped["unsupported_type"] += 1
            return
        if np.isnan(when):
            self.counts.dropped["no_time"] += 1
            return
        ts_us = int(round(when * 1e6))
        if kind in POSITION_TYPES:
            rows.append(position_row(msg, ts_us))
        if kind in STATIC_TYPES:
            row = static_row(msg, ts_us)
            if kind in (5, 19) or (kind == 24 and int(msg.partno) == 1):
                # pyais folds reserved ship type codes into neighbouring enum members; keep the code.
                row["ship_type"] = int(Bits([payload]).uint(_SHIP_TYPE_OFFSET[kind], 8)[0]) or None
            statics.append(row)


def position_row(msg: Any, ts_us: int) -> tuple:
    """(mmsi, ts_us, lat, lon, sog, cog, heading, nav_status, msg_type) from a pyais message."""
    kind = int(msg.msg_type)
    heading = -1 if kind == 27 else int(msg.heading)
    status = int(msg.status) if kind in (1, 2, 3, 27) else -1
    return (int(msg.mmsi), ts_us, float(msg.lat), float(msg.lon), float(msg.speed),
            float(msg.course), heading, status, kind)


def static_row(msg: Any, ts_us: int) -> dict[str, Any]:
    """A statics row from a pyais message; 0 and empty text mean "not available" and become None."""
    kind = int(msg.msg_type)
    row: dict[str, Any] = {"mmsi": int(msg.mmsi), "ts_us": ts_us, "imo": None, "name": None,
                           "call_sign": None, "ship_type": None, "length": None, "width": None,
                           "destination": None, "msg_type": kind}
    part_a = kind == 24 and int(msg.partno) == 0
    if kind in (5, 19) or part_a:
        row["name"] = clean_text(msg.shipname)
    if kind == 5:
        row["imo"] = int(msg.imo) or None
        row["destination"] = clean_text(msg.destination)
    if kind == 5 or (kind == 24 and not part_a):
        row["call_sign"] = clean_text(msg.callsign)
    if kind in (5, 19) or (kind == 24 and not part_a):
        row["ship_type"] = int(msg.ship_type) or None
        if hasattr(msg, "to_bow"):
            row["length"] = float(msg.to_bow + msg.to_stern) or None
            row["width"] = float(msg.to_port + msg.to_starboard) or None
    return row

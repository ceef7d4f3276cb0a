"""NMEA ingest throughput: pyais decoding alone vs sanctionwatch's whole NMEA -> store path.

Corpus: the valid AIS messages of the real samples in ../shared/data/ais (gpsd, pyais, AISdb; any
existing tag blocks or trailing fields removed), repeated in order until N messages, each given an
NMEA 4.10 tag block with a receiver time ``c:`` one second apart (multi-sentence messages keep
their parts together; the time is on the first part). Figures are printed, never asserted.

    .venv/bin/python benchmarks/maritime/ingest_nmea.py [--messages N] [--rounds R]

Both are run R times, alternating, and the best time of each is kept (the machine may be shared).
Our ingest decodes a large plain file on all cores (forked workers); pyais uses one.
"""

from __future__ import annotations

import argparse
import functools
import operator
import os
import re
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from sanctionwatch import settings  # noqa: E402
from sanctionwatch.maritime.ais.nmea import checksum_ok  # noqa: E402
from sanctionwatch.maritime.ingest import ingest  # noqa: E402

SAMPLES = ["gpsd_nmea_samples/ais-nmea.log", "gpsd_nmea_samples/ais-nmea-type6-fid55.log",
           "gpsd_nmea_samples/ais-18-27.log", "pyais_nmea_samples/nmea_data_sample.txt",
           "aisdb_samples/test_data_20211101.nm4", "aisdb_samples/test_data_201201.nmea"]
SENTENCE = re.compile(rb"!([A-Z]{2}VD[MO],(\d),(\d),[^*]*)\*([0-9A-Fa-f]{2})")
START = 1_700_000_000


def message_pool() -> list[list[bytes]]:
    """Valid messages (lists of sentences) of the real samples, in file order."""
    pool: list[list[bytes]] = []
    data = settings.shared_data() / "ais"
    for name in SAMPLES:
        parts: list[bytes] = []
        for line in (data / name).read_bytes().splitlines():
            found = SENTENCE.search(line)
            if not found or not checksum_ok([found.group(1)], [found.group(4)])[0]:
                continue
            body = found.group(1)
            if not body.split(b",")[5]:
                continue  # empty payload
            count, number = int(found.group(2)), int(found.group(3))
            sentence = b"!" + body + b"*" + found.group(4).upper()
            if number == 1:
                parts = [sentence]
            elif parts and number == len(parts) + 1:
                parts.append(sentence)
            else:
                parts = []
                continue
            if len(parts) == count:
                pool.append(parts)
                parts = []
    return pool


def tag(seconds: int) -> bytes:
    body = b"c:%d" % seconds
    return b"\\" + body + b"*%02X\\" % functools.reduce(operator.xor, body, 0)


def write_corpus(path: Path, messages: int) -> int:
    pool = message_pool()
    sentences = 0
    with path.open("wb") as out:
        lines = []
        for i in range(messages):
            parts = pool[i % len(pool)]
            lines.append(tag(START + i) + parts[0])
            lines.extend(parts[1:])
            sentences += len(parts)
            if len(lines) > 100_000:
                out.write(b"\n".join(lines) + b"\n")
                lines = []
        if lines:
            out.write(b"\n".join(lines) + b"\n")
    return sentences


def run_pyais(path: Path) -> tuple[int, int, float]:
    from pyais import FileReaderStream

    decoded = errors = 0
    started = time.perf_counter()
    for message in FileReaderStream(str(path)):
        try:
            message.decode()
            decoded += 1
        except Exception:
            errors += 1
    return decoded, errors, time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=1_000_000)
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="sw-ingest-bench-"))
    try:
        corpus = work / "corpus.nmea"
        sentences = write_corpus(corpus, args.messages)
        size_mb = corpus.stat().st_size / 1e6
        print(f"corpus: {args.messages:,} messages in {sentences:,} sentences, {size_mb:.1f} MB "
              f"(real sample messages repeated, tag-block times)")

        pyais_times, ours_times = [], []
        rss_before = psutil.Process().memory_info().rss
        for round_ in range(args.rounds):
            decoded, errors, seconds = run_pyais(corpus)
            pyais_times.append(seconds)
            started = time.perf_counter()
            report = ingest([corpus], home=work / f"home{round_}")
            ours_times.append(time.perf_counter() - started)
            shutil.rmtree(work / f"home{round_}")
        pyais_rate = (decoded + errors) / min(pyais_times)
        ours_rate = args.messages / min(ours_times)
        print(f"pyais FileReaderStream + decode(): {decoded:,} decoded, {errors:,} errors; best of "
              f"{args.rounds}: {min(pyais_times):.2f} s = {pyais_rate:,.0f} msg/s "
              f"(all: {', '.join(f'{t:.2f}' for t in pyais_times)} s)")
        print(f"sanctionwatch ingest() NMEA -> cleaned Parquet store: {report.positions_kept:,} positions + "
              f"{report.statics_kept:,} statics kept; best of {args.rounds}: {min(ours_times):.2f} s = "
              f"{ours_rate:,.0f} msg/s (all: {', '.join(f'{t:.2f}' for t in ours_times)} s)")
        print(f"  dropped: {report.dropped}")
        print(f"ratio ours/pyais: {ours_rate / pyais_rate:.2f}x on {os.cpu_count()} cores")
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        workers = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        print(f"peak RSS: main process {peak:,.0f} MB (before the runs {rss_before / 1e6:,.0f} MB), "
              f"largest decode worker {workers:,.0f} MB")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()

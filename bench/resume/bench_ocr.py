"""OCR time for scanned resumes (image-only PDFs made like the tests make them: text drawn on
a page image at 200 dpi, turned a degree, speckled, blurred), kept apart from the ordinary
extraction figures: loading the engine, one page in-process, and a whole file through the
bounded child process the API and worker use (which loads the engine each time).

Run: `uv run python -m bench.resume.bench_ocr [--rounds 3]`; writes the "ocr" section of
bench/results/resume.json.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import time

from bench.resume.bench_extract import write_section
from core.clock import iso
from core.resume.extract import ExtractLimits, extract_text
from core.resume.extract_ocr import RapidOcrEngine
from core.resume.sandbox import extract_text_bounded
from tests.resume import samples
from tests.resume.builders import build_scan

SPECS = [samples.SOFTWARE_ENGINEER, samples.NURSE, samples.SALES, samples.TEACHER]


def _ms(values: list[float]) -> dict[str, float]:
    return {
        "median": round(statistics.median(values) * 1000),
        "max": round(max(values) * 1000),
        "min": round(min(values) * 1000),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    full_page = [
        build_scan(spec, rotate=1.0, seed=i, page_inches=(8.5, 11.0))
        for i, spec in enumerate(SPECS)
    ]
    started = time.perf_counter()
    RapidOcrEngine()
    load = time.perf_counter() - started
    in_process: list[float] = []
    isolated: list[float] = []
    confidence: list[float] = []
    for _ in range(args.rounds):
        for data in full_page:
            started = time.perf_counter()
            extracted = extract_text(data)
            in_process.append(time.perf_counter() - started)
            assert extracted.ocr is not None
            confidence.append(extracted.ocr.confidence)
            started = time.perf_counter()
            extract_text_bounded(data, ExtractLimits())
            isolated.append(time.perf_counter() - started)
    figures = {
        "engine": "rapidocr",
        "pages": "one letter page at 200 dpi",
        "scans": len(full_page),
        "rounds": args.rounds,
        "cores": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else None,
        "loadAverage": round(os.getloadavg()[0], 2),
        "engineLoadMs": round(load * 1000),
        "inProcessPerPageMs": _ms(in_process),
        "isolatedChildPerFileMs": _ms(isolated),
        "meanConfidence": round(statistics.mean(confidence), 3),
        "limits": {
            "timeoutSeconds": ExtractLimits().ocr_timeout_seconds,
            "maxPages": ExtractLimits().ocr_max_pages,
            "memoryMB": ExtractLimits().ocr_memory_bytes // (1024 * 1024),
        },
        "measuredAt": iso(),
    }
    write_section("ocr", figures)
    print(json.dumps(figures, indent=2))


if __name__ == "__main__":
    main()

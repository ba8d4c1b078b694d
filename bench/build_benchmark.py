"""Benchmark of the book's build, printed as medians (min, max) of several runs. Not a test.

    make bench            # or: .venv/bin/python bench/build_benchmark.py --runs 5

Every measurement runs on a temporary copy of the project with this virtual environment:

- clean build, stored outputs: `make book` on a fresh copy (no _build; chapters are up to date);
- clean build, all executed:   the same with the execution record removed, so every chapter runs;
- no-op rebuild:               `make book` again on a built copy;
- one-CSV rebuild:             `make book` after one value of a CSV changed (efficacy.csv, read by
                               many chapters, and synthesis_steps.csv, read by few);
- nbval:                       strict nbval over every chapter;
- plain forced build:          `jupyter-book build` with execute_notebooks: force, the baseline.

Peak memory is the largest resident set of any process of the run (the build or a kernel).
Page weight: the size of the built site, the heaviest page with the images it shows, and the
largest figure file (targets: no page over 3 MB with its images, no figure over 300 kB).
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
VENV = Path(sys.prefix)
IGNORE = shutil.ignore_patterns(".venv", "_build", ".git", "__pycache__", "*.egg-info", ".pytest_cache")
ONE_CSV = ("efficacy", "synthesis_steps")  # read by many chapters / by few
MAKE_BOOK = ["make", "book", f"VENV={VENV}", "-o", str(VENV / ".installed")]


def fresh_copy(parent: Path) -> Path:
    target = Path(tempfile.mkdtemp(dir=parent)) / "book"
    shutil.copytree(ROOT, target, ignore=IGNORE)
    return target


def timed(command: list[str], cwd: Path) -> tuple[float, float]:
    """Wall seconds and peak RSS (MiB) of the largest process of `command`, run in a child so the
    operating system's accounting covers it and its kernels only."""
    probe = (
        "import resource, subprocess, sys, time\n"
        "start = time.perf_counter()\n"
        "code = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode\n"
        "wall = time.perf_counter() - start\n"
        "print(wall, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024, code)\n"
    )
    env = {k: v for k, v in os.environ.items() if k != "AMCENESTRANT_BOOK_ROOT"}
    out = subprocess.run([sys.executable, "-c", probe, *command], cwd=cwd, env=env,
                         capture_output=True, text=True, check=True).stdout.split()
    if out[2] != "0":
        raise RuntimeError(f"{' '.join(command)} failed in {cwd}")
    return float(out[0]), float(out[1])


def change_one_value(project: Path, table: str, run: int) -> None:
    """Change one cell of data/<table>.csv to another valid value that every chapter accepts."""
    path = project / "data" / f"{table}.csv"
    with open(path, encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    if table == "efficacy":  # the AMEERA-3 overall-survival hazard ratio, 0.913 as reported
        row = next(r for r in rows if r[0] == "a3_os_hr")
        row[rows[0].index("value")] = "0.914"  # each run starts from a fresh copy
    else:  # a free-text cell
        rows[1][rows[0].index("note")] += f" (benchmark run {run})"
    with open(path, "w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)


def readers(project: Path, table: str) -> int:
    manifest = json.loads((project / "chapters" / "execution.json").read_text(encoding="utf-8"))
    return sum(f"data/{table}.csv" in record["files_read"] for record in manifest.values())


def forced_config(project: Path) -> None:
    config = project / "_config.yml"
    text = config.read_text(encoding="utf-8").replace('execute_notebooks: "off"', 'execute_notebooks: "force"')
    config.write_text(text, encoding="utf-8")


def page_weights(html: Path) -> dict[str, int]:
    """Bytes of each page plus the local images it shows."""
    weights = {}
    for page in html.rglob("*.html"):
        text = page.read_text(encoding="utf-8", errors="replace")
        images = {(page.parent / src).resolve() for src in re.findall(r'<img[^>]+src="([^"#?]+)"', text)
                  if "://" not in src}
        weights[page.relative_to(html).as_posix()] = page.stat().st_size + sum(
            image.stat().st_size for image in images if image.is_file())
    return weights


def print_weights(html: Path) -> None:
    total = sum(p.stat().st_size for p in html.rglob("*") if p.is_file())
    weights = page_weights(html)
    heaviest = max(weights, key=weights.get)
    figures = {p.name: p.stat().st_size for p in (ROOT / "figures").iterdir() if p.is_file()}
    largest = max(figures, key=figures.get)
    print(f"{'site size':<34} {total / 2**20:9.2f} MiB")
    print(f"{'heaviest page with its images':<34} {weights[heaviest] / 2**20:9.2f} MiB  ({heaviest}; target < 3 MB)")
    print(f"{'largest figure file':<34} {figures[largest] / 1024:9.1f} KiB  ({largest}; target < 300 kB)")


def summary(name: str, samples: list[float], unit: str) -> str:
    return (f"{name:<34} {statistics.median(samples):9.2f} {unit:<4} "
            f"(min {min(samples):.2f}, max {max(samples):.2f}, n={len(samples)})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    jupyter_book = str(VENV / "bin" / "jupyter-book")
    results: dict[str, list[float]] = {}
    memory: list[float] = []
    with tempfile.TemporaryDirectory() as scratch:
        scratch = Path(scratch)
        for run in range(args.runs):
            stored = fresh_copy(scratch)
            wall, _ = timed(MAKE_BOOK, stored)
            results.setdefault("clean build, stored outputs", []).append(wall)
            wall, _ = timed(MAKE_BOOK, stored)
            results.setdefault("no-op rebuild", []).append(wall)
            for table in ONE_CSV:
                change_one_value(stored, table, run + 1)
                wall, _ = timed(MAKE_BOOK, stored)
                results.setdefault(f"rebuild after {table}.csv changes", []).append(wall)

            executed = fresh_copy(scratch)
            (executed / "chapters" / "execution.json").unlink()
            wall, peak = timed(MAKE_BOOK, executed)
            results.setdefault("clean build, all chapters executed", []).append(wall)
            memory.append(peak)

            forced = fresh_copy(scratch)
            forced_config(forced)
            wall, _ = timed([jupyter_book, "build", ".", "--keep-going"], forced)
            results.setdefault("plain jupyter-book build, forced", []).append(wall)

            nbval = fresh_copy(scratch)
            wall, _ = timed([sys.executable, "-m", "pytest", "chapters", "-q"], nbval)
            results.setdefault("nbval, every chapter", []).append(wall)
            if run == args.runs - 1:
                print_weights(stored / "_build" / "html")
            shutil.rmtree(stored.parent), shutil.rmtree(executed.parent)
            shutil.rmtree(forced.parent), shutil.rmtree(nbval.parent)

    print(f"Build benchmark: {args.runs} run(s) each, {os.cpu_count()} cores, Python {sys.version.split()[0]}")
    for name, samples in results.items():
        print(summary(name, samples, "s"))
    print(summary("peak memory, clean build (all run)", memory, "MiB"))
    for table in ONE_CSV:
        print(f"  ({table}.csv is read by {readers(ROOT, table)} chapters)")
    forced = results["plain jupyter-book build, forced"]
    for name in (*(f"rebuild after {t}.csv changes" for t in ONE_CSV), "clean build, all chapters executed"):
        ratios = [f / s for f, s in zip(forced, results[name], strict=True)]
        print(f"{'forced build / ' + name:<58} {statistics.median(ratios):6.2f}x (pairwise median)")


if __name__ == "__main__":
    main()

"""Benchmark of the book's build, printed as medians (min, max) of several runs. Not a test.

    make bench            # or: .venv/bin/python bench/build_benchmark.py --runs 5

Every measurement runs on a fresh temporary copy of the project with this virtual environment,
and every ratio compares two measurements of the same run:

- clean build, stored outputs: `make book` on a fresh copy (no _build; chapters are up to date);
- no-op rebuild:               `make book` again on that built copy;
- one-CSV rebuild:             `make book` after one value of efficacy.csv changed;
- clean build, all executed:   `make book` with the execution record removed (every chapter runs);
- plain forced build:          `jupyter-book build` with execute_notebooks: force, the baseline;
- make test:                   the whole `make test` (strict nbval, every test, browser included);
- table growth:                `make book` after one table grew 10x and 100x (rows repeated under
                               new keys): build time, peak memory, heaviest page, largest notebook.

Peak memory is the largest resident set of any process of the run (the build or a kernel).
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
IGNORE = shutil.ignore_patterns(".venv", "_build", ".git", "__pycache__", "*.egg-info", ".pytest_cache",
                                "node_modules")
MAKE = ["make", f"VENV={VENV}", "-o", str(VENV / ".installed")]
GROWN_TABLE = "resistance_mechanisms"  # a reader table in the resistance chapter, and its data page


def fresh_copy(parent: Path) -> Path:
    target = Path(tempfile.mkdtemp(dir=parent)) / "book"
    shutil.copytree(ROOT, target, ignore=IGNORE)
    if (ROOT / "node_modules").is_dir():
        (target / "node_modules").symlink_to(ROOT / "node_modules")
    if (ROOT.parent / "shared").is_dir():  # the source documents beside it, as in CI: no test skips
        (target.parent / "shared").symlink_to(ROOT.parent / "shared")
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
    env = {k: v for k, v in os.environ.items() if not k.startswith("AMCENESTRANT_BOOK_")}
    out = subprocess.run([sys.executable, "-c", probe, *command], cwd=cwd, env=env,
                         capture_output=True, text=True, check=True).stdout.split()
    if out[2] != "0":
        raise RuntimeError(f"{' '.join(command)} failed in {cwd} (exit {out[2]})")
    return float(out[0]), float(out[1])


def read_rows(path: Path) -> list[list[str]]:
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.reader(handle))


def write_rows(path: Path, rows: list[list[str]]) -> None:
    with open(path, "w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)


def change_one_value(project: Path) -> None:
    """The AMEERA-3 overall-survival hazard ratio, 0.913 as reported, becomes 0.914."""
    path = project / "data/efficacy.csv"
    rows = read_rows(path)
    next(r for r in rows if r[0] == "a3_os_hr")[rows[0].index("value")] = "0.914"
    write_rows(path, rows)


def grow_table(project: Path, table: str, factor: int) -> int:
    """Repeat every row of data/<table>.csv `factor` times in all, the key made unique."""
    path = project / "data" / f"{table}.csv"
    header, *rows = read_rows(path)
    grown = [*rows, *([f"{row[0]}_x{n}", *row[1:]] for n in range(1, factor) for row in rows)]
    write_rows(path, [header, *grown])
    return len(grown)


def readers(table: str) -> int:
    manifest = json.loads((ROOT / "chapters/execution.json").read_text(encoding="utf-8"))
    return sum(f"data/{table}.csv" in record["files_read"] for record in manifest.values())


def forced_config(project: Path) -> None:
    config = project / "_config.yml"
    text = config.read_text(encoding="utf-8").replace('execute_notebooks: "off"', 'execute_notebooks: "force"')
    config.write_text(text, encoding="utf-8")


def heaviest_page(html: Path) -> tuple[str, int]:
    """The page that weighs most with the local images it shows, and its bytes."""
    weights = {}
    for page in html.rglob("*.html"):
        text = page.read_text(encoding="utf-8", errors="replace")
        images = {(page.parent / src).resolve() for src in re.findall(r'<img[^>]+src="([^"#?]+)"', text)
                  if "://" not in src}
        weights[page.relative_to(html).as_posix()] = page.stat().st_size + sum(
            image.stat().st_size for image in images if image.is_file())
    name = max(weights, key=weights.get)
    return name, weights[name]


def summary(name: str, samples: list[float], unit: str) -> str:
    return (f"{name:<44} {statistics.median(samples):9.2f} {unit:<4} "
            f"(min {min(samples):.2f}, max {max(samples):.2f}, n={len(samples)})")


def ratio(name: str, numerators: list[float], denominators: list[float]) -> str:
    ratios = [a / b for a, b in zip(numerators, denominators, strict=True)]
    return f"{name:<58} {statistics.median(ratios):6.2f}x (pairwise median)"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--no-test", action="store_true", help="leave out the `make test` measurement")
    args = parser.parse_args()
    jupyter_book = str(VENV / "bin" / "jupyter-book")
    results: dict[str, list[float]] = {}
    memory: list[float] = []

    def record(name: str, value: float) -> None:
        results.setdefault(name, []).append(value)
        print(f"measured: {name}: {value:.1f} s", file=sys.stderr, flush=True)

    with tempfile.TemporaryDirectory() as scratch:
        scratch = Path(scratch)
        for _ in range(args.runs):
            stored = fresh_copy(scratch)
            record("clean build, stored outputs", timed([*MAKE, "book"], stored)[0])
            record("no-op rebuild", timed([*MAKE, "book"], stored)[0])
            change_one_value(stored)
            record("one-CSV rebuild (efficacy.csv)", timed([*MAKE, "book"], stored)[0])

            forced = fresh_copy(scratch)
            forced_config(forced)
            record("plain jupyter-book build, forced", timed([jupyter_book, "build", ".", "--keep-going"], forced)[0])

            executed = fresh_copy(scratch)
            (executed / "chapters/execution.json").unlink()
            wall, peak = timed([*MAKE, "book"], executed)
            record("clean build, all chapters executed", wall)
            memory.append(peak)

            if not args.no_test:
                record("make test", timed([*MAKE, "test"], fresh_copy(scratch))[0])
            print(f"run {len(memory)} of {args.runs} done", file=sys.stderr, flush=True)
            for copy in scratch.iterdir():
                shutil.rmtree(copy)

        growth = []
        for factor in (1, 10, 100):
            grown = fresh_copy(scratch)
            rows = grow_table(grown, GROWN_TABLE, factor)
            try:
                wall, peak = timed([*MAKE, "book"], grown)
            except RuntimeError as error:
                growth.append(f"  {factor:>3}x ({rows} rows): {error}")
                print(growth[-1], file=sys.stderr, flush=True)
                continue
            page, weight = heaviest_page(grown / "_build/html")
            notebook = max((grown / "chapters").glob("*.ipynb"), key=lambda p: p.stat().st_size)
            size = notebook.stat().st_size / 2**20
            growth.append(f"  {factor:>3}x ({rows:>5} rows): build {wall:6.1f} s, peak {peak:6.0f} MiB, heaviest page "
                          f"{weight / 2**20:5.2f} MiB ({page}), largest notebook {size:5.2f} MiB ({notebook.name})")
            print(growth[-1], file=sys.stderr, flush=True)
            shutil.rmtree(grown.parent)

    print(f"Build benchmark: {args.runs} run(s) each, {os.cpu_count()} cores, Python {sys.version.split()[0]}")
    for name, samples in results.items():
        print(summary(name, samples, "s"))
    print(summary("peak memory, clean build (all executed)", memory, "MiB"))
    print(f"  (efficacy.csv is read by {readers('efficacy')} chapters)")
    forced = results["plain jupyter-book build, forced"]
    print(ratio("plain forced build / one-CSV rebuild", forced, results["one-CSV rebuild (efficacy.csv)"]))
    print(ratio("plain forced build / clean build, all executed", forced,
                results["clean build, all chapters executed"]))
    if "make test" in results:
        print(ratio("make test / plain forced build", results["make test"], forced))
        print(ratio("make test / clean build, all executed", results["make test"],
                    results["clean build, all chapters executed"]))
    print(f"Growth of data/{GROWN_TABLE}.csv (read by {readers(GROWN_TABLE)} chapters), stale chapters re-executed:")
    print("\n".join(growth))


if __name__ == "__main__":
    main()

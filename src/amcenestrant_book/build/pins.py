"""Compile requirements.in into requirements.txt, every package at an exact version: `make lock`
(`python -m amcenestrant_book.build.pins [--upgrade]`).

pip's own resolver does the work (`pip install --dry-run --report`, for this interpreter and
platform). The versions already in requirements.txt are kept where they still satisfy
requirements.in; --upgrade takes the newest ones instead.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

from . import files

HEADER = ("# Exact pins compiled from requirements.in by `make lock` (pip's resolver, Python {python}).\n"
          "# Do not edit: change requirements.in and run `make lock`.\n")


def resolve(requirements_in: Path, keep: Path | None) -> dict[str, str]:
    with tempfile.TemporaryDirectory() as scratch:
        report = Path(scratch) / "report.json"
        command = [sys.executable, "-m", "pip", "install", "--dry-run", "--ignore-installed", "--quiet",
                   "--report", str(report), "-r", str(requirements_in)]
        if keep is not None and keep.is_file():
            preferred = Path(scratch) / "preferred.txt"
            preferred.write_text("".join(line for line in keep.read_text(encoding="utf-8").splitlines(True)
                                         if not line.startswith("#")), encoding="utf-8")
            command += ["--constraint", str(preferred)]
        subprocess.run(command, check=True)
        installs = json.loads(report.read_text(encoding="utf-8"))["install"]
    return {item["metadata"]["name"]: item["metadata"]["version"] for item in installs}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--input", type=Path, default=Path("requirements.in"))
    parser.add_argument("--output", type=Path, default=Path("requirements.txt"))
    parser.add_argument("--upgrade", action="store_true", help="newest versions, not the current pins")
    args = parser.parse_args(argv)
    try:
        pins = resolve(args.input, None if args.upgrade else args.output)
    except subprocess.CalledProcessError:
        if args.upgrade:
            raise
        print("lock: the current pins no longer satisfy requirements.in; resolving afresh", file=sys.stderr)
        pins = resolve(args.input, None)
    text = HEADER.format(python="{}.{}".format(*sys.version_info[:2]))
    text += "".join(f"{name}=={pins[name]}\n" for name in sorted(pins, key=str.lower))
    files.write_text(args.output, text)
    print(f"lock: {len(pins)} packages pinned in {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

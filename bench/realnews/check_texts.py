"""Check the local copy of the real-news cluster texts against bench/realnews/clusters.yaml.

    python bench/realnews/check_texts.py [--texts DIR] [--clusters FILE] [--record]

The texts themselves are not in git (they are third-party articles): each one is saved as
``<texts>/<cluster>/<article id>.md`` (Markdown with front matter), and clusters.yaml records its
URL, length in characters and the sha256 of the file's bytes. This script reports every file
that is missing, unexpected, or differs in length or hash, and exits 1 if any does.
``--record`` writes the current length and hash of every present file into clusters.yaml
(in place, keeping the file's layout), for use when the set is first gathered.
"""

from __future__ import annotations

import argparse
import hashlib
import re
import sys
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
CLUSTERS = HERE / "clusters.yaml"
TEXTS = HERE / "texts"


def fingerprint(path: Path) -> tuple[int, str]:
    data = path.read_bytes()
    return len(data.decode("utf-8")), hashlib.sha256(data).hexdigest()


def load(clusters: Path) -> list[dict]:
    return (yaml.safe_load(clusters.read_text(encoding="utf-8")) or {}).get("clusters") or []


def check(clusters: Path, texts: Path) -> list[str]:
    problems = []
    for cluster in load(clusters):
        folder = texts / cluster["id"]
        known = set()
        for article in cluster["articles"]:
            path = folder / f"{article['id']}.md"
            known.add(path.name)
            if not path.is_file():
                problems.append(f"missing: {path}  ({article['url']})")
                continue
            chars, digest = fingerprint(path)
            if chars != article.get("chars") or digest != article.get("sha256"):
                problems.append(f"differs: {path}  (chars {chars} vs {article.get('chars')}, "
                                f"sha256 {digest[:12]} vs {str(article.get('sha256'))[:12]})  ({article['url']})")
        if folder.is_dir():
            problems += [f"not in clusters.yaml: {p}" for p in sorted(folder.glob("*.md")) if p.name not in known]
    return problems


def record(clusters: Path, texts: Path) -> int:
    """Write chars/sha256 after each article's url line, replacing old values."""
    lines = clusters.read_text(encoding="utf-8").splitlines(keepends=True)
    out, cluster, article, count = [], None, None, 0
    for line in lines:
        if re.match(r"^    (chars|sha256): ", line):
            continue
        out.append(line)
        if m := re.match(r"^- id: (\S+)", line):
            cluster = m.group(1)
        elif m := re.match(r"^  - id: (\S+)", line):
            article = m.group(1)
        elif line.startswith("    url: ") and cluster and article:
            path = texts / cluster / f"{article}.md"
            if path.is_file():
                chars, digest = fingerprint(path)
                out += [f"    chars: {chars}\n", f"    sha256: {digest}\n"]
                count += 1
    clusters.write_text("".join(out), encoding="utf-8")
    return count


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clusters", type=Path, default=CLUSTERS)
    parser.add_argument("--texts", type=Path, default=TEXTS)
    parser.add_argument("--record", action="store_true", help="write current lengths and hashes into clusters.yaml")
    args = parser.parse_args(argv)
    if args.record:
        print(f"recorded {record(args.clusters, args.texts)} articles in {args.clusters}")
    problems = check(args.clusters, args.texts)
    total = sum(len(c["articles"]) for c in load(args.clusters))
    for line in problems:
        print(line)
    print(f"{total} articles listed, {len(problems)} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())

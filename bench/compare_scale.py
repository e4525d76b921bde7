"""How comparison time grows with the facts of one story.

    python bench/compare_scale.py                  # up to 1,000 articles in one story
    python bench/compare_scale.py --sizes 100 1000 3000 --values 5

One story of N articles, each saying "K people were killed in the explosion on Monday, police
said." Two shapes: few distinct values (K cycles through --values figures: many facts, few value
groups) and all distinct (K = 10 + i: one value group per article). `checker.engine.compare` groups facts
by value and compares the groups pairwise, so the first shape should grow about linearly with N and
the second about with the square of the groups (every pair of distinct figures conflicts), plus
what it costs to cover the conflicts with findings. Nothing here asserts; it prints seconds.
"""

from __future__ import annotations

import argparse
import time


def story(n: int, distinct: int | None):
    from checker.articles.parse import build_article

    for i in range(n):
        k = 10 + (i % distinct if distinct else i)
        yield build_article(f"Headline {i}\n\n{k} people were killed in the explosion on Monday, police said.\n",
                            f"a{i:05d}.txt", f"a{i:05d}", {"story": "one"})


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10, 30, 100, 300, 1000])
    parser.add_argument("--values", type=int, default=5, help="distinct figures in the first shape (default 5)")
    parser.add_argument("--limit", type=float, default=120.0, help="skip larger sizes of a shape past this many s")
    args = parser.parse_args()

    from checker.engine.compare import compare
    from checker.engine.extract import extract
    from checker.rules.load import load_rulebook

    book = load_rulebook(cache=True)
    print(f"{'articles':>8} {'shape':>14} {'facts':>6} {'groups':>6} {'findings':>8} {'compare s':>10} {'ms/fact':>8}")
    for shape, distinct in ((f"{args.values} values", args.values), ("all distinct", None)):
        for n in args.sizes:
            infos, facts, aliases = [], {}, {}
            for article in story(n, distinct):
                extraction = extract(article, book)
                infos.append(article.info())
                facts[article.id] = extraction.facts
                aliases[article.id] = extraction.place_aliases
            killed = [f for fs in facts.values() for f in fs if f.rule == "casualties.killed"]
            groups = len({f.display for f in killed})
            start = time.perf_counter()
            found = compare(infos, facts, aliases, book)
            took = time.perf_counter() - start
            total = sum(len(fs) for fs in facts.values())
            print(f"{n:8d} {shape:>14} {total:6d} {groups:6d} {len(found):8d} {took:10.3f} {took / total * 1e3:8.3f}",
                  flush=True)
            if took > args.limit:
                break


if __name__ == "__main__":
    main()

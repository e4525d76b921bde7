"""Speed and scale: the report is byte-identical whatever the number of processes (`--jobs`), the
order of the inputs and the way large JSON-lines files are cut into parts; a run keeps articles'
facts, not their texts."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

import checker.run.engines
import checker.run.idindex
import checker.run.lint
import checker.run.work
from checker.cli.app import app
from checker.run.engines import LocalEngine
from checker.articles.inputs import InputOptions, discover
from checker.run.lint import LintOptions, lint
from checker.model import ArticleInfo
from checker.run.work import plan

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
STORIES = 12


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    """Twelve stories of the five seed articles, a figure changed in some, in Markdown and in plain
    text with a metadata.yaml; one JSON-lines file; two files with the same name in two stories."""
    root = tmp_path_factory.mktemp("corpus")
    seeds = sorted(SEEDS.glob("*.txt"))
    for k in range(STORIES):
        story, folder = f"story-{k:02d}", root / f"s{k:02d}"
        folder.mkdir()
        table = {}
        for i, seed in enumerate(seeds):
            text = seed.read_text(encoding="utf-8")
            if (k + i) % 3 == 0:
                text = re.sub(r"\bfour\b", "five", text, count=1)
            if i % 2:
                (folder / f"{seed.stem}.md").write_text(f"---\nstory: {story}\npublished: 2023-09-{10 + k}\n---\n"
                                                        + text, encoding="utf-8")
            else:
                (folder / seed.name).write_text(text, encoding="utf-8")
                table[seed.name] = {"story": story, "outlet": f"Outlet {i}"}
        (folder / "same-name.txt").write_text(f"Headline {k}\n\nThree people were killed in the blast.\n",
                                              encoding="utf-8")
        table["same-name.txt"] = {"story": story}
        (folder / "metadata.yaml").write_text(yaml.safe_dump({"articles": table}), encoding="utf-8")
    lines = [json.dumps({"id": f"wire-{n}", "story": f"story-{n % STORIES:02d}",
                         "text": f"Wire {n}\n\n{n % 5 + 2} people were killed in the explosion on Monday."})
             for n in range(30)]
    lines.insert(17, "{not json")
    (root / "wire.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return root


def check_json(*args: str) -> str:
    result = CliRunner().invoke(app, ["check", *args, "--format", "json", "--fail-on", "never"])
    assert result.exit_code == 0, result.output
    return result.stdout


def paths(corpus: Path) -> list[str]:
    return sorted(str(p) for p in corpus.rglob("*") if p.suffix in (".txt", ".md", ".jsonl"))


def test_the_corpus_is_large_enough_for_two_processes(corpus):
    articles = sum(u.weight for u in plan(discover([str(corpus)], InputOptions())))
    assert articles == STORIES * 6 + 31
    assert LocalEngine(2).processes_for(articles) == 2


@pytest.fixture(scope="module")
def one_process(corpus) -> str:
    return check_json(str(corpus), "--jobs", "1")


def test_two_processes_give_the_same_report(corpus, one_process):
    assert check_json(str(corpus), "--jobs", "2") == one_process


def test_input_order_does_not_change_the_report(corpus, one_process):
    assert check_json(*reversed(paths(corpus)), "--jobs", "2") == one_process
    assert check_json(*paths(corpus), "--jobs", "1") == one_process


def test_the_report_is_complete(one_process, corpus):
    report = json.loads(one_process)
    assert report["summary"]["articles"] == STORIES * 6 + 30
    assert report["summary"]["discrepancies"]["error"] > 0
    assert [a["path"] for a in report["articles"]] == sorted(
        (a["path"] for a in report["articles"]), key=lambda p: Path(p.split("#")[0]).parts)
    # the first of two articles asking for one id gets it, in path order, whichever process read it
    same = [a["id"] for a in report["articles"] if a["path"].endswith("same-name.txt")]
    assert same[0] == "same-name" and same[1:] == [str(corpus / f"s{k:02d}" / "same-name.txt")
                                                   for k in range(1, STORIES)]
    assert report["errors"] == [{"path": str(corpus / "wire.jsonl"),
                                 "message": "line 18: not valid JSON (Expecting property name enclosed in double "
                                            "quotes, column 2)"}]


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_run_whose_id_indexes_move_to_disk_gives_the_same_report(corpus, one_process, monkeypatch, jobs):
    """Past a few ids the run's id indexes (ids given out; where each article's facts lie) move to
    SQLite, and a run's units are put aside a few at a time: the report stays the same."""
    monkeypatch.setattr(checker.run.idindex, "IN_MEMORY", 5)
    monkeypatch.setattr(checker.run.idindex, "_BATCH", 3)
    monkeypatch.setattr(checker.run.lint, "UNITS_PER_GROUP", 2)
    opened = []
    original = checker.run.idindex.IdIndex._open
    monkeypatch.setattr(checker.run.idindex.IdIndex, "_open", lambda self: opened.append(original(self)))
    assert check_json(str(corpus), "--jobs", jobs) == one_process
    assert len(opened) >= 2  # the facts' index and the ids given out


def test_small_units_and_parts_give_the_same_report(corpus, one_process, monkeypatch):
    """One article a unit, JSON lines cut every few hundred bytes, a process for every article."""
    monkeypatch.setattr(checker.run.work, "FILES_PER_UNIT", 1)
    monkeypatch.setattr(checker.run.work, "PART_BYTES", 300)
    monkeypatch.setattr(checker.run.engines, "ARTICLES_PER_PROCESS", 1)
    parts = [u for u in plan(discover([str(corpus)], InputOptions())) if u.items[0].part is not None]
    assert len(parts) > 5
    assert check_json(str(corpus), "--jobs", "2") == one_process
    assert check_json(str(corpus), "--jobs", "1") == one_process


def test_an_engine_sets_how_much_a_unit_reads(corpus, book, monkeypatch):
    """A Dask task costs more to send than a pool's: the engine says how many files a unit reads."""
    planned = []
    original = checker.run.lint.plan
    monkeypatch.setattr(checker.run.lint, "plan", lambda *a, **k: planned.append(original(*a, **k)) or planned[-1])

    class Larger(LocalEngine):
        files_per_unit = 40
        part_bytes = 1 << 30

    with Larger(1) as engine:
        lint(LintOptions(inputs=(str(corpus),)), book, engine=engine)
    with LocalEngine(1) as engine:
        lint(LintOptions(inputs=(str(corpus),)), book, engine=engine)
    larger, local = planned
    assert max(len(u.items) for u in larger) > 16 >= max(len(u.items) for u in local)
    assert len(larger) < len(local)


def test_a_small_run_stays_in_this_process(monkeypatch, book):
    def no_pool(*args, **kwargs):
        raise AssertionError("a pool was started for five articles")

    import concurrent.futures

    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", no_pool)
    with LocalEngine(2) as engine:
        result = lint(LintOptions(inputs=(str(SEEDS),)), book, engine=engine)
    assert len(result.articles) == 5


def test_the_run_keeps_no_article_text(book):
    with LocalEngine(1) as engine:
        result = lint(LintOptions(inputs=(str(SEEDS),)), book, engine=engine)
    assert all(type(a) is ArticleInfo for a in result.articles)
    assert not hasattr(result.articles[0], "text")


def _written(result, book) -> str:
    from checker.report import as_records
    from checker.report.jsonwriter import write_json

    pieces: list[str] = []
    write_json(as_records(result, book, lazy=True), pieces.append)
    return "".join(pieces)


@pytest.mark.parametrize("jobs", [1, 2])
def test_facts_and_findings_encoded_where_they_are_made_read_as_the_plain_report(corpus, book, jobs):
    # a JSON run encodes each article's facts in the process that extracts them and each finding in the
    # one that compares its story; the report must be what encoding the records at the end gives
    from checker.report import as_records

    with LocalEngine(jobs) as engine:
        encoded = lint(LintOptions(inputs=(str(corpus),), json_report=True), book, engine=engine)
    with LocalEngine(1) as engine:
        plain = lint(LintOptions(inputs=(str(corpus),)), book, engine=engine)
    assert encoded.discrepancies.all_encoded and len(encoded.discrepancies) > 10  # the encoded path ran
    assert encoded.facts.encoded(encoded.articles[0].id) is not None
    assert not plain.discrepancies.all_encoded and plain.facts.encoded(plain.articles[0].id) is None
    expected = json.dumps(as_records(plain, book), ensure_ascii=False, indent=2) + "\n"
    assert _written(encoded, book) == expected


def test_filters_apply_alike_where_stories_are_compared(corpus, book):
    # with --jobs > 1 the baseline, the ignores and --against are applied in the worker processes
    import datetime as dt

    from checker.suppress import Ignore

    with LocalEngine(1) as engine:
        first = lint(LintOptions(inputs=(str(corpus),)), book, engine=engine)
    from checker.run.baseline import Baseline

    known = Baseline(frozenset(d.id for d in list(first.discrepancies)[::3]))
    ignores = (Ignore("casualties.*", "disputed toll", "config", "checker.toml", dt.date(2999, 1, 1)),)
    # new: the Markdown articles and the wire (enough for two processes); published: the rest of
    # their stories, so that findings between published articles alone are dropped
    new = sorted(str(p) for p in corpus.rglob("*.md")) + [str(corpus / "wire.jsonl")]
    options = LintOptions(inputs=tuple(new), against=(str(corpus),), baseline=known, ignores=ignores,
                          json_report=True)
    results = []
    for jobs in (1, 2):
        with LocalEngine(jobs) as engine:
            results.append(lint(options, book, engine=engine))
    one, two = results
    assert one.reference and len(one.discrepancies) < len(first.discrepancies) - len(known.ids)
    assert one.baselined == two.baselined and one.baselined > 0
    assert sum(n for (_, suppressed), n in one.discrepancies.tally.items() if suppressed) > 0
    assert _written(one, book) == _written(two, book)

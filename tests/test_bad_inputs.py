"""Nothing lost: one bad input costs that input only (issue 17).

Every case below puts one bad input beside two good articles that disagree (a `category` error on
`casualties.killed`), runs `checker check`, and asserts the exit code, the error entry that names
the bad input, and that the good articles' facts and their discrepancy are all in the report.
"""

from __future__ import annotations

import json
import os
import shutil
import xml.dom.minidom
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from checker.cli.app import app

REPO = Path(__file__).resolve().parent.parent
GOOD = ("002_7df8da37a3d8a7ae.txt", "004_2651ffae41543d65.txt")


def cli(*args: str):
    return CliRunner().invoke(app, list(args))


@pytest.fixture(scope="module")
def good_facts(tmp_path_factory) -> dict[str, list]:
    """The facts of the two good articles checked alone."""
    corpus = tmp_path_factory.mktemp("good")
    _good(corpus)
    report = json.loads(cli("check", str(corpus), "--format", "json").stdout)
    return {a["id"]: a["facts"] for a in report["articles"]}


def _good(corpus: Path) -> None:
    for name in GOOD:
        shutil.copy(REPO / "seeds" / name, corpus / name)
    shutil.copy(REPO / "seeds" / "metadata.yaml", corpus / "metadata.yaml")


def _jsonl(*records: object) -> str:
    return "\n".join(r if isinstance(r, str) else json.dumps(r) for r in records) + "\n"


def _symlink_loop(corpus: Path) -> str:
    os.symlink("loop.txt", corpus / "loop.txt")
    return "loop.txt"


def _link_cycle(corpus: Path) -> str:
    (corpus / "sub").mkdir()
    os.symlink("../sub", corpus / "sub" / "again")  # a link to a directory: not followed
    os.symlink("b.md", corpus / "a.md")
    os.symlink("a.md", corpus / "b.md")
    return "a.md"


def _year_one(corpus: Path) -> str:
    (corpus / "early.md").write_text("---\npublished: 0001-01-01\n---\nBlast in the town\n\nTwo people were "
                                     "killed in a blast on Tuesday, a day later than the first one.\n",
                                     encoding="utf-8")
    return ""  # no error: the date is out of the calendar, so it is no fact


def _lone_surrogate(corpus: Path) -> str:
    (corpus / "feed.jsonl").write_text(_jsonl({"id": "x", "text": "Two people were killed \ud800 in a blast."},
                                              {"id": "fine", "text": "A quiet day in the town."}),
                                       encoding="utf-8", errors="surrogatepass")
    # json.dumps writes the surrogate as the escape \ud800: the file itself is UTF-8
    return "feed.jsonl"


def _deep_jsonl(corpus: Path) -> str:
    (corpus / "deep.jsonl").write_text(_jsonl("[" * 100_000 + "]" * 100_000,
                                              {"id": "fine", "text": "A quiet day."}), encoding="utf-8")
    return "deep.jsonl"


def _deep_text(corpus: Path) -> str:
    (corpus / "deep.jsonl").write_text(_jsonl({"id": "deep", "text": "(" * 50_000 + "Two people were killed."}),
                                       encoding="utf-8")
    return ""


def _story_list(corpus: Path) -> str:
    (corpus / "list.md").write_text("---\nstory: [a, b]\n---\nBlast\n\nTwo people were killed.\n", encoding="utf-8")
    return "list.md"


def _story_yes(corpus: Path) -> str:
    (corpus / "yes.md").write_text("---\nstory: yes\n---\nBlast\n\nTwo people were killed.\n", encoding="utf-8")
    return "yes.md"


def _utf16(corpus: Path) -> str:
    (corpus / "wide.txt").write_bytes("Blast\n\nTwo people were killed.\n".encode("utf-16"))
    return "wide.txt"


def _binary_line(corpus: Path) -> str:
    (corpus / "mixed.jsonl").write_bytes(b"\x00\xff\xfe\x01 not text\n"
                                         + _jsonl({"id": "fine", "text": "A quiet day."}).encode())
    return "mixed.jsonl"


def _list_id(corpus: Path) -> str:
    (corpus / "ids.jsonl").write_text(_jsonl({"id": ["a"], "text": "Two people were killed."}), encoding="utf-8")
    return "ids.jsonl"


def _alias_bomb(corpus: Path) -> str:
    lines = ["---", 'a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    lines += [f"a{i}: &a{i} [*a{i - 1},*a{i - 1},*a{i - 1},*a{i - 1},*a{i - 1},*a{i - 1},*a{i - 1},*a{i - 1},"
              f"*a{i - 1}]" for i in range(1, 10)]
    lines += ["story: *a9", "---", "Blast", "", "Two people were killed."]
    (corpus / "bomb.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return "bomb.md"


def _huge_sentence(corpus: Path) -> str:
    words = " ".join(["people were killed in the blast and"] * 6_000)  # 42k words, one sentence
    (corpus / "long.txt").write_text(f"Blast\n\nTwo {words} more.\n", encoding="utf-8")
    return ""


CASES: dict[str, tuple[Callable[[Path], str], str]] = {  # case -> (make it, what its error says)
    "1 symbolic link to itself": (_symlink_loop, "a loop of symbolic links"),
    "1 two links in a cycle": (_link_cycle, "a loop of symbolic links"),
    "2 published in year 1": (_year_one, ""),
    "4 lone surrogate in JSON lines": (_lone_surrogate, "half of a UTF-16 surrogate pair"),
    "5 JSON line nested 100k deep": (_deep_jsonl, "nested too deeply"),
    "5 text of 50k brackets": (_deep_text, ""),
    "6 alias bomb in front matter": (_alias_bomb, "aliases"),
    "8 one sentence of 42k words": (_huge_sentence, ""),
    "13 story is a list": (_story_list, "'story' must be text, not a list"),
    "13 story is yes": (_story_yes, "'story' must be text, not true/false"),
    "13 UTF-16 with a BOM": (_utf16, "UTF-16 text, not UTF-8"),
    "13 one binary line in JSON lines": (_binary_line, "line 1: not UTF-8 text"),
    "13 a list as id": (_list_id, "\"id\" must be a string, not a list"),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_one_bad_input_costs_that_input_only(case, tmp_path, good_facts):
    make, message = CASES[case]
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    _good(corpus)
    bad = make(corpus)
    result = cli("check", str(corpus), "--format", "json")
    assert result.exit_code == 1, result.output  # the findings of the good articles, as without the bad input
    report = json.loads(result.stdout)
    facts = {a["id"]: a["facts"] for a in report["articles"]}
    for ident, expected in good_facts.items():
        assert facts[ident] == expected, f"{case}: the facts of {ident} changed"
    assert any(d["rule"] == "casualties.killed" and d["kind"] == "category" for d in report["discrepancies"])
    errors = [e for e in report["errors"] if bad and e["path"].endswith(bad)]
    if message:
        assert any(message in e["message"] for e in errors), report["errors"]
    else:
        assert not [e for e in report["errors"] if "internal error" in e["message"]], report["errors"]
    if report["errors"]:
        assert cli("check", str(corpus), "--format", "json", "--strict-inputs").exit_code == 2


def test_a_file_name_that_is_not_utf8_is_shown_escaped_the_same_in_every_format(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    _good(corpus)
    odd = os.fsencode(corpus) + b"/odd\xff\x1b[31m.txt"
    os.rename(corpus / GOOD[1], odd)  # the article in the discrepancy
    table = (corpus / "metadata.yaml").read_text(encoding="utf-8")
    shown = f"{corpus}/odd\\xff\\x1b[31m.txt"
    for fmt in ("json", "sarif", "junit", "github", "text"):
        result = cli("check", str(corpus), "--format", fmt)
        assert result.exit_code == 1, result.output
        out = result.stdout
        out.encode("utf-8")  # no lone surrogates: writable as UTF-8
        assert "\x1b" not in out, fmt
        if fmt == "json":
            report = json.loads(out)
            assert shown in {a["path"] for a in report["articles"]}
            assert report["discrepancies"]
        elif fmt == "junit":
            xml.dom.minidom.parseString(out.encode("utf-8"))
            assert "odd\\xff\\x1b[31m.txt" in out
        elif fmt == "sarif":
            assert "odd%5Cxff%5Cx1b%5B31m.txt" in out  # the shown name, URI-encoded
        elif fmt in ("text", "github"):
            assert "odd\\xff\\x1b[31m.txt" in out
    del table


def test_control_characters_from_articles_never_reach_the_terminal_or_the_xml(tmp_path):
    text = ("Blast\n\nFour soldiers and two civilians were killed \x1b]8;;http://x\x07in the \x1b[2J blast\x00.\n")
    other = "Blast\n\nFour police officers and two civilians were killed in the blast.\n"
    (tmp_path / "feed.jsonl").write_text(_jsonl({"id": "a\n::error file=x::owned", "text": text},
                                                {"id": "b", "text": other}), encoding="utf-8")
    for fmt in ("text", "github", "junit"):
        result = cli("check", str(tmp_path), "--format", fmt)
        assert result.exit_code == 1, result.output
        out = result.stdout
        assert not any(c in out for c in "\x1b\x07\x00"), fmt
        assert not any(line.startswith("::error file=x") for line in out.splitlines()), fmt
        if fmt == "junit":
            xml.dom.minidom.parseString(out.encode("utf-8"))


def test_an_internal_error_on_one_article_is_an_error_for_it_and_the_run_goes_on(tmp_path, monkeypatch, good_facts):
    from checker.run import work

    real = work.extract

    def broken(article, book, **kw):
        if "broken" in article.path:
            raise ZeroDivisionError("a bug")
        return real(article, book, **kw)

    monkeypatch.setattr(work, "extract", broken)
    _good(tmp_path)
    (tmp_path / "broken.txt").write_text("Blast\n\nTwo people were killed.\n", encoding="utf-8")
    result = cli("check", str(tmp_path), "--format", "json")
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    assert {a["id"]: a["facts"] for a in report["articles"]} == good_facts
    assert report["errors"] == [{"path": str(tmp_path / "broken.txt"),
                                 "message": "internal error, please report (with this input): ZeroDivisionError: "
                                            "a bug"}]


def test_an_internal_error_comparing_one_story_costs_that_story_only(tmp_path, monkeypatch):
    from checker.run import findings

    real = findings.compare

    def broken(articles, facts, aliases, book):
        if any(a.story == "doomed" for a in articles):
            raise KeyError("a bug")
        return real(articles, facts, aliases, book)

    monkeypatch.setattr(findings, "compare", broken)
    _good(tmp_path)
    (tmp_path / "doomed.md").write_text("---\nstory: doomed\n---\nBlast\n\nTwo people were killed.\n",
                                        encoding="utf-8")
    result = cli("check", str(tmp_path), "--format", "json")
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    assert [d["kind"] for d in report["discrepancies"] if d["rule"] == "casualties.killed"] == ["category"]
    [error] = report["errors"]
    assert error["path"] == "story doomed"
    assert error["message"].startswith("internal error, please report")
    assert str(tmp_path / "doomed.md") in error["message"]


# ---- the command line's own inputs: clear errors, exit 2 (case 12) ---------------------------


@pytest.mark.parametrize("baseline", [
    '{"schema": "checker-report/1", "discrepancies": 5}',
    '{"schema": "checker-report/1", "discrepancies": [{"id": ["x"]}]}',
    '{"runs": [{"results": [{"partialFingerprints": 5}]}]}',
    '{"runs": [{"results": 5}]}',
    "[" * 100_000,
])
def test_a_malformed_baseline_is_a_clear_error(tmp_path, baseline):
    (tmp_path / "baseline.json").write_text(baseline, encoding="utf-8")
    result = CliRunner().invoke(app, ["check", str(REPO / "seeds"), "--baseline", str(tmp_path / "baseline.json")])
    assert result.exit_code == 2
    assert str(tmp_path / "baseline.json") in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)


@pytest.mark.parametrize("output", ["json=", "=", ""])
def test_an_output_without_a_file_is_a_clear_error(output):
    result = cli("check", str(REPO / "seeds"), "--output", output)
    assert result.exit_code == 2
    assert "name the file" in result.output or "unknown format" in result.output


def test_no_article_in_a_directory_is_no_readable_input(tmp_path):
    (tmp_path / "notes.doc").write_text("x", encoding="utf-8")
    result = cli("check", str(tmp_path), "--format", "json")
    assert result.exit_code == 2
    assert "no article files in this directory" in json.loads(result.stdout)["errors"][0]["message"]
    result = cli("check", str(REPO / "seeds"), "--include", "*.nothing", "--format", "json")
    assert result.exit_code == 2


def test_a_fifo_named_is_said_to_be_one(tmp_path):
    os.mkfifo(tmp_path / "pipe.txt")
    result = cli("check", str(tmp_path / "pipe.txt"), "--format", "json")
    assert result.exit_code == 2
    assert "a FIFO (named pipe)" in json.loads(result.stdout)["errors"][0]["message"]


def test_errors_are_in_the_order_of_their_line_numbers(tmp_path):
    lines = ["not json"] * 12
    (tmp_path / "bad.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    report = json.loads(cli("check", str(tmp_path), "--format", "json").stdout)
    numbers = [int(e["message"].split()[1].rstrip(":")) for e in report["errors"]]
    assert numbers == sorted(numbers) == list(range(1, 13))


def test_duplicate_ids_in_json_lines_are_said_and_kept_apart(tmp_path):
    (tmp_path / "f.jsonl").write_text(_jsonl(*({"id": "same", "text": f"Blast number {i}."} for i in range(3))),
                                      encoding="utf-8")
    report = json.loads(cli("check", str(tmp_path), "--format", "json").stdout)
    ids = [a["id"] for a in report["articles"]]
    assert len(set(ids)) == 3
    assert [e["message"][:7] for e in report["errors"]] == ["line 2:", "line 3:"]


# ---- where -o writes (cases 4 and 11) -----------------------------------------------------------


def test_output_onto_a_symbolic_link_writes_its_target_and_keeps_the_link(tmp_path):
    (tmp_path / "real.json").write_text("old", encoding="utf-8")
    os.symlink("real.json", tmp_path / "link.json")
    assert cli("check", str(REPO / "seeds"), "--format", "json", "-o", str(tmp_path / "link.json")).exit_code == 1
    assert (tmp_path / "link.json").is_symlink()
    assert json.loads((tmp_path / "real.json").read_text(encoding="utf-8"))["schema"] == "checker-report/1"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["link.json", "real.json"]


def test_output_onto_a_fifo_writes_through_it(tmp_path):
    import threading

    fifo = tmp_path / "report.fifo"
    os.mkfifo(fifo)
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()))
    reader.start()
    result = cli("check", str(REPO / "seeds"), "--format", "json", "-o", str(fifo))
    reader.join(30)
    assert result.exit_code == 1
    assert fifo.is_fifo()
    assert json.loads(got[0])["schema"] == "checker-report/1"


def test_a_report_that_fails_half_way_leaves_the_file_before_whole_and_no_temporary(tmp_path):
    from checker.cli.support import write_streamed

    out = tmp_path / "report.json"
    out.write_text("before", encoding="utf-8")

    def produce(write):
        write("{\"half\": ")
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        write_streamed(produce, out)
    assert out.read_text(encoding="utf-8") == "before"
    assert [p.name for p in tmp_path.iterdir()] == ["report.json"]


def test_a_lone_surrogate_that_reaches_a_writer_is_escaped_not_fatal(tmp_path):
    from checker.cli.support import write_streamed

    out = tmp_path / "report.json"
    write_streamed(lambda write: write(json.dumps({"id": "\ud800"}, ensure_ascii=False)), out)
    assert json.loads(out.read_text(encoding="utf-8")) == {"id": "\ud800"}


# ---- bounds (cases 6 and 7) ------------------------------------------------------------------


def _bomb_pack(levels: int = 9) -> str:
    lines = ["pack: bomb", 'a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    lines += [f"a{i}: &a{i} [" + ",".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, levels + 1)]
    return "\n".join([*lines, "vocab:", f"  x: *a{levels}", "slots: {}"]) + "\n"


@pytest.mark.parametrize("command", [("rules", "validate"), ("rules", "test"), ("check", str(REPO / "seeds"))])
def test_an_alias_bomb_in_a_rule_file_is_a_located_error(tmp_path, command):
    import time

    (tmp_path / "bomb.yaml").write_text(_bomb_pack(), encoding="utf-8")
    started = time.monotonic()
    pack = str(tmp_path / "bomb.yaml")
    result = cli(*command, "--rules", pack) if command[0] == "check" else cli(*command, pack)
    assert time.monotonic() - started < 20
    assert result.exit_code == 2, result.output
    assert f"{tmp_path / 'bomb.yaml'}:" in result.output and "YAML aliases expand" in result.output


CATASTROPHIC_PACK = """\
pack: cat
slots:
  boom:
    type: count
    description: A pattern that backtracks catastrophically on its own example.
    patterns: ['{count} blasts (?:(?:x|xx)+)+z']
    examples:
      - text: "3 blasts xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
        expect: none
"""


@pytest.mark.parametrize("command", [("rules", "validate"), ("rules", "test"), ("check", str(REPO / "seeds"))])
def test_a_catastrophic_pattern_is_stopped_at_compile_time_and_located(tmp_path, command, monkeypatch):
    import time

    monkeypatch.setenv("CHECKER_NO_CACHE", "1")
    (tmp_path / "cat.yaml").write_text(CATASTROPHIC_PACK, encoding="utf-8")
    pack = str(tmp_path / "cat.yaml")
    started = time.monotonic()
    result = cli(*command, "--rules", pack) if command[0] == "check" else cli(*command, pack)
    assert time.monotonic() - started < 30
    assert result.exit_code == 2, result.output
    assert f"{pack}:6:" in result.output and "backtracks catastrophically" in result.output


@pytest.mark.parametrize("pattern, message", [
    ("{count:} blasts", "'{count:}' names its group with no word after ':'"),
    ("blasts in {place:1bad}", "'{place:1bad}': a group name is letters, digits and _, not starting with a digit"),
])
def test_a_malformed_macro_reference_is_a_located_error(tmp_path, pattern, message):
    (tmp_path / "pack.yaml").write_text(f"pack: p\nslots:\n  a:\n    type: count\n    description: x\n"
                                        f"    patterns: ['{pattern}']\n", encoding="utf-8")
    result = cli("rules", "validate", str(tmp_path / "pack.yaml"))
    assert result.exit_code == 2
    assert f"{tmp_path / 'pack.yaml'}:6:" in result.output and message in result.output


def test_taxonomy_and_within_cycles_are_located_errors(tmp_path):
    (tmp_path / "pack.yaml").write_text(
        "pack: cyc\ntaxonomy:\n  - category: alpha\n    terms: [alphas]\n    broader: beta\n"
        "  - category: beta\n    terms: [betas]\n    broader: alpha\nplaces:\n  - name: Xtown\n    within: Xtown\n"
        "slots: {}\n", encoding="utf-8")
    result = cli("rules", "validate", str(tmp_path / "pack.yaml"))
    assert result.exit_code == 2
    assert f"{tmp_path / 'pack.yaml'}:8:14: taxonomy: a cycle of 'broader': alpha -> beta -> alpha" in result.output
    assert f"{tmp_path / 'pack.yaml'}:11:13: places: a cycle of 'within': Xtown -> Xtown" in result.output

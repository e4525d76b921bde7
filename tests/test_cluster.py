"""--engine dask: extraction mapped over a Dask cluster, comparison by story groups; the report is the
one a local run gives (CI installs the `dask` extra, so this runs there)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

distributed = pytest.importorskip("distributed", reason="dask[distributed] is not installed: pip install "
                                                         "'checker[dask]' to run the Dask equivalence tests")

from checker.run.cluster import DaskEngine  # noqa: E402
from checker.run.lint import LintOptions, lint  # noqa: E402
from checker.report import as_records, format_json  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO / "seeds"
LINT = Path(__file__).resolve().parent / "fixtures" / "lint"


@pytest.fixture(scope="module")
def client():
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=False,
                                  dashboard_address=None) as cluster, distributed.Client(cluster) as client:
        yield client


@pytest.fixture(scope="module")
def shards(tmp_path_factory) -> Path:
    """The seed articles as JSON lines in two shards, in two stories."""
    root = tmp_path_factory.mktemp("shards")
    seeds = sorted(SEEDS.glob("*.txt"))
    for shard in (0, 1):
        lines = [json.dumps({"id": f"{p.stem}-{story}", "story": f"story-{story}",
                             "text": p.read_text(encoding="utf-8")})
                 for story in (0, 1) for p in seeds[shard::2]]
        (root / f"shard-{shard}.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return root


def report(book, options: LintOptions, engine=None) -> str:
    return format_json(as_records(lint(options, book, engine=engine), book))


@pytest.mark.parametrize("options", [
    LintOptions(inputs=(str(SEEDS),)),
    LintOptions(inputs=(str(LINT / "new"),), against=(str(LINT / "published"),)),
], ids=["seeds", "against"])
def test_the_dask_report_is_the_local_one(client, book, options):
    local = report(book, options)
    assert json.loads(local)["discrepancies"], "a report with findings"
    assert report(book, options, DaskEngine(client=client)) == local


def test_shards_of_json_lines(client, book, shards):
    options = LintOptions(inputs=tuple(sorted(str(p) for p in shards.glob("*.jsonl"))))
    local = report(book, options)
    assert json.loads(local)["summary"]["articles"] == 10
    assert report(book, options, DaskEngine(client=client)) == local


def test_the_command_line_uses_the_scheduler_given(client, monkeypatch):
    from typer.testing import CliRunner

    from checker.cli.app import app

    monkeypatch.chdir(REPO)
    args = ["check", "seeds/", "--format", "json", "--fail-on", "never"]
    local = CliRunner().invoke(app, args)
    on_dask = CliRunner().invoke(app, [*args, "--engine", "dask", "--scheduler", client.scheduler.address])
    assert on_dask.exit_code == 0, on_dask.output
    assert on_dask.stdout == local.stdout


def test_an_unreachable_scheduler_is_one_line_and_exit_2_within_a_bounded_wait(monkeypatch, tmp_path):
    import socket
    import time

    from typer.testing import CliRunner

    from checker.cli.app import app
    from checker.run import cluster

    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    monkeypatch.setattr(cluster, "CONNECT_TIMEOUT", 2.0)
    (tmp_path / "a.md").write_text("Blast\n\nFour people were killed.\n", encoding="utf-8")
    started = time.monotonic()
    result = CliRunner().invoke(app, ["check", str(tmp_path / "a.md"), "--engine", "dask",
                                      "--scheduler", f"tcp://127.0.0.1:{port}"])
    elapsed = time.monotonic() - started
    assert result.exit_code == 2, result.output
    assert elapsed < 15, f"gave up after {elapsed:.1f} s"
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"--scheduler tcp://127.0.0.1:{port}: cannot reach"), lines
    assert "Traceback" not in result.output

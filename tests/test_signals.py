"""Signals (issue 17, case 9): SIGINT and SIGTERM stop a run with --jobs 2 within a second, leave no
worker process, no temporary file and the previous -o file as it was; exit 130 and 143."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SEEDS = sorted((REPO / "seeds").glob("00*.txt"))

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("signals")
    texts = [p.read_text(encoding="utf-8") for p in SEEDS]
    for i in range(3_000):
        (root / f"a{i:05d}.txt").write_text(texts[i % len(texts)], encoding="utf-8")
    return root


def _children(pid: int) -> list[int]:
    try:
        return [int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


def _alive(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().split()[2] not in ("Z", "X")
    except OSError:
        return False


def _start(corpus: Path, out: Path) -> tuple[subprocess.Popen, list[int]]:
    env = {**os.environ, "CHECKER_CACHE_DIR": str(out.parent / "cache")}
    process = subprocess.Popen([sys.executable, "-m", "checker", "check", str(corpus), "--jobs", "2", "--format",
                                "json", "-o", str(out)], cwd=REPO, env=env, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    workers: list[int] = []
    while time.monotonic() < deadline and len(workers) < 2 and process.poll() is None:
        time.sleep(0.02)
        workers = _children(process.pid)
    assert len(workers) >= 2, "the run never started its two workers"
    return process, workers


@pytest.mark.parametrize("signum, code", [(signal.SIGTERM, 143), (signal.SIGINT, 130)])
@pytest.mark.parametrize("after", [0.3, 1.5])
def test_a_signal_stops_the_run_and_its_workers_at_once(corpus, tmp_path, signum, code, after):
    out = tmp_path / "report.json"
    out.write_text("the report before\n", encoding="utf-8")
    process, workers = _start(corpus, out)
    time.sleep(after)
    if process.poll() is not None:
        pytest.skip("the run ended before the signal")
    sent = time.monotonic()
    process.send_signal(signum)
    try:
        _, err = process.communicate(timeout=10)
    finally:
        process.kill()
    assert time.monotonic() - sent < 1.5
    assert process.returncode == code, err.decode()
    assert b"Traceback" not in err, err.decode()
    time.sleep(0.2)
    assert not [w for w in workers if _alive(w)], "a worker outlived the run"
    assert out.read_text(encoding="utf-8") == "the report before\n"
    assert sorted(p.name for p in tmp_path.iterdir() if p.name != "cache") == ["report.json"]


def test_ctrl_c_to_the_process_group_stops_the_run(corpus, tmp_path):
    """A terminal's Ctrl-C reaches every process of the group, workers too."""
    out = tmp_path / "report.json"
    env = {**os.environ, "CHECKER_CACHE_DIR": str(tmp_path / "cache")}
    process = subprocess.Popen([sys.executable, "-m", "checker", "check", str(corpus), "--jobs", "2", "--format",
                                "json", "-o", str(out)], cwd=REPO, env=env, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, start_new_session=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and len(_children(process.pid)) < 2 and process.poll() is None:
        time.sleep(0.02)
    workers = _children(process.pid)
    time.sleep(0.5)
    os.killpg(process.pid, signal.SIGINT)
    try:
        _, err = process.communicate(timeout=10)
    finally:
        process.kill()
    assert process.returncode == 130, err.decode()
    assert b"Traceback" not in err, err.decode()
    time.sleep(0.2)
    assert not [w for w in workers if _alive(w)]
    assert not out.exists()


def test_workers_do_not_outlive_a_killed_run(corpus, tmp_path):
    out = tmp_path / "report.json"
    process, workers = _start(corpus, out)
    time.sleep(0.3)
    process.kill()
    process.communicate(timeout=10)
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline and any(_alive(w) for w in workers):
        time.sleep(0.05)
    assert not [w for w in workers if _alive(w)], "a worker was left orphaned"
    shutil.rmtree(tmp_path / "cache", ignore_errors=True)

"""Small multi-article stories (tests/stories/<name>/): what the default pack must report, and must not.

Each story's expected.yaml lists every discrepancy a careful reader would report
(slot, kind, severity, the articles on each side) and the ones they would not.
A reported discrepancy that is not listed is a false alarm. Entries with
`known_gap:` document what the engine cannot do yet; a known gap that starts
passing fails the test, so the note is removed (a strict xfail, per entry).
Precision and recall over all stories: `.venv/bin/python bench/stories.py`.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

_BENCH = Path(__file__).resolve().parent.parent / "bench" / "stories.py"
_spec = importlib.util.spec_from_file_location("bench_stories", _BENCH)
stories = importlib.util.module_from_spec(_spec)
sys.modules[_spec.name] = stories  # dataclasses look their module up while the file runs
_spec.loader.exec_module(stories)

STORIES = stories.load_stories()


def test_there_are_enough_stories():
    assert len(STORIES) >= 10
    assert all(s.report or s.not_report for s in STORIES), "every story must say what to report or not"


@pytest.mark.parametrize("story", STORIES, ids=lambda s: s.name)
def test_story(story, book):
    outcome = stories.run_story(story, book)
    problems = outcome.problems()
    assert not problems, f"{story.name}: {story.description}\n  " + "\n  ".join(problems)


@pytest.mark.parametrize("story", STORIES, ids=lambda s: s.name)
def test_articles_declare_their_story_and_time(story):
    """The articles are what the engine sees in production: front matter with story and publication."""
    import yaml

    for path in sorted(story.path.glob("*.md")):
        text = path.read_text(encoding="utf-8")
        assert text.startswith("---\n"), f"{path}: no front matter"
        front = yaml.safe_load(text.split("---\n")[1])
        assert front.get("story") == story.name, f"{path}: story must be {story.name!r}"
        assert front.get("published"), f"{path}: no publication date"

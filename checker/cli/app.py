"""Command line: check, explain, rules (test, validate, list), schema, config (show).

Exit codes: 0 nothing at or above --fail-on; 1 findings; 2 usage, rule or input error.
"""

from __future__ import annotations

import contextlib
import os
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path
from typing import Annotated, Optional

import typer

from checker.cli.config import config_app
from checker.cli.options import (AgainstOption, BaselineOption, ConfigOption, EngineOption, ExcludeOption,
                                 FailOnOption, FormatOption, IncludeOption, JobsOption, NoDefaultRules, OutputOption,
                                 SchedulerOption, StoriesOption, StoryKeyOption, StrictOption, settings_from)
from checker.cli.rules import rules_app, schema_app
from checker.cli.support import NoDefaults, OutputError, RulesOption, load_book, writable, write_streamed
from checker.model import ArticleInfo

app = typer.Typer(add_completion=False, no_args_is_help=True, pretty_exceptions_enable=False,
                  help="Find where news articles about one event disagree on the facts.")
app.add_typer(rules_app, name="rules")
app.add_typer(schema_app, name="schema")
app.add_typer(config_app, name="config")


@app.command()
def check(
    paths: Annotated[list[str], typer.Argument(
        help="Articles: files or directories (.txt, .md, .html, .jsonl), or - for standard input.")],
    rules: RulesOption = None,
    no_default_rules: NoDefaultRules = False,
    config: ConfigOption = None,
    format: FormatOption = None,
    output: OutputOption = None,
    fail_on: FailOnOption = None,
    against: AgainstOption = None,
    baseline: BaselineOption = None,
    story_key: StoryKeyOption = None,
    include: IncludeOption = None,
    exclude: ExcludeOption = None,
    strict_inputs: StrictOption = None,
    progress: Annotated[Optional[bool], typer.Option(
        "--progress/--no-progress",
        help="Progress on standard error (default: on a terminal, never in CI).")] = None,
    stdin_name: Annotated[Optional[str], typer.Option(
        help="Name (and so format, by its suffix) of the article read from standard input.")] = None,
    jobs: JobsOption = None,
    engine: EngineOption = None,
    scheduler: SchedulerOption = None,
    stories: StoriesOption = None,
) -> None:
    """Check articles against each other and report every discrepancy with its evidence."""
    from checker.api import run
    from checker.run.baseline import BaselineError, load_baseline
    from checker.articles.inputs import InputOptions
    from checker.run.lint import failing
    from checker.report import as_records, write_report

    settings = settings_from(config=config, rules=rules, no_default_rules=no_default_rules, format=format,
                             output=output, fail_on=fail_on, against=against, baseline=baseline,
                             story_key=story_key, include=include, exclude=exclude, strict_inputs=strict_inputs,
                             jobs=jobs, engine=engine, scheduler=scheduler, stories=stories)
    for _, file in settings.file_outputs():
        try:
            writable(Path(file))
        except OutputError as exc:
            typer.echo(str(exc), err=True)
            raise typer.Exit(2) from None
    book = load_book([Path(r) for r in settings.rules], not settings.default_rules, cache=True)
    known = None
    if settings.baseline is not None:
        try:
            known = load_baseline(Path(settings.baseline))
        except BaselineError as exc:
            typer.echo(str(exc), err=True)
            raise typer.Exit(2) from None
    reading = InputOptions(include=settings.include, exclude=settings.exclude, story_key=settings.story_key,
                           stdin_name=stdin_name)
    formats = ({fmt for fmt, _ in settings.file_outputs()} | {settings.stdout_format()}) - {None}
    json_report = "json" in formats
    started, clock = datetime.now(timezone.utc), time.monotonic()
    with _engine(settings) as runner, _progress(progress) as (tick, expect):
        result = run(paths, book, against=settings.against, baseline=known, ignores=settings.ignore, reading=reading,
                     stdin=sys.stdin.buffer if "-" in paths else None, engine=runner, json_report=json_report,
                     json_only=formats == {"json"},
                     progress=tick, expect=expect, stories=settings.stories,
                     release_patterns=True)  # the book only compares and reports from here on
    records = as_records(result, book, lazy=True)
    timing = (started, time.monotonic() - clock)
    for fmt, file in settings.file_outputs():
        _write(lambda write: write_report(fmt, records, write, fail_on=settings.fail_on, timing=timing), Path(file))
    shown = settings.stdout_format()
    if shown is not None:
        color = shown == "text" and use_color(sys.stdout)
        write_report(shown, records, sys.stdout.write, color=color, fail_on=settings.fail_on, timing=timing)
    new_articles = len(result.articles) - len(result.reference)
    if (not new_articles and result.errors) or (settings.strict_inputs and result.errors):
        raise typer.Exit(2)
    if failing(result, settings.fail_on):
        raise typer.Exit(1)


def _write(produce: Callable[[Callable[[str], object]], None], file: Path) -> None:
    try:
        write_streamed(produce, file, made=lambda d: typer.echo(f"{file}: made the directory {d}", err=True))
    except OutputError as exc:
        typer.echo(str(exc), err=True)
        raise typer.Exit(2) from None
    except OSError as exc:
        typer.echo(f"{file}: cannot write the report: {exc.strerror or exc}", err=True)
        raise typer.Exit(2) from None


@contextmanager
def _engine(settings) -> Iterator:
    """Where articles are checked: processes on this machine, or a Dask cluster."""
    if settings.engine == "dask":
        try:
            from checker.run.cluster import DaskEngine, SchedulerUnreachable
        except ImportError as exc:
            typer.echo(f"--engine dask needs Dask: pip install 'checker[dask]' ({exc})", err=True)
            raise typer.Exit(2) from None
        try:
            runner = DaskEngine(settings.scheduler, jobs=settings.jobs)
        except SchedulerUnreachable as exc:
            typer.echo(str(exc), err=True)
            raise typer.Exit(2) from None
    else:
        from checker.run.engines import LocalEngine

        runner = LocalEngine(settings.jobs)
    try:
        yield runner
    except BaseException:  # an error or a signal: end the workers now rather than wait for them
        getattr(runner, "terminate", runner.close)()
        raise
    runner.close()


def use_color(stream) -> bool:
    """Colour on a terminal, unless NO_COLOR is set to a non-empty value (no-color.org: an empty one
    does not count)."""
    return stream.isatty() and not os.environ.get("NO_COLOR")


Tick = Callable[[ArticleInfo], None]


@contextmanager
def _progress(wanted: bool | None) -> Iterator[tuple[Tick | None, Callable[[int], None] | None]]:
    """A progress bar on standard error: when asked, or on a terminal outside CI."""
    in_ci = os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")
    show = wanted if wanted is not None else (sys.stderr.isatty() and not in_ci)
    if not show:
        yield None, None
        return

    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    console = Console(file=sys.stderr, no_color=not use_color(sys.stderr))
    # no refresh thread: worker processes are forked while the bar is up
    with Progress(TextColumn("checking"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  TextColumn("{task.description}"), console=console, transient=console.is_terminal,
                  auto_refresh=False) as bar:
        task = bar.add_task("", total=0)
        shown = [0.0]

        def tick(article: ArticleInfo) -> None:
            bar.update(task, advance=1, description=article.path)
            if time.monotonic() - shown[0] > 0.1:
                shown[0] = time.monotonic()
                bar.refresh()

        yield tick, lambda count: bar.update(task, total=(bar.tasks[0].total or 0) + count, refresh=True)
        # the totals were estimates (an unreadable file holds no article, a JSON-lines file many)
        bar.update(task, total=bar.tasks[0].completed, refresh=True)


@app.command()
def explain(
    article: Annotated[Path, typer.Argument(help="One article file.")],
    rules: RulesOption = None,
    no_default_rules: NoDefaults = False,
    slot: Annotated[Optional[str], typer.Option(help="Show one slot, with every match and why it was dropped.")]
    = None,
    line: Annotated[Optional[int], typer.Option(
        help="With --slot: which of the slot's patterns ran on the sentences of this line, and which did not "
             "because their trigger words are absent.")] = None,
    among: Annotated[Optional[list[str]], typer.Option(
        "--among", metavar="ARTICLES",
        help="Find the stories of these articles (files or directories) with this one, as `check --stories "
             "auto` does, and say which story this article is in and why. Repeatable.")] = None,
) -> None:
    """Show every slot filled for one article, with its evidence; with --slot, why a slot did or did not fire."""
    from checker.engine.extract import extract
    from checker.articles.inputs import load_inputs
    from checker.report.records import fact_record
    from checker.report.text import format_explain

    book = load_book(rules, no_default_rules)
    loaded = load_inputs([str(article)])
    articles, errors = loaded.articles, loaded.errors
    for e in errors:
        typer.echo(f"{e.path}: {e.message}", err=True)
    if not articles:
        raise typer.Exit(2)
    if slot is not None and book.slot(slot) is None:
        typer.echo(f"unknown slot '{slot}'; slots are: {', '.join(s.id for s in book.slots)}", err=True)
        raise typer.Exit(2)
    art = articles[0]
    extraction = extract(art, book, trace=slot is not None)
    slots = [s for s in book.slots if slot is None or s.id == slot]
    record = {"path": art.path, "story": art.story, "published": art.published.isoformat() if art.published else None,
              "facts": [fact_record(f) for f in extraction.facts if slot is None or f.rule == slot]}
    if slot is None:
        from checker.stories.cues import given_story, story_cues

        record["cues"] = story_cues(art, extraction.facts, book, given_story(art.story), extraction.scope_cues,
                                    extraction.lowered)
        if among:
            record["story"], record["grouped"] = _story_among(art.path, among, book)
    text = format_explain(record, [{"id": s.id, "type": s.type_name, "severity": s.severity} for s in slots])
    if slot is not None:
        from checker.engine.explain import explain_slot

        text += "\n".join(explain_slot(art, book, book.slot(slot), extraction, line)) + "\n"
    elif line is not None:
        typer.echo("--line needs --slot", err=True)
        raise typer.Exit(2)
    for problem in extraction.problems:
        text += f"problem: {problem}\n"
    sys.stdout.write(text)


def _story_among(path: str, among: list[str], book) -> tuple[str, str]:
    """The story ``path`` is in when its stories are found with the articles ``among``, and why."""
    from checker.run.lint import LintOptions, lint

    result = lint(LintOptions(inputs=(path, *among), stories="auto"), book)
    found = next((a for a in result.articles if a.path == path), None)
    if found is None or found.grouped is None:
        return found.story if found else "default", "its stories were not found"
    return found.story, found.grouped.describe()


class Interrupted(BaseException):
    """SIGINT or SIGTERM: the run stops, its workers are ended and its temporary files removed (the
    handlers unwind the stack); the exit code is 128 + the signal's number. A BaseException that is
    not KeyboardInterrupt, which click would turn into "Aborted!" and exit 1."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


def stopping_on_signals() -> None:
    """SIGINT and SIGTERM raise :class:`Interrupted` in the main thread, once: a second signal
    while the first unwinds is ignored, so the cleanup is not cut short."""
    import signal

    def stop(signum: int, frame: object) -> None:
        for name in ("SIGINT", "SIGTERM"):
            signal.signal(getattr(signal, name), signal.SIG_IGN)
        raise Interrupted(signum)

    for name in ("SIGINT", "SIGTERM"):
        signal.signal(getattr(signal, name), stop)


def main() -> None:
    for stream in (sys.stdout, sys.stderr):  # a lone surrogate in a message is escaped, not fatal
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors="backslashreplace")
    stopping_on_signals()
    try:
        app()
    except Interrupted as stop:
        # the stack has unwound (workers ended, temporary files removed); exit now rather than
        # join the process pool's threads at interpreter exit, which can wait forever on a pipe
        # of the workers just ended
        for stream in (sys.stdout, sys.stderr):
            with contextlib.suppress(Exception):
                stream.flush()
        os._exit(128 + stop.signum)
    except KeyboardInterrupt:
        sys.exit(130)
    except Exception:  # noqa: BLE001 - a bug of checker's: said so, with what to send
        import traceback

        sys.stderr.write("checker: internal error, please report it (https://example.invalid/checker/issues) "
                         "with the command, its inputs if you can, and this:\n")
        traceback.print_exc()
        sys.exit(2)


if __name__ == "__main__":
    main()

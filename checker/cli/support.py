"""What the command modules share: rule-book loading with located errors, atomic writes."""

from __future__ import annotations

import contextlib
import os
import stat
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any, Optional

import typer

from checker.model import plural
from checker.rules.book import RuleBook, RuleBookError
from checker.rules.load import load_rulebook

RulesOption = Annotated[Optional[list[Path]], typer.Option(
    "--rules", "-r", help="Extra rule pack (file or directory), layered on the default pack. Repeatable.")]
NoDefaults = Annotated[bool, typer.Option("--no-default-rules", help="Use only the packs given with --rules.")]


def load_book(rules: list[Path] | None, no_defaults: bool, *, cache: bool = False) -> RuleBook:
    """``cache``: reuse a book compiled from the same files (``rules validate`` compiles afresh)."""
    try:
        return load_rulebook(rules or [], defaults=not no_defaults, cache=cache)
    except RuleBookError as exc:
        for problem in exc.problems:
            typer.echo(str(problem), err=True)
        typer.echo(f"{plural(len(exc.problems), 'problem')} in the rule files", err=True)
        raise typer.Exit(2) from None


def write_streamed(produce: Callable[[Callable[[str], Any]], None], output: Path | None,
                   made: Callable[[Path], object] | None = None) -> None:
    """``produce(write)`` writes text in pieces: to standard output, or to ``output``.

    A regular file (or a symbolic link to one: the link stays, its target gets the report) is written
    atomically, through a temporary file beside it that is removed if the run stops, so the file
    before is whole until the new one is; a FIFO or a device is written to as it is (never replaced
    by a file). A missing directory is made, and said so on standard error (``made`` is told)."""
    if output is None:
        produce(sys.stdout.write)
        return
    target, mode = writable(output)
    if mode is not None and not stat.S_ISREG(mode):  # a FIFO, /dev/stdout, /dev/null…: write through
        with open(target, "w", encoding="utf-8", errors="backslashreplace") as handle:
            produce(handle.write)
        return
    if not target.parent.is_dir():
        target.parent.mkdir(parents=True)
        if made is not None:
            made(output.parent if not output.is_symlink() else target.parent)
    handle_fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with open(handle_fd, "w", encoding="utf-8", errors="backslashreplace") as handle:
            produce(handle.write)
        if mode is not None:
            os.chmod(tmp, stat.S_IMODE(mode))
        else:
            os.chmod(tmp, 0o666 & ~_umask())
        os.replace(tmp, target)
    except BaseException:  # an error, Ctrl-C, SIGTERM: the file before stays as it was, no temporary left
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


class OutputError(OSError):
    """A report cannot be written where it was asked to be."""


def writable(output: Path) -> tuple[Path, int | None]:
    """Where a report named ``output`` goes (a link's target), and the mode of what is there now
    (None: nothing yet); :class:`OutputError` when it cannot go there. Asked before a run too, so a
    long run does not end in a report that cannot be written."""
    target = Path(os.path.realpath(output))
    try:
        mode: int | None = target.stat().st_mode
    except FileNotFoundError:
        mode = None
    except OSError as exc:
        raise OutputError(f"{output}: cannot write the report: {exc.strerror or exc}") from None
    if mode is not None and stat.S_ISDIR(mode):
        raise OutputError(f"{output}: is a directory: name a file")
    return target, mode


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask

"""checker: a fact-discrepancy checking rules engine for news.

The folders follow the data: ``articles`` (inputs read as articles), ``rules`` (rule files compiled
into a rule book), ``match`` and ``values`` (what patterns and value types are), ``engine`` (extract
facts, compare a story's facts), ``report`` (every output format), ``run`` (a corpus of any size, in
processes or on Dask), ``config`` and ``cli`` on top. ``model`` holds the typed values handed from
one stage to the next. Each folder's ``__init__`` says what it may import (tests/test_layers.py).
"""

__version__ = "0.1.0"

# The Python API (checker/api.py), imported on first use (PEP 562): ``import checker`` and the command line's
# start-up do not pay for it.
_API = ("Document", "Report", "check", "load_rules")


def __getattr__(name: str):
    if name in _API:
        from checker import api

        return getattr(api, name)
    raise AttributeError(f"module 'checker' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted([*globals(), *_API])

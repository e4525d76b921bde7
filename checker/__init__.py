"""checker: a fact-discrepancy checking rules engine for news."""

__version__ = "0.1.0"

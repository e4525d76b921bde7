"""Configuration: ``checker.toml`` or ``[tool.checker]`` in ``pyproject.toml``, under the command line.

``source`` finds and reads the file, ``file`` validates it (pydantic, imported only when there is a
file), ``settings`` merges file and command line and remembers where each value came from. May
import :mod:`checker.suppress` (configured ignores); read by the CLI only.
"""

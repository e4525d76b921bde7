"""Articles: what the command line names, read into :class:`checker.model.Article` values.

Owns finding inputs (files, directories, globs, standard input), reading each format (plain text,
Markdown with front matter, HTML, JSON lines, ``metadata.yaml`` tables), sentences and the line
index. May import :mod:`checker.model`, :mod:`checker.suppress` (ignore directives written in
articles) and :mod:`checker.yamlsafe` (bounded YAML); nothing of rules, matching, values, the engine, the run or the reports.
"""

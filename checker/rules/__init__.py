"""The rule language: rule files in, a compiled :class:`checker.rules.book.RuleBook` out.

Owns the rule-file models (``models``), YAML read with positions (``yamlspan``, ``location``),
validation with file:line:col problems (``validate``), macro expansion and pattern compilation
(``compile``), the compiled book (``book``), loading it (``load``) through the on-disk cache
(``cache``) and the key reference of docs/rules.md (``doc``). May import :mod:`checker.values`
(macros and value parsers), :mod:`checker.match` (triggers, PCRE2 twins), :mod:`checker.lexicon`,
:mod:`checker.yamlsafe` and :mod:`checker.model`; never the engine, the run, the reports or the command line.
"""

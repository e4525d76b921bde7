"""Pattern matching machinery, below the rule language: no knowledge of slots, articles or stories.

``triggers`` reads a pattern's literal words (which sentences it can match), ``matcher`` runs a
pattern on PCRE2's JIT where it matches exactly as ``regex`` does. Imports nothing from checker.
"""

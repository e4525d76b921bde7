"""The command line, a thin layer over the run: ``checker check|explain|rules|schema|config``.

``app`` holds the commands ``checker`` runs (entry point ``checker.cli.app:main``), ``rules`` the
rule-authoring and schema commands, ``config`` ``checker config show``, ``options`` the options
``check`` shares with the configuration, ``support`` rule-book loading and atomic writes. May import
anything in checker; nothing in checker imports it.
"""

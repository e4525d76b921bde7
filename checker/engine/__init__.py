"""The engine: (Article, RuleBook) -> Facts -> Discrepancies, one article and one story at a time.

``prefilter`` picks the patterns a sentence can match, ``extract`` fills the slots (the hot path),
``compare`` sets the facts of one story against each other (``claims``: when a claim was published and
whether two may meet; ``sources``: who gave a figure; ``timeline``: a toll's figures in time order;
``parts``: a toll's parts by place), ``explain`` says why a slot did or did
not fire, ``examples`` runs the examples written in rule slots. May import the rules, matching,
values, articles, lexicon and model layers; never the run machinery, the reports or the CLI.
"""

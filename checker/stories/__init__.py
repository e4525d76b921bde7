"""Stories found when none is given: articles grouped by the incident they report.

``cues`` reads of one article, once its slots are filled, what tells its incident from another
(kind, places, date, victims' names, headline words, tolls) as a small value (:class:`StoryCues`);
it runs where the article is read, beside extraction. ``group`` forms the stories from those cues
in the process that gathers the run, by blocking (place, name, headline word, within a date
window), never all pairs, and gives each story a stable id and each article the reason it is in
its story. Thresholds and cue weights are the rule packs' ``settings``. May import the rules,
values, articles, lexicon and model layers; never the engine, the run, the reports or the CLI.
"""

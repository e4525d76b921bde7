"""`checker explain --slot`: why a slot did or did not fire in one article.

For one slot it lists each pattern (where it is written, its trigger words, on how many sentences
it ran), every match with what became of it (a fact; dropped by which `unless`; inside a longer
match; no value readable; skipped by the trigger prefilter), and, for one line of the article,
which patterns ran on its sentences and which did not because their trigger words were absent.
It reads what extraction recorded (traces) and formats it; it decides nothing itself.
"""

from __future__ import annotations

from checker.engine.extract import Extraction, Trace, extract
from checker.model import Article, Sentence
from checker.engine.prefilter import candidate_patterns
from checker.rules.book import CompiledPattern, CompiledSlot, RuleBook

_SHOWN_TRIGGERS = 8


def _quote(text: str, limit: int = 90) -> str:
    text = " ".join(text.split())
    return f"\"{text if len(text) <= limit else text[: limit - 1] + '…'}\""


def _triggers(pattern: CompiledPattern) -> str:
    words = ", ".join(pattern.triggers[:_SHOWN_TRIGGERS])
    return words + ("…" if len(pattern.triggers) > _SHOWN_TRIGGERS else "")


def _label(pattern: CompiledPattern) -> str:
    return f"pattern {pattern.index} ({pattern.location})"


def explain_slot(article: Article, book: RuleBook, slot: CompiledSlot, extraction: Extraction,
                 line: int | None = None) -> list[str]:
    """The lines of the debugging view of ``slot`` in ``article``; ``extraction`` was traced."""
    slot_index = book.slots.index(slot)
    ran = candidate_patterns(article, book, article.text.lower())
    sentences_of = {p.index: [i for i, slots in ran.items() if p.index in slots.get(slot_index, ())]
                    for p in slot.patterns}
    traces = [t for t in extraction.traces if t.slot == slot.id]
    # matches only a run without the prefilter finds: the sentence lacked the pattern's trigger words
    seen = {(t.pattern, t.start, t.end) for t in traces}
    unfiltered = extract(article, book, use_prefilter=False, trace=True).traces
    skipped = sorted({(t.start, t.pattern, t.end): t for t in unfiltered
                      if t.slot == slot.id and (t.pattern, t.start, t.end) not in seen}.values(),
                     key=lambda t: (t.start, t.pattern))

    lines = ["", "patterns:"]
    for p in slot.patterns:
        count = sum(t.pattern == p.index for t in traces)
        on = len(sentences_of[p.index])
        if not p.triggers:
            where = f"ran on every sentence ({on})"
        elif on:
            where = f"ran on {on} of {len(article.sentences)} sentences (trigger words: {_triggers(p)})"
        else:
            where = f"never ran: no sentence holds one of its trigger words ({_triggers(p)})"
        # a pattern PCRE2 does not run (see checker.match.matcher) is many times slower: say so, and why
        slow = "" if p.regex.pattern in book.fast else \
            "  [runs on regex, not PCRE2: an unbounded look-behind or syntax PCRE2 reads otherwise]"
        lines.append(f"  {_label(p)}  {where}; {count} match(es)" + (f"  # {p.note}" if p.note else "") + slow)
    quiet = 0
    for i, u in enumerate(slot.unless_sources):
        hits = len({_sentence_of(article, t.start) for t in traces if t.outcome == "unless" and t.unless == i})
        if hits:
            lines.append(f"  unless {i} ({u.location})  {_quote(u.source, 70)}  dropped the matches of {hits} "
                         "sentence(s)")
        else:
            quiet += 1
    if quiet:
        lines.append(f"  {quiet} unless pattern(s) of {slot.id} dropped nothing here")

    if line is not None:
        lines += _line_view(article, slot, slot_index, ran, line)

    lines += ["", "matches:"]
    facts = {(f.pattern_index, f.evidence.start): f.display for f in extraction.facts if f.rule == slot.id}
    entries = [(t, _outcome(article, slot, t, facts)) for t in traces]
    entries += [(t, "skipped by the trigger prefilter: the sentence holds none of its trigger words "
                    f"({_triggers(slot.patterns[t.pattern])})") for t in skipped]
    for t, outcome in sorted(entries, key=lambda e: (e[0].start, e[0].pattern)):
        at_line, col = article.line_col(t.start)
        lines.append(f"  {_label(slot.patterns[t.pattern])}  {article.path}:{at_line}:{col}  {_quote(t.text)}"
                     f"  -> {outcome}")
    if not entries:
        lines.append("  none: no pattern matched a sentence holding its trigger words")
    return lines


def _outcome(article: Article, slot: CompiledSlot, t: Trace, facts: dict[tuple[int, int], str]) -> str:
    if t.outcome == "fact":
        display = facts.get((t.pattern, t.start))
        return f"fact: {display}" if display else "fact (merged with the sentence's other match)"
    if t.outcome == "unless" and t.unless is not None and t.unless < len(slot.unless_sources):
        u = slot.unless_sources[t.unless]
        return f"unless: dropped by unless {t.unless} ({u.location}) {_quote(u.source, 60)}, which matches the sentence"
    if t.outcome == "overlap" and t.kept is not None:
        pattern, start, end = t.kept
        at_line, col = article.line_col(start)
        return (f"overlap: inside the longer match of pattern {pattern} at {article.path}:{at_line}:{col} "
                f"{_quote(article.text[start:end], 60)}")
    if t.outcome == "unparsed":
        return f"unparsed: no {slot.type_name} value could be read from it"
    return t.outcome


def _sentence_of(article: Article, offset: int) -> int:
    return next((i for i, s in enumerate(article.sentences) if s.start <= offset < s.end), -1)


def _line_view(article: Article, slot: CompiledSlot, slot_index: int, ran: dict[int, dict[int, set[int]]],
               line: int) -> list[str]:
    if not 1 <= line <= len(article.line_starts):
        return ["", f"line {line}: the article has {len(article.line_starts)} lines"]
    start = article.line_starts[line - 1]
    end = article.line_starts[line] if line < len(article.line_starts) else len(article.text)
    picked: list[tuple[int, Sentence]] = [(i, s) for i, s in enumerate(article.sentences)
                                          if s.start < end and start < s.end]
    lines = ["", f"line {line}:"]
    if not picked:
        lines.append("  no sentence on this line")
    for index, sentence in picked:
        text = article.sentence_text(sentence)
        at_line, col = article.line_col(sentence.start)
        lines.append(f"  sentence at {article.path}:{at_line}:{col}  {_quote(text)}")
        hit = next((i for i, u in enumerate(slot.unless) if u.search(text)), None)
        if hit is not None:
            u = slot.unless_sources[hit]
            lines.append(f"    unless {hit} ({u.location}) matches it: every match in this sentence is dropped")
        running = ran.get(index, {}).get(slot_index, set())
        for p in slot.patterns:
            if p.index in running:
                found = sum(1 for m in p.regex.finditer(text) if m.end() > m.start())
                lines.append(f"    {_label(p)}  ran: {found} match(es)")
            else:
                lines.append(f"    {_label(p)}  did not run: {_not_run(p, text)}")
    return lines


def _not_run(pattern: CompiledPattern, sentence: str) -> str:
    """Why the prefilter skipped ``pattern`` on ``sentence``: no trigger word, or a word set
    every match needs a word of is missing (see checker.engine.prefilter)."""
    words = "".join(sentence.lower().split())  # the prefilter skips whitespace
    if not any("".join(t.split()) in words for t in pattern.triggers):
        return f"none of its trigger words ({_triggers(pattern)}) is in the sentence"
    for needed in pattern.requires:
        if not any(w in words for w in needed):
            shown = ", ".join(needed[:_SHOWN_TRIGGERS]) + ("…" if len(needed) > _SHOWN_TRIGGERS else "")
            return f"every match needs one of ({shown}), and the sentence has none"
    return "the prefilter skipped it"

"""headcount: how many people, and who they were.

"four soldiers and two civilians" is {soldier: 4, civilian: 2}, total 6.
Categories come from the taxonomy in the rule packs. A broader category
agrees with a narrower one (6 people ⊇ 2 civilians); siblings conflict
(soldier vs firefighter) when two complete breakdowns of the same total
cannot be matched; totals conflict when their intervals are disjoint.
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import regex

from checker.lexicon import Taxonomy
from checker.values.base import BaseType, Conflict, first_group
from checker.values.count import COUNT_FIRST_WORDS, COUNT_PATTERN, Count, lower_bound, parse_count
from checker.values.count import QUALIFIERS as COUNT_QUALIFIERS

_OF_THEM = r"(?:\s+of\s+(?:its|their|his|her|the|them|whom|those|our))"
# words between a count and its people term ("two Azerbaijani civilians", "a 25-year-old man")
# (never a word that starts a clause or a phrase of its own: "told WXYZ 7 that her son was
# killed", "one for each person wounded"; a hyphenated age is one: "two eight-year-old boys")
_MODIFIER = (r"(?:\s+(?!(?:and|or|a|an|the|were|was|is|are|had|have|has|been|dead|killed|injured|wounded|hurt|died"
             r"|person|persons|people|one|two|three|four|five|six|seven|eight|nine|ten"
             r"|eleven|twelve|dozen|dozens|hundred|hundreds"
             r"|that|who|whom|which|whose|his|her|their|its|our|my|your|this|these|those|each|every"
             r"|for|to|of|in|on|at|by|with|from|after|before|than)\b(?!-))(?:\d+-)?[\p{L}’'-]+)")
# ... and between "a"/"the" and one person: never a word that makes a group of the article
# ("a group of tourists", "a number of soldiers"; "a dozen shoppers" is a count) or an ordinal
_ONE_MODIFIER = (r"(?:\s+(?!(?:and|or|were|was|had|have|has|been|of|few|couple|handful|dozen|score|hundred|thousand"
                 r"|number|lot|total|group|family|further|series|pair|crowd|team|unit|convoy|busload|boatload"
                 r"|carload|party|delegation|batch|wave|string|host|two|three|four|five|six|seven|eight|nine|ten"
                 r"|eleven|twelve|twenty|thirty|forty|fifty"
                 # "a third victim", "another soldier": one more, not a count of its own
                 r"|first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|last|latest|final|other"
                 r")\b(?!-))(?:\d+-)?[\p{L}’'-]+)")
_ONE = r"(?:a\s+single|an?)"
# a list item may carry a possessive: "a woman and her two children", "a man and his wife"
_OWNER = r"(?:his|her|their|its|our)"
_POSSESSIVE = rf"(?:{_OWNER}\s+)?"
_SEPARATOR = r"(?:\s*,\s*|\s*,?\s+and\s+)"
# a count that adds to figures given before: "a further 45 people", "another three"
_FURTHER = r"(?:(?:a\s+further|another|an\s+additional|a\s+total\s+of)\s+)?"
# "no one was hurt", "not one soldier": not a count
_NEGATED = r"(?<![\w-])(?<!\b(?:no|not|none|nobody)\s)"  # the cheap word-start test first
# the words a headcount can begin with: a count's, or an article or possessive ("a soldier", "his wife")
_HEAD_START = (rf"(?=\d|(?:{'|'.join(sorted(COUNT_FIRST_WORDS | {'an', 'another', 'the', 'his', 'her', 'their', 'its', 'our'}, key=len, reverse=True))})\b)")
# the end of a people term: not a possessive ("the gunman's brother" is no gunman)
_TERM_END = r"(?![\w-]|[’']s\b)"


# A count standing alone is a headcount only where a noun cannot follow it
# ("25 were killed", "killing 25."), and never a year ("in 2020 were").
_BARE_TAIL = (r"(?<!\b(?:19|20)\d\d)"
              r"(?=\s*[,.;:!?)\"”’»]|\s*$|\s+(?:and|or|were|was|had|have|has|are|is|in|on|at|when|after|before|by"
              r"|during|while|including|among|as|from|with|more|others|died|dead|killed|injured|wounded|hurt"
              r"|remain|remained|reportedly|also|all|so far|across|die|dies|drowned|perished"
              # "two critically injured", "1 seriously wounded": an adverb of the harm, not a noun
              r"|critically|seriously|badly|slightly|gravely|severely|lightly)\b)")
_BARE_COUNT = rf"(?:{COUNT_PATTERN}){_BARE_TAIL}"


def _item_tail(taxonomy: Taxonomy, of_them: bool) -> str:
    of = f"{_OF_THEM}?" if of_them else ""
    return rf"{of}{_MODIFIER}{{0,2}}?\s+(?:{taxonomy.term_pattern()}){_TERM_END}"


def item_pattern(taxonomy: Taxonomy, of_them: bool = True) -> str:
    """One count + people term ("two Azerbaijani civilians"); no capturing groups."""
    return rf"(?:{COUNT_PATTERN}){_item_tail(taxonomy, of_them)}"


def one_pattern(taxonomy: Taxonomy, article: str = _ONE) -> str:
    """One person named by an article and a singular term ("a firefighter", "an elderly man")."""
    return rf"(?<![\w-]){article}{_ONE_MODIFIER}{{0,2}}?\s+(?:{taxonomy.singular_pattern()}){_TERM_END}"


def headcount_pattern(taxonomy: Taxonomy) -> str:
    """Body of ``{headcount}``: one item, or a bare count ("25 were killed").
    The count is read once and then finished as an item or as a bare count: the
    macro runs at every word of a sentence, so it must not read a number twice."""
    return (rf"{_NEGATED}{_HEAD_START}(?:{_FURTHER}(?:{COUNT_PATTERN})(?:{_item_tail(taxonomy, True)}|{_BARE_TAIL})"
            rf"|{one_pattern(taxonomy)})")


def headcounts_pattern(taxonomy: Taxonomy) -> str:
    """Body of ``{headcounts}``: items joined by commas and "and". A later item
    never takes "of them" ("six people, four of them police" is six, not ten).
    "the driver" counts as one person only when a list follows ("the driver and
    two passengers"): alone, "the soldier" usually names someone counted before.
    (The cheap look-ahead after "the" spares the term list at most of the commonest word.)"""
    later, one = item_pattern(taxonomy, of_them=False), one_pattern(taxonomy)
    the = one_pattern(taxonomy, r"the(?=\s[^,.;]{1,40}?(?:,|\band\b))")
    any_one = one_pattern(taxonomy, rf"(?:{_ONE}|the|{_OWNER})")
    rest = rf"{_SEPARATOR}(?:{_POSSESSIVE}{later}|{any_one})"
    return (rf"(?:{_NEGATED}{_HEAD_START}(?:{_FURTHER}(?:(?:{COUNT_PATTERN})(?:{_item_tail(taxonomy, True)}(?:{rest})*|{_BARE_TAIL})"
            rf"|{one}(?:{rest})*)|{the}(?:{rest})+))")


def compile_item_parser(taxonomy: Taxonomy) -> regex.Pattern[str]:
    return regex.compile(
        rf"(?:(?P<count>{COUNT_PATTERN}){_OF_THEM}?{_MODIFIER}{{0,2}}?\s+(?P<term>{taxonomy.term_pattern()})"
        rf"|(?<![\w-])(?P<one>{_ONE}|the|{_OWNER}){_ONE_MODIFIER}{{0,2}}?\s+(?P<single>{taxonomy.singular_pattern()})"
        rf")"
        rf"{_TERM_END}",
        regex.IGNORECASE,
    )


def compile_uncounted_in_list(taxonomy: Taxonomy, uncounted) -> regex.Pattern[str] | None:
    """After a toll, a list behind a colon that names one of those some counts leave out: "the raid
    killed seven people: four of her cousins, an unborn niece, an uncle…" (seven, or six without her)."""
    terms = sorted((t for t, c in taxonomy.terms.items() if t in taxonomy.singular and _among(c, uncounted, taxonomy)),
                   key=len, reverse=True)
    if not terms:
        return None
    return regex.compile(rf"\s*:[^.;:!?\n]{{0,160}}?\b(?:an?|her|his|their|the)\s+(?:[\p{{L}}-]+\s+)?"
                         rf"(?:{'|'.join(regex.escape(t) for t in terms)})\b", regex.IGNORECASE)


@dataclass(frozen=True)
class Group:
    category: str
    count: Count


@dataclass(frozen=True)
class Headcount:
    groups: tuple[Group, ...]
    # how many of those counted caused the harm, when the article says so ("including the gunman"):
    # set on comparison, never parsed
    perpetrators: Count | None = None
    # everyone there was counted ("all 71 people on board"): a later, larger figure is no update
    final: bool = False
    # the other categories its article counts in the slot, set on comparison: an article that
    # counts soldiers and firefighters apart says they are different people
    counted_apart: frozenset[str] = frozenset()
    # how many of those counted some counts leave out ("an unborn child", settings.uncounted): set on
    # parsing and on comparison
    uncounted: Count | None = None
    # the count tells only a part of the toll, never the toll itself: people added to those counted
    # before ("two more people", "a further 45", "another three"), or those hurt to one degree ("one
    # critically injured", "three seriously wounded")
    part_only: bool = False

    @property
    def total(self) -> Count:
        total = self.groups[0].count
        for group in self.groups[1:]:
            total = total + group.count
        return total

    def totals(self) -> list[Count]:
        """The total, and the total without the perpetrators or the uncounted it includes."""
        totals = [self.total]
        for left_out in (self.perpetrators, self.uncounted):
            if left_out is not None and left_out.high is not None:
                totals += [_without(total, left_out) for total in totals]
        return totals

    def totals_agree(self, other: Headcount) -> bool:
        return any(a.agrees(b) for a in self.totals() for b in other.totals())

    def display(self) -> str:
        return " + ".join(f"{g.count.display()} {g.category}" for g in self.groups)

    def to_json(self) -> dict[str, Any]:
        told = {"type": "headcount", "total": self.total.to_json(),
                "groups": [{"category": g.category, "count": g.count.to_json()} for g in self.groups]}
        if self.uncounted is not None:
            # (so a reader knows the total also stands for the toll without them, as comparison reads it)
            told["uncounted"] = self.uncounted.to_json()
        return told


def _without(total: Count, left_out: Count) -> Count:
    high = None if total.high is None else max(0, total.high - left_out.high)
    return Count(max(0, total.low - left_out.high), high, total.qualifier)


# (text, tolerance) -> the headcount read from it, for one taxonomy and item parser (a rule book's): a
# corpus repeats its lists ("two people", "three soldiers and a civilian"), each read by a large pattern
# on regex; a Headcount is never changed once made. Forgotten all at once past _HEADCOUNTS_KEPT.
_HEADCOUNTS: list[Any] = [None, None, {}]
_HEADCOUNTS_KEPT = 4096


def parse_headcount(text: str, taxonomy: Taxonomy, item_parser: regex.Pattern[str],
                    tolerance: float) -> Headcount | None:
    """The headcount ``text`` (matched by ``{headcounts}``) gives, or None. Remembered."""
    known = _HEADCOUNTS
    if known[0] is not taxonomy or known[1] is not item_parser:
        known[0], known[1], known[2] = taxonomy, item_parser, {}
    memo = known[2]
    key = (text, tolerance)
    try:
        return memo[key]
    except KeyError:
        pass
    if len(memo) >= _HEADCOUNTS_KEPT:
        memo.clear()
    value = memo[key] = _parse_headcount(text, taxonomy, item_parser, tolerance)
    return value


def forget() -> None:
    """Drop the remembered headcounts (and the rule book's taxonomy and parser they hold)."""
    _HEADCOUNTS[:] = [None, None, {}]


def _parse_headcount(text: str, taxonomy: Taxonomy, item_parser: regex.Pattern[str],
                     tolerance: float) -> Headcount | None:
    groups: list[Group] = []
    for m in item_parser.finditer(text):
        if m.group("one"):
            count, category = Count(1, 1), taxonomy.category_of(m.group("single"))
        else:
            count, category = parse_count(m.group("count"), tolerance), taxonomy.category_of(m.group("term"))
        if count is not None and category is not None:
            groups.append(Group(category, count))
    if not groups and taxonomy.root is not None:
        count = parse_count(text, tolerance)
        if count is not None:
            groups.append(Group(taxonomy.root, count))
    return Headcount(tuple(_merge_same_category(_appositive(groups, taxonomy)))) if groups else None


def _appositive(groups: list[Group], taxonomy: Taxonomy) -> list[Group]:
    """"three people, a woman and her two children" names three people, then who they were: when a
    list opens with the generic category and the rest adds up to exactly its count, the rest is the
    breakdown, not more people."""
    if len(groups) < 2 or not taxonomy.is_generic(groups[0].category) or not groups[0].count.exact:
        return groups
    rest = groups[1:]
    if any(not g.count.exact for g in rest) or sum(g.count.low for g in rest) != groups[0].count.low:
        return groups
    return rest


def _merge_same_category(groups: list[Group]) -> list[Group]:
    merged: dict[str, Count] = {}
    for group in groups:
        merged[group.category] = merged[group.category] + group.count if group.category in merged else group.count
    return [Group(c, n) for c, n in merged.items()]


class HeadcountType(BaseType):
    name = "headcount"

    def parse(self, groups: Mapping[str, str], ctx) -> Headcount | None:
        text = first_group(groups, "value", "headcounts", "headcount", "count")
        if text is None:
            return None
        lex = ctx.lexicons
        start = _start_of(text, ctx)
        if not_a_count(ctx.article.text, start, text):
            return None
        value = parse_headcount(text, lex.taxonomy, lex.headcount_item_parser, lex.settings.approximate_tolerance)
        if value is None and groups.get("bare_one"):
            value = _bare_one(text, lex.taxonomy, ctx)
        who = groups.get("who")
        if value is not None and who and len(value.groups) == 1 and value.groups[0].category == lex.taxonomy.root:
            # "24 of the 36 people killed were children": the count and who they were, apart
            category = lex.taxonomy.category_of(who)
            if category is not None:
                value = Headcount((Group(category, value.groups[0].count),))
        perpetrators = lex.settings.perpetrators
        if value is not None and groups.get("self_killed") and perpetrators:
            # "killing three before turning the gun on himself": the dead are the three and the
            # attacker; counted as such (total 4), agreeing with "three killed" as the toll without him
            one = Count(1, 1)
            value = dataclasses.replace(value, groups=value.groups + (Group(perpetrators[0], one),), perpetrators=one)
        bare = _BARE_BEFORE.search(ctx.article.text, max(0, start - 30), start) if value is not None else None
        if bare is not None:
            # a headline's list led by a noun with no article: "Mother, 2 children found dead" (one),
            # "Parents, 2 children found dead" (a plural: at least two)
            category = lex.taxonomy.category_of(bare.group(1))
            if category is not None:
                lead = Count(1, 1) if bare.group(1).lower() in lex.taxonomy.singular else Count(2, None, "at least")
                value = Headcount(tuple(_merge_same_category([Group(category, lead), *value.groups])))
        if value is not None and perpetrators and all(_among(g.category, perpetrators, lex.taxonomy) for g in value.groups):
            # "the gunman was shot dead by deputies" says nothing of his victims: a part of the toll
            value = dataclasses.replace(value, part_only=True)
        uncounted = lex.settings.uncounted
        if value is not None and uncounted and len(value.groups) > 1:
            left_out = [g.count for g in value.groups if _among(g.category, uncounted, lex.taxonomy)]
            if left_out:
                value = dataclasses.replace(value, uncounted=sum(left_out[1:], left_out[0]))
        listed = lex.uncounted_in_list
        if value is not None and value.uncounted is None and listed is not None and value.total.low > 1:
            end = start + len(text)
            if listed.match(ctx.article.text, end, end + 240):  # (windowed: see _ALSO_AFTER)
                value = dataclasses.replace(value, uncounted=Count(1, 1))
        if value is not None and _told_as_part(ctx.article.text, start, text):
            value = dataclasses.replace(value, part_only=True)
        if value is not None and _ALL_BEFORE.search(ctx.article.text, max(0, ctx.match_start - 80), start):
            value = dataclasses.replace(value, final=True)
        return value

    def key(self, value: Headcount):
        return tuple(sorted((g.category, g.count) for g in value.groups))

    def is_part(self, value: Headcount) -> bool:
        return value.part_only

    def parts_of_article(self, values: list[Headcount]) -> list[bool]:
        """Within one article's body (or its headline), a smaller exact figure beside a larger one is
        a part of it or an earlier figure: one person named alone ("a man was killed"), some of the
        victims ("two of them were wounded in the leg", "a man and a boy were hurt"), a toll before
        it rose. The article's toll is its largest figure; the others are never set against other
        articles as rival tolls."""
        exact = [v.total.low for v in values if v.total.exact]
        most = max(exact, default=0)
        return [v.total.exact and v.total.low < most for v in values]

    def merge_sentence(self, values: list[Headcount], lexicons) -> list[Headcount]:
        """Matches in one sentence whose groups cannot overlap are one breakdown:
        "two civilians died in X and four soldiers were killed in Y"."""
        if len(values) < 2:
            return values
        tax = lexicons.taxonomy
        cats = [g.category for v in values for g in v.groups]
        if any(tax.is_generic(c) for c in cats) or len(set(cats)) != len(cats):
            return values
        if any(tax.compatible(a, b) for i, a in enumerate(cats) for b in cats[i + 1:]):
            return values
        return [Headcount(tuple(g for v in values for g in v.groups))]

    def select(self, facts, lexicons, *, own=False):
        """Per article (headline apart) and scope: its whole toll at its largest,
        for each category the largest figure given, and the largest part of the
        toll it names per category ("including three children")."""
        tax = lexicons.taxonomy
        keep = []
        by_article: dict[tuple, Any] = {}
        parts: dict[tuple, Any] = {}
        perpetrators = _perpetrators(facts, tax, lexicons.settings.perpetrators)
        if perpetrators:
            facts = [dataclasses.replace(f, value=dataclasses.replace(f.value, perpetrators=perpetrators[where]))
                     if not f.partial and (where := _where(f)) in perpetrators else f for f in facts]
        # "six killed, including an unborn child": the six without the child agree too
        # (the whole article's: a headline "4 dead" counts the child its body names)
        uncounted = _perpetrators(facts, tax, lexicons.settings.uncounted, _in_article)
        if uncounted:
            facts = [dataclasses.replace(f, value=dataclasses.replace(f.value, uncounted=uncounted[where]))
                     if not f.partial and f.value.uncounted is None and (where := _in_article(f)) in uncounted
                     else f for f in facts]
        # the categories each article counts: one object for each set of categories (a story of
        # 100,000 articles would otherwise hold a set for each)
        categories: dict[str, frozenset[str]] = {}
        one: dict[frozenset[str], frozenset[str]] = {}
        for fact in facts:
            known = categories.get(fact.evidence.article, frozenset())
            grown = known.union(g.category for g in fact.value.groups)
            if grown != known or fact.evidence.article not in categories:
                categories[fact.evidence.article] = one.setdefault(grown, grown)
        facts = [dataclasses.replace(f, value=dataclasses.replace(
                     f.value, counted_apart=frozenset(categories[f.evidence.article] - {f.value.groups[0].category})))
                 if len(f.value.groups) == 1 and len(categories[f.evidence.article]) > 1 else f for f in facts]
        for fact in facts:
            if fact.partial:
                groups = fact.value.groups
                where = (fact.evidence.article, fact.evidence.headline, fact.scope, fact.part,
                         groups[0].category if len(groups) == 1 else self.key(fact.value))
                held = parts.get(where)
                if held is None or lower_bound(fact.value) > lower_bound(held.value):
                    parts[where] = fact
            else:
                # a fact alone, or a list once its article gives another (most give one)
                where = (fact.evidence.article, fact.evidence.headline, fact.scope)
                held = by_article.get(where)
                if held is None:
                    by_article[where] = fact
                elif isinstance(held, list):
                    held.append(fact)
                else:
                    by_article[where] = [held, fact]
        keep += parts.values()
        for group in by_article.values():
            if not isinstance(group, list):
                group = [group]
            wholes = [f for f in group if _whole(f.value, tax)]
            if wholes:
                top = max(wholes, key=lambda f: lower_bound(f.value))
                keep += [f for f in wholes if f.value.total.agrees(top.value.total)]
            singles: dict[str, Any] = {}
            for fact in group:
                if not _whole(fact.value, tax):
                    cat = fact.value.groups[0].category
                    if cat not in singles or lower_bound(fact.value) > lower_bound(singles[cat].value):
                        singles[cat] = fact
            keep += singles.values()
        kept = set(map(id, keep))
        return [f for f in facts if id(f) in kept]

    def conflict(self, a, b, lexicons) -> Conflict | None:
        tax = lexicons.taxonomy
        x, y = a.value, b.value
        if a.partial or b.partial:
            return _part_conflict(x, y, a.partial, b.partial, tax)
        if _whole(x, tax) and _whole(y, tax):
            if not x.totals_agree(y):
                return Conflict("total", f"total {x.total.display()} vs {y.total.display()}")
            if _complete(x, tax) and _complete(y, tax):
                return _breakdown_conflict(x, y, tax) or _breakdown_conflict(y, x, tax, swap=True)
            return None
        if not _whole(x, tax) and not _whole(y, tax):
            gx, gy = x.groups[0], y.groups[0]
            # counts of one category (or one inside the other) must agree; merely overlapping ones may not
            if tax.related(gx.category, gy.category) and not gx.count.agrees(gy.count):
                return Conflict("count", f"{x.display()} vs {y.display()}")
            if _siblings(gx, gy, tax) and a.evidence.article != b.evidence.article \
                    and gy.category not in x.counted_apart and gx.category not in y.counted_apart:
                # "four soldiers were killed" against "four firefighters were killed": the same
                # count told as two kinds of people; each may be only a part of the dead, so a warning
                return Conflict("category", f"{_pair(gx, gy, True)} for the same {gx.count.display()}",
                                at_most="warning")
            return None
        single, whole = (x, y) if not _whole(x, tax) else (y, x)
        group = single.groups[0]
        if _complete(whole, tax):
            capacity = _capacity(whole, group.category, tax)
            if capacity is None:
                other = _same_count_group(whole, group.count)
                if other is not None:
                    return Conflict("category", f"{_pair(group, other, single is x)} for the same {group.count.display()}")
                return Conflict("category", f"{single.display()} not among {whole.display()}")
            if not group.count.agrees(capacity) and not _fits(group.count, capacity):
                return Conflict("count", f"{x.display()} vs {y.display()}")
            return None
        least = min(t.low for t in single.totals())  # (without the perpetrators or the uncounted it holds)
        if least > max(t.high if t.high is not None else float("inf") for t in whole.totals()):
            return Conflict("total", f"{single.display()} exceeds total {whole.total.display()}")
        return None


# Numbers that read as counts of people and are not (see :func:`not_a_count`). Each is matched at
# the headcount's first word: what stands just before it, and how the headcount itself opens.
_MONTH = (r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?"
          r"|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)")
_NOT_COUNT_BEFORE = regex.compile(
    r"(?:"
    r"\b(?:age|aged|ages)\s+(?:\d{1,3}\s*,?\s+(?:and\s+)?)*$"  # "a man, aged 34, died"; "ages 25, 26, and 33"
    r"|\d\s*[:.]\s*$"  # clock times and video durations: "2:07 Mother of toddler…"
    r"|(?:\b(?:photo|photos|image|picture|slide|video|gallery|page|no\.|number)|#)\s*$"  # captions, galleries, "Way #9"
    rf"|\b{_MONTH}\.?\s+$"  # dates: "the March 19 deaths"
    r"|[\p{L}'’.-]+,\s*$"  # an age after a name, when a comma closes it (checked below)
    r"|\(\s*$"  # "John Roe (34) died"
    r"|\bof\s+(?:the|those|these)\s+$|\b(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten)\s+of\s+$"  # "one of the six, a man of 24, died": the six are not all this sentence's dead
    r"|(?-i:\p{Lu}[\p{L}'’-]+)\s+and\s+$"  # "Jones and two other people died": a list led by a name is not read whole
    r"|\b(?:a|an)\s+$"  # "an eight victim" (an eighth), "a two-storey house": no count follows an article
    r"|\b(?:father|mother|dad|mom|parent|grandfather|grandmother|grandparent)s?\s+of\s+$"  # "a father of two children": his family, not the dead
    r")", regex.IGNORECASE)
# the same, searched from the end: every alternative ends at the window's end, so only the last
# places tried from there can match (a search from the start tries each of the window's positions)
_NOT_COUNT_BEFORE_BACKWARD = regex.compile(_NOT_COUNT_BEFORE.pattern, _NOT_COUNT_BEFORE.flags | regex.REVERSE)
# after the count: a clock time ("killed around 4:30 p.m.", "at 9 p.m.")
_CLOCK_AFTER = regex.compile(r"(?::\d|\s*(?:[ap]\.?m\.?|o['’]clock)(?![\p{L}]))", regex.IGNORECASE)
_AGE_AFTER_NAME = regex.compile(r"[\p{L}'’.-]+,\s*$")
_NOT_COUNT_OPENING = regex.compile(
    r"^\S+(?:"
    r"[\s-]+(?:years?|yrs?|months?|weeks?|days?)[\s-]*old\b"  # "8-year-old", "SIXTEEN YEAR OLD"
    r"|[\s-]*(?:yo|y/o|y\.o\.|yr\.? old)\b"  # "8 yo girl"
    r"|\s+of\s+(?:the|those|these|them|\d+)\b"  # partitives and captions: "one of the five", "4 of 11"
    r")", regex.IGNORECASE)
# at the start of a line (a headline), a capitalised noun and a comma before the count
# (after a source's name and colon too: "Police: Father, two children dead")
_BARE_BEFORE = regex.compile(r"(?:^|\n)[^\S\n]*(?:[\p{L}.]+:[^\S\n]+)?((?-i:\p{Lu})\p{Ll}+)[^\S\n]*,[^\S\n]*$")
_PRONOUN_BEFORE = regex.compile(r"(?i)\b(?:this|that|which|each|every|any|no)\s+$")
# those who told, not those harmed: "according to the two women, the victim died"
_SOURCE_BEFORE = regex.compile(r"(?i)\baccording\s+to\s+(?:the\s+|these\s+|those\s+)?$")
# a bare number after a person's first and last name and a comma is an age: "Rona Tate, 58 and Glen
# Tate, 61 were found dead" (not "In New York, 17 were killed": a place after a preposition)
_AGE_AFTER_FULL_NAME = regex.compile(
    r"(?<!\b(?i:in|across|at|of|from|near|around|throughout|outside|inside|to)\s)"
    r"\b(?-i:\p{Lu}\p{Ll}+)\s+(?-i:\p{Lu}[\p{L}'’-]*\p{Ll}),\s*$")
_CLOSES_AGE = regex.compile(r"\d{1,3}(?:\s*[,;)]|\s+(?:all|both)\b)")  # at the number: "34,", "34)", "31 all died"


def not_a_count(article_text: str, start: int, text: str) -> bool:
    """Whether the headcount ``text`` read at ``start`` is a number that counts no one: an age
    ("Dana Roe, 34, of Fairview", "aged 34", "an 8-year-old", "8 yo"), a clock time or video
    duration, a caption or gallery number ("Photo 4 of 11"), a date ("the March 19 deaths") or a
    partitive ("one of the five victims": the toll may be five, never one)."""
    if _NOT_COUNT_OPENING.match(text):
        return True
    if text.strip().lower() == "one" and _PRONOUN_BEFORE.search(article_text, max(0, start - 8), start):
        return True  # "this one hurt": a pronoun, not one person
    if text[-1:].isdigit() and _CLOCK_AFTER.match(article_text, start + len(text)):
        return True
    if text.isdigit() and _AGE_AFTER_FULL_NAME.search(article_text, max(0, start - 40), start):
        return True
    if _SOURCE_BEFORE.search(article_text, max(0, start - 24), start):
        return True
    if _NOT_COUNT_BEFORE_BACKWARD.search(article_text, max(0, start - 24), start) is None:
        return False
    # the leftmost match runs to the window's end, and holds a name and its comma, or an opening
    # bracket, whenever the window ends so (they are alternatives of their own): the window tells
    before = article_text[max(0, start - 24):start]
    if _AGE_AFTER_NAME.search(before) or before.rstrip().endswith("("):
        # a number between a name and a comma (or in brackets) is an age; "In Chicago, 17 people
        # were killed" is not (a people term follows the number)
        return _CLOSES_AGE.match(article_text, start) is not None
    return True


# a count that adds to people counted before: "two more people", "a further 45", "another three",
# "an additional five" (not "a total of", nor "more than 20": a bound, not an addition)
_ADDITION = regex.compile(r"(?i)(?:a\s+further|another|an\s+additional)\s|\S+\s+(?:more|additional|further)\b(?!\s+than\b)")
# (not after "and": "84 were killed and another 284 injured" adds the injured to the dead, a whole)
_AND_BEFORE = regex.compile(r"(?:\band|,)\s+$")
# ... or those hurt to one degree: "one critically injured", "three were seriously wounded"
_DEGREE = r"(?:critically|seriously|gravely|severely|badly|slightly|lightly|moderately|mortally|grievously)"
_DEGREE_AFTER = regex.compile(rf"(?i)(?:\s+(?:were|was|are|is|have been|had been|has been))?\s+"
                              rf"(?:{_DEGREE}\s+(?:injured|wounded|hurt)|(?:injured|wounded|hurt)\s+{_DEGREE})\b")
# ... or those told as also harmed, beside others told before: "four men were also wounded", "he
# also shot and killed a man"
# (matched in a short window: unbounded, the regex module first looks for "also" in the rest of the text)
_ALSO_AFTER = regex.compile(r"(?i)(?:\s+(?:were|was|are|is|have been|had been|has been))?\s+also\b")
# (not "killed three and also wounded two": the wounded added to the dead, a whole; not "police also
# said three people were killed")
_ALSO_BEFORE = regex.compile(r"(?i)(?<!\band\s|,\s)\balso\s+(?:[\w-]+\s+){0,2}?(?:killed|wounded|injured|hurt|shot|"
                             r"stabbed|killing|wounding|injuring|were|was)\s+$")
# ... or the rest after some told by their condition: "one is in critical condition and two others were
# treated", "two were critically hurt and five others hospitalized" (the others are not all of them)
_OTHERS = regex.compile(r"(?i)\S+\s+(?:[\p{L}-]+\s+)?others?\b")
_DEGREE_BEFORE = regex.compile(r"(?i)\b(?:condition|critically|seriously|gravely|severely)\b[^.;]{0,40}?\b(?:and|while)\s+"
                               r"(?:the\s+)?$")
# ... or one person told last in a list of clauses: "…, a boy suffered life-threatening injuries, and a
# 21-year-old man suffered minor ones" (one of several hurt, not all of them)
# (not "four fatalities, including the shooter, and one injured": a count of another slot's list)
_LAST_OF_A_LIST_BEFORE = regex.compile(r",\s+and\s+$")
_A_PERSON = regex.compile(r"(?i)an?\s")
# ... or those whose names are out: "the identities of three victims killed" (not all of them, maybe)
_IDENTITIES_BEFORE = regex.compile(r"(?i)\bidentities\s+of\s+(?:the\s+)?$")
# ... or beside others counted apart: "three found dead in the van in addition to the dead driver",
# "a toll of five plus the gunman" (windowed: see _ALSO_AFTER)
_BESIDES_AFTER = regex.compile(
    r"(?i)[^.;!?]{0,60}?\s(?:in\s+addition\s+to|besides|plus)\s+(?:the|a|an|one|two|three|four|five|\d+)\s+"
    r"(?:[\p{L}-]+\s+){0,2}?(?:dead|killed|slain|wounded|injured|gunm[ae]n|shooters?|suspects?|attackers?|victims?|people|persons?|others?)\b")
# (searched from the end, where it ends: see _NOT_COUNT_BEFORE_BACKWARD)
_ALL_BEFORE = regex.compile(r"(?ir)\b(?:all|everyone|every one of the|each of the)(?: of)?(?: the)?\s+$")


def _told_as_part(article_text: str, start: int, text: str) -> bool:
    """Whether the headcount ``text`` read at ``start`` tells, by its own words or those around it, a
    part of the toll and never the whole (see the patterns above)."""
    end = start + len(text)
    return bool((_ADDITION.match(text) and not _AND_BEFORE.search(article_text, max(0, start - 8), start))
                or _DEGREE_AFTER.match(article_text, end)
                or _ALSO_AFTER.match(article_text, end, end + 24)
                or _besides_after(article_text, end)
                or _ALSO_BEFORE.search(article_text, max(0, start - 40), start)
                or (_OTHERS.match(text) and _DEGREE_BEFORE.search(article_text, max(0, start - 80), start))
                or _IDENTITIES_BEFORE.search(article_text, max(0, start - 24), start)
                or (_A_PERSON.match(text) and _LAST_OF_A_LIST_BEFORE.search(article_text, max(0, start - 8), start)))


def _bare_one(text: str, taxonomy: Taxonomy, ctx) -> Headcount | None:
    """One person named by a singular noun with no article, as headlines do ("Teen killed in
    crash"): only in a headline, where a body's sentence would have its article."""
    word = text.strip().lower()
    if word not in taxonomy.singular:
        return None
    if not any(s.headline and s.start == ctx.sentence_start for s in ctx.article.sentences[:4]):
        return None
    category = taxonomy.category_of(word)
    return None if category is None else Headcount((Group(category, Count(1, 1)),))


def _besides_after(article_text: str, end: int) -> bool:
    # its words first, as plain text (a tenth of the pattern's cost, on the few counts it runs after)
    window = article_text[end:end + 160].lower()
    if "addition" not in window and "besides" not in window and "plus" not in window:
        return False
    return _BESIDES_AFTER.match(article_text, end, end + 160) is not None


def _start_of(text: str, ctx) -> int:
    """Where the headcount's own words start in the article (they lie inside the match)."""
    at = ctx.article.text.find(text, ctx.match_start, ctx.match_end)
    return at if at >= 0 else ctx.match_start


def _where(fact) -> tuple:
    return fact.evidence.article, fact.evidence.headline, fact.scope


def _among(category: str, categories, tax: Taxonomy) -> bool:
    return any(c == category or c in tax.ancestors(category) for c in categories)


def _in_article(fact) -> tuple:
    return fact.evidence.article, fact.scope


def _perpetrators(facts, tax: Taxonomy, categories, where=_where) -> dict[tuple, Count]:
    """Per article (headline apart, unless ``where`` says otherwise) and scope, how many of
    ``categories`` it names as a part of the dead ("including the gunman", "including an unborn child")."""
    found: dict[tuple, Count] = {}
    if not categories:
        return found
    for fact in facts:
        if fact.partial and len(fact.value.groups) == 1:
            group = fact.value.groups[0]
            if _among(group.category, categories, tax):
                held = found.get(where(fact))
                if held is None or group.count.low > held.low:
                    found[where(fact)] = group.count
    return found


def _part_conflict(x: Headcount, y: Headcount, x_part: bool, y_part: bool, tax: Taxonomy) -> Conflict | None:
    """A part of the toll ("including three children") against another article's figure. Only what
    cannot both be true: two exact figures for one category's share, or a part larger than a whole."""
    if x_part and y_part:
        if len(x.groups) == 1 and len(y.groups) == 1:
            gx, gy = x.groups[0], y.groups[0]
            # two definite shares: exact, or one exact and one plainly bounded ("at least 24 children"
            # cannot be "23 children"); vague or approximate ones may always meet
            exact = (gx.count.exact or gy.count.exact) and _definite(gx.count) and _definite(gy.count) \
                and min(gx.count.low, gy.count.low) >= 2
            # (a share of no named group that the value itself tells, "two people were hurt critically"
            # against "six others were wounded", may be any of the victims: never a disagreement;
            # a region's share, "95 in the north", is one group and still is)
            anyone = gx.category == tax.root and (x.part_only or y.part_only)
            if gx.category == gy.category and not anyone and exact and not gx.count.agrees(gy.count):
                return Conflict("count", f"{x.display()} vs {y.display()} among the victims")
        return None
    part, other = (x, y) if x_part else (y, x)
    if not _whole(other, tax):
        return None  # "two children were killed" may itself be a part
    high = other.total.high if other.total.high is not None else float("inf")
    if part.total.low > high:
        return Conflict("total", f"{part.display()} among the victims exceeds total {other.total.display()}"
                        if x_part else f"total {other.total.display()} is less than {part.display()} among the victims")
    return None


def _definite(count: Count) -> bool:
    return count.exact or (count.high is None and COUNT_QUALIFIERS.get(count.qualifier or "") == "min")


def _siblings(gx: Group, gy: Group, tax: Taxonomy) -> bool:
    """One exact count of two kinds of people that cannot be the same people (neither holds the
    other, neither overlaps others): the same dead told two ways."""
    return gx.category != gy.category and gx.count.exact and gy.count.exact and gx.count.low >= 2 \
        and gx.count.agrees(gy.count) and not tax.compatible(gx.category, gy.category)


def _whole(value: Headcount, tax: Taxonomy) -> bool:
    """Does the value claim everyone (several groups, or the generic category)?"""
    return len(value.groups) > 1 or tax.is_generic(value.groups[0].category)


def _complete(value: Headcount, tax: Taxonomy) -> bool:
    """Is every group a specific category, so the breakdown is the whole story?"""
    return not any(tax.is_generic(g.category) for g in value.groups)


def _capacity(value: Headcount, category: str, tax: Taxonomy) -> Count | None:
    """How many of ``value``'s people could be of ``category`` (None: none could)."""
    fits = [g.count for g in value.groups if tax.compatible(g.category, category)]
    if not fits:
        return None
    total = fits[0]
    for count in fits[1:]:
        total = total + count
    return total


def _fits(count: Count, capacity: Count) -> bool:
    high = capacity.high if capacity.high is not None else float("inf")
    return count.low <= high


def _same_count_group(value: Headcount, count: Count) -> Group | None:
    for group in value.groups:
        if group.count.agrees(count):
            return group
    return None


def _pair(first: Group, second: Group, first_is_left: bool) -> str:
    left, right = (first, second) if first_is_left else (second, first)
    return f"{left.category} vs {right.category}"


def _breakdown_conflict(x: Headcount, y: Headcount, tax: Taxonomy, swap: bool = False) -> Conflict | None:
    """Can every group of x be found among y's people? If not, name the mismatch."""
    for group in x.groups:
        capacity = _capacity(y, group.category, tax)
        if capacity is not None and _fits(group.count, capacity):
            continue
        unmatched = [g for g in y.groups if _capacity(x, g.category, tax) is None]
        other = next((g for g in unmatched if g.count.agrees(group.count)), unmatched[0] if unmatched else None)
        if other is None:
            return Conflict("category", f"{x.display()} vs {y.display()}" if not swap
                            else f"{y.display()} vs {x.display()}")
        pair = f"{other.category} vs {group.category}" if swap else f"{group.category} vs {other.category}"
        if other.count.agrees(group.count):
            return Conflict("category", f"{pair} for the same {group.count.display()}")
        return Conflict("category", f"{pair} ({group.count.display()} vs {other.count.display()})"
                        if not swap else f"{pair} ({other.count.display()} vs {group.count.display()})")
    return None

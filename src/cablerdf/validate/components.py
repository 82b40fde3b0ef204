"""The SHACL-Core constraint components of the compiled checker (:mod:`cablerdf.validate.checker`), as pyshacl 0.40
evaluates them (no inference, ``allow_warnings``): each compiles, once, into a closure that checks
all (focus node, value nodes) pairs of a shape and appends a :class:`~cablerdf.validate.checks.Hit` for
each validation result.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable, Sequence
from typing import Any

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef
from rdflib.namespace import RDF, RDFS, XSD
from rdflib.term import Node

from cablerdf.validate.batch import Batch, Term, is_string, key, lexical_form, rdflib_literal, well_typed
from cablerdf.validate.checks import SH, Check, Context, Hit, Pairs, Unsupported, Validator, data_text, ox_term, rdf
from cablerdf.validate.terms import XSD_STRING

# --- value type ---------------------------------------------------------------------------------------

def per_value(hit: Callable[[Batch, Term, Term | None], Hit], ok: Callable[[Term], bool]) -> Check:
    """A component that checks each value node on its own."""

    def check(batch: Batch, pairs: Pairs, out: list[Hit]) -> None:
        for focus, values in zip(*pairs, strict=True):
            for value in values:
                if not ok(value):
                    out.append(hit(batch, focus, value))
    return check


def class_check(ctx: Context) -> Check:
    rules = ctx.values("class")
    hit = ctx.hitter("Class", lambda *_: f"Value does not have class {ctx.text(rules[0])}" if len(rules) < 2 else
                     "Value class is not in classes ({})".format(", ".join(ctx.text(c) for c in rules)))
    wanted = [str(r) if isinstance(r, URIRef) else key(ox_term(r)) for r in rules]

    def check(batch: Batch, pairs: Pairs, out: list[Hit]) -> None:
        known, classes = batch.known_classes, batch.classes
        for rule in wanted:
            for focus, values in zip(*pairs, strict=True):
                for value in values:
                    kind = type(value)
                    if kind is ox.Literal:
                        out.append(hit(batch, focus, value))
                        continue
                    node = value.value if kind is ox.NamedNode else key(value)
                    if rule not in (known.get(node) or classes(node)):
                        out.append(hit(batch, focus, value))
    return check


RDFS_LITERAL, RDFS_DATATYPE, LANG = str(RDFS.Literal), str(RDFS.Datatype), str(RDF.langString)
LITERAL_KINDS: dict[str, Callable[[Term], bool]] = {  # datatypes pyshacl reads from rdflib's datatype and language
    LANG: lambda v: type(v) is ox.Literal and bool(v.language),
    RDFS_LITERAL: lambda v: type(v) is ox.Literal,
    RDFS_DATATYPE: lambda v: type(v) is ox.Literal and not is_string(v)}


def datatype_check(ctx: Context) -> Check:
    rule = ctx.one("datatype")
    hit = ctx.hitter("Datatype", lambda *_: f"Value is not Literal with datatype {ctx.text(rule)}")
    if str(rule) in LITERAL_KINDS:
        return per_value(hit, LITERAL_KINDS[str(rule)])
    wanted = ox.NamedNode(str(rule))
    string = str(rule) == XSD_STRING  # a plain literal: no more to check

    def check(batch: Batch, pairs: Pairs, out: list[Hit]) -> None:  # the common cases, inlined
        for focus, values in zip(*pairs, strict=True):
            for value in values:
                if type(value) is not ox.Literal or value.datatype != wanted or not (string or well_typed(value)):
                    out.append(hit(batch, focus, value))
    return check


KINDS: dict[str, tuple[type, ...]] = {
    "IRI": (ox.NamedNode,), "BlankNode": (ox.BlankNode,), "Literal": (ox.Literal,),
    "BlankNodeOrIRI": (ox.BlankNode, ox.NamedNode), "BlankNodeOrLiteral": (ox.BlankNode, ox.Literal),
    "IRIOrLiteral": (ox.NamedNode, ox.Literal)}


def node_kind_check(ctx: Context) -> Check:
    rule = ctx.one("nodeKind")
    kinds = KINDS.get(str(rule)[len(SH):]) if str(rule).startswith(SH) else None
    if kinds is None:
        raise Unsupported(f"{ctx.node}: unknown sh:nodeKind {rule}")
    hit = ctx.hitter("NodeKind", lambda *_: f"Value is not of Node Kind {ctx.text(rule)}")

    def check(batch: Batch, pairs: Pairs, out: list[Hit]) -> None:
        for focus, values in zip(*pairs, strict=True):
            for value in values:
                if type(value) not in kinds:
                    out.append(hit(batch, focus, value))
    return check


# --- cardinality ------------------------------------------------------------------------------------

def count_limit(ctx: Context, name: str) -> int | None:
    rules = ctx.values(name)
    if not rules:
        return None
    rule = rules[0]
    if len(rules) > 1 or ctx.info.path_node is None or not isinstance(rule, Literal) or rule.datatype != XSD.integer:
        raise Unsupported(f"{ctx.node}: sh:{name} needs a property shape and one xsd:integer")
    return int(rule.toPython())


def count_check(ctx: Context) -> Check:
    """sh:minCount and sh:maxCount of a shape, in one pass."""
    low, high = count_limit(ctx, "minCount"), count_limit(ctx, "maxCount")
    path = ctx.info.path_node or URIRef("")
    too_few = ctx.hitter("MinCount", lambda b, f, _: f"Less than {low} values on {data_text(b, f)}->{ctx.text(path)}")
    too_many = ctx.hitter("MaxCount", lambda b, f, _: f"More than {high} values on {data_text(b, f)}->{ctx.text(path)}")
    least, most = low or 0, -1 if high is None else high

    def check(batch: Batch, pairs: Pairs, out: list[Hit]) -> None:
        sizes = list(map(len, pairs[1]))
        if (low is None or min(sizes, default=least) >= least) and (high is None or max(sizes, default=0) <= most):
            return  # the common case, found at C speed
        for focus, size in zip(pairs[0], sizes, strict=True):
            if size < least:
                out.append(too_few(batch, focus, None))
            if 0 <= most < size:
                out.append(too_many(batch, focus, None))
    return check


# --- string-based -----------------------------------------------------------------------------------

def pattern_check(ctx: Context) -> Check:
    rules = ctx.values("pattern")
    flags_found = ctx.values("flags")
    flags = str(flags_found[0]).lower() if flags_found else ""
    re_flags = (re.I if "i" in flags else 0) | (re.M if "m" in flags else 0)
    patterns = [re.compile(str(p), re_flags) for p in rules]
    generic = f"Value does not match pattern '{rules[0]}'" if len(rules) < 2 else \
        "Value does not match every pattern in ('{}')".format("', '".join(str(p) for p in rules))
    hit = ctx.hitter("Pattern", lambda *_: generic)  # (no pyshacl text needed)

    def check(batch: Batch, pairs: Pairs, out: list[Hit]) -> None:
        for pattern in patterns:
            search = pattern.search
            for focus, values in zip(*pairs, strict=True):
                for value in values:
                    text = value.value if type(value) is ox.NamedNode else lexical_form(value)
                    if text is None or not search(text):
                        out.append(hit(batch, focus, value))
    return check


# --- other ------------------------------------------------------------------------------------------

def in_check(ctx: Context) -> Check:
    members: set[Node] = set()
    for item in ctx.graph.items(ctx.one("in")):
        members.add(item)  # in pyshacl's order, for its message
    keys = {key(ox_term(m)) for m in members}
    hit = ctx.hitter("In", lambda b, _, v: f"Value {data_text(b, v)} not in list {[ctx.text(m) for m in members]}")

    def check(batch: Batch, pairs: Pairs, out: list[Hit]) -> None:
        for focus, values in zip(*pairs, strict=True):
            for value in values:
                if (value.value if type(value) is ox.NamedNode else key(value)) not in keys:
                    out.append(hit(batch, focus, value))
    return check


def has_value_check(ctx: Context) -> Check:
    wanted = set(ctx.values("hasValue"))
    path = ctx.info.path_node

    def generic(batch: Batch, focus: Term, _value: Term | None) -> str:
        listed = [ctx.text(w) for w in wanted]
        if path is None:
            return f"Node {data_text(batch, focus)} value is not a in the set of values: {listed}"
        return f"Node {data_text(batch, focus)}->{ctx.text(path)} does not contain a value in the set: {listed}"
    hit = ctx.hitter("HasValue", generic)
    keys = [key(ox_term(w)) for w in wanted]

    def check(batch: Batch, pairs: Pairs, out: list[Hit]) -> None:
        for wanted_key in keys:
            for focus, values in zip(*pairs, strict=True):
                if not any((v.value if type(v) is ox.NamedNode else key(v)) == wanted_key for v in values):
                    out.append(hit(batch, focus, None))
    return check


# --- property pairs ----------------------------------------------------------------------------------

def pair_predicates(ctx: Context, name: str) -> tuple[list[str], Callable[[], str]]:
    """The predicates to compare with, and their text for a generic message."""
    found = list(set(ctx.values(name)))
    if not all(isinstance(p, URIRef) for p in found):
        raise Unsupported(f"{ctx.node}: sh:{name} must be an IRI")
    return [str(p) for p in found], lambda: ", ".join(ctx.text(p) for p in found)


def equals_check(ctx: Context) -> Check:
    predicates, listed = pair_predicates(ctx, "equals")
    hit = ctx.hitter("Equals", lambda b, f, v: f"Value of {data_text(b, f)}->{listed()} != {data_text(b, v)}")

    def check(batch: Batch, pairs: Pairs, out: list[Hit]) -> None:
        for predicate in predicates:
            others = batch.objects.get(predicate, {})
            for focus, values in zip(*pairs, strict=True):
                other: Sequence[Term] = others.get(focus.value if type(focus) is ox.NamedNode else key(focus), ())
                if len(values) == len(other) and (not values or (len(values) == 1 and values[0] == other[0])):
                    continue  # the common cases: none, or the same one
                mine = {key(v): v for v in values}
                theirs = {key(v): v for v in other}
                for k, value in (*mine.items(), *theirs.items()):
                    if (k in mine) != (k in theirs):
                        out.append(hit(batch, focus, value))
    return check


def comparable(node: Node) -> Any:
    """What pyshacl compares for sh:lessThan(OrEquals): strings for IRIs and string literals."""
    if isinstance(node, BNode):
        raise ValueError("sh:lessThan and sh:lessThanOrEquals cannot compare a blank node")
    if isinstance(node, URIRef) or (isinstance(node, Literal) and isinstance(node.value, str)):
        return str(node) if isinstance(node, URIRef) else node.value
    return node


def less_check(ctx: Context, name: str) -> Check:
    predicates, listed = pair_predicates(ctx, name)
    strict = name == "lessThan"
    sign = "<=" if strict else "<"
    hit = ctx.hitter(name[0].upper() + name[1:],
                     lambda b, f, v: f"Value of {data_text(b, f)}->{listed()} {sign} {data_text(b, v)}")

    memo: dict[tuple[Term, Term], bool] = {}

    def fails(value: Term, other: Term) -> bool:
        found = memo.get((value, other))
        if found is None:
            mine, theirs = comparable(rdf(value)), comparable(rdf(other))
            found = isinstance(mine, str) != isinstance(theirs, str) or \
                not (mine < theirs if strict else mine <= theirs)
            if len(memo) > 100_000:
                memo.clear()
            memo[(value, other)] = found
        return found

    def check(batch: Batch, pairs: Pairs, out: list[Hit]) -> None:
        for predicate in predicates:
            others = batch.objects.get(predicate, {})
            for focus, values in zip(*pairs, strict=True):
                if not values:
                    continue
                compared = others.get(key(focus), ())
                for value in values:
                    if type(value) is ox.BlankNode:  # pyshacl refuses it, compared or not
                        comparable(rdf(value))
                    for other in compared:
                        if fails(value, other):
                            out.append(hit(batch, focus, value))
    return check


def compare_literal(l1: Literal, l2: Literal) -> int:
    """pyshacl's ``compare_literal``."""
    if l1.eq(l2):
        return 0
    if l1.value.__class__ in (datetime.datetime, datetime.time):
        if l1.value == l2.value:
            return 0
        if l1.value > l2.value:
            return 1
    elif l1 > l2:
        return 1
    return -1


RANGES: dict[str, tuple[str, Callable[[int], bool]]] = {
    "minInclusive": (">=", lambda c: c >= 0), "minExclusive": (">", lambda c: c > 0),
    "maxInclusive": ("<=", lambda c: c <= 0), "maxExclusive": ("<", lambda c: c < 0)}


def range_check(ctx: Context, name: str) -> Check:
    rules = ctx.values(name)
    if not all(isinstance(r, Literal) for r in rules):
        raise Unsupported(f"{ctx.node}: sh:{name} must be a literal")
    sign, accept = RANGES[name]
    hit = ctx.hitter(name[0].upper() + name[1:], lambda *_: f"Value is not {sign} {ctx.text(rules[0])}"
                     if len(rules) < 2 else "Value is not {} in ({})".format(sign, ", ".join(map(ctx.text, rules))))
    memos: dict[Literal, dict[ox.Literal, bool]] = {rule: {} for rule in rules}  # type: ignore[misc]

    def ok(value: Term, rule: Literal) -> bool:
        if type(value) is not ox.Literal:
            return False
        memo = memos[rule]
        found = memo.get(value)
        if found is None:
            literal = rdflib_literal(value)
            try:
                found = isinstance(literal.value, str) == isinstance(rule.value, str) and \
                    bool(accept(compare_literal(literal, rule)))
            except (TypeError, NotImplementedError):
                found = False
            if len(memo) > 100_000:
                memo.clear()
            memo[value] = found
        return found

    def check(batch: Batch, pairs: Pairs, out: list[Hit]) -> None:
        for rule in rules:
            for focus, values in zip(*pairs, strict=True):
                for value in values:
                    if not ok(value, rule):  # type: ignore[arg-type]
                        out.append(hit(batch, focus, value))
    return check


# --- shape-based ------------------------------------------------------------------------------------

def alone(batch: Batch, validator: Validator, value: Term, out: list[Hit]) -> bool:
    return validator(batch, {key(value): value}, out)


def or_check(ctx: Context) -> Check:
    lists = ctx.values("or")
    members = [[ctx.nested(m) for m in set(ctx.graph.items(lst))] for lst in lists]
    if not all(members):
        raise Unsupported(f"{ctx.node}: sh:or needs a non-empty list")

    def generic(batch: Batch, _focus: Term, value: Term | None) -> str:
        texts = [" , ".join(ctx.text(m) for m in ctx.graph.items(lst)) for lst in lists]
        listed = texts[0] if len(texts) < 2 else " and ".join(f"({t})" for t in texts)
        return f"Node {data_text(batch, value)} must conform to one or more shapes in {listed}"
    hit = ctx.hitter("Or", generic)

    def check(batch: Batch, pairs: Pairs, out: list[Hit]) -> None:
        for validators in members:
            for focus, values in zip(*pairs, strict=True):
                for value in values:
                    if not any(alone(batch, v, value, []) for v in validators):
                        out.append(hit(batch, focus, value))
    return check


def node_check(ctx: Context) -> Check:
    shapes = ctx.values("node")
    validators = [ctx.nested(s) for s in shapes]

    def generic(*_: object) -> str:
        if len(shapes) < 2:
            return f"Value does not conform to Shape {ctx.text(shapes[0])}. See details for more information."
        listed = "', '".join(map(ctx.text, shapes))
        return f"Value must conform to every Shape in ('{listed}'). See details for more information."
    hit = ctx.hitter("Node", generic)

    def check(batch: Batch, pairs: Pairs, out: list[Hit]) -> None:
        for validator in validators:
            for focus, values in zip(*pairs, strict=True):
                for value in values:
                    details: list[Hit] = []
                    if not alone(batch, validator, value, details) or details:
                        out.append(hit(batch, focus, value))
                        out.extend(details)  # pyshacl's sh:detail results are results of the report too
    return check


def property_check(ctx: Context) -> Check:
    validators = [ctx.nested(s) for s in ctx.values("property")]

    def check(batch: Batch, pairs: Pairs, out: list[Hit]) -> None:
        for validator in validators:
            for values in pairs[1]:
                for value in values:
                    alone(batch, validator, value, out)
    return check


SIMPLE: dict[str, Callable[[Context], Check]] = {
    "class": class_check, "datatype": datatype_check, "nodeKind": node_kind_check, "pattern": pattern_check,
    "in": in_check, "hasValue": has_value_check, "equals": equals_check, "or": or_check, "node": node_check,
    "property": property_check,
    "minCount": count_check, "maxCount": count_check,  # one check for both (the checker compiles it once)
    **{name: (lambda n: lambda ctx: less_check(ctx, n))(name) for name in ("lessThan", "lessThanOrEquals")},
    **{name: (lambda n: lambda ctx: range_check(ctx, n))(name) for name in RANGES},
}

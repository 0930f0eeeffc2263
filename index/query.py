"""An engine-neutral query tree; `search/` builds it, each engine translates it."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Term:
    field: str
    value: str | int


@dataclass
class Phrase:
    field: str
    tokens: list[str]


@dataclass
class Range:
    field: str  # an integer field
    lo: int | None = None
    hi: int | None = None


@dataclass
class And:
    children: list[Node] = field(default_factory=list)


@dataclass
class Or:
    children: list[Node] = field(default_factory=list)


@dataclass
class Not:
    child: Node


@dataclass
class Boost:
    child: Node
    factor: float


@dataclass
class All:
    pass


@dataclass
class IdIn:
    """Documents with one of these ids, scoring nothing (restricts a re-scoring query)."""

    ids: list[int]


Node = Term | Phrase | Range | And | Or | Not | Boost | All | IdIn


def phrase_or_term(field_name: str, tokens: list[str]) -> Node:
    return Term(field_name, tokens[0]) if len(tokens) == 1 else Phrase(field_name, tokens)

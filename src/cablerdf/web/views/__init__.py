"""One module per URL family, each with a Flask blueprint ``bp``; :data:`BLUEPRINTS` is what
``create_app`` registers (a new page: its module, its template, and a line here)."""

from __future__ import annotations

from flask import Blueprint

from cablerdf.web.views import browse, dumps, health, home, ontology, query, resources, search, sparql, void

BLUEPRINTS: tuple[Blueprint, ...] = tuple(module.bp for module in (
    home, browse, search, query, sparql, resources, ontology, void, dumps, health))

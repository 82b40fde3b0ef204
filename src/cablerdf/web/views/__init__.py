"""One module per URL family, each with a Flask blueprint ``bp``, registered by ``create_app`` in
module-name order: a new page is its module and its template (and a read in :mod:`cablerdf.store.read`
when it shows something new)."""

from __future__ import annotations

import importlib
import pkgutil

from flask import Blueprint


def blueprints() -> list[Blueprint]:
    """The blueprint ``bp`` of every module of this package, in module-name order."""
    found = []
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda info: info.name):
        blueprint = vars(importlib.import_module(f"{__name__}.{info.name}")).get("bp")
        if isinstance(blueprint, Blueprint):
            found.append(blueprint)
    return found

"""Where the ontology, the SHACL shapes and the JSON-LD context are: every reader asks here.

There is one copy of each, in the checkout's top-level ``ontology/`` (``cablerdf.ttl``, ``schemes.ttl``,
``context.jsonld``) and ``shapes/`` (``core.ttl``, ``recommended.ttl``, ``info.ttl``) folders. A wheel
carries them as ``cablerdf/data/ontology/`` and ``cablerdf/data/shapes/`` (``force-include`` in
pyproject.toml); an editable install maps only ``src/`` into the environment, so there they are read
from the checkout the package was installed from.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

ONTOLOGY = "ontology"
SHAPES = "shapes"
CHECKOUT = Path(__file__).resolve().parents[2]
"""The checkout's root, when the package runs from ``src/`` (an editable install, or tests)."""


def data_file(folder: str, name: str) -> Path:
    """``folder/name`` (``folder``: :data:`ONTOLOGY` or :data:`SHAPES`): the installed copy inside the
    package when there is one, else the checkout's top-level file."""
    packaged = resources.files("cablerdf.data").joinpath(folder, name)
    if packaged.is_file():
        return Path(str(packaged))
    checkout = CHECKOUT / folder / name
    if checkout.is_file():
        return checkout
    raise FileNotFoundError(f"{folder}/{name} is neither in the installed package nor at {checkout}")


def ontology_file(name: str) -> Path:
    """A file of ``ontology/``: ``cablerdf.ttl``, ``schemes.ttl`` or ``context.jsonld``."""
    return data_file(ONTOLOGY, name)


def shapes_file(name: str) -> Path:
    """A file of ``shapes/``: ``core.ttl``, ``recommended.ttl`` or ``info.ttl``."""
    return data_file(SHAPES, name)


def context_path() -> Path:
    """The JSON-LD context document (``ontology/context.jsonld``)."""
    return ontology_file("context.jsonld")

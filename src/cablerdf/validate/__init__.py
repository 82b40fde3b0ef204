"""SHACL validation of the mapping's output with the shapes of ``shapes/`` (no inference).

The shapes (:mod:`.shapes`): ``core.ttl`` (Violations), ``recommended.ttl`` (Warnings), ``info.ttl`` (Infos).
:func:`validate_quads` validates a batch of cables' graphs merged into one data graph with the compiled
checker (:mod:`.checker`; the data indexed by :mod:`.batch`, the constraints compiled by :mod:`.components`
and :mod:`.sparql` with the parts of :mod:`.checks`); :func:`validate_quads_pyshacl` does it with pyshacl
(:mod:`.reference`, on the data graph of :mod:`.datagraph`), the reference the checker is tested against:
the same results, ten times slower. Both give a :class:`Report` of :class:`Result` values (:mod:`.report`).
:func:`validate_paths` (:mod:`.inputs`) parses, maps and validates inputs in batches in worker processes.

Layers, bottom up: terms; shapes, report, datagraph; batch; checks; components, sparql; checker, reference;
inputs. No module imports one above it, none imports the store, the web app or the commands.
"""

from __future__ import annotations

from cablerdf.validate.checker import Checker, Unsupported, default_checker, validate_graphs, validate_quads
from cablerdf.validate.inputs import unique_batches, validate_paths, validate_records
from cablerdf.validate.reference import validate_quads_pyshacl
from cablerdf.validate.report import SEVERITIES, Report, Result
from cablerdf.validate.shapes import shapes_graph, validation_shapes

__all__ = [
    "SEVERITIES",
    "Checker",
    "Report",
    "Result",
    "Unsupported",
    "default_checker",
    "shapes_graph",
    "unique_batches",
    "validate_graphs",
    "validate_paths",
    "validate_quads",
    "validate_quads_pyshacl",
    "validate_records",
    "validation_shapes",
]

"""The SPARQL protocols over HTTP, as a client: credentials in URLs, answers read by media type."""

from __future__ import annotations

import urllib.parse
import urllib.request

import pyoxigraph
from pyoxigraph import QueryBoolean, QueryResultsFormat, QuerySolutions, RdfFormat, Triple

from cablerdf.store.virtuoso import boolean, normalized

RESULTS = "application/sparql-results+json"
NTRIPLES = "application/n-triples"
UNREADABLE = frozenset({QueryResultsFormat.CSV})  # pyoxigraph writes CSV results, it does not read them


class RemoteError(OSError):
    """The remote store refused a request or could not be reached: the status and its message."""


def results_format(media_type: str) -> QueryResultsFormat | None:
    found = QueryResultsFormat.from_media_type(media_type)
    return None if found in UNREADABLE else found


def answer(body: bytes, media_type: str) -> QuerySolutions | QueryBoolean | list[Triple]:
    """A SPARQL answer parsed by its media type (JSON when a server names none that is known)."""
    results, graph = results_format(media_type), RdfFormat.from_media_type(media_type)
    if results == QueryResultsFormat.JSON or (results is None and graph is None and body.lstrip().startswith(b"{")):
        return pyoxigraph.parse_query_results(normalized(body), format=QueryResultsFormat.JSON)
    if results is not None:
        return pyoxigraph.parse_query_results(body, format=results)
    if graph is not None:
        triples = [quad.triple for quad in pyoxigraph.parse(body, format=graph)]
        return [Triple(t.subject, t.predicate, boolean(t.object)) for t in triples]
    raise RemoteError(f"the remote store answered in {media_type}, which cablerdf does not read")


def strip_credentials(url: str) -> str:
    parts = urllib.parse.urlsplit(url)
    if parts.username is None:
        return url
    netloc = (parts.hostname or "") + (f":{parts.port}" if parts.port else "")
    return urllib.parse.urlunsplit((parts.scheme, netloc, parts.path, parts.query, parts.fragment))


def opener_for(*urls: str | None) -> urllib.request.OpenerDirector:
    """An opener answering Basic and Digest challenges with the credentials found in the URLs."""
    passwords = urllib.request.HTTPPasswordMgrWithDefaultRealm()
    for url in urls:
        parts = urllib.parse.urlsplit(url or "")
        if parts.username is not None:
            passwords.add_password(None, strip_credentials(url or ""), urllib.parse.unquote(parts.username),
                                   urllib.parse.unquote(parts.password or ""))
    return urllib.request.build_opener(urllib.request.HTTPBasicAuthHandler(passwords),
                                       urllib.request.HTTPDigestAuthHandler(passwords))


def is_remote(location: str) -> bool:
    return location.startswith(("http://", "https://"))

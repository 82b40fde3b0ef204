"""The SPARQL 1.1 endpoint's parts: :mod:`.protocol` (what a request asks for, how it is evaluated),
:mod:`.results` (result formats and their writers), :mod:`.description` (the service description).
The view that ties them together is :mod:`cablerdf.web.views.sparql`.
"""

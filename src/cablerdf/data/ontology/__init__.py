"""The ontology and the concept schemes (copies of ontology/*.ttl)."""

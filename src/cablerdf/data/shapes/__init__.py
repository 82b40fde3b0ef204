"""The SHACL shapes (copies of shapes/*.ttl, kept identical by a test)."""

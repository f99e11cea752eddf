"""Registry packages the default gazetteer is built from, one module a source."""

"""The register description itself: base types, model, store mapping, checks, TOML positions,
loading, JSON Schema, starter and structural diff."""

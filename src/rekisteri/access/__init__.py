"""Subject access: the read-only store, identification, collection and the bundle."""

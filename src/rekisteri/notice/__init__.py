"""The privacy notice: sections and render, publish, version archive and JSON-LD."""

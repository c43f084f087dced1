"""The internal site: pages generated from the records (pure functions) and the MkDocs plugin."""

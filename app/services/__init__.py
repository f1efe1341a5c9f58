"""Plain typed functions over a session: no HTTP types here."""

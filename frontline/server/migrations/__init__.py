"""Alembic migrations of the server database (run by `frontline.server.migrate`)."""

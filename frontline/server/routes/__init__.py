"""HTTP routes: thin, they parse, authorise and call plain functions."""

"""Frontline: frontline staff record what customers tell them; it reaches the people who decide."""

__version__ = "0.1.0"

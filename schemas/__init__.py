"""Pydantic models: the one definition of a film record."""

from schemas.film import Film, Role, describe

__all__ = ["Film", "Role", "describe"]

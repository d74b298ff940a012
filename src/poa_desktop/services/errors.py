"""The errors services raise (defined in the domain layer so every layer can use them)."""

from poa_desktop.domain.errors import (
    DatabaseVersionError,
    NotFoundError,
    UserError,
    ValidationError,
)

__all__ = ["DatabaseVersionError", "NotFoundError", "UserError", "ValidationError"]

"""The errors services raise (defined in the domain layer so every layer can use them)."""

from poa_desktop.domain.errors import (
    ConflictError,
    DatabaseVersionError,
    FieldError,
    InUseError,
    NotFoundError,
    UserError,
    ValidationError,
)

__all__ = [
    "ConflictError",
    "DatabaseVersionError",
    "FieldError",
    "InUseError",
    "NotFoundError",
    "UserError",
    "ValidationError",
]

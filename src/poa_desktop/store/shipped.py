"""The shipped plan: read the reviewable TOML file as a plan document."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

from poa_desktop.domain.errors import UserError
from poa_desktop.resource_paths import shipped_plan_path


def read_plan_toml(path: Path | None = None) -> dict[str, Any]:
    """The raw document in a TOML plan file (validated later by ``parse_document``)."""
    path = path or shipped_plan_path()
    try:
        with path.open("rb") as stream:
            return tomllib.load(stream)
    except FileNotFoundError:
        raise UserError(f"{path}: the plan file is missing from this installation.") from None
    except tomllib.TOMLDecodeError as error:
        raise UserError(f"{path}: not a valid TOML plan file ({error}).") from None

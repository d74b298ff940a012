"""Where the app's shipped files (the default plan, icons) live.

In a wheel they are packaged as ``poa_desktop/resources``; in a source checkout or an
editable install they are the repository's top-level ``resources/`` folder.
"""

from __future__ import annotations

from pathlib import Path


def resources_dir() -> Path:
    packaged = Path(__file__).with_name("resources")
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[2] / "resources"


def shipped_plan_path() -> Path:
    """The built-in default plan: the ILO social security plan of action 2011–19."""
    return resources_dir() / "plans" / "ilo-social-security-2011-19.toml"

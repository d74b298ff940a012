"""poa-desktop: keep a multi-year, multi-agency plan of action current."""

__version__ = "0.1.0"

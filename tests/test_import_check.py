"""The cheaper PySide6 import check gives PySide6's own answers."""

from __future__ import annotations

import importlib
import sys

import PySide6.QtCore  # noqa: F401 - installs PySide6's import hook and its check

from poa_desktop.ui.import_check import check_imports_cheaply


def test_the_cheaper_check_answers_as_pyside6_does() -> None:
    feature = sys.modules["shibokensupport.feature"]
    assert check_imports_cheaply()
    cheaper = feature._mod_uses_pyside
    assert check_imports_cheaply() and feature._mod_uses_pyside is cheaper  # installed once
    original = cheaper.__wrapped__
    assert not hasattr(original, "__wrapped__")
    names = [
        "poa_desktop.ui.main_window",  # uses PySide6
        "poa_desktop.domain.records",  # does not
        "json",  # a plain module of the standard library
        "_sqlite3",  # compiled
        "sys",  # built in
        "PySide6.QtCore",
    ]
    answers = {name: cheaper(importlib.import_module(name)) for name in names}
    assert answers["poa_desktop.ui.main_window"] is True
    assert not any(answers[name] for name in names[1:5])
    assert answers == {name: original(importlib.import_module(name)) for name in names}

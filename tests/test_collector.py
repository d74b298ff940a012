"""Python's cyclic collector around the app's start and its session-long imports."""

from __future__ import annotations

import gc

from poa_desktop.domain.collector import keep_what_lives, kept_all_session, pause_while_starting


def test_what_a_session_long_import_makes_is_kept_out_of_later_scans() -> None:
    assert gc.isenabled()
    seen: list[bool] = []

    @kept_all_session
    def import_views() -> list[dict[str, int]]:
        seen.append(gc.isenabled())
        return [{"row": number} for number in range(1000)]

    frozen = gc.get_freeze_count()
    try:
        made = import_views()
        assert seen == [False]  # no scan while importing (it held the interpreter)
        assert gc.isenabled()
        assert gc.get_freeze_count() >= frozen + len(made)
    finally:
        gc.unfreeze()


def test_the_start_pauses_the_collector_until_what_lives_is_kept() -> None:
    try:
        pause_while_starting()
        assert not gc.isenabled()
        keep_what_lives()
        assert gc.isenabled() and gc.get_freeze_count() > 0
    finally:
        gc.enable()
        gc.unfreeze()

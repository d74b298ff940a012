"""The Qt (PySide6) desktop interface.

Widgets and models here read the plan only through the plain records of
``poa_desktop.domain.records`` handed out by a service; they never touch the database.
"""

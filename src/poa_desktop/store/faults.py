"""What the database's own failures mean for a user: disk full, read-only, locked.

SQLite reports these as ``OperationalError`` text; the app turns them into a sentence that
says what happened, that nothing half-saved was left behind, and what to do.
"""

from __future__ import annotations

import os
from pathlib import Path

from sqlalchemy.exc import DBAPIError

from poa_desktop.domain.errors import UserError

#: (SQLite's words, what we tell the user)
FAULTS = (
    (
        "database or disk is full",
        "The disk is full, so your last change was not saved; everything saved before is "
        "intact. Free some space and try again.",
    ),
    (
        "readonly database",
        "The database cannot be written (the file or its folder is read-only); your last "
        "change was not saved. Check the file's permissions or open a copy elsewhere.",
    ),
    (
        "database is locked",
        "The database is locked by another program or another copy of poa-desktop; your "
        "last change was not saved. Close the other program and try again.",
    ),
    (
        "unable to open database file",
        "The database file cannot be opened (a missing folder, no permission, or a removed drive).",
    ),
    (
        "disk i/o error",
        "The disk reported an error while saving; your last change was not saved and "
        "everything saved before is intact. Check the drive, then try again.",
    ),
)

NETWORK_FILESYSTEMS = (
    "nfs", "nfs4", "cifs", "smb3", "smbfs", "afs", "davfs", "fuse.sshfs", "fuse.rclone",
    "fuse.s3fs", "fuse.gcsfuse",
)  # fmt: skip
SYNCED_FOLDERS = ("dropbox", "onedrive", "google drive", "googledrive", "icloud", "nextcloud",
                  "owncloud", "box sync", "pcloud", "mega")  # fmt: skip


def readable_fault(error: DBAPIError) -> UserError | None:
    """The user's sentence for a database failure we understand, else None."""
    text = str(error.orig if error.orig is not None else error).lower()
    for words, message in FAULTS:
        if words in text:
            return UserError(message)
    return None


def storage_warning(path: Path, mounts: Path = Path("/proc/mounts")) -> str | None:
    """A warning when the database lives on a network or cloud-synchronised folder:
    SQLite's write-ahead log needs every writer on one host, and sync tools copy files
    mid-write."""
    resolved = path.expanduser().resolve()
    lowered = str(resolved).lower()
    for name in SYNCED_FOLDERS:
        if f"{os.sep}{name}" in lowered:
            return (
                f"{resolved} is in a cloud-synchronised folder. Keep the database on this "
                "computer's own disk and back it up instead: synchronisation can copy it "
                "half-written or fork it between computers."
            )
    try:
        entries = [line.split() for line in mounts.read_text().splitlines()]
    except OSError:
        return None
    best = ("", "")
    for fields in entries:
        if (
            len(fields) >= 3
            and str(resolved).startswith(fields[1])
            and len(fields[1]) > len(best[0])
        ):
            best = (fields[1], fields[2])
    if best[1] in NETWORK_FILESYSTEMS:
        return (
            f"{resolved} is on a network drive ({best[1]}). SQLite needs the database on "
            "one computer's own disk; two computers writing it over a network can corrupt it."
        )
    return None

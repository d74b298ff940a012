"""Checks on an untrusted workbook before openpyxl opens anything.

A coordinator's .xlsx comes from outside: it may be no workbook at all, a damaged one, or a
hostile one (a zip bomb, an archive that lies about its sizes, XML with entity declarations,
a sheet of millions of cells). :func:`check_workbook` looks at the archive with the standard
library, reading every member through a byte cap, parses the few XML parts it must inspect
with defusedxml, checks that every XML part is well-formed as it streams past (expat, no
DTD), and refuses with a plain :class:`UserError` naming the part (and the sheet) in well
under two seconds and bounded memory. Only then does the reader hand the file to openpyxl
(which itself parses through defusedxml: :func:`require_defusedxml`).
"""

from __future__ import annotations

import copy
import posixpath
import re
import struct
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from poa_desktop.domain.errors import UserError

MAX_FILE_BYTES = 64 * 1024 * 1024
MAX_MEMBERS = 1_000
MAX_MEMBER_BYTES = 16 * 1024 * 1024  # unpacked; a review pack's largest part is < 1 MB
MAX_TOTAL_BYTES = 96 * 1024 * 1024
MAX_RATIO = 100  # unpacked : packed, for members over RATIO_FLOOR bytes
RATIO_FLOOR = 1024 * 1024
MAX_XML_PART = 4 * 1024 * 1024  # the structural parts parsed here
#: Most cells one sheet may hold: the Timeline of a 5,000-activity portfolio (10,000 means
#: of action) has about 154,000 and its shared strings number 57,000; what is far beyond
#: is refused before openpyxl reads a cell.
MAX_SHEET_CELLS = 400_000
MAX_SHARED_STRINGS = 400_000
MAX_STYLES = 20_000
CHUNK = 64 * 1024

REQUIRED_PARTS = ("[Content_Types].xml", "xl/workbook.xml")
WORKBOOK_TYPES = {
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.template.main+xml",
    "application/vnd.ms-excel.sheet.macroEnabled.main+xml",
}
MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PACKAGE_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
CONTENT_TYPES_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
OLE_MAGIC = bytes.fromhex("d0cf11e0a1b11ae1")

_DTD = re.compile(rb"<!DOCTYPE|<!ENTITY", re.IGNORECASE)
_CONTROL = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_CELL = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?c[\s/>]")
_SHARED_STRING = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?si[\s/>]")
_STYLE = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?xf[\s/>]")
_XML_SUFFIXES = (".xml", ".rels", ".vml")
#: Parts checked to be well-formed while they stream (legacy VML often is not, and openpyxl
#: does not read it).
_WELL_FORMED_SUFFIXES = (".xml", ".rels")
_ENCRYPTED, _PATCHED_DATA, _STRONG_ENCRYPTION = 0x1, 0x20, 0x40
#: What zipfile and zlib raise on a damaged archive (zipfile refuses a few features with
#: NotImplementedError or RuntimeError, a lying header with struct.error).
_ZIP_ERRORS = (
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    zlib.error,
    EOFError,
    OSError,
    ValueError,
    RuntimeError,  # NotImplementedError too
    struct.error,
)


@dataclass(frozen=True, slots=True)
class WorkbookSummary:
    """What the checks learnt: the sheets by name (in workbook order) with their parts."""

    sheets: tuple[str, ...]
    parts: dict[str, str]  # sheet name -> archive member
    members: int
    unpacked_bytes: int


def require_defusedxml() -> None:
    """openpyxl parses through defusedxml only when it is installed; refuse otherwise."""
    import openpyxl
    import openpyxl.xml

    if not (openpyxl.DEFUSEDXML and openpyxl.xml.DEFUSEDXML):
        raise UserError(
            "Reading workbooks needs the defusedxml package (it protects against hostile "
            "XML); install it and try again."
        )


def _size(count: int) -> str:
    return f"{count / (1024 * 1024):.1f} MB" if count >= 1024 * 1024 else f"{count:,} bytes"


def check_workbook(path: str | Path) -> WorkbookSummary:
    """Refuse, with a plain message, anything that is not a sound, reasonably sized .xlsx."""
    path = Path(path)
    name = path.name
    _check_file(path)
    try:
        archive = zipfile.ZipFile(path)
    except _ZIP_ERRORS as error:
        raise UserError(f"{name}: the workbook is damaged ({error}).") from None
    with archive:
        infos = _check_directory(archive, name)
        by_name = {info.filename: info for info in infos}
        types = _parse(archive, by_name["[Content_Types].xml"], name)
        _check_content_types(types, name)
        workbook = _parse(archive, by_name["xl/workbook.xml"], name)
        rels_name = "xl/_rels/workbook.xml.rels"
        rels = _parse(archive, by_name[rels_name], name) if rels_name in by_name else None
        sheets, parts = _sheets(workbook, rels, by_name, name)
        sheet_of = {member: title for title, member in parts.items()}
        unpacked = 0
        for info in infos:
            unpacked += _stream(archive, info, name, sheet=sheet_of.get(info.filename))
    return WorkbookSummary(tuple(sheets), parts, len(infos), unpacked)


def _check_file(path: Path) -> None:
    name = path.name
    try:
        if path.is_dir():
            raise UserError(f"{path}: is a folder, not a workbook.")
        size = path.stat().st_size
        with path.open("rb") as stream:
            head = stream.read(8)
    except FileNotFoundError:
        raise UserError(f"{path}: no such file.") from None
    except PermissionError:
        raise UserError(f"{path}: permission denied.") from None
    except OSError as error:
        raise UserError(f"{path}: cannot be read ({error.strerror}).") from None
    if size == 0:
        raise UserError(f"{name}: the file is empty; it is not a workbook.")
    if size > MAX_FILE_BYTES:
        raise UserError(
            f"{name}: {_size(size)} is too large for a review pack (at most "
            f"{_size(MAX_FILE_BYTES)})."
        )
    if head == OLE_MAGIC:
        raise UserError(
            f"{name}: this is an old-format (.xls) or password-protected workbook; save it "
            "as an Excel workbook (.xlsx) without a password and import that."
        )
    if not zipfile.is_zipfile(path):
        raise UserError(
            f"{name}: not an Excel workbook (.xlsx): the file is not a zip archive "
            "(is it a CSV or text file?)."
        )


def _check_directory(archive: zipfile.ZipFile, name: str) -> list[zipfile.ZipInfo]:
    infos = archive.infolist()
    if len(infos) > MAX_MEMBERS:
        raise UserError(
            f"{name}: the archive holds {len(infos):,} parts (a workbook has a few dozen; "
            f"at most {MAX_MEMBERS:,})."
        )
    seen: set[str] = set()
    total = 0
    for info in infos:
        member = info.filename
        if member in seen:
            raise UserError(f"{name}: the archive holds two parts named {member}; refused.")
        seen.add(member)
        if info.flag_bits & (_ENCRYPTED | _STRONG_ENCRYPTION):
            raise UserError(f"{name}: {member} is encrypted; save the workbook without a password.")
        if info.flag_bits & _PATCHED_DATA:
            raise UserError(
                f"{name}: {member} is stored as patch data, which workbooks do not use; refused."
            )
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise UserError(
                f"{name}: {member} uses a compression method workbooks do not use "
                f"({info.compress_type}); refused."
            )
        if info.file_size > MAX_MEMBER_BYTES:
            raise UserError(
                f"{name}: {member} unpacks to {_size(info.file_size)} (at most "
                f"{_size(MAX_MEMBER_BYTES)} per part); refused."
            )
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > RATIO_FLOOR and ratio > MAX_RATIO:
            raise UserError(
                f"{name}: {member} is compressed {ratio:,.0f} to 1 (at most {MAX_RATIO} to 1): "
                "it looks like a zip bomb; refused."
            )
        total += info.file_size
    if total > MAX_TOTAL_BYTES:
        raise UserError(
            f"{name}: the workbook unpacks to {_size(total)} (at most "
            f"{_size(MAX_TOTAL_BYTES)}); refused."
        )
    missing = [part for part in REQUIRED_PARTS if part not in seen]
    if missing:
        raise UserError(
            f"{name}: not an Excel workbook: the archive has no {' and no '.join(missing)}."
        )
    return infos


def _read_capped(archive: zipfile.ZipFile, info: zipfile.ZipInfo, name: str) -> Any:
    """Yield the member's bytes in chunks, refusing one that unpacks to more (or fewer)
    bytes than its directory entry declares; never more than the declared size plus one
    chunk is unpacked."""
    relaxed = copy.copy(info)
    relaxed.file_size = info.file_size + CHUNK  # let zipfile hand over what is really there
    count = 0
    try:
        with archive.open(relaxed) as stream:
            while True:
                chunk = stream.read(CHUNK)
                if not chunk:
                    break
                count += len(chunk)
                if count > info.file_size:
                    raise UserError(
                        f"{name}: {info.filename} declares {info.file_size:,} bytes but unpacks "
                        "to more: the archive lies about its sizes; refused."
                    )
                yield chunk
    except _ZIP_ERRORS as error:
        raise UserError(f"{name}: {info.filename} is damaged ({error}).") from None
    if count != info.file_size:
        raise UserError(
            f"{name}: {info.filename} declares {info.file_size:,} bytes but unpacks to "
            f"{count:,}: the archive lies about its sizes; refused."
        )


def _stream(
    archive: zipfile.ZipFile, info: zipfile.ZipInfo, name: str, *, sheet: str | None
) -> int:
    """Unpack one member through the cap, scanning XML for DTDs, control characters and
    (in sheets) the number of cells, and parsing it (no handlers: only well-formedness) so
    that a damaged part is named here rather than failing inside openpyxl; return its
    size."""
    from xml.parsers import expat

    member = info.filename
    lower = member.lower()
    is_xml = lower.endswith(_XML_SUFFIXES)
    parser = None
    if lower.endswith(_WELL_FORMED_SUFFIXES):
        parser = expat.ParserCreate(namespace_separator=" ")  # and every prefix bound
        parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    counter, limit, noun = None, 0, ""
    if sheet is not None:
        counter, limit, noun = _CELL, MAX_SHEET_CELLS, "cells"
    elif posixpath.basename(lower) == "sharedstrings.xml":
        counter, limit, noun = _SHARED_STRING, MAX_SHARED_STRINGS, "shared strings"
    elif posixpath.basename(lower) == "styles.xml":
        counter, limit, noun = _STYLE, MAX_STYLES, "cell styles"
    tail = b""
    count = offset = 0
    for chunk in _read_capped(archive, info, name):
        if is_xml:
            if offset == 0 and chunk[:2] in (b"\xff\xfe", b"\xfe\xff"):
                raise UserError(f"{name}: {member} is not UTF-8 XML; refused.")
            window = tail + chunk
            if _DTD.search(window):
                raise UserError(
                    f"{name}: {member} declares a DTD or XML entities (<!DOCTYPE/<!ENTITY>), "
                    "which workbooks never need (entity expansion and external entities "
                    "are refused)."
                )
            bad = _CONTROL.search(chunk)
            if bad:
                raise UserError(
                    f"{name}: {member} holds the control character "
                    f"U+{bad.group()[0]:04X} at byte {offset + bad.start():,}, which XML does "
                    "not allow: the workbook is damaged."
                )
            if counter is not None:
                count += sum(1 for match in counter.finditer(window) if match.end() > len(tail))
                if count > limit:
                    raise UserError(
                        f"{name}: {member} holds more than {limit:,} {noun}; a review pack has "
                        "far fewer. Refused."
                    )
            tail = window[-16:]
            if parser is not None:
                _feed(parser, chunk, False, name, member, sheet)
        offset += len(chunk)
    if parser is not None:
        _feed(parser, b"", True, name, member, sheet)
    return offset


def _feed(parser: Any, data: bytes, final: bool, name: str, member: str, sheet: str | None) -> None:
    from xml.parsers.expat import ExpatError

    try:
        parser.Parse(data, final)
    except (ExpatError, LookupError, ValueError) as error:  # LookupError: unknown encoding
        what = f"{member} (the sheet {sheet!r})" if sheet is not None else member
        raise UserError(
            f"{name}: {what} is not well-formed XML ({error}): the workbook is damaged."
        ) from None


def _parse(archive: zipfile.ZipFile, info: zipfile.ZipInfo, name: str) -> Any:
    """Parse a small structural part with defusedxml (no DTD, no entities)."""
    from xml.etree.ElementTree import ParseError

    from defusedxml import DefusedXmlException
    from defusedxml.ElementTree import fromstring

    if info.file_size > MAX_XML_PART:
        raise UserError(f"{name}: {info.filename} is {_size(info.file_size)}; refused.")
    data = b"".join(_read_capped(archive, info, name))
    try:
        return fromstring(data, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except DefusedXmlException as error:
        raise UserError(
            f"{name}: {info.filename} declares a DTD or XML entities, which workbooks never "
            f"need; refused ({type(error).__name__})."
        ) from None
    except (ParseError, LookupError, ValueError) as error:  # LookupError: unknown encoding
        raise UserError(f"{name}: {info.filename} is not well-formed XML ({error}).") from None


def _check_content_types(types: Any, name: str) -> None:
    overrides = {
        element.get("PartName", "").lstrip("/"): element.get("ContentType", "")
        for element in types.iter(f"{{{CONTENT_TYPES_NS}}}Override")
    }
    if overrides.get("xl/workbook.xml") not in WORKBOOK_TYPES:
        raise UserError(
            f"{name}: not an Excel workbook: [Content_Types].xml does not declare "
            "xl/workbook.xml as a workbook."
        )


def _sheets(
    workbook: Any, rels: Any, by_name: dict[str, zipfile.ZipInfo], name: str
) -> tuple[list[str], dict[str, str]]:
    targets: dict[str, str] = {}
    if rels is not None:
        for relation in rels.iter(f"{{{PACKAGE_REL_NS}}}Relationship"):
            target = relation.get("Target", "")
            if target.startswith("/"):
                member = target.lstrip("/")
            else:
                member = posixpath.normpath(posixpath.join("xl", target))
            targets[relation.get("Id", "")] = member
    names: list[str] = []
    parts: dict[str, str] = {}
    for sheet in workbook.iter(f"{{{MAIN_NS}}}sheet"):
        title = sheet.get("name", "")
        names.append(title)
        member = targets.get(sheet.get(f"{{{REL_NS}}}id", ""), "")
        if member not in by_name:
            where = f"its part {member} is" if member else "its relationship is"
            raise UserError(
                f"{name}: the workbook lists the sheet {title!r} but {where} missing from the "
                "archive: the workbook is damaged."
            )
        parts[title] = member
    if not names:
        raise UserError(f"{name}: the workbook has no sheets.")
    return names, parts

#!/usr/bin/env python3
"""Validates SARIF 2.1.0 log files against the vendored OASIS schema.

    python3 validate_sarif.py FILE.sarif [FILE.sarif ...]

Prints every schema error of every file as "FILE: JSON-PATH: message" and
exits 0 when every file is valid, 1 when any file has a schema error, and 2
when any file cannot be read or is not JSON (2 wins over 1).

Importable, for other Python tests:

    from validate_sarif import validate, validate_instance
    errors = validate("out.sarif")      # list[str]; [] means valid
    errors = validate_instance(log)      # same, for an already-parsed log

validate() raises SarifLoadError (a ValueError) when the file cannot be read
or is not JSON.

The schema (sarif-schema-2.1.0.json beside this file) is JSON Schema draft-04,
so this uses jsonschema.Draft4Validator with a FormatChecker. jsonschema
checks the "uri" and "uri-reference" formats only when an RFC 3987/3986
package is installed (Debian: python3-rfc3987) and "date-time" only with
rfc3339-validator; for any of those three formats that the installed
jsonschema cannot check, a small built-in checker stands in (see
FORMAT_SOURCES, or run with --formats).
"""

import datetime
import json
import os
import re
import sys

import jsonschema

SCHEMA_PATH = os.path.join(
    os.path.dirname(os.path.abspath(__file__)), "sarif-schema-2.1.0.json")

# format name -> "jsonschema" or "fallback": who checks it.
FORMAT_SOURCES = {}


class SarifLoadError(ValueError):
    """The file could not be read, or is not JSON."""


# --- fallback format checkers ---------------------------------------------
# Used only for formats the installed jsonschema cannot check itself.

# Characters RFC 3986 never allows unescaped in a URI reference.
_URI_BAD_CHAR = re.compile(r'[\x00-\x20\x7f<>"{}|\\^`]')
_URI_BAD_PCT = re.compile(r"%(?![0-9A-Fa-f]{2})")
_URI_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*\Z")


def _uri_chars_ok(value):
    return not _URI_BAD_CHAR.search(value) and not _URI_BAD_PCT.search(value)


def _fallback_uri(value):
    """RFC 3986 absolute URI: a scheme, ':', then legal characters."""
    if not isinstance(value, str):
        return True
    scheme, colon, _ = value.partition(":")
    return bool(colon) and bool(_URI_SCHEME.match(scheme)) and _uri_chars_ok(value)


def _fallback_uri_reference(value):
    """RFC 3986 URI or relative reference."""
    if not isinstance(value, str):
        return True
    if not _uri_chars_ok(value):
        return False
    # A ':' in the first path segment makes the part before it a scheme.
    first = re.split(r"[/?#]", value, maxsplit=1)[0]
    if ":" in first:
        return bool(_URI_SCHEME.match(first.partition(":")[0]))
    return True


_RFC3339 = re.compile(
    r"(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(\.\d+)?"
    r"([Zz]|[+-](\d{2}):(\d{2}))\Z")


def _fallback_date_time(value):
    """RFC 3339 date-time, e.g. 2026-12-01T14:18:44.123Z."""
    if not isinstance(value, str):
        return True
    m = _RFC3339.match(value)
    if not m:
        return False
    year, month, day, hour, minute, second = (int(g) for g in m.groups()[:6])
    if second > 60:  # 60: leap second
        return False
    try:
        datetime.datetime(year, month, day, hour, minute, min(second, 59))
    except ValueError:
        return False
    if m.group(9) is not None and (int(m.group(9)) > 23 or int(m.group(10)) > 59):
        return False
    return True


_FALLBACKS = {
    "uri": _fallback_uri,
    "uri-reference": _fallback_uri_reference,
    "date-time": _fallback_date_time,
}


def _format_checker():
    base = jsonschema.Draft4Validator.FORMAT_CHECKER
    checker = jsonschema.FormatChecker(())
    checker.checkers = dict(base.checkers)
    for name in checker.checkers:
        FORMAT_SOURCES[name] = "jsonschema"
    for name, func in _FALLBACKS.items():
        if name not in checker.checkers:
            checker.checks(name)(func)
            FORMAT_SOURCES[name] = "fallback"
    return checker


_validator = None


def _get_validator():
    global _validator
    if _validator is None:
        with open(SCHEMA_PATH, encoding="utf-8") as f:
            schema = json.load(f)
        jsonschema.Draft4Validator.check_schema(schema)
        _validator = jsonschema.Draft4Validator(
            schema, format_checker=_format_checker())
    return _validator


# --- validation -------------------------------------------------------------

_IDENT = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")


def json_path(path):
    """JSONPath-like text for a sequence of keys and indexes: $.runs[0].tool"""
    out = "$"
    for part in path:
        if isinstance(part, int):
            out += "[%d]" % part
        elif _IDENT.match(part):
            out += "." + part
        else:
            out += "[%s]" % json.dumps(part)
    return out


def _describe(error):
    text = "%s: %s" % (json_path(error.absolute_path), error.message)
    if error.context:
        # anyOf/oneOf: say why each alternative failed.
        seen = []
        for sub in sorted(error.context, key=lambda e: (list(e.schema_path), e.message)):
            line = "%s: %s" % (json_path(sub.absolute_path), sub.message)
            if line not in seen:
                seen.append(line)
        text += " [alternatives: %s]" % "; ".join(seen)
    return text


def validate_instance(instance):
    """Schema errors of an already-parsed SARIF log, as strings; [] if valid."""
    errors = _get_validator().iter_errors(instance)
    errors = sorted(errors, key=lambda e: ([str(p) for p in e.absolute_path],
                                           list(map(str, e.schema_path))))
    return [_describe(e) for e in errors]


def load(path):
    """Parses a SARIF file; raises SarifLoadError if unreadable or not JSON."""
    try:
        with open(path, encoding="utf-8") as f:
            return json.load(f)
    except (OSError, UnicodeDecodeError) as e:
        raise SarifLoadError("cannot read %s: %s" % (path, e)) from e
    except json.JSONDecodeError as e:
        raise SarifLoadError("%s is not JSON: %s" % (path, e)) from e


def validate(path):
    """Schema errors of the SARIF file at path, as strings; [] if valid.

    Raises SarifLoadError if the file cannot be read or is not JSON."""
    return validate_instance(load(path))


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    if argv and argv[0] == "--formats":
        _get_validator()
        for name in ("uri", "uri-reference", "date-time"):
            print("%s: %s" % (name, FORMAT_SOURCES.get(name, "unchecked")))
        return 0
    if not argv or argv[0] in ("-h", "--help"):
        print("usage: %s FILE.sarif [FILE.sarif ...]\n"
              "       %s --formats   (who checks uri/uri-reference/date-time)"
              % ((os.path.basename(sys.argv[0]),) * 2), file=sys.stderr)
        return 2 if not argv else 0
    status = 0
    for path in argv:
        try:
            errors = validate(path)
        except SarifLoadError as e:
            print("%s: error: %s" % (path, e), file=sys.stderr)
            status = 2
            continue
        for err in errors:
            print("%s: %s" % (path, err))
        if errors:
            print("%s: INVALID (%d error%s)" % (path, len(errors),
                                                 "" if len(errors) == 1 else "s"))
            status = max(status, 1)
        else:
            print("%s: valid" % path)
    return status


if __name__ == "__main__":
    sys.exit(main())

"""Keyed pseudonymisation of person references, as a DuckDB macro (set-based, no per-row Python).

person_key = HMAC-SHA-256(key, namespace || reference), hex. National IDs share one
namespace per country, so one person seen by two reporters is one person; a
reporter's own pseudonyms are namespaced by the reporter, so they never collide.
HMAC is spelled out with sha256 because DuckDB has no hmac function:
HMAC(K, m) = H((K ^ opad) || H((K ^ ipad) || m)).
"""

from __future__ import annotations

import hashlib
import hmac

import duckdb

BLOCK_SIZE = 64


def _pads(key: bytes) -> tuple[str, str]:
    if len(key) > BLOCK_SIZE:
        raise ValueError("hash keys longer than 64 bytes before calling (see Settings.pseudonym_key)")
    k = key.ljust(BLOCK_SIZE, b"\0")
    return bytes(b ^ 0x36 for b in k).hex(), bytes(b ^ 0x5C for b in k).hex()


def register_macros(con: duckdb.DuckDBPyConnection, key: bytes) -> None:
    """TEMP macros live only in this connection's memory: the key never reaches the warehouse file."""
    ipad, opad = _pads(key)
    con.execute(
        f"CREATE OR REPLACE TEMP MACRO hmac_sha256_hex(msg) AS "
        f"sha256(unhex('{opad}') || unhex(sha256(unhex('{ipad}') || encode(msg))))"
    )
    con.execute(
        """
        CREATE OR REPLACE TEMP MACRO person_key(kind, ref, reporter) AS hmac_sha256_hex(
            CASE kind
                WHEN 'no_id' THEN 'NO-ID:' || trim(ref)
                WHEN 'fi_id' THEN 'FI-ID:' || upper(trim(ref))
                ELSE 'PSEUDO:' || reporter || ':' || trim(ref)
            END)
        """
    )


class PseudonymKeyChanged(RuntimeError):
    """The key differs from the one the warehouse's pseudonyms were made with; nothing was ingested."""


def key_fingerprint(key: bytes) -> str:
    """What the warehouse keeps to recognise its key: an HMAC of a fixed text, from which the key cannot be had."""
    return hmac.new(key, b"guidestat pseudonym key fingerprint", hashlib.sha256).hexdigest()


def check_key(con: duckdb.DuckDBPyConnection, key: bytes) -> None:
    """Refuse a key other than the one this warehouse was built with: the same person would get another
    pseudonym, and every person counted since would count twice. The first ingest records the key's fingerprint."""
    con.execute("CREATE TABLE IF NOT EXISTS ingest.pseudonym_key (fingerprint VARCHAR NOT NULL)")
    recorded = con.execute("SELECT fingerprint FROM ingest.pseudonym_key").fetchall()
    if not recorded:
        con.execute("INSERT INTO ingest.pseudonym_key VALUES (?)", [key_fingerprint(key)])
    elif recorded[0][0] != key_fingerprint(key):
        raise PseudonymKeyChanged(
            "GUIDESTAT_PSEUDONYM_KEY is not the key this warehouse's pseudonyms were made with, so the same persons "
            "would be counted again as new ones; nothing was ingested. Set the original key again, or start a new "
            "warehouse (another GUIDESTAT_DATA_DIR) and deliver everything anew under the new key.")

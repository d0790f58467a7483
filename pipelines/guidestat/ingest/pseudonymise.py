"""Keyed pseudonymisation of person references, as a DuckDB macro (set-based, no per-row Python).

person_key = HMAC-SHA-256(key, namespace || reference), hex. National IDs share one
namespace per country, so one person seen by two reporters is one person; a
reporter's own pseudonyms are namespaced by the reporter, so they never collide.
HMAC is spelled out with sha256 because DuckDB has no hmac function:
HMAC(K, m) = H((K ^ opad) || H((K ^ ipad) || m)).
"""

from __future__ import annotations

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

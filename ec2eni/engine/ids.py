"""Resource ID syntax and the account's deterministic ID and MAC generator.

An ID is a prefix plus 1 to 17 lowercase hex digits (EC2 uses 8, legacy, or 17, but answered
NotFound, not Malformed, for `eni-0`). New IDs have 17 digits and come from the account's seed and
counter, both kept in the state file, so two fresh accounts given the same commands produce the same
IDs.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from typing import Any

from ec2eni.engine.errors import malformed
from ec2eni.engine.model import Account

_HEX = frozenset("0123456789abcdef")
MAX_ID_DIGITS = 17


def is_well_formed(kind: str, value: str) -> bool:
    """`kind-` followed by 1 to 17 lowercase hex digits.

    An attachment ID is never a well-formed interface ID, although both start with `eni-`: the rest
    of `eni-attach-...` is not hex.
    """
    prefix = kind + "-"
    if not value.startswith(prefix):
        return False
    digits = value[len(prefix) :]
    return 1 <= len(digits) <= MAX_ID_DIGITS and _HEX.issuperset(digits)


def check_id(kind: str, value: str) -> str:
    """Return `value`, or raise the kind's `...Malformed` error."""
    if not is_well_formed(kind, value):
        raise malformed(kind, value)
    return value


def _blake2b(data: bytes) -> Any:
    """BLAKE2b with a 9-byte digest. hashlib's blake2b is the `_blake2` module's own; importing
    hashlib first loads OpenSSL, about 3 ms of every command that makes an ID, for nothing."""
    try:
        from _blake2 import blake2b
    except ImportError:  # an interpreter built without it: hashlib has one of its own
        from hashlib import blake2b
    return blake2b(data, digest_size=9)


def _digest(seed: str, counter: int) -> bytes:
    return _blake2b(f"{seed}/{counter}".encode()).digest()  # type: ignore[no-any-return]


def derived_id(kind: str, source: str) -> str:
    """An ID of `kind` that depends only on `source` (another ID) and not on the counter: for IDs
    that records gained after they were made (a reservation, a DHCP options set), so adding them
    changes no other ID."""
    digest = _blake2b(f"derived/{kind}/{source}".encode()).hexdigest()
    return f"{kind}-{digest[:17]}"


class IdGenerator:
    """Deterministic IDs and MACs from a seed and a counter that only moves forward."""

    def __init__(self, seed: str, counter: int) -> None:
        self.seed = seed
        self.counter = counter

    def _next(self) -> bytes:
        self.counter += 1
        return _digest(self.seed, self.counter)

    def new_id(self, kind: str, taken: Callable[[str], bool]) -> str:
        while True:
            candidate = f"{kind}-{self._next().hex()[:17]}"
            if not taken(candidate):
                return candidate

    def new_mac(self, taken: Collection[str]) -> str:
        """A locally administered unicast MAC (first octet 02, 06, 0a or 0e), unique in `taken`."""
        while True:
            raw = self._next()
            first = (0x02, 0x06, 0x0A, 0x0E)[raw[0] & 3]
            mac = ":".join(f"{b:02x}" for b in (first, *raw[1:6]))
            if mac not in taken:
                return mac


def new_resource_id(account: Account, kind: str) -> str:
    """A fresh ID of `kind` from the account's generator (advances `account.counter`)."""
    generator = IdGenerator(account.seed, account.counter)
    resource_id = generator.new_id(kind, account.id_taken)
    account.counter = generator.counter
    return resource_id


def new_mac_address(account: Account) -> str:
    generator = IdGenerator(account.seed, account.counter)
    mac = generator.new_mac({eni.mac_address for eni in account.network_interfaces.values()})
    account.counter = generator.counter
    return mac

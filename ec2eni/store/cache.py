"""The parse cache: the account in a compact JSON form, keyed on the TOML file it came from.

Parsing TOML costs about 0.17 ms per interface record; this form loads in a small fraction of
that. Rows are positional, in each record class's field order, so they rebuild without per-field
checks: the cache is only ever written from an account that passed every invariant, its key
(size, mtime, ctime, inode, CRC-32 of the TOML bytes) ties it to exactly that file, and a CRC-32
of the rows text catches a cache damaged after it was written. Anything that does not fit is a
miss, never an error. JSON holds only data, so loading it cannot run code.

Layout: `[FORMAT,[key...],rows-crc,rows]`, written compactly so the rows text can be cut out and
checked before it is parsed.
"""

from __future__ import annotations

import errno
import json
import os
import re
import stat
import zlib
from typing import Any

from ec2eni.engine.model import (
    Account,
    Address,
    Attachment,
    Instance,
    NetworkInterface,
    SecurityGroup,
    Subnet,
    Vpc,
)

FORMAT = 5

_HEAD = re.compile(rb"\[(\d+),\[([\d,]*)\],(\d+),")


def _fields(record: Vpc | Subnet | SecurityGroup | Instance) -> list[Any]:
    return [getattr(record, name) for name in record.__slots__]


def _rows(account: Account) -> list[Any]:
    enis = []
    for e in account.network_interfaces.values():
        a = e.attachment
        enis.append(
            [
                e.id,
                e.subnet_id,
                e.mac_address,
                e.private_ip_address,
                e.secondary_private_ip_addresses,
                e.group_ids,
                e.description,
                e.source_dest_check,
                e.requester_managed,
                e.requester_id,
                e.interface_type,
                e.tags,
                None
                if a is None
                else [
                    a.id,
                    a.instance_id,
                    a.device_index,
                    a.delete_on_termination,
                    a.attach_time,
                    a.status,
                    a.since,
                ],
            ]
        )
    return [
        [
            account.region,
            account.owner_id,
            account.seed,
            account.counter,
            account.eni_quota,
            account.elastic_ip_quota,
            account.groups_per_interface,
            account.timing,
        ],
        # Few records each: all their fields, in declaration order (what the constructors take).
        [_fields(v) for v in account.vpcs.values()],
        [_fields(s) for s in account.subnets.values()],
        [_fields(g) for g in account.security_groups.values()],
        [_fields(i) for i in account.instances.values()],
        enis,
        [
            [
                d.allocation_id,
                d.public_ip,
                d.association_id,
                d.network_interface_id,
                d.private_ip_address,
                d.tags,
            ]
            for d in account.addresses.values()
        ],
    ]


def _account(rows: list[Any]) -> Account:
    top, vpcs, subnets, groups, instances, enis, addresses = rows
    account = Account(*top)
    account.vpcs = {r[0]: Vpc(*r) for r in vpcs}
    account.subnets = {r[0]: Subnet(*r) for r in subnets}
    account.security_groups = {r[0]: SecurityGroup(*r) for r in groups}
    account.instances = {r[0]: Instance(*r) for r in instances}
    table = account.network_interfaces
    for r in enis:
        a = r[12]
        eni = table[r[0]] = NetworkInterface(*r[:12])
        if a is not None:
            eni.attachment = Attachment(*a)
    account.addresses = {r[0]: Address(*r) for r in addresses}
    return account


# Only EEXIST is retried, and a name with 64 random bits exists already only if someone predicted
# it: the bound just keeps a file system that answers EEXIST to everything from looping forever.
_TEMP_ATTEMPTS = 100


def create_temp(prefix: str | os.PathLike[str], mode: int) -> tuple[int, str]:
    """A new, empty file `<prefix>.<pid>.<random>.tmp` opened for writing, and its path.

    In a folder others can write to, a name they can predict lets them plant a symbolic link
    there and have the write land in a file of their choosing. The random part makes the name
    unguessable, and O_EXCL (with O_NOFOLLOW for good measure) fails on any name that already
    exists, a link included, so whatever is planted is never opened: another name is tried.
    """
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW
    for _ in range(_TEMP_ATTEMPTS):
        # os.urandom rather than secrets: importing secrets costs start-up time for nothing.
        tmp = f"{os.fspath(prefix)}.{os.getpid()}.{os.urandom(8).hex()}.tmp"
        try:
            return os.open(tmp, flags, mode), tmp
        except FileExistsError:
            continue
    raise FileExistsError(errno.EEXIST, "no free temporary file name", os.fspath(prefix))


def write(path: str | os.PathLike[str], key: list[int], account: Account) -> None:
    """Replace the cache atomically; failures only cost the speed-up."""
    rows = json.dumps(_rows(account), separators=(",", ":"), ensure_ascii=False).encode()
    head = f"[{FORMAT},[{','.join(map(str, key))}],{zlib.crc32(rows)},".encode()
    tmp = None
    try:
        fd, tmp = create_temp(path, 0o600)
        with os.fdopen(fd, "wb") as handle:
            handle.write(head + rows + b"]")
        os.replace(tmp, path)
    except OSError:
        if tmp is not None:
            try:
                os.unlink(tmp)
            except OSError:
                pass


def read(path: str | os.PathLike[str], key: list[int]) -> Account | None:
    """The cached account if the cache belongs to the file with `key` and is intact, else None."""
    try:
        # Never through a link, and never blocked by a FIFO planted at the cache's name: the
        # cache is only ever a regular file ec2eni wrote.
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
        try:
            if not stat.S_ISREG(os.fstat(fd).st_mode):
                return None
            with os.fdopen(fd, "rb", closefd=False) as handle:
                data = handle.read()
        finally:
            os.close(fd)
        head = _HEAD.match(data)
        if head is None or int(head[1]) != FORMAT or not data.endswith(b"]"):
            return None
        if [int(n) for n in head[2].split(b",") if n] != key:
            return None
        rows = data[head.end() : -1]
        if zlib.crc32(rows) != int(head[3]):
            return None
        return _account(json.loads(rows))
    except Exception:
        # Whatever a damaged or foreign cache does (even a RecursionError from deep nesting),
        # the answer is a miss: the TOML file is read instead.
        return None

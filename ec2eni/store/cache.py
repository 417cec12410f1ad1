"""The parse cache: the account in a compact binary form, keyed on the TOML file it came from.

Parsing TOML costs about 0.17 ms per interface record; this form loads in a small fraction of
that. Rows are positional, in each record class's field order, so they rebuild without per-field
checks: the cache is only ever written from an account that passed every invariant, its key
(size, mtime, ctime, inode, CRC-32 of the TOML bytes) ties it to exactly that file, and a CRC-32
of the rows catches a cache damaged after it was written. Anything that does not fit is a miss,
never an error.

Layout: one text line `ec2eni-cache <FORMAT> <key,...> <rows-crc>`, then the rows as `marshal`
data (lists, strings, numbers, booleans, None and tag dicts). marshal rather than JSON because
it is built into the interpreter: `json` and its regular expressions cost every command about
1.5 ms of start-up, and marshal also loads large accounts several times faster. marshal is not
meant for untrusted data, so a cache is only read when it is a regular file of the user running
the command, reached without a link, and its rows match their CRC before they are decoded: only
the user's own ec2eni, or someone who can already write the user's files, can have written it.
Loading it runs no code: marshal makes data, never calls anything.
"""

from __future__ import annotations

import errno
import marshal
import os
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
from ec2eni.engine.record import field_names

FORMAT = 6
MAGIC = b"ec2eni-cache"


def _head(key: list[int], rows: bytes) -> bytes:
    """The first line: what a cache must carry to be this file's, in this format, intact."""
    return b"%s %d %s %d\n" % (MAGIC, FORMAT, ",".join(map(str, key)).encode(), zlib.crc32(rows))


def _fields(record: Vpc | Subnet | SecurityGroup | Instance) -> list[Any]:
    return [getattr(record, name) for name in field_names(record)]


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
    rows = marshal.dumps(_rows(account))
    head = _head(key, rows)
    tmp = None
    try:
        fd, tmp = create_temp(path, 0o600)
        with os.fdopen(fd, "wb") as handle:
            handle.write(head + rows)
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
        # cache is only ever a regular file ec2eni wrote, as the user running it.
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
        try:
            info = os.fstat(fd)
            if not stat.S_ISREG(info.st_mode) or info.st_uid != os.geteuid():
                return None
            with os.fdopen(fd, "rb", closefd=False) as handle:
                data = handle.read()
        finally:
            os.close(fd)
        head, newline, rows = data.partition(b"\n")
        if head + newline != _head(key, rows):
            return None
        return _account(marshal.loads(rows))
    except Exception:
        # Whatever a damaged or foreign cache does, the answer is a miss: the TOML file is read
        # instead.
        return None

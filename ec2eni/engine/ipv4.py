"""IPv4 addresses and CIDR blocks as integers.

The standard `ipaddress` module would do, but it costs start-up time on every command and is more
lenient than EC2 (it accepts forms EC2 refuses); these helpers accept only dotted quads.
"""

from __future__ import annotations


def parse(text: str) -> int | None:
    """The address as an int, or None if `text` is not a plain dotted quad (no leading zeros)."""
    parts = text.split(".")
    if len(parts) != 4:
        return None
    value = 0
    for part in parts:
        if not part.isdigit() or not part.isascii() or (len(part) > 1 and part[0] == "0"):
            return None
        octet = int(part)
        if octet > 255:
            return None
        value = value << 8 | octet
    return value


def format_ip(value: int) -> str:
    return f"{value >> 24}.{(value >> 16) & 255}.{(value >> 8) & 255}.{value & 255}"


def parse_cidr(text: str) -> tuple[int, int] | None:
    """(network address, prefix length) of a block like `10.0.1.0/24`, or None if malformed."""
    address, sep, prefix_text = text.partition("/")
    if not sep or not prefix_text.isdigit() or not prefix_text.isascii():
        return None
    network = parse(address)
    prefix = int(prefix_text)
    if network is None or prefix > 32:
        return None
    if network & host_mask(prefix):
        return None
    return network, prefix


def host_mask(prefix: int) -> int:
    return (1 << (32 - prefix)) - 1


def block_size(prefix: int) -> int:
    return 1 << (32 - prefix)


def contains(network: int, prefix: int, address: int) -> bool:
    return address & ~host_mask(prefix) & 0xFFFFFFFF == network


def is_reserved(network: int, prefix: int, address: int) -> bool:
    """AWS reserves the first four addresses and the last one of every subnet."""
    offset = address - network
    return offset < 4 or offset == block_size(prefix) - 1


def dns_name(address: str, region: str) -> str:
    """The private DNS name EC2 gives an address (`ip-10-0-1-4.ec2.internal` in us-east-1)."""
    host = "ip-" + address.replace(".", "-")
    if region == "us-east-1":
        return f"{host}.ec2.internal"
    return f"{host}.{region}.compute.internal"

"""Launch, stop, start, reboot, terminate and describe instances (engine:
`ec2eni.engine.instances`; legacy-cli.md §12).

`run-instances` reads ec2run's option grammar here, as the legacy client did before it sent
anything: `-n MIN[-MAX]`, `-a` (ATTACHMENT_GRAMMAR), the folding of `-s` with the private-IP
options into one more interface entry, and its local errors in the client's order. Options
about things the simulator has no model of (user data, block devices, monitoring, placement,
kernels, IAM profiles, ...) are parsed and checked as the client checked them, then ignored.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from typing import Any

import click

from ec2eni import render
from ec2eni.cli.declare import command
from ec2eni.cli.options import (
    INTEGER,
    BadValue,
    General,
    filter_names,
    filters_of,
    general_options,
    one_argument,
    parse_filters,
    single,
)
from ec2eni.cli.runtime import change_account, emit, new_lines, read_account
from ec2eni.cli.usage import SUFFIX, Usage
from ec2eni.engine import instances, launch
from ec2eni.engine.instance_descriptions import StateChange
from ec2eni.engine.launch import DEFAULT_INSTANCE_TYPE, MAX_COUNT, InterfaceSpec
from ec2eni.engine.model import Account

IGNORED = "Accepted for compatibility; ignored by the local simulator."
ATTACHMENT_GRAMMAR = "NIC:DEVINDEX[:SUBNET[:DESCRIPTION[:PRIVIP[:SGS[:DOT[:SIPCOUNT[:SIPS]]]]]]]"


def _java_int(text: str) -> int | None:
    """`text` as Java's `Integer.parseInt` read it, or None where it threw."""
    try:
        return INTEGER.convert(text, None, None)
    except BadValue:
        return None


def _java_split(text: str, separator: str) -> list[str]:
    """Java's `String.split`: trailing empty pieces dropped (an empty text gives none here, as the
    client then sent nothing)."""
    pieces = text.split(separator)
    while pieces and pieces[-1] == "":
        pieces.pop()
    return pieces


def _number_format(text: str) -> Usage:
    """What the legacy client printed when a number it did not check first failed to parse."""
    return Usage(
        f"'{text}' is not a valid integer.",
        legacy=f'Unexpected error:\njava.lang.NumberFormatException: For input string: "{text}"',
    )


def _invalid_argument(label: str, value: str, grammar: str) -> Usage:
    """`label` as the legacy message names the option: `-b, --block-device-mapping MAPPING`."""
    names = " / ".join(f"'{name.split(' ')[0]}'" for name in label.split(", "))
    return Usage(
        f"Invalid value for {names}: '{value}' is not {grammar}.",
        legacy=f"Invalid argument for option '{label}': '{value}'{SUFFIX}",
    )


def parse_count(value: str) -> tuple[int, int]:
    """`-n`: `N`, `MIN-MAX`, or exactly `-1` (0 to 65535), as the legacy client read it."""
    if value == "-1":
        return 0, MAX_COUNT
    match = re.fullmatch(r"([0-9]+)(?:-([0-9]+))?", value)
    if match:
        low = int(match[1])
        high = int(match[2]) if match[2] is not None else low
        if low <= high <= MAX_COUNT:
            return low, high
    raise Usage(
        f"Invalid value for '-n' / '--instance-count': '{value}' is not MIN[-MAX] (use m-n).",
        legacy=f"Invalid range specified: '{value}' (use m-n)",
    )


def parse_attachment(value: str) -> InterfaceSpec:
    """One `-a` value; refused with the client's own words (legacy-cli.md §12.2.1), checks in
    its order: field count, device index, delete-on-termination, count and list of secondaries,
    then the count as a number."""
    fields = _java_split(value, ":")
    bad = _invalid_argument("-a, --network-attachment NETWORKATTACHMENT", value, ATTACHMENT_GRAMMAR)
    if len(fields) < 2:
        raise bad
    device_index = _java_int(fields[1])
    if device_index is None:
        raise bad
    # Fields after the ninth are ignored without a word, as the client ignored them.
    nic, _, subnet, description, primary, groups, dot, count, secondaries = (fields + [""] * 9)[:9]
    if dot and dot.lower() not in ("true", "false"):
        raise bad
    if count and secondaries:
        raise bad
    secondary_count = None
    if count:
        secondary_count = _java_int(count)
        if secondary_count is None:
            raise _number_format(count)
    return InterfaceSpec(
        device_index=device_index,
        network_interface_id=nic or None,
        subnet_id=subnet or None,
        description=description or None,
        private_ip_address=primary or None,
        group_ids=tuple(_java_split(groups, ",")),
        delete_on_termination=dot.lower() == "true" if dot else None,
        secondary_private_ip_address_count=secondary_count,
        secondary_private_ip_addresses=tuple(ip.lower() for ip in _java_split(secondaries, ",")),
    )


def check_block_device(value: str) -> None:
    """`-b DEVICE=SPEC` as the client checked it (the mapping itself is ignored here)."""
    bad = _invalid_argument("-b, --block-device-mapping MAPPING", value, "DEVICE=SPEC")
    _, equals, spec = value.partition("=")
    if not equals:
        raise bad
    if spec.lower() == "none" or (spec and not spec.startswith("snap")):
        return
    parts = _java_split(spec, ":") + [""] * 5
    size, volume_type, iops = parts[1], parts[3], parts[4]
    if size and _java_int(size) is None:
        raise bad
    if iops and (_java_int(iops) is None or volume_type != "io1"):
        raise bad


def _check_ignored(
    user_data: str | None,
    user_data_file: str | None,
) -> None:
    """The client's first two local errors, about user data (legacy-cli.md §12.2, errors 1-2)."""
    if user_data is not None and user_data_file is not None:
        raise Usage(
            "You may not specify both user data on the command line (-d) and a file containing "
            "user data (-f).",
            legacy="You may not specify both user data on the command line (-d) and a file "
            "containing user data (-f). (-h for usage)",
        )
    if user_data_file is not None and not (
        os.path.isfile(user_data_file) and os.access(user_data_file, os.R_OK)
    ):
        raise _invalid_argument("-f, --user-data-file DATA-FILE", user_data_file, "a readable file")


def _instance_ids(values: tuple[str, ...]) -> tuple[str, ...]:
    if not values:
        raise Usage(
            "Missing argument 'INSTANCE'.",
            legacy=f"Required parameter 'INSTANCE' missing{SUFFIX}",
        )
    return values


def _change_states(
    general: General,
    instance_ids: tuple[str, ...],
    action: Callable[[Account, tuple[str, ...]], list[StateChange]],
    key: str,
) -> None:
    """Stop, start and terminate: one engine call on the named instances, then the
    `INSTANCE id previous current` records (`key` names the API response's list)."""
    wanted = _instance_ids(instance_ids)
    with change_account(general) as account:
        changes = action(account, wanted)
    out = new_lines(general)
    render.state_changes(out, changes, debug=general.debug, key=key)
    emit(general, out)


_RUN_EXAMPLES = """
  ec2run ami-0123456789abcdef0
  ec2run ami-0123456789abcdef0 -s subnet-d3d57647d7c3f13c9 -g sg-ca14ccdaba34ac2c1 -t t3.micro
  ec2run ami-0123456789abcdef0 -n 2-3 -s subnet-aa9a00acd3a4f485b | grep ^INSTANCE | cut -f2
  ec2run ami-0123456789abcdef0 -s subnet-aa9a00acd3a4f485b --private-ip-address 10.0.2.50
  ENI=$(ec2addnic subnet-d3d57647d7c3f13c9 | head -1 | cut -f2)
  ec2run ami-0123456789abcdef0 -t t3.small -a $ENI:0 -a :1:subnet-aa9a00acd3a4f485b:management
"""


@command(
    "run-instances",
    "ec2-run-instances",
    "ec2run",
    "Launch instances of AMI (any well-formed ami-... ID is an image). Without -s or -a: in the "
    "default VPC's default subnet (of -z's zone, else the first zone), with one new primary "
    "interface that is deleted on termination. With -a: the interfaces listed, existing "
    "available ones (cold attach) or new ones, each given as\n\n"
    f"\b\n  {ATTACHMENT_GRAMMAR}\n\n"
    "where an empty NIC creates a new interface and DOT (true/false) is delete on termination. "
    "-n MIN-MAX launches as many as the subnets' free addresses allow, at least MIN. Prints the "
    "reservation, every instance `pending`.",
    _RUN_EXAMPLES,
)
@click.argument("ami", metavar="AMI", nargs=-1)
@single(
    "-n", "--instance-count", "count", metavar="MIN[-MAX]", help="How many instances (default 1)."
)
@single("-k", "--key", "key", metavar="KEYPAIR", help="Key pair name (stored, not checked).")
@click.option(
    "-g",
    "--group",
    "groups",
    multiple=True,
    metavar="GROUP",
    help="Security group ID of the primary interface (repeatable).",
)
@single(
    "-t",
    "--instance-type",
    "instance_type",
    metavar="TYPE",
    help=f"Instance type (default {DEFAULT_INSTANCE_TYPE}); it sets the interface limits.",
)
@single("-s", "--subnet", "subnet", metavar="SUBNET", help="Subnet to launch in.")
@single(
    "-z",
    "--availability-zone",
    "zone",
    metavar="ZONE",
    help="Availability zone (it picks the default subnet; it must match -s).",
)
@click.option(
    "-a",
    "--network-attachment",
    "attachments",
    multiple=True,
    metavar="NETWORKATTACHMENT",
    help="An interface of each instance (repeatable), as shown above.",
)
@single(
    "--private-ip-address",
    "private_ip_address",
    metavar="IP_ADDRESS",
    help="Primary private IPv4 address (needs -s).",
)
@click.option(
    "--secondary-private-ip-address",
    "secondary",
    multiple=True,
    metavar="SECONDARY-PRIVATE-IP-ADDRESS",
    help="A secondary private IPv4 address (repeatable; needs -s).",
)
@single(
    "--secondary-private-ip-address-count",
    "secondary_count",
    metavar="SECONDARY-PRIVATE-ADDRESS-COUNT",
    help="How many secondary private IPv4 addresses to assign (needs -s).",
)
@single("-d", "--user-data", "user_data", metavar="DATA", help=IGNORED)
@single("-f", "--user-data-file", "user_data_file", metavar="DATA-FILE", help=IGNORED)
@click.option(
    "-b",
    "--block-device-mapping",
    "block_devices",
    multiple=True,
    metavar="MAPPING",
    help="Accepted for compatibility (the account has no volumes); ignored by the local simulator.",
)
@single(
    "--tenancy",
    "tenancy",
    metavar="TENANCY",
    help="Accepted for compatibility (default or dedicated); ignored by the local simulator.",
)
@click.option("-m", "--monitor", "_monitor", is_flag=True, help=IGNORED)
@click.option("--monitoring", "_monitoring", is_flag=True, hidden=True)
@click.option("--disable-api-termination", "_disable_api_termination", is_flag=True, help=IGNORED)
@single("--ebs-optimized", "_ebs_optimized", metavar="BOOLEAN", help=IGNORED)
@single("--placement-group", "_placement_group", metavar="GROUP_NAME", help=IGNORED)
@single("--kernel", "_kernel", metavar="KERNEL", help=IGNORED)
@single("--ramdisk", "_ramdisk", metavar="RAMDISK", help=IGNORED)
@single(
    "--instance-initiated-shutdown-behavior", "_shutdown_behavior", metavar="BEHAVIOR", help=IGNORED
)
@single("--license-pool", "_license_pool", metavar="LICENSE_POOL", help=IGNORED)
@single("--client-token", "_client_token", metavar="TOKEN", help=IGNORED)
@single("--addressing", "_addressing", metavar="ADDRESSING", help=IGNORED)
@single("-p", "--iam-profile", "_iam_profile", metavar="ARN", help=IGNORED)
@single("--properties", "_properties", metavar="PROPERTIES", hidden=True)
@general_options
def run_instances(
    general: General,
    ami: tuple[str, ...],
    count: str | None,
    key: str | None,
    groups: tuple[str, ...],
    instance_type: str | None,
    subnet: str | None,
    zone: str | None,
    attachments: tuple[str, ...],
    private_ip_address: str | None,
    secondary: tuple[str, ...],
    secondary_count: str | None,
    user_data: str | None,
    user_data_file: str | None,
    block_devices: tuple[str, ...],
    tenancy: str | None,
) -> None:
    _check_ignored(user_data, user_data_file)
    image_id = one_argument(ami, "AMI")
    min_count, max_count = parse_count(count) if count is not None else (1, 1)
    for mapping in block_devices:
        check_block_device(mapping)
    if tenancy is not None and tenancy not in ("default", "dedicated"):
        raise _invalid_argument("--tenancy TENANCY", tenancy, "default or dedicated")
    specs = [parse_attachment(value) for value in attachments]
    secondary_number = None
    if secondary_count is not None:
        secondary_number = _java_int(secondary_count)
        if secondary_number is None:
            raise _number_format(secondary_count)
    if secondary and secondary_number is not None:
        raise Usage(
            "Specify either a secondary private IP address count or a list of secondary private "
            "IP addresses, not both.",
            legacy="Specify either a secondary private IP address count or a list of secondary "
            "private IP addresses, not both. (-h for usage)",
        )
    if (secondary or secondary_number is not None) and subnet is None:
        raise Usage(
            "If you specify either a secondary private IP address count or a list of secondary "
            "private IP addresses, you must specify a subnet ID.",
            legacy="If you specify either a secondary private IP address count or a list of "
            "secondary private IP addresses, you must specify a subnet ID. (-h for usage)",
        )
    if private_ip_address is not None and subnet is None:
        raise Usage(
            "If you specify a private IP address you must specify a subnet ID.",
            legacy="If you specify a private IP address you must specify a subnet ID. (-h for "
            "usage)",
        )
    placement: dict[str, Any] = {"subnet_id": subnet, "group_ids": groups}
    if private_ip_address is not None or secondary or secondary_number is not None:
        # The client moved -s, -g and the address options into one more interface entry, at
        # device index 0, after the -a entries (legacy-cli.md §12.2, VPC folding).
        specs.append(
            InterfaceSpec(
                device_index=0,
                subnet_id=subnet,
                private_ip_address=private_ip_address,
                group_ids=groups,
                secondary_private_ip_address_count=secondary_number,
                secondary_private_ip_addresses=secondary,
            )
        )
        placement = {}
    with change_account(general) as account:
        result = launch.run_instances(
            account,
            image_id,
            min_count=min_count,
            max_count=max_count,
            instance_type=instance_type or DEFAULT_INSTANCE_TYPE,
            key_name=key or "",
            network_interfaces=specs,
            availability_zone=zone,
            **placement,
        )
    out = new_lines(general)
    render.launched(out, result, debug=general.debug)
    emit(general, out)


@command(
    "stop-instances",
    "ec2-stop-instances",
    "ec2stop",
    "Stop running instances. They keep their interfaces, addresses and Elastic IPs; a stopped "
    "instance takes warm attaches and detaches. Prints each instance's previous and current state.",
    """
  ec2stop i-cf9ace0ed00a6c9e3
  ec2stop -H i-a6e1bfcefbcba1d6b i-0396021bfcce11279 --debug
""",
)
@click.argument("instance_ids", metavar="INSTANCE...", nargs=-1)
@click.option("-f", "--force", is_flag=True, help="Force the instances to stop.")
@general_options
def stop_instances(general: General, instance_ids: tuple[str, ...], force: bool) -> None:
    _change_states(
        general,
        instance_ids,
        lambda account, wanted: instances.stop_instances(account, wanted, force=force),
        "StoppingInstances",
    )


@command(
    "start-instances",
    "ec2-start-instances",
    "ec2start",
    "Start stopped instances (running ones are left as they are). A start also frees the device "
    "indexes a forced detach blocked. Prints each instance's previous and current state.",
    """
  ec2start i-5873466a36ed8b69a
  ec2stop i-cf9ace0ed00a6c9e3 && ec2start -H i-cf9ace0ed00a6c9e3
""",
)
@click.argument("instance_ids", metavar="INSTANCE...", nargs=-1)
@general_options
def start_instances(general: General, instance_ids: tuple[str, ...]) -> None:
    _change_states(general, instance_ids, instances.start_instances, "StartingInstances")


@command(
    "reboot-instances",
    "ec2-reboot-instances",
    "ec2reboot",
    "Reboot running instances. Prints nothing; nothing observable changes.",
    """
  ec2reboot i-cf9ace0ed00a6c9e3 i-0396021bfcce11279
""",
)
@click.argument("instance_ids", metavar="INSTANCE...", nargs=-1)
@single("-i", "--instance", "_instance", hidden=True)
@general_options
def reboot_instances(general: General, instance_ids: tuple[str, ...]) -> None:
    wanted = _instance_ids(instance_ids)
    with change_account(general) as account:
        instances.reboot_instances(account, wanted)
    # No records; only -v's REQUEST ID line.
    emit(general, new_lines(general))


@command(
    "terminate-instances",
    "ec2-terminate-instances",
    "ec2kill",
    "Terminate instances. Each attached interface whose delete-on-termination is true is deleted; "
    "the others are detached and stay, available. A terminated instance stays visible and never "
    "changes again. Prints each instance's previous and current state.",
    """
  ID=$(ec2run ami-0123456789abcdef0 | grep ^INSTANCE | cut -f2)
  ec2kill $ID
  ec2kill i-a6e1bfcefbcba1d6b i-2202441d1a2d6612d
""",
)
@click.argument("instance_ids", metavar="INSTANCE...", nargs=-1)
@general_options
def terminate_instances(general: General, instance_ids: tuple[str, ...]) -> None:
    _change_states(general, instance_ids, instances.terminate_instances, "TerminatingInstances")


@command(
    "describe-instances",
    "ec2-describe-instances",
    "ec2din",
    "Describe instances: all of them, the ones named, or those matching filters. Per reservation: "
    "RESERVATION, then each INSTANCE with its NIC, NICATTACHMENT, NICASSOCIATION, GROUP and "
    "PRIVATEIPADDRESS records and its TAG lines."
    + filter_names(instances.INSTANCE_NAMES.listing()),
    """
  ec2din
  ec2din -H i-cf9ace0ed00a6c9e3
  ec2din -F instance-state-name=running -F subnet-id=subnet-d3d57647d7c3f13c9 | grep ^INSTANCE
  ec2din -F network-interface.network-interface-id=eni-1706a5992fc9609ea --hide-tags
""",
)
@click.argument("instance_ids", metavar="[INSTANCE]...", nargs=-1)
@filters_of("instances")
@general_options
def describe_instances(
    general: General, instance_ids: tuple[str, ...], filters: tuple[str, ...]
) -> None:
    pairs = parse_filters(filters)
    account = read_account(general)
    result = instances.describe_instances(account, instance_ids, pairs)
    out = new_lines(general)
    render.reservations(out, result, debug=general.debug)
    emit(general, out)

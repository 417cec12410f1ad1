"""Every bad input is answered with one exact stderr line, the documented exit status, no traceback,
no output, and an untouched account file (README "Errors and exit codes", "Guarantees").

One table covers the eight legacy commands and the four views: malformed, wrong-kind and unknown
IDs in every ID-taking argument and option, empty strings, device indexes, booleans, addresses,
filters, descriptions, missing and conflicting options, unknown options, instance states and limits.
EC2 errors are `Client.<Code>: <Message>` (exit 1) with the codes and messages of
`eni-rules.md`; usage errors are `ec2eni <command>: <message> (-h for usage)` (exit 2).

Some cases need a prepared account: their setup steps (commands, or hand edits of the TOML file)
run before the file is snapshotted. IDs the setup creates are referred to as `{eni0}`, `{eni1}`
(interfaces, in creation order) and `{att0}` (attachments).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from ec2eni.engine.default_account import build_default_account
from tests.conftest import Run, names_of

ID = names_of(build_default_account())

Edit = Callable[[Path], None]
Step = tuple[str, ...] | Edit


@dataclass(frozen=True)
class Case:
    id: str
    args: tuple[str, ...]
    exit_code: int
    stderr: str
    setup: tuple[Step, ...] = ()


def ec2(
    case_id: str, args: tuple[str, ...], code: str, message: str, setup: tuple[Step, ...] = ()
) -> Case:
    return Case(case_id, args, 1, f"Client.{code}: {message}", setup)


def usage(case_id: str, args: tuple[str, ...], message: str, setup: tuple[Step, ...] = ()) -> Case:
    return Case(case_id, args, 2, f"ec2eni {args[0]}: {message} (-h for usage)", setup)


# --- IDs (eni-rules.md §1.2, §0 r/s/t/x) -------------------------------------------------------
# Written out from the rulebook, not imported from engine/errors.py, so that a wrong code in the
# engine fails here.

MALFORMED_CODE = {
    "eni": "InvalidNetworkInterfaceId.Malformed",
    "eni-attach": "InvalidNetworkInterfaceAttachmentId.Malformed",
    "i": "InvalidInstanceID.Malformed",
    "subnet": "InvalidSubnetID.Malformed",
    "sg": "InvalidGroupId.Malformed",
    "vpc": "InvalidVpcID.Malformed",
}
NOT_FOUND = {
    "eni": ("InvalidNetworkInterfaceID.NotFound", "The networkInterface ID '{}' does not exist"),
    "eni-attach": ("InvalidAttachmentID.NotFound", "The interface attachment '{}' does not exist."),
    "i": ("InvalidInstanceID.NotFound", "The instance ID '{}' does not exist"),
    "subnet": ("InvalidSubnetID.NotFound", "The subnet ID '{}' does not exist"),
    "sg": ("InvalidGroup.NotFound", "The security group '{}' does not exist"),
    "vpc": ("InvalidVpcID.NotFound", "The vpc ID '{}' does not exist"),
}
# Slots whose action answers an unknown ID with a code of its own (§0 t).
NOT_FOUND_IN_SLOT = {
    "create-group": ("InvalidSecurityGroupID.NotFound", "The securityGroup ID '{}' does not exist"),
}
# A real ID of each kind, the base of its malformed variants.
SAMPLE = {
    "eni": ID["web-1-eth0"],
    "eni-attach": ID["web-1-attachment"],
    "i": ID["web-1"],
    "subnet": ID["public"],
    "sg": ID["workshop/web"],
    "vpc": ID["workshop"],
}


def malformed_variants(kind: str) -> dict[str, str]:
    digits = SAMPLE[kind].removeprefix(kind + "-")
    return {
        "uppercase": SAMPLE[kind].upper(),
        "uppercase-hex": f"{kind}-{digits.upper()}",
        "long": f"{kind}-{digits}0",
        "no-prefix": digits,
        "wrong-prefix": f"x{kind}-{digits}",
        "non-hex": f"{kind}-{digits[:-1]}g",
        "empty": "",
        "prefix-only": f"{kind}-",
    }


def short_variants(kind: str) -> dict[str, str]:
    """Well formed (1 to 17 hex digits, §0 x) but unknown: looked up, so NotFound."""
    digits = SAMPLE[kind].removeprefix(kind + "-")
    return {"short": f"{kind}-{digits[:7]}", "between-8-and-17": f"{kind}-{digits[:12]}"}


@dataclass(frozen=True)
class Slot:
    """Where an ID goes in one command line; the rest of the line is valid."""

    name: str
    kind: str
    build: Callable[[str], tuple[str, ...]]
    wrong_kind: str  # a real ID of another kind
    # ec2dgrp (legacy-cli.md §14.3): only `sg-` + 8 hex digits is an ID; anything else is a
    # group name, looked up as such, so nothing is Malformed there.
    names_too: bool = False


SLOTS = [
    Slot(
        "attach-interface",
        "eni",
        lambda v: ("attach", v, "-i", ID["web-1"], "-d", "1"),
        ID["public"],
    ),
    Slot(
        "attach-instance",
        "i",
        lambda v: ("attach", ID["web-1-eth0"], "-i", v, "-d", "1"),
        ID["web-1-eth0"],
    ),
    Slot("create-subnet", "subnet", lambda v: ("create", v), ID["web-1"]),
    Slot("create-group", "sg", lambda v: ("create", ID["public"], "-g", v), ID["workshop"]),
    Slot("delete-interface", "eni", lambda v: ("delete", v), ID["web-1-attachment"]),
    Slot("describe-interface", "eni", lambda v: ("describe", v), ID["public"]),
    Slot(
        "describe-attribute-interface",
        "eni",
        lambda v: ("describe-attribute", v, "-d"),
        ID["web-1"],
    ),
    Slot("detach-attachment", "eni-attach", lambda v: ("detach", v), ID["web-1-eth0"]),
    Slot(
        "modify-interface",
        "eni",
        lambda v: ("modify-attribute", v, "--source-dest-check", "false"),
        ID["workshop/web"],
    ),
    Slot(
        "modify-attachment",
        "eni-attach",
        lambda v: (
            "modify-attribute",
            ID["web-1-eth0"],
            "-a",
            v,
            "--delete-on-termination",
            "false",
        ),
        ID["web-1-eth0"],
    ),
    Slot(
        "modify-group",
        "sg",
        lambda v: ("modify-attribute", ID["web-1-eth0"], "--group-id", v),
        ID["workshop"],
    ),
    Slot(
        "reset-interface",
        "eni",
        lambda v: ("reset-attribute", v, "--source-dest-check"),
        ID["web-1-attachment"],
    ),
    Slot("describe-instances", "i", lambda v: ("describe-instances", v), ID["web-1-eth0"]),
    Slot("describe-subnets", "subnet", lambda v: ("describe-subnets", v), ID["web-1"]),
    Slot(
        "describe-security-groups",
        "sg",
        lambda v: ("describe-security-groups", v),
        ID["workshop"],
        names_too=True,
    ),
    Slot("describe-vpcs", "vpc", lambda v: ("describe-vpcs", v), ID["workshop/web"]),
]


def malformed(kind: str, value: str) -> tuple[str, str]:
    return MALFORMED_CODE[kind], f'Invalid id: "{value}" (expecting "{kind}-...")'


def id_cases() -> Iterator[Case]:
    for slot in SLOTS:
        if slot.names_too:
            values = {
                **malformed_variants(slot.kind),
                "wrong-kind": slot.wrong_kind,
                **short_variants(slot.kind),
                "unknown-17-digits": "sg-0123456789abcdef0",
                "unknown-8-digits": "sg-deadbeef",
            }
            for variant, value in values.items():
                yield ec2(
                    f"{slot.name}-{variant}",
                    slot.build(value),
                    "InvalidGroup.NotFound",
                    f"The security group '{value}' does not exist",
                )
            continue
        for variant, value in malformed_variants(slot.kind).items():
            yield ec2(f"{slot.name}-{variant}", slot.build(value), *malformed(slot.kind, value))
        yield ec2(
            f"{slot.name}-wrong-kind",
            slot.build(slot.wrong_kind),
            *malformed(slot.kind, slot.wrong_kind),
        )
        code, template = NOT_FOUND_IN_SLOT.get(slot.name, NOT_FOUND[slot.kind])
        for variant, unknown in short_variants(slot.kind).items():
            yield ec2(f"{slot.name}-{variant}", slot.build(unknown), code, template.format(unknown))
        for length, digits in (("17", "0123456789abcdef0"), ("8", "deadbeef"), ("1", "0")):
            unknown = f"{slot.kind}-{digits}"
            yield ec2(
                f"{slot.name}-unknown-{length}-digits",
                slot.build(unknown),
                code,
                template.format(unknown),
            )


# --- setup helpers -----------------------------------------------------------------------------


def set_instance_state(name: str, state: str) -> Edit:
    """Hand-edit the state of one instance (pending, stopping ... cannot be reached by command)."""

    def edit(path: Path) -> None:
        text = path.read_text()
        pattern = rf'(id = "{ID[name]}"\ninstance_type = "[^"]*"\nstate = )"[a-z-]*"'
        edited, count = re.subn(pattern, rf'\1"{state}"', text)
        assert count == 1, "the instance record was not found"
        path.write_text(edited)

    return edit


EXTRA_GROUPS = [f"sg-{n:017x}" for n in range(1, 4)]


def add_workshop_groups(path: Path) -> None:
    """Three more groups in the workshop VPC, so six distinct groups exist there."""
    text = path.read_text()
    records = "".join(
        f'[[security_groups]]\nid = "{group}"\nvpc_id = "{ID["workshop"]}"\n'
        f'name = "extra-{n}"\ndescription = "extra"\ntags = {{}}\n\n'
        for n, group in enumerate(EXTRA_GROUPS)
    )
    path.write_text(text.replace("[[instances]]", records + "[[instances]]", 1))


def set_interface_quota(quota: int) -> Edit:
    def edit(path: Path) -> None:
        text = path.read_text()
        path.write_text(
            re.sub(
                r"(?m)^network_interface_quota = \d+$", f"network_interface_quota = {quota}", text
            )
        )

    return edit


SIX_GROUPS = (ID["workshop/default"], ID["workshop/web"], ID["workshop/ssh-admin"], *EXTRA_GROUPS)
CREATE_IN_PUBLIC: Step = ("create", ID["public"])
CREATE_IN_BACKEND: Step = ("create", ID["backend"])
ATTACH_TO_WEB_1: Step = ("attach", "{eni0}", "-i", ID["web-1"], "-d", "1")

# --- everything else ---------------------------------------------------------------------------

WEB1 = ID["web-1"]
ENI = ID["web-1-eth0"]
PUBLIC = ID["public"]
ONE_ONLY_DESCRIBE = (
    "One, and only one, of [-d, --description, --source-dest-check, --group-set, -a, "
    "--attachment] expected."
)
ONE_ONLY_MODIFY = (
    "One, and only one, of [-d, --description DESCRIPTION, -a, --attachment ATTACHMENT, "
    "--source-dest-check BOOLEAN, --group-id GROUP_ID] expected."
)
ONE_ONLY_RESET = "One, and only one, of [--source-dest-check] expected."
RESERVED = "Address {} is in subnet's reserved address range"
OUTSIDE = "Address {} does not fall within the subnet's address range"
NOT_IPV4 = "invalid value for parameter address: {}"
DEVICE_TAKEN = "Instance '{}' already has an interface attached at device index '{}'."
INCORRECT_STATE = "The instance '{}' is not in a valid state for this operation. Current state: {}."
AZ_MISMATCH = (
    "You may not attach a network interface to an instance if they are not in the same "
    "availability zone"
)
NO_FREE = "The specified subnet does not have enough free addresses to satisfy the request."
TOO_MANY_GROUPS = "The maximum number of security groups per interface has been reached."
LONG = "x" * 256


def not_boolean(option: str, value: str) -> str:
    return (
        f"Invalid value for '{option}': '{value}' is not a boolean: use true or false (any case)."
    )


def not_integer(value: str) -> str:
    return f"Invalid value for '-d' / '--device-index': '{value}' is not a valid integer."


OTHER_CASES = [
    # Device index (§0 g): range first (a bad value), then index 0 and taken indexes.
    ec2(
        "attach-device-index-minus-1",
        ("attach", "{eni0}", "-i", WEB1, "-d", "-1"),
        "InvalidParameterValue",
        "Invalid network device index '-1'",
        (CREATE_IN_PUBLIC,),
    ),
    ec2(
        "attach-device-index-32",
        ("attach", "{eni0}", "-i", WEB1, "-d", "32"),
        "InvalidParameterValue",
        "Invalid network device index '32'",
        (CREATE_IN_PUBLIC,),
    ),
    ec2(
        "attach-device-index-32-before-unknown-interface",
        ("attach", "eni-0123456789abcdef0", "-i", WEB1, "-d", "32"),
        "InvalidParameterValue",
        "Invalid network device index '32'",
    ),
    # The legacy tools parsed numbers as Java ints: a bigger one never reached EC2.
    usage(
        "attach-device-index-beyond-a-java-int",
        ("attach", "{eni0}", "-i", WEB1, "-d", "99999999999999999999"),
        "Invalid value for '-d' / '--device-index': '99999999999999999999' is not a valid "
        "integer (the largest is 2147483647).",
        (CREATE_IN_PUBLIC,),
    ),
    ec2(
        "attach-device-index-largest-java-int",
        ("attach", "{eni0}", "-i", WEB1, "-d", "2147483647"),
        "InvalidParameterValue",
        "Invalid network device index '2147483647'",
        (CREATE_IN_PUBLIC,),
    ),
    ec2(
        "attach-device-index-0-belongs-to-the-primary",
        ("attach", "{eni0}", "-i", WEB1, "-d", "0"),
        "InvalidParameterValue",
        DEVICE_TAKEN.format(WEB1, 0),
        (CREATE_IN_PUBLIC,),
    ),
    ec2(
        "attach-device-index-taken",
        ("attach", "{eni1}", "-i", ID["app-1"], "-d", "1"),
        "InvalidParameterValue",
        DEVICE_TAKEN.format(ID["app-1"], 1),
        (
            CREATE_IN_BACKEND,
            CREATE_IN_BACKEND,
            ("attach", "{eni0}", "-i", ID["app-1"], "-d", "1"),
        ),
    ),
    usage("attach-device-index-x", ("attach", ENI, "-i", WEB1, "-d", "x"), not_integer("x")),
    usage("attach-device-index-empty", ("attach", ENI, "-i", WEB1, "-d", ""), not_integer("")),
    usage(
        "attach-device-index-fraction", ("attach", ENI, "-i", WEB1, "-d", "1.5"), not_integer("1.5")
    ),
    # Booleans: `true`/`false` in any case, nothing else (legacy-cli.md §8).
    *(
        usage(
            f"modify-source-dest-check-{value or 'empty'}",
            ("modify-attribute", ENI, "--source-dest-check", value),
            not_boolean("--source-dest-check", value),
        )
        for value in ("yes", "1", "", "on", "f")
    ),
    *(
        usage(
            f"modify-delete-on-termination-{value or 'empty'}",
            (
                "modify-attribute",
                ENI,
                "-a",
                ID["web-1-attachment"],
                "--delete-on-termination",
                value,
            ),
            not_boolean("--delete-on-termination", value),
        )
        for value in ("yes", "1", "", "on", "f")
    ),
    # Addresses (§0 d, e, p; §3.8).
    *(
        ec2(
            f"create-primary-ip-{text or 'empty'}",
            ("create", PUBLIC, "--private-ip-address", text),
            "InvalidParameterValue",
            NOT_IPV4.format(text),
        )
        for text in ("300.1.1.1", "10.0.1", "10.0.1.050", "10.0.1.50/24", "", "abc")
    ),
    ec2(
        "create-secondary-ip-300.1.1.1",
        ("create", PUBLIC, "--secondary-private-ip-address", "300.1.1.1"),
        "InvalidParameterValue",
        NOT_IPV4.format("300.1.1.1"),
    ),
    *(
        ec2(
            f"create-primary-ip-reserved-{text}",
            ("create", PUBLIC, "--private-ip-address", text),
            "InvalidParameterValue",
            RESERVED.format(text),
        )
        for text in ("10.0.1.0", "10.0.1.1", "10.0.1.2", "10.0.1.3", "10.0.1.255")
    ),
    *(
        ec2(
            f"create-secondary-ip-reserved-{text}",
            ("create", PUBLIC, "--secondary-private-ip-address", text),
            "InvalidParameterValue",
            RESERVED.format(text),
        )
        for text in ("10.0.1.0", "10.0.1.3", "10.0.1.255")
    ),
    ec2(
        "create-primary-ip-of-another-subnet",
        ("create", PUBLIC, "--private-ip-address", "10.0.2.10"),
        "InvalidParameterValue",
        OUTSIDE.format("10.0.2.10"),
    ),
    ec2(
        "create-secondary-ip-of-another-subnet",
        ("create", PUBLIC, "--secondary-private-ip-address", "10.0.3.50"),
        "InvalidParameterValue",
        OUTSIDE.format("10.0.3.50"),
    ),
    ec2(
        "create-primary-ip-outside-the-vpc",
        ("create", ID["tiny"], "--private-ip-address", "192.168.0.10"),
        "InvalidParameterValue",
        OUTSIDE.format("192.168.0.10"),
    ),
    ec2(
        "create-primary-ip-in-use",
        ("create", PUBLIC, "--private-ip-address", "10.0.1.4"),
        "InvalidIPAddress.InUse",
        "The specified address is already in use.",
    ),
    ec2(
        "create-primary-ip-in-use-by-a-new-interface",
        ("create", PUBLIC, "--private-ip-address", "10.0.1.60"),
        "InvalidIPAddress.InUse",
        "The specified address is already in use.",
        (("create", PUBLIC, "--private-ip-address", "10.0.1.60"),),
    ),
    ec2(
        "create-secondary-ip-in-use",
        ("create", PUBLIC, "--secondary-private-ip-address", "10.0.1.5"),
        "InvalidIPAddress.InUse",
        "Address 10.0.1.5 is in use.",
    ),
    ec2(
        "create-secondary-ip-in-use-by-a-new-interface",
        ("create", PUBLIC, "--secondary-private-ip-address", "10.0.1.61"),
        "InvalidIPAddress.InUse",
        "Address 10.0.1.61 is in use.",
        (("create", PUBLIC, "--secondary-private-ip-address", "10.0.1.61"),),
    ),
    ec2(
        "create-same-ip-twice",
        (
            "create",
            PUBLIC,
            "--private-ip-address",
            "10.0.1.50",
            "--secondary-private-ip-address",
            "10.0.1.50",
        ),
        "InvalidParameterValue",
        "Address 10.0.1.50 is specified more than once",
    ),
    # Secondary address count.
    usage(
        "create-secondary-count-x",
        ("create", PUBLIC, "--secondary-private-ip-address-count", "x"),
        "Invalid value for '--secondary-private-ip-address-count': 'x' is not a valid integer.",
    ),
    ec2(
        "create-secondary-count-negative",
        ("create", PUBLIC, "--secondary-private-ip-address-count", "-1"),
        "InvalidParameterValue",
        "Value (-1) for parameter secondaryPrivateIpAddressCount is invalid. "
        "Expecting a non-negative integer.",
    ),
    usage(
        "create-secondary-count-with-secondary-addresses",
        (
            "create",
            PUBLIC,
            "--secondary-private-ip-address",
            "10.0.1.50",
            "--secondary-private-ip-address-count",
            "1",
        ),
        "Cannot specify both a secondary private ip address count and secondary private ip "
        "addresses.",
    ),
    usage(
        "create-primary-and-secondary-addresses-with-count",
        (
            "create",
            PUBLIC,
            "--private-ip-address",
            "10.0.1.50",
            "--secondary-private-ip-address",
            "10.0.1.51",
            "--secondary-private-ip-address-count",
            "1",
        ),
        "Cannot specify both a secondary private ip address count and secondary private ip "
        "addresses.",
    ),
    # Security groups (§3.7).
    ec2(
        "create-group-of-another-vpc",
        ("create", PUBLIC, "-g", ID["default/default"]),
        "InvalidGroup.NotFound",
        "You have specified two resources that belong to different networks.",
    ),
    ec2(
        "modify-group-of-another-vpc",
        ("modify-attribute", ENI, "--group-id", ID["default/default"]),
        "InvalidGroup.NotFound",
        "You have specified two resources that belong to different networks.",
    ),
    ec2(
        "create-six-groups",
        ("create", PUBLIC, *(arg for group in SIX_GROUPS for arg in ("-g", group))),
        "SecurityGroupsPerInterfaceLimitExceeded",
        TOO_MANY_GROUPS,
        (add_workshop_groups,),
    ),
    ec2(
        "modify-six-groups",
        ("modify-attribute", ENI, *(arg for group in SIX_GROUPS for arg in ("--group-id", group))),
        "SecurityGroupsPerInterfaceLimitExceeded",
        TOO_MANY_GROUPS,
        (add_workshop_groups,),
    ),
    ec2(
        "create-six-groups-one-unknown-existence-before-limit",
        (
            "create",
            PUBLIC,
            *(arg for group in (*SIX_GROUPS[:5], "sg-0123456789abcdef0") for arg in ("-g", group)),
        ),
        "InvalidSecurityGroupID.NotFound",
        "The securityGroup ID 'sg-0123456789abcdef0' does not exist",
        (add_workshop_groups,),
    ),
    # Filters (§0 m; legacy-cli.md §2).
    ec2(
        "describe-filter-unknown-name",
        ("describe", "-F", "bogus=1"),
        "InvalidParameterValue",
        "The filter 'bogus' is invalid",
    ),
    ec2(
        "describe-filter-name-wrong-case",
        ("describe", "-F", "Status=available"),
        "InvalidParameterValue",
        "The filter 'Status' is invalid",
    ),
    ec2(
        "describe-filter-empty-name",
        ("describe", "-F", "=x"),
        "InvalidParameterValue",
        "The filter '' is invalid",
    ),
    ec2(
        "describe-filter-tag-without-key",
        ("describe", "-F", "tag:=x"),
        "InvalidParameterValue",
        "The filter 'tag:' is invalid",
    ),
    ec2(
        "describe-filter-unknown-before-unknown-id",
        ("describe", "eni-0123456789abcdef0", "-F", "bogus=1"),
        "InvalidParameterValue",
        "The filter 'bogus' is invalid",
    ),
    usage(
        "describe-filter-without-equals",
        ("describe", "-F", "novalue"),
        "Filter definitions must have format 'name=value', but found 'novalue'",
    ),
    usage(
        "describe-filter-without-equals-among-good-ones",
        ("describe", "-F", "status=in-use", "-F", "subnet-id"),
        "Filter definitions must have format 'name=value', but found 'subnet-id'",
    ),
    # Descriptions (§0 q).
    ec2(
        "create-description-256-characters",
        ("create", PUBLIC, "-d", LONG),
        "InvalidParameterValue",
        "Description must be at most 255 characters",
    ),
    ec2(
        "create-description-256-non-ascii-characters",
        ("create", PUBLIC, "-d", "é" * 256),
        "InvalidParameterValue",
        "Description must be at most 255 characters",
    ),
    ec2(
        "modify-description-256-characters",
        ("modify-attribute", ENI, "-d", LONG),
        "InvalidParameterValue",
        "Description must be at most 255 characters",
    ),
    # Missing arguments and options.
    usage(
        "attach-no-interface",
        ("attach", "-i", WEB1, "-d", "1"),
        "Missing argument 'NETWORKINTERFACE'.",
    ),
    usage("attach-no-instance", ("attach", ENI, "-d", "1"), "Missing option '-i' / '--instance'."),
    usage(
        "attach-no-device-index",
        ("attach", ENI, "-i", WEB1),
        "Missing option '-d' / '--device-index'.",
    ),
    usage("create-no-subnet", ("create", "-d", "x"), "Missing argument 'SUBNET'."),
    usage("delete-no-interface", ("delete",), "Missing argument 'NETWORKINTERFACE'."),
    usage("detach-no-attachment", ("detach", "-f"), "Missing argument 'NETWORKATTACHMENT'."),
    usage(
        "describe-attribute-no-interface",
        ("describe-attribute", "-d"),
        "Missing argument 'NETWORKINTERFACE'.",
    ),
    usage(
        "modify-no-interface",
        ("modify-attribute", "-d", "x"),
        "Missing argument 'NETWORKINTERFACE'.",
    ),
    usage(
        "reset-no-interface",
        ("reset-attribute", "--source-dest-check"),
        "Missing argument 'NETWORKINTERFACE'.",
    ),
    usage("describe-attribute-no-attribute", ("describe-attribute", ENI), ONE_ONLY_DESCRIBE),
    usage("modify-no-attribute", ("modify-attribute", ENI), ONE_ONLY_MODIFY),
    usage("reset-no-attribute", ("reset-attribute", ENI), ONE_ONLY_RESET),
    usage(
        "modify-attachment-without-delete-on-termination",
        ("modify-attribute", ENI, "-a", ID["web-1-attachment"]),
        "Required option '--delete-on-termination BOOLEAN' missing.",
    ),
    usage(
        "modify-delete-on-termination-without-attachment",
        ("modify-attribute", ENI, "--delete-on-termination", "true"),
        ONE_ONLY_MODIFY,
    ),
    usage(
        "modify-description-with-delete-on-termination",
        ("modify-attribute", ENI, "-d", "x", "--delete-on-termination", "true"),
        "--delete-on-termination goes only with -a, --attachment.",
    ),
    # Conflicting options: one attribute per call.
    usage(
        "describe-attribute-two-flags", ("describe-attribute", ENI, "-d", "-a"), ONE_ONLY_DESCRIBE
    ),
    usage(
        "describe-attribute-all-flags",
        ("describe-attribute", ENI, "-d", "--source-dest-check", "--group-set", "-a"),
        ONE_ONLY_DESCRIBE,
    ),
    usage(
        "modify-description-and-source-dest-check",
        ("modify-attribute", ENI, "-d", "x", "--source-dest-check", "true"),
        ONE_ONLY_MODIFY,
    ),
    usage(
        "modify-groups-and-source-dest-check",
        ("modify-attribute", ENI, "--group-id", ID["workshop/web"], "--source-dest-check", "true"),
        ONE_ONLY_MODIFY,
    ),
    usage(
        "modify-description-and-attachment",
        (
            "modify-attribute",
            ENI,
            "-d",
            "x",
            "-a",
            ID["web-1-attachment"],
            "--delete-on-termination",
            "true",
        ),
        ONE_ONLY_MODIFY,
    ),
    # Unknown options, and options of other commands.
    *(
        usage(f"{command}-unknown-option", (command, "--zzz"), "No such option '--zzz'.")
        for command in (
            "attach",
            "create",
            "delete",
            "describe",
            "describe-attribute",
            "detach",
            "modify-attribute",
            "reset-attribute",
            "describe-instances",
            "describe-subnets",
            "describe-security-groups",
            "describe-vpcs",
        )
    ),
    usage(
        "detach-instance-option",
        ("detach", ID["web-1-attachment"], "-i", WEB1),
        "No such option '-i'.",
    ),
    usage("describe-description-option", ("describe", "-d"), "No such option '-d'."),
    usage("delete-unknown-short-option", ("delete", ENI, "-Z"), "No such option '-Z'."),
    usage(
        "describe-region-not-a-region",
        ("describe", "--region", "bogus"),
        "Invalid value for '--region': 'bogus' is not a region name like us-east-1.",
    ),
    # Another region is empty: nothing of the account is found there, nothing changes.
    ec2(
        "delete-in-another-region",
        ("delete", ENI, "--region", "eu-west-1"),
        "InvalidNetworkInterfaceID.NotFound",
        f"The networkInterface ID '{ENI}' does not exist",
    ),
    # Instance states (§0 c) and zones (§0 k).
    ec2(
        "attach-terminated-instance",
        ("attach", "{eni0}", "-i", ID["old-1"], "-d", "1"),
        "IncorrectInstanceState",
        INCORRECT_STATE.format(ID["old-1"], "terminated"),
        (CREATE_IN_PUBLIC,),
    ),
    *(
        ec2(
            f"attach-{state}-instance",
            ("attach", "{eni0}", "-i", ID["standby-1"], "-d", "1"),
            "IncorrectInstanceState",
            INCORRECT_STATE.format(ID["standby-1"], state),
            (CREATE_IN_PUBLIC, set_instance_state("standby-1", state)),
        )
        for state in ("pending", "stopping", "shutting-down")
    ),
    ec2(
        "attach-stopped-instance-in-another-zone",
        ("attach", "{eni0}", "-i", ID["db-1"], "-d", "1"),
        "InvalidParameterCombination",
        AZ_MISMATCH,
        (CREATE_IN_PUBLIC,),
    ),
    ec2(
        "attach-interface-of-another-zone",
        ("attach", "{eni0}", "-i", WEB1, "-d", "1"),
        "InvalidParameterCombination",
        AZ_MISMATCH,
        (("create", ID["tiny"]),),
    ),
    ec2(
        "attach-interface-in-use",
        ("attach", ENI, "-i", ID["standby-1"], "-d", "1"),
        "InvalidNetworkInterface.InUse",
        f"Interface: [{ENI}] in use.",
    ),
    ec2(
        "detach-on-pending-instance",
        ("detach", "{att0}"),
        "IncorrectInstanceState",
        INCORRECT_STATE.format(WEB1, "pending"),
        (CREATE_IN_PUBLIC, ATTACH_TO_WEB_1, set_instance_state("web-1", "pending")),
    ),
    # Primary interfaces and attached interfaces (§0 b, §6.5).
    ec2(
        "detach-primary",
        ("detach", ID["web-1-attachment"]),
        "OperationNotPermitted",
        "The network interface at device index 0 and networkCard index 0 cannot be detached.",
    ),
    ec2(
        "detach-primary-of-stopped-instance-forced",
        ("detach", ID["db-1-attachment"], "-f"),
        "OperationNotPermitted",
        "The network interface at device index 0 and networkCard index 0 cannot be detached.",
    ),
    ec2(
        "delete-attached-primary",
        ("delete", ENI),
        "InvalidParameterValue",
        f"Network interface '{ENI}' is currently in use.",
    ),
    ec2(
        "delete-attached-secondary",
        ("delete", "{eni0}"),
        "InvalidParameterValue",
        "Network interface '{eni0}' is currently in use.",
        (CREATE_IN_PUBLIC, ATTACH_TO_WEB_1),
    ),
    ec2(
        "modify-attachment-of-another-interface",
        (
            "modify-attribute",
            ENI,
            "-a",
            ID["standby-1-attachment"],
            "--delete-on-termination",
            "true",
        ),
        "InvalidAttachmentID.NotFound",
        f"The interface attachment '{ID['standby-1-attachment']}' does not exist.",
    ),
    ec2(
        "modify-attachment-of-unattached-interface",
        (
            "modify-attribute",
            "{eni0}",
            "-a",
            ID["web-1-attachment"],
            "--delete-on-termination",
            "true",
        ),
        "InvalidAttachmentID.NotFound",
        f"The interface attachment '{ID['web-1-attachment']}' does not exist.",
        (CREATE_IN_PUBLIC,),
    ),
    # Validation order (§0 o): existence before state rules.
    ec2(
        "create-unknown-subnet-before-reserved-address",
        ("create", "subnet-0123456789abcdef0", "--private-ip-address", "10.0.1.1"),
        "InvalidSubnetID.NotFound",
        "The subnet ID 'subnet-0123456789abcdef0' does not exist",
    ),
    ec2(
        "create-unknown-group-before-address-in-use",
        ("create", PUBLIC, "-g", "sg-0123456789abcdef0", "--private-ip-address", "10.0.1.4"),
        "InvalidSecurityGroupID.NotFound",
        "The securityGroup ID 'sg-0123456789abcdef0' does not exist",
    ),
    ec2(
        "attach-malformed-interface-before-malformed-instance",
        ("attach", "eni-x", "-i", "i-x", "-d", "1"),
        *malformed("eni", "eni-x"),
    ),
    ec2(
        "attach-unknown-instance-before-interface-in-use",
        ("attach", ENI, "-i", "i-0123456789abcdef0", "-d", "1"),
        "InvalidInstanceID.NotFound",
        "The instance ID 'i-0123456789abcdef0' does not exist",
    ),
    # Limits (§0 h, i, f; §11).
    ec2(
        "attach-beyond-the-interface-limit-of-t3.micro",
        ("attach", "{eni1}", "-i", WEB1, "-d", "2"),
        "AttachmentLimitExceeded",
        "Interface count 3 exceeds the limit for t3.micro",
        (CREATE_IN_PUBLIC, CREATE_IN_PUBLIC, ATTACH_TO_WEB_1),
    ),
    ec2(
        "attach-more-addresses-than-t3.micro-allows",
        ("attach", "{eni0}", "-i", WEB1, "-d", "1"),
        "PrivateIpAddressLimitExceeded",
        "Number of private addresses will exceed limit.",
        (("create", PUBLIC, "--secondary-private-ip-address-count", "2"),),
    ),
    ec2(
        "create-more-addresses-than-any-interface-holds",
        ("create", ID["backend"], "--secondary-private-ip-address-count", "50"),
        "PrivateIpAddressLimitExceeded",
        "Number of private addresses will exceed limit.",
    ),
    ec2(
        "create-tiny-subnet-too-small",
        ("create", ID["tiny"], "--secondary-private-ip-address-count", "11"),
        "InsufficientFreeAddressesInSubnet",
        NO_FREE,
    ),
    ec2(
        "create-in-full-tiny-subnet",
        ("create", ID["tiny"]),
        "InsufficientFreeAddressesInSubnet",
        NO_FREE,
        (("create", ID["tiny"], "--secondary-private-ip-address-count", "10"),),
    ),
    ec2(
        "create-beyond-the-region-quota",
        ("create", PUBLIC),
        "NetworkInterfaceLimitExceeded",
        "You have reached the limit of 4 network interfaces in this region.",
        (set_interface_quota(4),),
    ),
]

CASES = [*id_cases(), *OTHER_CASES]


def prepare(run: Run, state_path: Path, steps: tuple[Step, ...]) -> dict[str, str]:
    """Run the setup steps; return the IDs they created by placeholder name."""
    created: dict[str, str] = {}
    enis = 0
    attachments = 0
    for step in steps:
        if callable(step):
            step(state_path)
            continue
        result = run(*(arg.format(**created) for arg in step))
        assert result.exit_code == 0, (step, result.stderr)
        if step[0] == "create":
            created[f"eni{enis}"] = result.stdout.split("\t")[1]
            enis += 1
        elif step[0] == "attach":
            created[f"att{attachments}"] = result.stdout.strip()
            attachments += 1
    return created


def test_the_table_is_large_and_its_ids_unique() -> None:
    assert len(CASES) >= 150
    assert len({case.id for case in CASES}) == len(CASES)


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_bad_input_is_refused_with_one_line(case: Case, run: Run, state_path: Path) -> None:
    assert run("describe-vpcs").exit_code == 0  # the account file exists before the snapshot
    created = prepare(run, state_path, case.setup)
    before = state_path.read_bytes()

    result = run(*(arg.format(**created) for arg in case.args))

    assert "Traceback" not in result.stdout + result.stderr
    assert result.stderr.splitlines() == [case.stderr.format(**created)]
    assert result.stderr.endswith("\n")
    assert result.exit_code == case.exit_code
    assert result.stdout == ""
    assert state_path.read_bytes() == before


# Description as given -> as printed (README "Output": TAB, newline and CR are escaped).
DESCRIPTIONS = {
    "tab": ("tab\there", "tab\\there"),
    "newline": ("two\nlines", "two\\nlines"),
    "carriage-return": ("carriage\rreturn", "carriage\\rreturn"),
    "accented": ("café é", "café é"),
    "japanese": ("日本のNIC", "日本のNIC"),
    "emoji": ("rocket 🚀 NIC", "rocket 🚀 NIC"),
    "all-at-once": ("all\tof\nthem é 日本 🚀", "all\\tof\\nthem é 日本 🚀"),
}


@pytest.mark.parametrize(("description", "printed"), DESCRIPTIONS.values(), ids=DESCRIPTIONS)
def test_descriptions_with_tabs_newlines_and_non_ascii_are_valid(
    description: str, printed: str, run: Run, state_path: Path
) -> None:
    created = run("create", ID["management"], "-d", description, "--hide-tags")
    assert created.exit_code == 0, created.stderr
    record = created.stdout.splitlines()[0].split("\t")
    assert record[:3] == ["NETWORKINTERFACE", record[1], printed]
    eni_id = record[1]

    # One record line per record: NETWORKINTERFACE, GROUP, PRIVATEIPADDRESS.
    shown = run("describe", eni_id, "--hide-tags")
    assert [line.split("\t")[0] for line in shown.stdout.splitlines()] == [
        "NETWORKINTERFACE",
        "GROUP",
        "PRIVATEIPADDRESS",
    ]
    assert shown.stdout.splitlines()[0].split("\t")[2] == printed

    modified = run("modify-attribute", ENI, "-d", description)
    assert modified.exit_code == 0, modified.stderr
    attribute = run("describe-attribute", ENI, "-d")
    assert attribute.stdout.splitlines() == [
        f"NETWORKINTERFACE\t{ENI}\tdescription",
        f"DESCRIPTION\t{printed}",
    ]

    # The TOML file holds the value itself: parsed afresh (no cache), it reads back the same.
    state_path.with_name(f".{state_path.name}.cache").unlink()
    again = run("describe-attribute", ENI, "-d")
    assert again.stdout == attribute.stdout


def test_a_description_of_exactly_255_characters_is_valid(run: Run) -> None:
    description = "日" * 254 + "🚀"
    result = run("modify-attribute", ENI, "-d", description)
    assert result.exit_code == 0, result.stderr
    shown = run("describe-attribute", ENI, "-d")
    assert shown.stdout.splitlines()[1] == f"DESCRIPTION\t{description}"


@pytest.mark.parametrize(
    ("args", "option"),
    [
        (("create", PUBLIC, "-d"), "-d"),
        (("modify-attribute", ENI, "--source-dest-check"), "--source-dest-check"),
        (("attach", ENI, "-d", "1", "-i"), "-i"),
    ],
    ids=["create-description", "modify-source-dest-check", "attach-instance"],
)
def test_option_without_its_value_names_the_subcommand(
    args: tuple[str, ...], option: str, run: Run
) -> None:
    # README: a usage error is `<command>: <message> (-h for usage)`; the command is
    # `ec2eni create`, not just `ec2eni`, as for every other usage error of the subcommand.
    result = run(*args)
    assert result.exit_code == 2
    assert result.stderr == (
        f"ec2eni {args[0]}: Option '{option}' requires an argument. (-h for usage)\n"
    )

"""Errors the engine raises.

`EC2Error` is what real EC2 would answer: an error code and a message, printed by the CLI as
`Client.<Code>: <Message>`. `StateError` is about the account file itself (damaged, locked,
unreadable); it is not an EC2 answer. Messages follow `eni-rules.md` (project decisions win).
"""

from __future__ import annotations


class EC2Error(Exception):
    """An EC2 service error: `code` like `InvalidSubnetID.NotFound` and the message text."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(f"{code}: {message}")
        self.code = code
        self.message = message


class StateError(Exception):
    """The account state file cannot be used as it is (the file is never overwritten)."""


class LockTimeout(StateError):
    """Another ec2eni command held the account lock for longer than the timeout."""


# What each ID kind is called in error codes and messages.
_MALFORMED_CODE = {
    "eni": "InvalidNetworkInterfaceId.Malformed",
    "eni-attach": "InvalidNetworkInterfaceAttachmentId.Malformed",
    "ela-attach": "InvalidNetworkInterfaceAttachmentId.Malformed",
    "i": "InvalidInstanceID.Malformed",
    "subnet": "InvalidSubnetID.Malformed",
    "sg": "InvalidGroupId.Malformed",
    "vpc": "InvalidVpcID.Malformed",
}
_NOT_FOUND = {
    "eni": ("InvalidNetworkInterfaceID.NotFound", "The networkInterface ID '{}' does not exist"),
    "eni-attach": ("InvalidAttachmentID.NotFound", "The interface attachment '{}' does not exist."),
    "i": ("InvalidInstanceID.NotFound", "The instance ID '{}' does not exist"),
    "subnet": ("InvalidSubnetID.NotFound", "The subnet ID '{}' does not exist"),
    "sg": ("InvalidGroup.NotFound", "The security group '{}' does not exist"),
    "vpc": ("InvalidVpcID.NotFound", "The vpc ID '{}' does not exist"),
}


def malformed(kind: str, value: str) -> EC2Error:
    return EC2Error(_MALFORMED_CODE[kind], f'Invalid id: "{value}" (expecting "{kind}-...")')


def not_found(kind: str, resource_id: str) -> EC2Error:
    code, template = _NOT_FOUND[kind]
    return EC2Error(code, template.format(resource_id))


def unknown_group_on_create(group_id: str) -> EC2Error:
    """CreateNetworkInterface's answer for an unknown group: a code and wording of its own, unlike
    ModifyNetworkInterfaceAttribute and DescribeSecurityGroups (`not_found("sg", ...)`)."""
    return EC2Error(
        "InvalidSecurityGroupID.NotFound", f"The securityGroup ID '{group_id}' does not exist"
    )


def invalid_value(message: str) -> EC2Error:
    return EC2Error("InvalidParameterValue", message)


def invalid_combination(message: str) -> EC2Error:
    return EC2Error("InvalidParameterCombination", message)


def missing_parameter(name: str) -> EC2Error:
    return EC2Error("MissingParameter", f"The request must contain the parameter {name}")


def bad_parameter_value(parameter: str, value: object, reason: str) -> EC2Error:
    return invalid_value(f"Value ({value}) for parameter {parameter} is invalid. {reason}")


def invalid_address(text: str) -> EC2Error:
    # EC2's wording for a malformed IPv4 address (lower-case start, no parameter name).
    return invalid_value(f"invalid value for parameter address: {text}")


def address_in_use(text: str, *, primary: bool) -> EC2Error:
    """An explicitly requested address another interface of the subnet holds. EC2 words the two
    cases differently: the primary's message does not name the address, a secondary's does."""
    if primary:
        return EC2Error("InvalidIPAddress.InUse", "The specified address is already in use.")
    return EC2Error("InvalidIPAddress.InUse", f"Address {text} is in use.")


def interface_in_use(eni_id: str) -> EC2Error:
    return EC2Error("InvalidNetworkInterface.InUse", f"Interface: [{eni_id}] in use.")


def incorrect_instance_state(instance_id: str, state: str) -> EC2Error:
    return EC2Error(
        "IncorrectInstanceState",
        f"The instance '{instance_id}' is not in a valid state for this operation. "
        f"Current state: {state}.",
    )


def different_networks() -> EC2Error:
    return EC2Error(
        "InvalidGroup.NotFound",
        "You have specified two resources that belong to different networks.",
    )


def insufficient_free_addresses() -> EC2Error:
    return EC2Error(
        "InsufficientFreeAddressesInSubnet",
        "The specified subnet does not have enough free addresses to satisfy the request.",
    )


def private_ip_limit() -> EC2Error:
    return EC2Error(
        "PrivateIpAddressLimitExceeded", "Number of private addresses will exceed limit."
    )


def requester_managed(eni_id: str) -> EC2Error:
    return EC2Error(
        "OperationNotPermitted",
        f"The network interface '{eni_id}' is requester-managed: only its tags can be changed.",
    )

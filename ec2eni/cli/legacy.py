"""Console-script entry points under the legacy EC2 API Tools names.

Each is a copy of the command object `ec2eni <subcommand>` runs (same parameters, same body, so
the two cannot drift apart), marked `legacy`: a usage error then speaks the legacy tool's words
and exits 1, as scripts written for the legacy tool expect (`ec2eni.cli.usage`).

The faces are made on first access (module `__getattr__`), so `ec2dnic` imports the module of
`describe` and no other command's.
"""

from __future__ import annotations

import importlib

import click

from ec2eni.cli.runtime import EC2Command

# Entry-point name -> (module under ec2eni.cli, command attribute).
FACES: dict[str, tuple[str, str]] = {
    "attach": ("attachments", "attach"),
    "create": ("interfaces", "create"),
    "delete": ("interfaces", "delete"),
    "describe": ("interfaces", "describe"),
    "describe_attribute": ("attributes", "describe_attribute"),
    "detach": ("attachments", "detach"),
    "modify_attribute": ("attributes", "modify_attribute"),
    "reset_attribute": ("attributes", "reset_attribute"),
    "describe_subnets": ("network", "describe_subnets"),
    "describe_vpcs": ("network", "describe_vpcs"),
    "describe_group": ("network", "describe_group"),
    "create_vpc": ("network", "create_vpc"),
    "delete_vpc": ("network", "delete_vpc"),
    "create_subnet": ("network", "create_subnet"),
    "delete_subnet": ("network", "delete_subnet"),
    "create_group": ("network", "create_group"),
    "delete_group": ("network", "delete_group"),
    "describe_instances": ("instances", "describe_instances"),
    "run_instances": ("instances", "run_instances"),
    "stop_instances": ("instances", "stop_instances"),
    "start_instances": ("instances", "start_instances"),
    "reboot_instances": ("instances", "reboot_instances"),
    "terminate_instances": ("instances", "terminate_instances"),
    "allocate_address": ("addresses", "allocate_address"),
    "associate_address": ("addresses", "associate_address"),
    "disassociate_address": ("addresses", "disassociate_address"),
    "release_address": ("addresses", "release_address"),
    "describe_addresses": ("addresses", "describe_addresses"),
    "assign_private_ip_addresses": ("private_ips", "assign"),
    "unassign_private_ip_addresses": ("private_ips", "unassign"),
    "create_tags": ("tags", "create_tags"),
    "delete_tags": ("tags", "delete_tags"),
    "describe_tags": ("tags", "describe_tags"),
    "version": ("version", "version"),
}

__all__ = list(FACES)


def legacy_face(command: click.Command) -> EC2Command:
    """A shallow copy of `command` marked legacy (what `copy.copy` makes of it, without the
    import of `copy` at every legacy script's start-up)."""
    assert isinstance(command, EC2Command)
    face = object.__new__(type(command))
    face.__dict__.update(command.__dict__)
    face.legacy = True
    return face


def __getattr__(name: str) -> EC2Command:
    where = FACES.get(name)
    if where is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    module, attribute = where
    face = legacy_face(getattr(importlib.import_module(f"ec2eni.cli.{module}"), attribute))
    globals()[name] = face  # built once: later lookups find it without __getattr__
    return face

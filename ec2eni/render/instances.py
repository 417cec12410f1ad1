"""The instance records of ec2din and ec2run, and the state-change lines of ec2stop, ec2start and
ec2kill (legacy-cli.md §12).

ec2din and ec2run print, per reservation: RESERVATION, then per instance INSTANCE (32 fields),
its network interfaces (NIC, NICATTACHMENT, NICASSOCIATION, GROUP, PRIVATEIPADDRESS each) and
its TAG lines. There are no BLOCKDEVICE lines: the simulated account has no volumes. Only the
first record's header ever prints (RESERVATION's, which names a `Type` column and a `Platform`
it has no field for). ec2reboot prints nothing.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from ec2eni.engine import clock
from ec2eni.render import api
from ec2eni.render.lines import Lines

if TYPE_CHECKING:
    from ec2eni.engine.descriptions import InterfaceDescription
    from ec2eni.engine.instance_descriptions import (
        InstanceDescription,
        ReservationDescription,
        StateChange,
    )

RESERVATION_HEADER = ("Type", "ReservationID", "Owner", "Groups", "Platform")
STATE_CHANGE_HEADER = ("Type", "Name")


def state_name(name: str, code: int, debug: bool) -> str:
    """The state as printed; `--debug` appends the code in four hex digits: `running(0010)`."""
    return f"{name}({code:04x})" if debug else name


def _launch_time(stamp: str) -> str:
    """`2026-01-01T09:00:00+0000`: always UTC."""
    moment = clock.parse(stamp)
    return moment.strftime("%Y-%m-%dT%H:%M:%S+0000") if moment else stamp


def _attach_time(stamp: str) -> str:
    """`2026-01-01T04:00:00-0500`: in the local time zone of the process (the legacy tool's
    SimpleDateFormat used the JVM's zone), the one field that depends on TZ."""
    moment = clock.parse(stamp)
    return moment.astimezone().strftime("%Y-%m-%dT%H:%M:%S%z") if moment else stamp


def _interface(out: Lines, n: InterfaceDescription) -> None:
    out.record(
        None,
        "NIC",
        n.network_interface_id,
        n.subnet_id,
        n.vpc_id,
        n.owner_id,
        n.status,
        n.private_ip_address,
        n.private_dns_name,
        n.source_dest_check,
    )
    if n.attachment is not None:
        a = n.attachment
        out.record(
            None,
            "NICATTACHMENT",
            a.attachment_id,
            a.device_index,
            a.status,
            _attach_time(a.attach_time),
            a.delete_on_termination,
        )
    for p in n.private_ip_addresses:
        if p.association is not None:
            out.record(
                None,
                "NICASSOCIATION",
                p.association.public_ip,
                p.association.ip_owner_id,
                p.private_ip_address,
            )
    for group_id, group_name in n.groups:
        out.record(None, "GROUP", group_id, group_name)
    for p in n.private_ip_addresses:
        public_dns = p.association.public_dns_name if p.association is not None else ""
        out.record(None, "PRIVATEIPADDRESS", p.private_ip_address, p.private_dns_name, public_dns)


def _instance(out: Lines, d: InstanceDescription, debug: bool) -> None:
    out.record(
        None,
        "INSTANCE",
        d.instance_id,
        d.image_id,
        d.public_dns_name,
        d.private_dns_name,
        state_name(d.state, d.state_code, debug),
        d.key_name,
        d.launch_index,
        None,  # product codes
        d.instance_type,
        _launch_time(d.launch_time),
        d.availability_zone,
        None,  # kernel
        None,  # ramdisk
        None,  # platform
        f"monitoring-{d.monitoring}",
        d.public_ip_address,
        d.private_ip_address,
        d.vpc_id,
        d.subnet_id,
        d.root_device_type,
        None,  # lifecycle
        None,  # spot instance request
        None,  # license pool
        None,  # placement group
        d.virtualization_type,
        d.hypervisor,
        None,  # client token
        ", ".join(group_id for group_id, _ in d.groups),
        d.tenancy,
        d.ebs_optimized,
        None,  # IAM instance profile
    )
    for n in d.network_interfaces:
        _interface(out, n)
    out.tags("instance", d.instance_id, d.tags)


def reservations(
    out: Lines, descriptions: Iterable[ReservationDescription], *, debug: bool = False
) -> None:
    listed = list(descriptions)
    out.respond(lambda: api.reservations(listed))
    for r in listed:
        out.record(
            RESERVATION_HEADER, "RESERVATION", r.reservation_id, r.owner_id, ",".join(r.group_names)
        )
        for d in r.instances:
            _instance(out, d, debug)


def state_changes(
    out: Lines,
    changes: Iterable[StateChange],
    *,
    debug: bool = False,
    key: str = "StoppingInstances",
) -> None:
    """`key` names the list in the API response: `StoppingInstances`, `StartingInstances` or
    `TerminatingInstances`."""
    listed = list(changes)
    out.respond(lambda: api.state_changes(key, listed))
    for c in listed:
        out.record(
            STATE_CHANGE_HEADER,
            "INSTANCE",
            c.instance_id,
            state_name(c.previous_state, c.previous_code, debug),
            state_name(c.current_state, c.current_code, debug),
        )


def launched(out: Lines, r: ReservationDescription, *, debug: bool = False) -> None:
    """ec2run: the describe records; RunInstances answers the one reservation itself."""
    reservations(out, [r], debug=debug)
    out.respond(lambda: api.reservation(r))

"""`ec2eni topology` drawn with rich: under the heading "VPCs" a tree per VPC (VPC → subnet →
interface → the instance it is attached to, as ethN), under "Instances" a tree per instance
(instance → its interfaces, eth0 first, each saying where it is).

The only module that imports rich, and only `ec2eni topology` imports it: the legacy text
commands never pay for it. Colour only on a terminal, never with NO_COLOR or TERM=dumb; anywhere
else (a pipe, a file, the tests) the text is plain and at a fixed width, so it is the same
everywhere.
"""

from __future__ import annotations

import io
import os
from typing import TYPE_CHECKING, TextIO, TypeAlias

from ec2eni.engine.topology import InstanceNode, InterfaceNode, SubnetNode, Topology, VpcNode

if TYPE_CHECKING:
    from rich.console import Console, Group
    from rich.text import Text
    from rich.tree import Tree

# The width when the output is not a terminal: a pipe has none, and a fixed one keeps the text
# the same wherever it goes. The default account's longest line is well inside it.
PLAIN_WIDTH = 100
# An SVG is as wide as its longest line, within these bounds.
SVG_WIDTHS = (40, 160)

STATE_STYLES = {
    "running": "green",
    "pending": "yellow",
    "stopping": "yellow",
    "shutting-down": "yellow",
    "stopped": "red",
    "terminated": "dim",
}
ID = "cyan"
NAME = "bold"
CIDR = "green"
LABEL = "dim"
PUBLIC = "bold yellow"
NOTICE = "magenta"
HEADING = "bold underline"


Part: TypeAlias = "tuple[str, str] | str | Text"


def _text(*parts: Part) -> Text:
    """Parts separated by two spaces; a part is a word, (word, style) or a Text. Empty parts are
    left out (a resource without a Name tag)."""
    from rich.text import Text

    text = Text()
    for part in parts:
        if isinstance(part, Text):
            piece = part
        else:
            word, style = (part, "") if isinstance(part, str) else part
            piece = Text(word, style)
        if not piece:
            continue
        if text:
            text.append("  ")
        text.append_text(piece)
    return text


def _labelled(label: str, value: str, style: str = "") -> Text:
    """`label value`, the label dimmed."""
    from rich.text import Text

    text = Text()
    # Appended, not Text(label, LABEL): that style would be the base of the whole text.
    text.append(label, LABEL)
    if value:
        text.append(" ")
        text.append(value, style)
    return text


def _addresses(node: InterfaceNode) -> list[Text]:
    """One line per private IP, the primary first, with the Elastic IP associated to it."""
    lines = []
    for ip in node.interface.private_ip_addresses:
        kind = "primary" if ip.primary else "secondary"
        public = ip.association.public_ip if ip.association is not None else ""
        lines.append(
            _text(
                _labelled(kind, ip.private_ip_address),
                _labelled("Elastic IP", public, PUBLIC) if public else "",
            )
        )
    return lines


def _usage(node: InterfaceNode) -> tuple[str, str] | str:
    """What the first line says about who uses the interface, when no instance does."""
    interface = node.interface
    if interface.requester_managed:
        return (f"requester {interface.requester_id or 'unknown'}", NOTICE)
    if interface.attachment is None:
        return ("available", NOTICE)
    return ""


def _device(node: InterfaceNode) -> str:
    attachment = node.interface.attachment
    if attachment is None:
        return ""
    device = f"eth{attachment.device_index}"
    if attachment.status != "attached":
        device += f" ({attachment.status})"
    return device


def _named(name: str, resource_id: str) -> Text:
    """`name (id)`, or the bare ID of a resource without a Name tag."""
    from rich.text import Text

    if not name:
        return Text(resource_id, ID)
    text = Text()
    text.append(name, NAME)
    text.append(" (")
    text.append(resource_id, ID)
    text.append(")")
    return text


def _interface_label(node: InterfaceNode) -> Text:
    from rich.text import Text

    interface = node.interface
    lines = [_text((interface.network_interface_id, ID), (node.name, NAME), _usage(node))]
    lines += _addresses(node)
    lines.append(
        _text(
            _labelled("MAC", interface.mac_address),
            _labelled("groups", ", ".join(name for _, name in interface.groups)),
            "" if interface.source_dest_check else ("source/dest check off", NOTICE),
        )
    )
    return Text("\n").join(lines)


def _instance_words(instance_id: str, name: str, state: str, instance_type: str) -> Text:
    return _text(
        (instance_id, ID), (name, NAME), (state, STATE_STYLES.get(state, "")), instance_type
    )


def _subnet(tree: Tree, node: SubnetNode) -> None:
    subnet = node.subnet
    free = f"{subnet.available_ip_address_count} free"
    branch = tree.add(
        _text(
            (subnet.subnet_id, ID),
            (node.name, NAME),
            (subnet.cidr_block, CIDR),
            subnet.availability_zone,
            (free, LABEL),
        )
    )
    for interface in node.interfaces:
        leaf = branch.add(_interface_label(interface))
        holder = interface.instance
        if holder is not None:
            words = _instance_words(
                holder.instance_id, holder.name, holder.state, holder.instance_type
            )
            leaf.add(_text(_device(interface), words))


def _vpc(tree: Tree, node: VpcNode) -> None:
    vpc = node.vpc
    default = ("default VPC", LABEL) if vpc.is_default else ""
    branch = tree.add(_text((vpc.vpc_id, ID), (node.name, NAME), (vpc.cidr_block, CIDR), default))
    for subnet in node.subnets:
        _subnet(branch, subnet)


def _instance(tree: Tree, node: InstanceNode) -> None:
    from rich.text import Text

    instance = node.instance
    words = _instance_words(instance.instance_id, node.name, instance.state, instance.instance_type)
    if instance.state == "terminated":
        words.stylize("dim")
    branch = tree.add(words)
    for interface in node.interfaces:
        where = Text()
        where.append("in ", LABEL)
        where.append_text(_named(interface.subnet_name, interface.interface.subnet_id))
        where.append(", VPC ", LABEL)
        # The VPC by name alone when it has one: its ID is in the VPCs tree, and the line stays
        # inside 80 columns.
        vpc = interface.vpc_name or interface.interface.vpc_id
        where.append(vpc, NAME if interface.vpc_name else ID)
        first = _text(
            _device(interface),
            (interface.interface.network_interface_id, ID),
            (interface.name, NAME),
        )
        branch.add(Text("\n").join([first, where, *_addresses(interface)]))


def _picture(topology: Topology) -> Group:
    from rich.console import Group
    from rich.text import Text
    from rich.tree import Tree

    # Each VPC and each instance is the top of its own tree, under a heading, rather than a
    # branch of a "VPCs" root: one level less keeps a subnet's line inside 80 columns.
    vpcs = Tree("VPCs", hide_root=True)
    for vpc in topology.vpcs:
        _vpc(vpcs, vpc)
    instances = Tree("Instances", hide_root=True)
    for instance in topology.instances:
        _instance(instances, instance)
    return Group(
        Text("VPCs", HEADING),
        vpcs if topology.vpcs else Text("none", LABEL),
        Text(""),
        Text("Instances", HEADING),
        instances if topology.instances else Text("none", LABEL),
    )


def _console(file: TextIO, force_terminal: bool | None) -> Console:
    from rich.console import Console

    probe = Console(file=file, force_terminal=force_terminal)
    terminal = probe.is_terminal
    # NO_COLOR means no colour; rich alone would still send bold and dim.
    colour = terminal and not probe.is_dumb_terminal and not os.environ.get("NO_COLOR")
    return Console(
        file=file,
        force_terminal=terminal,
        color_system="auto" if colour else None,
        width=None if terminal else PLAIN_WIDTH,
        highlight=False,
        markup=False,
        emoji=False,
    )


def draw(topology: Topology, file: TextIO, *, force_terminal: bool | None = None) -> str:
    """The picture as text for `file` (with colour when `file` is a terminal that takes it, or
    `force_terminal`), for the caller to write."""
    console = _console(file, force_terminal)
    with console.capture() as captured:
        console.print(_picture(topology))
    return captured.get()


def svg(topology: Topology, title: str = "ec2eni topology") -> str:
    """The same picture, in colour, as an SVG document as wide as its longest line."""
    from rich.console import Console
    from rich.measure import Measurement

    picture = _picture(topology)
    measuring = Console(file=io.StringIO(), width=SVG_WIDTHS[1])
    widest = Measurement.get(measuring, measuring.options, picture).maximum
    width = min(max(widest, SVG_WIDTHS[0]), SVG_WIDTHS[1])
    console = Console(
        file=io.StringIO(),
        record=True,
        width=width,
        force_terminal=True,
        color_system="truecolor",
        highlight=False,
        markup=False,
        emoji=False,
    )
    console.print(picture)
    return console.export_svg(title=title)

"""`-o json` and `-o table` of the commands the legacy tools never had (`limits`, `topology`,
`explain`, `scenario`, `account`, `version`): plain dicts, keyed in the AWS CLI's style.

Where an EC2 API action answers the same question, its shape is kept: `limits` answers as
DescribeInstanceTypes (`InstanceTypes[].NetworkInfo`), and the records in `topology` are the
describe commands' own (`render.api`). The rest has no API counterpart and uses the same
conventions: CamelCase keys, lists of records, absent values as null.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from ec2eni.render import api
from ec2eni.render.lines import Response

if TYPE_CHECKING:
    from ec2eni.engine.topology import InterfaceNode, Topology
    from ec2eni.teaching.explanations import Explanation
    from ec2eni.teaching.goals import Outcome
    from ec2eni.teaching.limits_table import InstanceUse, TypeRow
    from ec2eni.teaching.scenarios import Scenario


def _one_line(text: str) -> str:
    """A paragraph of the teaching texts as one line: JSON has no use for its line breaks."""
    return " ".join(text.split())


def instance_type(row: TypeRow) -> Response:
    """One type as DescribeInstanceTypes describes it. Only card 0 is listed where one card
    takes fewer than the type's interfaces: the legacy commands attach there only."""
    per_card = row.per_card if row.per_card is not None else row.interfaces
    return {
        "InstanceType": row.name,
        "NetworkInfo": {
            "MaximumNetworkInterfaces": row.interfaces,
            "Ipv4AddressesPerInterface": row.ipv4_per_interface,
            "MaximumNetworkCards": row.network_cards,
            "DefaultNetworkCardIndex": 0,
            "NetworkCards": [{"NetworkCardIndex": 0, "MaximumNetworkInterfaces": per_card}],
        },
    }


def instance_use(use: InstanceUse) -> Response:
    return {
        "InstanceId": use.instance_id,
        "Name": use.name,
        "InstanceType": use.instance_type,
        "State": use.state,
        "MaximumNetworkInterfaces": use.interface_limit,
        "NetworkInterfaces": [
            {
                "DeviceIndex": nic.device_index,
                "NetworkInterfaceId": nic.interface_id,
                "PrivateIpAddressCount": nic.ipv4_count,
                "Ipv4AddressesPerInterface": nic.ipv4_limit,
                "Status": nic.status,
            }
            for nic in use.interfaces
        ],
    }


def limits(rows: Sequence[TypeRow], uses: Sequence[InstanceUse]) -> Response:
    response: Response = {"InstanceTypes": [instance_type(row) for row in rows]}
    if uses:
        response["Instances"] = [instance_use(use) for use in uses]
    return response


def _interface(node: InterfaceNode) -> Response:
    described = api.interface(node.interface)
    if node.instance is not None:
        described["InstanceName"] = node.instance.name
    return described


def topology(picture: Topology) -> Response:
    """The tree as nested records: VPCs > Subnets > NetworkInterfaces, then Instances >
    NetworkInterfaces (an attached interface appears in both, as in the picture)."""
    return {
        "OwnerId": picture.owner_id,
        "Region": picture.region,
        "Vpcs": [
            {
                **api.vpc(v.vpc),
                "Subnets": [
                    {
                        **api.subnet(s.subnet),
                        "NetworkInterfaces": [_interface(i) for i in s.interfaces],
                    }
                    for s in v.subnets
                ],
            }
            for v in picture.vpcs
        ],
        "Instances": [
            {
                "InstanceId": n.instance.instance_id,
                "InstanceType": n.instance.instance_type,
                "State": n.instance.state,
                "Name": n.name,
                "NetworkInterfaces": [_interface(i) for i in n.interfaces],
            }
            for n in picture.instances
        ],
    }


def explanation(e: Explanation) -> Response:
    return {
        "Code": e.code,
        "Summary": e.summary,
        "Rule": _one_line(e.rule),
        "Why": _one_line(e.why),
        "Fix": _one_line(e.fix),
        "Commands": [{"Command": command, "Shows": what} for command, what in e.commands],
    }


def explanations(listed: Iterable[Explanation]) -> Response:
    return {"Codes": [{"Code": e.code, "Summary": e.summary} for e in listed]}


def scenarios(listed: Iterable[Scenario]) -> Response:
    return {"Scenarios": [{"Name": s.name, "Title": s.title, "Summary": s.summary} for s in listed]}


def scenario(s: Scenario, setup: Sequence[str]) -> Response:
    """`setup`: what `scenario start` adds to the default account, one sentence per action."""
    return {
        "Name": s.name,
        "Title": s.title,
        "Summary": _one_line(s.summary),
        "Why": _one_line(s.idea),
        "StartingPoint": _one_line(s.start),
        "Setup": list(setup),
        "Goal": _one_line(s.goal),
        "Requirements": [r.statement for r in s.requirements],
        "Steps": [
            {"Do": _one_line(step.do), "Run": list(step.run), "LookAt": step.look}
            for step in s.steps
        ],
    }


def check(name: str, outcomes: Sequence[Outcome]) -> Response:
    return {
        "Scenario": name,
        "Done": all(o.met for o in outcomes),
        "Requirements": [
            {
                "Statement": o.statement,
                "Met": o.met,
                "Found": None if o.met else o.found,
                "Hint": None if o.met else o.hint,
            }
            for o in outcomes
        ],
    }


def replaced(
    what: str, path: str, backup: str | None, scenario_name: str | None = None
) -> Response:
    response: Response = {"Wrote": what, "StateFile": path, "Backup": backup}
    if scenario_name is not None:
        response = {"Scenario": scenario_name, **response}
    return response

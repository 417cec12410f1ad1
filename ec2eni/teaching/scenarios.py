"""The scenarios: one TOML file each in `scenarios/`, the single description of a lab.

A file holds the lab's text (title, summary, the idea, the goal), its starting account as `setup`
actions applied to the default account, the student's steps (each with the exact commands and what
to look at) and the goal's requirements (kinds in `ec2eni.teaching.goals`). Each setup action is
one engine call, with resources named by their Name tag instead of IDs; whatever it makes gets the
Name tag it was given, which later actions and the requirements find it by. Built through the
engine from the default account, a starting account has the same IDs on every run.
"""

from __future__ import annotations

import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from ec2eni.engine import addresses, attachments, instances, interfaces, launch, network, tags
from ec2eni.engine.default_account import build_default_account
from ec2eni.engine.errors import EC2Error
from ec2eni.engine.model import DEFAULT_IMAGE_ID, Account
from ec2eni.teaching import file_names, goals, read_text
from ec2eni.teaching.goals import (
    KINDS,
    Params,
    Requirement,
    Spec,
    find_address,
    find_group,
    find_instance,
    find_interface,
    find_subnet,
    find_vpc,
    listing,
)

FOLDER = "scenarios"


class ScenarioError(Exception):
    """A scenario file that does not say what it must: a fault of the package, not of the user."""


class UnknownScenario(Exception):
    def __init__(self, name: str, known: list[str]) -> None:
        super().__init__(f"unknown scenario {name!r}; the scenarios are: {', '.join(known)}")
        self.known = known


@dataclass(frozen=True, slots=True)
class Step:
    do: str
    run: tuple[str, ...]
    look: str


@dataclass(frozen=True, slots=True)
class Action:
    action: str
    params: Params


@dataclass(frozen=True, slots=True)
class Scenario:
    name: str
    order: int
    title: str
    summary: str
    idea: str
    start: str
    goal: str
    setup: tuple[Action, ...]
    steps: tuple[Step, ...]
    requirements: tuple[Requirement, ...]


# --- the setup actions --------------------------------------------------------------------------


def _tag(account: Account, resource_id: str, name: str) -> None:
    tags.create_tags(account, [resource_id], [("Name", name)])


def _group_ids(account: Account, names: list[str], vpc_id: str) -> list[str]:
    return [find_group(account, name, vpc_id).group_id for name in names]


def _create_vpc(account: Account, p: Params) -> None:
    _tag(account, network.create_vpc(account, p["cidr"]).vpc_id, p["name"])


def _create_subnet(account: Account, p: Params) -> None:
    vpc = find_vpc(account, p["vpc"])
    made = network.create_subnet(account, vpc.vpc_id, p["cidr"], p.get("zone"))
    _tag(account, made.subnet_id, p["name"])


def _create_group(account: Account, p: Params) -> None:
    vpc = find_vpc(account, p["vpc"])
    made = network.create_security_group(account, p["name"], p["description"], vpc.vpc_id)
    _tag(account, made.group_id, p["name"])


def _run_instance(account: Account, p: Params) -> None:
    subnet = find_subnet(account, p["subnet"])
    reservation = launch.run_instances(
        account,
        DEFAULT_IMAGE_ID,
        instance_type=p["type"],
        subnet_id=subnet.subnet_id,
        group_ids=_group_ids(account, p.get("groups", []), subnet.vpc_id),
    )
    [instance] = reservation.instances
    _tag(account, instance.instance_id, p["name"])
    # As the default account names its instances' primary interfaces.
    _tag(account, instance.network_interfaces[0].network_interface_id, f"{p['name']}-eth0")


def _create_interface(account: Account, p: Params) -> None:
    subnet = find_subnet(account, p["subnet"])
    made = interfaces.create_network_interface(
        account,
        subnet.subnet_id,
        description=p.get("description", ""),
        group_ids=_group_ids(account, p.get("groups", []), subnet.vpc_id),
        secondary_private_ip_addresses=p.get("secondary_ips", []),
    )
    _tag(account, made.network_interface_id, p["name"])


def _attach(account: Account, p: Params) -> None:
    eni = find_interface(account, p["interface"])
    instance = find_instance(account, p["instance"])
    attachments.attach_network_interface(
        account, eni.network_interface_id, instance.instance_id, p["device_index"]
    )


def _allocate(account: Account, p: Params) -> None:
    _tag(account, addresses.allocate_address(account).allocation_id, p["name"])


def _associate(account: Account, p: Params) -> None:
    addresses.associate_address(
        account,
        find_address(account, p["address"]).allocation_id,
        network_interface_id=find_interface(account, p["interface"]).network_interface_id,
        private_ip_address=p["private_ip"],
    )


def _stop(account: Account, p: Params) -> None:
    instances.stop_instances(account, [find_instance(account, p["instance"]).instance_id])


def _groups_phrase(p: Params) -> str:
    names = p.get("groups", [])
    if not names:
        return "its VPC's default group"
    return f"the group{'s' if len(names) > 1 else ''} {listing(names)}"


@dataclass(frozen=True, slots=True)
class _Kind:
    params: Spec
    run: Callable[[Account, Params], None]
    # What the action made, as a line of `scenario show`'s starting point.
    says: Callable[[Params], str]


ACTIONS: dict[str, _Kind] = {
    "create_vpc": _Kind(
        {"name": (str, True), "cidr": (str, True)},
        _create_vpc,
        lambda p: f"a VPC {p['name']}, {p['cidr']}",
    ),
    "create_subnet": _Kind(
        {"name": (str, True), "vpc": (str, True), "cidr": (str, True), "zone": (str, False)},
        _create_subnet,
        lambda p: f"a subnet {p['name']}, {p['cidr']} in the VPC {p['vpc']}",
    ),
    "create_security_group": _Kind(
        {"name": (str, True), "vpc": (str, True), "description": (str, True)},
        _create_group,
        lambda p: f"a security group {p['name']} in the VPC {p['vpc']} ({p['description']})",
    ),
    "run_instances": _Kind(
        {"name": (str, True), "subnet": (str, True), "type": (str, True), "groups": (list, False)},
        _run_instance,
        lambda p: (
            f"an instance {p['name']} ({p['type']}) in the subnet {p['subnet']}, with "
            f"{_groups_phrase(p)}"
        ),
    ),
    "create_network_interface": _Kind(
        {
            "name": (str, True),
            "subnet": (str, True),
            "groups": (list, False),
            "description": (str, False),
            "secondary_ips": (list, False),
        },
        _create_interface,
        lambda p: (
            f"a network interface {p['name']} in the subnet {p['subnet']}, with "
            f"{_groups_phrase(p)}"
            + (
                f" and the secondary private IP {listing(p['secondary_ips'])}"
                if p.get("secondary_ips")
                else ""
            )
        ),
    ),
    "attach_network_interface": _Kind(
        {"interface": (str, True), "instance": (str, True), "device_index": (int, True)},
        _attach,
        lambda p: f"{p['interface']} attached to {p['instance']} as eth{p['device_index']}",
    ),
    "allocate_address": _Kind(
        {"name": (str, True)}, _allocate, lambda p: f"an Elastic IP {p['name']}"
    ),
    "associate_address": _Kind(
        {"address": (str, True), "interface": (str, True), "private_ip": (str, True)},
        _associate,
        lambda p: f"{p['address']} associated with {p['private_ip']} of {p['interface']}",
    ),
    "stop_instances": _Kind({"instance": (str, True)}, _stop, lambda p: f"{p['instance']} stopped"),
}


def setup_line(action: Action) -> str:
    return ACTIONS[action.action].says(action.params)


def build_start(scenario: Scenario) -> Account:
    """The scenario's starting account: the default account and its setup actions, in order."""
    account = build_default_account()
    for number, action in enumerate(scenario.setup, 1):
        try:
            ACTIONS[action.action].run(account, action.params)
        except (EC2Error, goals.Missing) as error:
            detail = f"{error.code}: {error.message}" if isinstance(error, EC2Error) else error
            raise ScenarioError(
                f"scenario {scenario.name}: setup action {number} ({action.action}) failed: "
                f"{detail}"
            ) from None
    return account


# --- loading ------------------------------------------------------------------------------------


def _file_names() -> list[str]:
    return sorted(
        name.removesuffix(".toml") for name in file_names(FOLDER) if name.endswith(".toml")
    )


_TYPE_WORDS = {str: "text", int: "an integer", bool: "true or false", list: "a list of text"}


def _params(table: Mapping[str, Any], spec: Spec, where: str) -> Params:
    unknown = set(table) - set(spec)
    if unknown:
        raise ScenarioError(f"{where}: unknown {listing(sorted(unknown))}")
    for key, (kind, required) in spec.items():
        if key not in table:
            if required:
                raise ScenarioError(f"{where}: {key} is missing")
            continue
        value: Any = table[key]
        # bool is an int to Python; a device index of `true` is still wrong.
        fits = type(value) is kind
        if fits and kind is list:
            fits = all(isinstance(item, str) for item in value)
        if not fits:
            raise ScenarioError(f"{where}: {key} must be {_TYPE_WORDS[kind]}")
    return dict(table)


def _text(document: Mapping[str, Any], key: str, where: str, *, required: bool = True) -> str:
    value = document.get(key, None if required else "")
    if not isinstance(value, str):
        raise ScenarioError(f"{where}: {key} must be text")
    return value.strip()


def _tables(document: Mapping[str, Any], key: str, where: str) -> list[dict[str, Any]]:
    value = document.get(key, [])
    if not isinstance(value, list) or not all(isinstance(item, dict) for item in value):
        raise ScenarioError(f"{where}: {key} must be an array of tables ([[{key}]])")
    return value


def _parse(name: str, document: Mapping[str, Any]) -> Scenario:
    where = f"{FOLDER}/{name}.toml"
    setup = []
    for number, table in enumerate(_tables(document, "setup", where), 1):
        at = f"{where}: setup {number}"
        table = dict(table)
        action = table.pop("action", None)
        if action not in ACTIONS:
            raise ScenarioError(f"{at}: action must be one of {', '.join(ACTIONS)}")
        setup.append(Action(action, _params(table, ACTIONS[action].params, at)))
    steps = []
    for number, table in enumerate(_tables(document, "steps", where), 1):
        at = f"{where}: step {number}"
        run = table.get("run")
        if (
            not isinstance(run, list)
            or not run
            or not all(isinstance(line, str) and line.strip() and "\n" not in line for line in run)
        ):
            raise ScenarioError(f"{at}: run must be a list of one-line commands")
        steps.append(Step(_text(table, "do", at), tuple(run), _text(table, "look", at)))
    requirements = []
    for number, table in enumerate(_tables(document, "requirements", where), 1):
        at = f"{where}: requirement {number}"
        table = dict(table)
        kind = table.pop("kind", None)
        if kind not in KINDS:
            raise ScenarioError(f"{at}: kind must be one of {', '.join(KINDS)}")
        hint = _text(table, "hint", at)
        del table["hint"]
        requirements.append(Requirement(kind, _params(table, KINDS[kind].params, at), hint))
    if not steps or not requirements:
        raise ScenarioError(f"{where}: a scenario needs steps and requirements")
    order = document.get("order")
    if type(order) is not int:
        raise ScenarioError(f"{where}: order must be an integer")
    return Scenario(
        name=name,
        order=order,
        title=_text(document, "title", where),
        summary=_text(document, "summary", where),
        idea=_text(document, "idea", where),
        start=_text(document, "start", where, required=False),
        goal=_text(document, "goal", where),
        setup=tuple(setup),
        steps=tuple(steps),
        requirements=tuple(requirements),
    )


def _read(name: str) -> Scenario:
    text = read_text(FOLDER, f"{name}.toml")
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise ScenarioError(f"{FOLDER}/{name}.toml: {error}") from None
    return _parse(name, document)


def load_all() -> list[Scenario]:
    """Every scenario, in teaching order."""
    return sorted((_read(name) for name in _file_names()), key=lambda s: (s.order, s.name))


def names() -> list[str]:
    return [scenario.name for scenario in load_all()]


def load(name: str) -> Scenario:
    """The scenario called `name` (only a name the package has: never a path)."""
    if name not in _file_names():
        raise UnknownScenario(name, names())
    return _read(name)

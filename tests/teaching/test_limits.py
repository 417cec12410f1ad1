"""`ec2eni limits`: the engine's instance-type table as text (exact lines for a few types, the
order of the whole table, wildcards), an instance's use of its limits on the default account
after an attach, and unknown types and instances."""

from __future__ import annotations

from pathlib import Path

import pytest

from ec2eni.engine.limits import INSTANCE_TYPES
from ec2eni.teaching import limits_table
from tests.conftest import Run

HEADER = "TYPE      INTERFACES  IPV4 PER INTERFACE  NETWORK CARDS"


def test_exact_lines_for_a_few_types(run: Run) -> None:
    result = run("limits", "t3.micro", "M5.LARGE", "t3.micro")
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout.splitlines() == [
        HEADER,
        "t3.micro           2                   2              1",
        "m5.large           3                  10              1",
    ]


def test_multi_card_types_show_the_per_card_maximum_and_say_why(run: Run) -> None:
    result = run("limits", "p5.48xlarge", "c6in.32xlarge", "t3.micro")
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout.splitlines() == [
        "TYPE           INTERFACES  IPV4 PER INTERFACE  NETWORK CARDS  PER CARD",
        "p5.48xlarge            64                  50             32         2",
        "c6in.32xlarge          16                  50              2         8",
        "t3.micro                2                   2              1",
        "",
        "PER CARD: the most interfaces one network card takes, where that is fewer than the",
        "type's. The legacy commands attach on card 0 only, so PER CARD is the limit here.",
    ]


def test_network_cards_are_the_rulebooks() -> None:
    # eni-rules.md §11: the multi-card types; every other type has one card.
    cards = {
        name: limits_table.type_row(name, limits).network_cards
        for name, limits in INSTANCE_TYPES.items()
    }
    multi = {name: count for name, count in cards.items() if count != 1}
    assert multi == {
        "c6in.32xlarge": 2,
        "m6in.32xlarge": 2,
        "trn1.32xlarge": 8,
        "p4d.24xlarge": 4,
        "p5.48xlarge": 32,
    }


def test_every_type_by_family_then_size(run: Run, state_path: Path) -> None:
    result = run("limits")
    assert (result.exit_code, result.stderr) == (0, "")
    lines = result.stdout.splitlines()
    assert lines[0].split("  ")[0].strip() == "TYPE" and lines[0].endswith("PER CARD")
    names = [line.split()[0] for line in lines[1 : lines.index("")]]
    assert sorted(names) == sorted(INSTANCE_TYPES)
    assert [n for n in names if n.startswith("m5.")] == [
        "m5.large",
        "m5.xlarge",
        "m5.2xlarge",
        "m5.4xlarge",
        "m5.8xlarge",
        "m5.12xlarge",
        "m5.16xlarge",
        "m5.24xlarge",
        "m5.metal",
    ]
    families = list(dict.fromkeys(name.split(".")[0] for name in names))
    assert families[:4] == ["c4", "c5", "c5n", "c6g"]
    assert families[-6:] == ["t1", "t2", "t3", "t3a", "t4g", "trn1"]
    assert [n for n in names if n.startswith("c7g.")][-3:] == [
        "c7g.metal",
        "c7g.metal-24xl",
        "c7g.metal-48xl",
    ]
    # The table is the engine's: listing it reads no account, so none is created.
    assert not state_path.exists()


def test_wildcards_stand_for_every_matching_type_smallest_first(run: Run) -> None:
    result = run("limits", "t3.*")
    assert result.exit_code == 0
    assert [line.split()[0] for line in result.stdout.splitlines()[1:]] == [
        "t3.nano",
        "t3.micro",
        "t3.small",
        "t3.medium",
        "t3.large",
        "t3.xlarge",
        "t3.2xlarge",
    ]


@pytest.mark.parametrize(
    ("given", "message"),
    [
        ("t3.mciro", "Unknown instance type 't3.mciro'. Did you mean 't3.micro'?"),
        ("x9.enormous", "Unknown instance type 'x9.enormous'. 'ec2eni limits' lists the types."),
        ("z*", "No instance type matches 'z*'."),
    ],
)
def test_an_unknown_type_is_a_usage_error(run: Run, given: str, message: str) -> None:
    result = run("limits", "t3.micro", given)
    line = f"ec2eni limits: {message} (-h for usage)\n"
    assert (result.exit_code, result.stdout, result.stderr) == (2, "", line)


def test_an_instance_uses_its_limits_after_an_attach(run: Run, ids: dict[str, str]) -> None:
    web = ids["web-1"]
    before = run("limits", web)
    assert (before.exit_code, before.stderr) == (0, "")
    assert before.stdout.splitlines() == [
        HEADER,
        "t3.micro           2                   2              1",
        "",
        f"{web} (web-1): t3.micro, running, 1 / 2 interfaces attached",
        "DEVICE  INTERFACE              PRIVATE IPV4",
        f"eth0    {ids['web-1-eth0']}  1 / 2",
    ]

    created = run("create", ids["public"], "--secondary-private-ip-address-count", "1")
    eni = created.stdout.split("\t")[1]
    assert run("attach", eni, "-i", web, "-d", "1").exit_code == 0
    after = run("limits", web)
    assert (after.exit_code, after.stderr) == (0, "")
    assert after.stdout.splitlines()[2:] == [
        "",
        f"{web} (web-1): t3.micro, running, 2 / 2 interfaces attached (full)",
        "DEVICE  INTERFACE              PRIVATE IPV4",
        f"eth0    {ids['web-1-eth0']}  1 / 2",
        f"eth1    {eni}  2 / 2         (full)",
        "Full: one more interface is refused (ec2eni explain AttachmentLimitExceeded).",
        "Full interface: one more address is refused "
        "(ec2eni explain PrivateIpAddressLimitExceeded).",
    ]

    # What the table foretold, in the legacy stderr line, unchanged.
    third = run("create", ids["public"]).stdout.split("\t")[1]
    refused = run("attach", third, "-i", web, "-d", "2")
    assert (refused.exit_code, refused.stderr) == (
        1,
        "Client.AttachmentLimitExceeded: Interface count 3 exceeds the limit for t3.micro\n",
    )


def test_instances_and_types_together(run: Run, ids: dict[str, str]) -> None:
    result = run("limits", "m5.large", ids["old-1"], ids["app-1"])
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout.splitlines() == [
        HEADER,
        "m5.large           3                  10              1",
        "t2.micro           2                   2              1",
        "",
        f"{ids['old-1']} (old-1): t2.micro, terminated, 0 / 2 interfaces attached",
        "",
        f"{ids['app-1']} (app-1): m5.large, running, 1 / 3 interfaces attached",
        "DEVICE  INTERFACE              PRIVATE IPV4",
        f"eth0    {ids['app-1-eth0']}  1 / 10",
    ]


@pytest.mark.parametrize(
    ("instance", "line"),
    [
        ("i-zz", 'Client.InvalidInstanceID.Malformed: Invalid id: "i-zz" (expecting "i-...")'),
        ("i-0", "Client.InvalidInstanceID.NotFound: The instance ID 'i-0' does not exist"),
    ],
)
def test_an_unknown_instance_is_ec2s_answer(run: Run, instance: str, line: str) -> None:
    result = run("limits", instance)
    assert (result.exit_code, result.stdout, result.stderr) == (1, "", line + "\n")

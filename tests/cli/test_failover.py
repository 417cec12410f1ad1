"""Low-budget high availability, the classic failover (issue 10): an interface carrying a
secondary private IP and an Elastic IP serves on `web-1`; `web-1` fails (is stopped), the
interface is detached and attached to the hot standby `standby-1`, and everything the clients
knew (the MAC, both private IPs, the Elastic IP) now answers from the standby. All by commands,
under the legacy names a failover script would use."""

from __future__ import annotations

from ec2eni.engine.default_account import build_default_account
from tests.conftest import Run, names_of

ID = names_of(build_default_account())


def _records(legacy: Run, eni: str, kind: str) -> list[list[str]]:
    shown = legacy("ec2dnic", eni, "--hide-tags")
    assert shown.exit_code == 0, shown.stderr
    return [line.split("\t") for line in shown.stdout.splitlines() if line.startswith(kind + "\t")]


def test_an_interface_moves_to_the_standby_with_its_mac_ips_and_elastic_ip(legacy: Run) -> None:
    def ok(*argv: str) -> str:
        result = legacy(*argv)
        assert result.exit_code == 0, (argv, result.stderr)
        return result.stdout

    eni = ok("ec2addnic", ID["public"], "-d", "service address").split("\t")[1]
    ok("ec2apip", "-n", eni, "--secondary-private-ip-address", "10.0.1.50")
    allocation = ok("ec2allocaddr", "-d", "vpc").split("\t")[4]
    ok("ec2assocaddr", "-a", allocation, "-n", eni, "-p", "10.0.1.50")
    ok("ec2attnic", eni, "-i", ID["web-1"], "-d", "1")

    [before] = _records(legacy, eni, "NETWORKINTERFACE")
    addresses = _records(legacy, eni, "PRIVATEIPADDRESS")
    associations = _records(legacy, eni, "ASSOCIATION")
    assert [a[1] for a in addresses] == [before[11], "10.0.1.50"]
    assert len(associations) == 1 and associations[0][4] == "10.0.1.50"
    [(_, instance, attachment, _, _)] = _records(legacy, eni, "ATTACHMENT")
    assert instance == ID["web-1"]

    # web-1 fails; the standby takes over its service address.
    ok("ec2stop", ID["web-1"])
    ok("ec2detnic", attachment)
    ok("ec2attnic", eni, "-i", ID["standby-1"], "-d", "1")

    [after] = _records(legacy, eni, "NETWORKINTERFACE")
    assert after[10] == before[10]  # the MAC: MAC-bound licences and ARP caches keep working
    assert after[11] == before[11]
    assert _records(legacy, eni, "PRIVATEIPADDRESS") == addresses
    assert _records(legacy, eni, "ASSOCIATION") == associations
    [(_, instance, _, status, _)] = _records(legacy, eni, "ATTACHMENT")
    assert (instance, status) == (ID["standby-1"], "attached")
    # And the standby's own view shows it as its eth1, with the Elastic IP.
    shown = ok("ec2din", ID["standby-1"])
    assert f"NICASSOCIATION\t{associations[0][1]}" in shown

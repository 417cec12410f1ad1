"""ec2eni: the retired EC2 API Tools' network-interface commands, simulated offline."""

__version__ = "0.1.0"

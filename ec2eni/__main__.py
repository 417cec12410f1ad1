"""`python -m ec2eni` runs the same command group as the `ec2eni` script."""

from ec2eni.cli.group import main

if __name__ == "__main__":
    main()

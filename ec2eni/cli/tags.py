"""Create, delete and describe tags on any resource of the account (engine: `ec2eni.engine.tags`;
legacy-cli.md §14.4-14.6).

`-t KEY[=VALUE]` is read as the legacy client read it: split at the first `=` that no backslash
escapes, `\\=` standing for a literal `=` in the key or the value. These commands print no REQUEST
ID line with `-v`, and `--hide-tags` leaves their records alone: TAG lines are all they print.
"""

from __future__ import annotations

import re

import click

from ec2eni.cli.declare import command
from ec2eni.cli.options import (
    General,
    filter_names,
    filters_of,
    general_options,
    parse_filters,
)
from ec2eni.cli.runtime import change_account, emit, new_lines, read_account
from ec2eni.cli.usage import SUFFIX, Usage
from ec2eni.engine import tags
from ec2eni.render import tags as render_tags
from ec2eni.render.lines import Lines

_UNESCAPED_EQUALS = re.compile(r"(?<!\\)=")


def parse_tag(text: str) -> tuple[str, str | None]:
    """`KEY[=VALUE]` -> (key, value), value None without `=`. Refused as the legacy client refused
    it, before sending anything: an empty key, or a second unescaped `=`."""
    parts = _UNESCAPED_EQUALS.split(text)
    if len(parts) > 2 or not parts[0]:
        raise Usage(
            f"Invalid value for '-t' / '--tag': '{text}' is not KEY[=VALUE] (write \\= for an = "
            "inside the key or the value).",
            legacy=f"Unexpected error:\njava.lang.Exception: '{text}' is not a valid tag key or "
            "key/value pair.",
        )
    key = parts[0].replace("\\=", "=")
    return key, parts[1].replace("\\=", "=") if len(parts) == 2 else None


def _resource_ids(values: tuple[str, ...]) -> tuple[str, ...]:
    if not values:
        raise Usage(
            "Missing argument 'RESOURCE_ID'.",
            legacy=f"Required parameter 'RESOURCE_ID' missing{SUFFIX}",
        )
    return values


def _emit(general: General, out: Lines) -> None:
    # The legacy tool printed no REQUEST ID line for these commands, -v or not.
    emit(general.replace(verbose=False), out)


_TAG_OPTION = click.option(
    "-t",
    "--tag",
    "tag_texts",
    multiple=True,
    required=True,
    metavar="TAG",
    help="KEY[=VALUE] (repeatable); \\= is a literal = in the key or the value.",
)


@command(
    "create-tags",
    "ec2-create-tags",
    "ec2addtag, ec2tag",
    "Add or overwrite tags on resources: VPCs, subnets, security groups, instances (terminated "
    "ones too), network interfaces, Elastic IP allocations (eipalloc-...), any mix. A tag without "
    "=VALUE gets an empty value. At most 50 tags per resource; keys of 1 to 128 characters, not "
    "starting with aws:, values of at most 256. Nothing changes unless every tag fits every "
    "resource. Prints each resource and tag as given, the resource type guessed from the ID as "
    "the legacy tool guessed it (empty for sg-, eni- and eipalloc-).",
    """
  ec2addtag eni-1706a5992fc9609ea -t role=frontend -t spare
  ec2tag i-cf9ace0ed00a6c9e3 subnet-d3d57647d7c3f13c9 -t env=test -H
  ec2-create-tags vpc-b03a97e3a4324354e -t 'formula=a\\=b'
""",
)
@click.argument("resource_ids", metavar="RESOURCE_ID...", nargs=-1)
@_TAG_OPTION
@general_options
def create_tags(
    general: General, resource_ids: tuple[str, ...], tag_texts: tuple[str, ...]
) -> None:
    # The legacy client read the tags before it looked for a resource (legacy-cli.md §14.5).
    pairs = [(key, value or "") for key, value in map(parse_tag, tag_texts)]
    wanted = _resource_ids(resource_ids)
    with change_account(general) as account:
        tags.create_tags(account, wanted, pairs)
    out = new_lines(general)
    render_tags.created(out, wanted, pairs)
    _emit(general, out)


@command(
    "delete-tags",
    "ec2-delete-tags",
    "ec2deltag",
    "Delete tags from resources. -t KEY deletes the key whatever its value, -t KEY=VALUE only "
    "with that value, -t KEY= only with an empty value; a tag that is not there is no error. "
    "Prints the tags deleted (nothing when none matched).",
    """
  ec2addtag eni-1706a5992fc9609ea i-cf9ace0ed00a6c9e3 -t scratch=1
  ec2deltag eni-1706a5992fc9609ea i-cf9ace0ed00a6c9e3 -t scratch
  ec2-delete-tags i-cf9ace0ed00a6c9e3 -t Name=wrong
""",
)
@click.argument("resource_ids", metavar="RESOURCE_ID...", nargs=-1)
@_TAG_OPTION
@general_options
def delete_tags(
    general: General, resource_ids: tuple[str, ...], tag_texts: tuple[str, ...]
) -> None:
    # Here the resources come first, then the tag syntax (legacy-cli.md §14.6).
    wanted = _resource_ids(resource_ids)
    pairs = [parse_tag(text) for text in tag_texts]
    with change_account(general) as account:
        deleted = tags.delete_tags(account, wanted, pairs)
    out = new_lines(general)
    render_tags.tags(out, deleted)
    _emit(general, out)


@command(
    "describe-tags",
    "ec2-describe-tags",
    "ec2dtag",
    "Describe the tags of every resource of the account, or those matching filters: TAG, "
    "resource type, resource ID, key, value. Resources in account order, each one's tags in the "
    "order they were first set. tag:KEY=VALUE selects resources by one of their tags and lists "
    "all their tags. TAG lines are all it prints: --hide-tags changes nothing, -v adds no "
    "REQUEST ID line; arguments other than options are ignored, as the legacy tool ignored them."
    # Kept as written: click would break `network-interface` at its hyphen.
    "\n\n\b\nResource types: vpc, subnet, security-group, instance, network-interface, elastic-ip."
    + filter_names(tags.TAG_NAMES.listing()),
    """
  ec2dtag
  ec2dtag -H -F resource-type=network-interface
  ec2dtag -F key=Name -F value='web-*' | cut -f3
  ec2-describe-tags -F tag:Name=workshop
""",
)
@click.argument("_ignored", metavar="[IGNORED]...", nargs=-1)
@filters_of("tags")
@general_options
def describe_tags(general: General, filters: tuple[str, ...]) -> None:
    pairs = parse_filters(filters)
    account = read_account(general)
    out = new_lines(general)
    render_tags.described(out, tags.describe_tags(account, pairs))
    _emit(general, out)

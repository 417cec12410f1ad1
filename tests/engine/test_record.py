"""Record classes (ec2eni.engine.record) behave as the dataclasses they replace: positional and
keyword construction, defaults, a fresh mutable default per record, equality and repr over every
field, `replace`, and the declaration errors a dataclass raises."""

from __future__ import annotations

import copy
import pickle
from typing import ClassVar

import pytest

from ec2eni.engine import record
from ec2eni.engine.model import Account, Attachment, NetworkInterface
from ec2eni.engine.partial import PartialAccount
from ec2eni.engine.record import Record, field, field_names


class Point(Record):
    x: int
    y: int = 0
    labels: list[str] = field(default_factory=list)
    kind: ClassVar[str] = "point"


class Point3(Point):
    z: int = 0


def test_positional_keyword_and_default_construction() -> None:
    assert repr(Point(1)) == "Point(x=1, y=0, labels=[])"
    assert repr(Point(1, 2, ["a"])) == "Point(x=1, y=2, labels=['a'])"
    assert repr(Point(y=5, x=4)) == "Point(x=4, y=5, labels=[])"


def test_each_record_gets_its_own_mutable_default() -> None:
    a, b = Point(1), Point(1)
    a.labels.append("mine")
    assert b.labels == []


def test_equality_and_hash() -> None:
    assert Point(1, 2) == Point(1, 2)
    assert Point(1, 2) != Point(1, 3)
    assert Point(1) != Point3(1)  # another class is never equal
    with pytest.raises(TypeError, match="unhashable"):
        hash(Point(1))


def test_records_have_slots_only() -> None:
    point = Point(1)
    assert Point.__slots__ == ("x", "y", "labels")
    with pytest.raises(AttributeError):
        point.w = 1  # type: ignore[attr-defined]


def test_class_variables_are_not_fields() -> None:
    assert field_names(Point) == ("x", "y", "labels")
    assert Point.kind == "point"


def test_a_subclass_adds_its_fields_after_the_inherited_ones() -> None:
    assert field_names(Point3(1)) == ("x", "y", "labels", "z")
    assert repr(Point3(1, z=3)) == "Point3(x=1, y=0, labels=[], z=3)"
    # The base's generated __init__ (made on its first use) is not the subclass's.
    assert repr(Point(7)) == "Point(x=7, y=0, labels=[])"
    assert repr(Point3(8)) == "Point3(x=8, y=0, labels=[], z=0)"


def test_wrong_arguments_are_refused_as_a_function_refuses_them() -> None:
    with pytest.raises(TypeError, match="missing 1 required positional argument: 'x'"):
        Point()  # type: ignore[call-arg]
    with pytest.raises(TypeError, match="unexpected keyword argument 'w'"):
        Point(1, w=2)  # type: ignore[call-arg]
    with pytest.raises(TypeError, match="takes from 2 to 4 positional arguments but 5"):
        Point(1, 2, [], 4)  # type: ignore[call-arg]


def test_replace_copies_with_changes() -> None:
    point = Point(1, 2, ["a"])
    moved = point.replace(y=9)
    assert (moved, point) == (Point(1, 9, ["a"]), Point(1, 2, ["a"]))
    with pytest.raises(TypeError, match="Point has no field 'w'"):
        point.replace(w=1)


def test_declaration_errors_match_dataclasses() -> None:
    with pytest.raises(TypeError, match="field 'b' without a default follows 'a'"):

        class Bad(Record):
            a: int = 0
            b: int

    with pytest.raises(ValueError, match="mutable default"):

        class Shared(Record):
            a: list[int] = []  # noqa: RUF012


def test_model_records_copy_and_pickle() -> None:
    eni = NetworkInterface("eni-1", "subnet-1", "02:00:00:00:00:01", "10.0.0.5")
    eni.attachment = Attachment("eni-attach-1", "i-1", 1, True, "2026-01-01T00:00:00.000Z")
    assert copy.deepcopy(eni) == eni
    assert pickle.loads(pickle.dumps(eni)) == eni
    assert copy.deepcopy(eni).attachment is not eni.attachment


def test_a_partial_account_carries_what_was_unreadable() -> None:
    account = Account("us-east-1", "123456789012", "seed")
    partial = PartialAccount(**{name: getattr(account, name) for name in field_names(Account)})
    assert not partial.unreadable
    assert field_names(PartialAccount)[-1] == "unreadable"


def _fresh() -> type[Record]:
    class Fresh(Record):
        a: int
        b: str = "b"
        c: list[int] = field(default_factory=list)

    return Fresh


CALLS = [
    ((1,), {}),
    ((1, "x"), {}),
    ((1,), {"c": [2]}),
    ((), {"a": 1, "b": "y"}),
    ((1, "x", [3]), {}),
]
BAD_CALLS = [((), {}), ((1, "x", [], 4), {}), ((1,), {"d": 1}), ((1,), {"a": 2}), ((), {"b": "y"})]


def _outcome(cls: type[Record], args: tuple[object, ...], kwargs: dict[str, object]) -> str:
    try:
        return repr(cls(*args, **kwargs))
    except TypeError as error:
        return f"TypeError: {error}"


def test_the_generic_and_the_generated_init_agree() -> None:
    """A class's first records come from the generic __init__, later ones from the generated
    one: every call, good or bad, has the same outcome either way."""
    early = _fresh()
    first = [_outcome(early, *call) for call in CALLS + BAD_CALLS]
    late = _fresh()
    for _ in range(record.GENERATE_AFTER + 1):
        late(0)
    assert late.__init__.__qualname__.endswith("Fresh.__init__")  # the generated one by now
    assert [_outcome(late, *call) for call in CALLS + BAD_CALLS] == first
    assert first[0] == "Fresh(a=1, b='b', c=[])"
    assert first[len(CALLS)].startswith("TypeError: ")
    assert all(o.startswith("TypeError: ") for o in first[len(CALLS) :])

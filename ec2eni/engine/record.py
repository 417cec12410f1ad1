"""Record classes: slotted classes with an `__init__` over their annotated fields, made without
the `dataclasses` module.

Every command loads the account's records and describes them at start-up, so the cost of making
the record classes is paid on every run. `@dataclass(slots=True)` costs about 0.3 ms a class at
import (it generates the methods with `exec` and then makes every class a second time to add
`__slots__`), plus about 1 ms to import `dataclasses`: several milliseconds per command for the
classes a command never instantiates. Here the metaclass makes each class once, with its
`__slots__`, and a class's first records are made by a generic `__init__`, which costs nothing to
set up; a class that gets many records (the loader builds tens of thousands from the parse
cache, where a per-field loop in Python would show) switches to a generated one.

A record class is declared as a dataclass would be:

    class Vpc(Record):
        id: str
        cidr: str
        tags: dict[str, str] = field(default_factory=dict)
        state: str = "available"

Fields without a default come first; a mutable default needs `field(default_factory=...)`.
`ClassVar` annotations are not fields. Equality and repr compare and show every field; records
are not hashable (they are mutable). Type checkers see the fields through `dataclass_transform`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar, dataclass_transform

T = TypeVar("T")


class _Factory:
    __slots__ = ("make",)

    def __init__(self, make: Callable[[], Any]) -> None:
        self.make = make


def field(*, default_factory: Callable[[], T]) -> T:
    """A field whose default is made anew for each record: `field(default_factory=list)`."""
    return _Factory(default_factory)  # type: ignore[return-value]


_MISSING: Any = object()
_MUTABLE = (list, dict, set)


def _source(fields: tuple[str, ...], defaults: dict[str, Any]) -> str:
    params = ["self"]
    body = []
    for name in fields:
        default = defaults.get(name, _MISSING)
        if default is _MISSING:
            params.append(name)
            body.append(f"    self.{name} = {name}")
        elif isinstance(default, _Factory):
            params.append(f"{name}=_MISSING")
            body.append(f"    self.{name} = _make_{name}() if {name} is _MISSING else {name}")
        else:
            params.append(f"{name}=_default_{name}")
            body.append(f"    self.{name} = {name}")
    return f"def __init__({', '.join(params)}) -> None:\n" + ("\n".join(body) or "    pass") + "\n"


def _generate_init(cls: RecordType) -> Callable[..., None]:
    scope: dict[str, Any] = {"_MISSING": _MISSING}
    for name, default in cls._defaults.items():
        if isinstance(default, _Factory):
            scope[f"_make_{name}"] = default.make
        else:
            scope[f"_default_{name}"] = default
    exec(_source(cls._fields, cls._defaults), scope)
    init: Callable[..., None] = scope["__init__"]
    init.__qualname__ = f"{cls.__qualname__}.__init__"
    return init


# Instances a class builds with the generic `__init__` before its own is generated: the generated
# one costs about 0.1 ms to make (`exec`), the generic one a few microseconds more per record.
GENERATE_AFTER = 64


def _first_init(cls: RecordType) -> Callable[..., None]:
    """The `__init__` a class starts with: generic, so a command that makes a few records of a
    class pays nothing to make its `__init__`. From the GENERATE_AFTER-th record on (the loader
    making thousands), and for any call it cannot take as it is (which the generated one then
    refuses with Python's own message), it puts the generated `__init__` in its place."""
    fields = cls._fields
    defaults = cls._defaults
    count = 0

    def generated(self: Any, *args: Any, **kwargs: Any) -> None:
        init = _generate_init(cls)
        type.__setattr__(cls, "__init__", init)
        init(self, *args, **kwargs)

    def __init__(self: Any, *args: Any, **kwargs: Any) -> None:
        nonlocal count
        count += 1
        if count > GENERATE_AFTER or len(args) > len(fields):
            return generated(self, *args, **kwargs)
        taken = 0
        for name, value in zip(fields, args, strict=False):  # args may be fewer
            setattr(self, name, value)
        for name in fields[len(args) :]:
            if name in kwargs:
                value = kwargs[name]
                taken += 1
            else:
                value = defaults.get(name, _MISSING)
                if value is _MISSING:
                    return generated(self, *args, **kwargs)
                if isinstance(value, _Factory):
                    value = value.make()
            setattr(self, name, value)
        if taken != len(kwargs):
            return generated(self, *args, **kwargs)
        return None

    return __init__


@dataclass_transform(eq_default=False, field_specifiers=(field,))
class RecordType(type):
    """The metaclass of records: fields from the annotations, `__slots__` from the fields."""

    _fields: tuple[str, ...]
    _defaults: dict[str, Any]

    def __new__(
        mcls, name: str, bases: tuple[type, ...], namespace: dict[str, Any], **kwargs: Any
    ) -> RecordType:
        inherited: tuple[str, ...] = ()
        defaults: dict[str, Any] = {}
        for base in reversed(bases):
            if isinstance(base, RecordType):
                inherited += tuple(f for f in base._fields if f not in inherited)
                defaults.update(base._defaults)
        annotations = namespace.get("__annotations__", {})
        # Annotations are strings here (`from __future__ import annotations`), or types.
        own = tuple(
            field_name
            for field_name, annotation in annotations.items()
            if not field_name.startswith("__")
            and not str(annotation).startswith(("ClassVar", "typing.ClassVar"))
            and field_name not in inherited
        )
        for field_name in own:
            if field_name in namespace:
                default = namespace.pop(field_name)
                if isinstance(default, _MUTABLE):
                    raise ValueError(
                        f"{name}.{field_name}: a mutable default is shared by every record; "
                        "use field(default_factory=...)"
                    )
                defaults[field_name] = default
        fields = inherited + own
        seen_default = ""
        for field_name in fields:
            if field_name in defaults:
                seen_default = field_name
            elif seen_default:
                raise TypeError(
                    f"{name}: field {field_name!r} without a default follows {seen_default!r}"
                )
        namespace.setdefault("__slots__", own)
        cls = super().__new__(mcls, name, bases, namespace, **kwargs)
        cls._fields = fields
        cls._defaults = defaults
        if "__init__" not in namespace:
            type.__setattr__(cls, "__init__", _first_init(cls))
        return cls


def field_names(record: Record | type[Record]) -> tuple[str, ...]:
    """The field names of a record or record class, in declaration order (inherited first)."""
    return (record if isinstance(record, type) else type(record))._fields


class Record(metaclass=RecordType):
    """The base of every record class: equality and repr over the fields, and `replace`."""

    __slots__ = ()

    def __eq__(self, other: object) -> bool:
        if type(self) is not type(other):
            return NotImplemented
        return all(getattr(self, name) == getattr(other, name) for name in type(self)._fields)

    def __repr__(self) -> str:
        shown = ", ".join(f"{name}={getattr(self, name)!r}" for name in type(self)._fields)
        return f"{type(self).__name__}({shown})"

    __hash__ = None  # type: ignore[assignment]

    def replace(self: T, **changes: Any) -> T:
        """A copy with some fields changed, as `dataclasses.replace` makes it."""
        values = {name: getattr(self, name) for name in type(self)._fields}  # type: ignore[attr-defined]
        unknown = set(changes) - set(values)
        if unknown:
            raise TypeError(f"{type(self).__name__} has no field {sorted(unknown)[0]!r}")
        values.update(changes)
        return type(self)(**values)

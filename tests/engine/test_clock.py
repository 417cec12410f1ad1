"""`clock.parse` takes exactly what `datetime.strptime` took with the three stored forms (the
regular expression replaced strptime to keep `_strptime` out of every command's start-up)."""

from __future__ import annotations

from datetime import UTC, datetime

from hypothesis import given
from hypothesis import strategies as st

from ec2eni.engine import clock

FORMS = (clock.FORMAT, "%Y-%m-%dT%H:%M:%SZ", "%Y-%m-%dT%H:%M:%S.%fZ")


def by_strptime(text: str) -> datetime | None:
    for pattern in FORMS:
        try:
            return datetime.strptime(text, pattern).replace(tzinfo=UTC)
        except ValueError:
            continue
    return None


def test_the_stored_form_round_trips() -> None:
    moment = datetime(2026, 11, 29, 22, 5, 9, tzinfo=UTC)
    assert clock.stamp(moment) == "2026-11-29T22:05:09.000Z"
    assert clock.parse(clock.stamp(moment)) == moment


def test_fractions_and_case() -> None:
    assert clock.parse("2026-01-01T00:00:00.5Z") == datetime(2026, 1, 1, 0, 0, 0, 500000, UTC)
    assert clock.parse("2026-01-01t00:00:00z") == datetime(2026, 1, 1, tzinfo=UTC)
    for bad in ("2026-02-30T00:00:00Z", "2026-01-01T00:00:00", "2026-01-01 00:00:00Z", ""):
        assert clock.parse(bad) is None, bad


# Timestamp-shaped text with every part perturbed: digits of any width (ASCII and others), the
# separators, the fraction and the suffix.
_digits = st.text(alphabet=st.sampled_from("0123456789٣"), min_size=0, max_size=5)
_sep = st.sampled_from(["-", ":", "T", "t", " ", ".", "Z", ""])
_stamps = st.builds(
    lambda y, a, mo, b, d, t, h, c, mi, e, s, frac, z: (
        f"{y}{a}{mo}{b}{d}{t}{h}{c}{mi}{e}{s}{frac}{z}"
    ),
    _digits,
    _sep,
    _digits,
    _sep,
    _digits,
    _sep,
    _digits,
    _sep,
    _digits,
    _sep,
    _digits,
    st.one_of(st.just(""), _digits.map(lambda f: "." + f)),
    st.sampled_from(["Z", "z", "", "+00:00", "Z\n"]),
)


# Real moments in each form, some with the zero padding dropped (strptime took that too).
_moments = st.builds(
    lambda moment, form, unpadded: (
        moment.strftime(form).replace("-0", "-").replace("T0", "T").replace(":0", ":")
        if unpadded
        else moment.strftime(form)
    ),
    st.datetimes(min_value=datetime(1000, 1, 1)),
    st.sampled_from(FORMS),
    st.booleans(),
)


@given(st.one_of(_moments, _stamps, st.text(max_size=30)))
def test_parse_agrees_with_strptime(text: str) -> None:
    assert clock.parse(text) == by_strptime(text)

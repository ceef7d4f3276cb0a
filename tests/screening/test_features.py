from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from sanctionwatch.screening.features import birth_date, identifiers, imo_valid
from sanctionwatch.screening.query import profile_of


def test_imo_check_digit_on_real_numbers():
    # CHON MA SAN, EVER BRIGHT 88 / FAN KE, RYONG GUN BONG, Blue Nouvelle: valid IMO numbers
    for imo in ("8660313", "8914934", "8606173", "8909575"):
        assert imo_valid(imo)
    assert not imo_valid("8660314") and not imo_valid("866031") and not imo_valid("abcdefg")


@given(st.text(alphabet="0123456789", min_size=6, max_size=6))
def test_exactly_one_check_digit_is_valid(prefix):
    assert sum(imo_valid(prefix + str(d)) for d in range(10)) == 1


def _vessel(imo):
    return profile_of("Vessel", {"name": ["X"], "imoNumber": [imo]})


def test_imo_exact_near_and_different():
    [same] = identifiers(_vessel("8914934"), _vessel("IMO8914934"))
    assert same.floor >= 0.95
    [near] = identifiers(_vessel("8914935"), _vessel("8914934"))
    assert 0.7 <= near.floor < same.floor and "one digit" in near.detail
    [other] = identifiers(_vessel("8660313"), _vessel("8914934"))
    assert other.effect < 0


def test_birth_dates_years_apart_contradict():
    q = profile_of("Person", {"name": ["Kim Jong Un"], "birthDate": ["1984-01-08"]})
    same = profile_of("Person", {"name": ["Kim Jong Un"], "birthDate": ["1984-01-08"]})
    year = profile_of("Person", {"name": ["Kim Jong Un"], "birthDate": ["1984"]})
    far = profile_of("Person", {"name": ["Kim Jong Un"], "birthDate": ["1967-03-02"]})
    assert birth_date(q, same).effect > birth_date(q, year).effect > 0
    assert birth_date(q, far).effect < -0.3

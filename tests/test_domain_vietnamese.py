"""Vietnamese alphabetical order (DESIGN: the ranking's last tie-break and every list of units)."""
from hypothesis import given
from hypothesis import strategies as st

from dashboard.domain.vietnamese import by_name, sort_key


def ordered(*names):
    return sorted(names, key=sort_key)


def test_d_with_stroke_follows_d_not_z():
    assert ordered("UBND xã Đỉnh Bàn", "UBND xã Zô", "UBND xã Dương") == \
        ["UBND xã Dương", "UBND xã Đỉnh Bàn", "UBND xã Zô"]
    assert sorted(["Đ", "D", "Z"]) == ["D", "Z", "Đ"]  # what Python alone would do


def test_letters_with_breve_circumflex_and_horn_are_letters_of_their_own():
    assert ordered("ăn", "az", "ân", "b") == ["az", "ăn", "ân", "b"]
    assert ordered("ơ", "ô", "o", "p") == ["o", "ô", "ơ", "p"]
    assert ordered("ưa", "uz", "v") == ["uz", "ưa", "v"]
    assert ordered("ê", "ez", "f") == ["ez", "ê", "f"]


def test_tones_come_after_the_letters_in_dictionary_order():
    assert ordered("ạ", "á", "ã", "ả", "à", "a") == ["a", "à", "ả", "ã", "á", "ạ"]
    # tones only decide when the letters are equal: "Hà Tĩnh" < "Ha Tinh Z" by letters
    assert ordered("Hạ Lan", "Hà Lam", "Ha Lan") == ["Hà Lam", "Ha Lan", "Hạ Lan"]


def test_unit_names_of_the_demo_district():
    names = ["UBND xã Thạch Đài", "UBND xã Thạch Châu", "UBND xã Thạch Điền", "UBND xã Thạch Bàn",
             "Phòng Tài chính - Kế hoạch", "Phòng Giáo dục và Đào tạo", "UBND thị trấn Thạch Hà"]
    assert ordered(*names) == [
        "Phòng Giáo dục và Đào tạo", "Phòng Tài chính - Kế hoạch", "UBND thị trấn Thạch Hà",
        "UBND xã Thạch Bàn", "UBND xã Thạch Châu", "UBND xã Thạch Đài", "UBND xã Thạch Điền"]


def test_composed_and_decomposed_spellings_sort_alike():
    assert sort_key("Thạch Đài") == sort_key("Tha\u0323ch \u0110a\u0300i")


@given(st.lists(st.text(max_size=12), max_size=8))
def test_the_order_is_total_and_stable_on_any_text(names):
    once = sorted(names, key=sort_key)
    assert sorted(once, key=sort_key) == once


def test_numbers_by_value_punctuation_first_and_a_mistyped_eth_as_d_with_stroke():
    assert ordered("Phường 10", "Phường 2", "Phường 1") == ["Phường 1", "Phường 2", "Phường 10"]
    assert ordered("Xã A", "Xã – B", "Xã “C”") == ["Xã – B", "Xã “C”", "Xã A"]
    assert ordered("Ðông", "Dương", "Zô") == ["Dương", "Ðông", "Zô"]


@given(st.lists(st.tuples(st.sampled_from(["office", "commune"]), st.text(max_size=8)), max_size=12))
def test_by_name_orders_as_the_sort_key_does_offices_first_when_asked(units):
    # The remembered order must be the key's own, for any names (repeated ones included),
    # and the same answer when asked again.
    assert by_name(units, lambda unit: unit[1]) == sorted(units, key=lambda unit: sort_key(unit[1]))
    grouped = sorted(units, key=lambda unit: (unit[0] != "office", sort_key(unit[1])))
    assert by_name(units, lambda unit: unit[1], group=lambda unit: unit[0] != "office") == grouped
    assert by_name(units, lambda unit: unit[1], group=lambda unit: unit[0] != "office") == grouped

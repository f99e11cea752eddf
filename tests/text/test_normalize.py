from rasd.text.normalize import normalize, normalize_with_offsets


def test_letter_variants_fold_together() -> None:
    assert normalize("إدلب") == normalize("ادلب") == "ادلب"
    assert normalize("الرقّة") == normalize("الرقه")
    assert normalize("مصطفى") == "مصطفي"
    assert normalize("رئيس") == "رييس" and normalize("مؤتمر") == "موتمر"


def test_tatweel_diacritics_digits_quotes() -> None:
    assert normalize("قـــصـف") == "قصف"
    assert normalize("قَصَفَتْ") == "قصفت"
    assert normalize("٢٠١٨ و۱۲") == "2018 و12"
    assert normalize("“داعش” «قسد» ‘x’") == '"داعش" "قسد" "x"'


def test_offsets_point_back_into_the_original() -> None:
    original = "قَصَفَ الطيـران «هجين» ٣ مرات"
    norm, offsets = normalize_with_offsets(original, base=100)
    assert len(offsets) == len(norm) + 1 and offsets[-1] == 100 + len(original)
    i = norm.index("هجين")
    start, end = offsets[i], offsets[i + 3] + 1
    assert original[start - 100:end - 100] == "هجين"
    assert norm[offsets.index(100 + original.index("٣"))] == "3"

from sanctionwatch.screening.names.glossary import translate_org_name


def test_known_words_translate_and_proper_names_are_read():
    assert "korea mining development trading company" in translate_org_name("조선광업개발무역회사")
    assert "tanchon commercial bank" in translate_org_name("단천상업은행")
    assert "chang an shipping technology co ltd" in translate_org_name("长安海连技术有限公司")
    assert any(v.startswith("commercial bank tanch") for v in translate_org_name("Коммерческий банк Танчхон"))


def test_names_without_known_words_are_left_alone():
    assert translate_org_name("Kim Jong Un") == ()
    assert translate_org_name("김정은") == ()

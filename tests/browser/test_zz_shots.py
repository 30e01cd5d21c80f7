import pytest
pytestmark = pytest.mark.browser

def test_shots(demo, new_page, live_server):
    page = new_page(viewport={"width": 390, "height": 844}, scale=1)
    for name, q in [("typo", "たいそお"), ("zero", "簑沢 ないもの"), ("ambiguous", "桜木町"), ("full", "中区 サロン"), ("kanji-typo", "体躁 教室"), ("town", "本牧町")]:
        page.goto(live_server.url + "/?q=" + q)
        page.screenshot(path=f"/work/wt-searchpage/var/screenshots/search-phone-{name}.png", full_page=(name == "full"))
        print(name, page.locator("#results").inner_text(), page.locator("main").inner_text()[:300].replace("\n", " | "))

"""Low-level field finders of claimcheck.parse.fields."""

from __future__ import annotations

import pytest

from claimcheck.parse import fields as f


@pytest.mark.parametrize(
    ("segment", "first_inverted", "expected"),
    [
        ("Kropatcheva, Elena", True, ["Kropatcheva, Elena"]),
        ("Paduraru, Mihail and Claudia-Iohana Voicu", True, ["Paduraru, Mihail", "Voicu, Claudia-Iohana"]),
        ("Grauwe, Paul De", True, ["Grauwe, Paul De"]),
        ("Haas, Marcel de", True, ["Haas, Marcel de"]),
        ("Rytövuori-Apunen, Helena and Furugzod Usmonov", True, ["Rytövuori-Apunen, Helena", "Usmonov, Furugzod"]),
        ("Marcel de Haas", False, ["de Haas, Marcel"]),
        ("Paul De Grauwe", False, ["De Grauwe, Paul"]),
        ("Charles E. Ziegler", False, ["Ziegler, Charles E."]),
        ("Paul Stronski and Nicole Ng", False, ["Stronski, Paul", "Ng, Nicole"]),
        ("Smith, J. A., & Doe, B.", None, ["Smith, J. A.", "Doe, B."]),
        ("Bergk, V., Haefeli, W. E. & Martin- Facklam, M.", None, ["Bergk, V.", "Haefeli, W. E.", "Martin-Facklam, M."]),
        ("O. Ambacher, B. Foutz, and M. Stutzmann,", None, ["Ambacher, O.", "Foutz, B.", "Stutzmann, M."]),
        ("Derrick, D., I. Stavness and B. Gick", None, ["Derrick, D.", "Stavness, I.", "Gick, B."]),
        ("Mihail P aduraru", False, ["Paduraru, Mihail"]),
        ("World Health Organization", True, ["World Health Organization"]),
        ("Smith, John, et al.", True, ["Smith, John"]),
        ("W. R. Ferren Jr.", False, ["Ferren, W. R., Jr."]),
        ("Vates GE, Berger MS, Wilson CB.", None, ["Vates, GE", "Berger, MS", "Wilson, CB"]),
        ("AM Trinkoff, J Geiger-Brown and BA Brady", None, ["Trinkoff, AM", "Geiger-Brown, J", "Brady, BA"]),
        ("Witten, I. H., Neal R. M., and Cleary J. G.", None, ["Witten, I. H.", "Neal, R. M.", "Cleary, J. G."]),
        ("Ziegler, Charles E.", False, ["Ziegler", "E., Charles"]),  # note order: citations.py re-reads it
    ],
)
def test_split_names(segment, first_inverted, expected):
    assert f.split_names(segment, first_inverted) == expected


def test_names_reject_prose_and_corporate_titles():
    assert not f.looks_like_name_list("United Nations' Security Council Seventy-fourth year 8626th Meeting")
    assert not f.looks_like_name_list("Official website of the Collective Security Treaty Organization")
    assert f.looks_like_name_list("Helena Rytövuori-Apunen and Furugzod Usmonov")


@pytest.mark.parametrize(
    ("text", "volume", "issue"),
    [
        ("Europe-Asia Studies 68, no. 9, (2016)", "68", "9"),
        ("vol.14, no. 2 (2013): 24", "14", "2"),
        ("Eurasia Daily Monitor 16, no. 91, (2019)", "16", "91"),
        ("Journal of Things, 61(3), 45-67", "61", "3"),
        ("Instituto (ISPI), no. 152, (2013)", None, "152"),
        ("Review 12 (2019): 4", "12", None),
    ],
)
def test_volume_issue(text, volume, issue):
    found_volume, found_issue = f.find_volume_issue(text)
    assert (found_volume.value if found_volume else None) == volume
    assert (found_issue.value if found_issue else None) == issue


@pytest.mark.parametrize(
    ("text", "pages"),
    [
        ("(2016): 1526-1552.", "1526-1552"),
        ("vol. 7, pp. 30–50, 2016", "30-50"),
        ("p. 57", "57"),
        ("Advances, 45 – 67.", "45-67"),
    ],
)
def test_pages(text, pages):
    assert f.find_pages(text).value == pages


def test_prose_year_range_is_not_pages():
    assert f.find_pages("left twice, 1994-1999 and 2006-2012.") is None


@pytest.mark.parametrize(
    ("text", "year"),
    [
        ("World Politics Review, (201), https://x", "201"),
        ("Smith, J. (2019b). Title", "2019b"),
        ("Brown, A. (n.d.). Notes", "n.d."),
        ("O'Leary, C. (2006, June 29). Landmark", "2006"),
        ("Pakistan Today, 2016. https", "2016"),
    ],
)
def test_year(text, year):
    assert f.find_year(text).value == year


def test_year_ignores_doi_digits_and_pages():
    assert f.find_year("doi:10.1007/2014.5") is None
    assert f.find_year("see 10.1007/s12182-014-0377-7") is None


def test_quoted_title_straight_and_curly():
    assert f.find_quoted('Smith, J. "A Title," *Journal*').inner == "A Title,"
    assert f.find_quoted("Smith, J. “A Title.” Journal").inner == "A Title."


def test_quoted_title_with_lost_inner_quote_runs_to_punctuated_close():
    quoted = f.find_quoted('Haas, Marcel de. "Partners and competitors" NATO and the (Far) East," 2013.')
    assert f.clean_title(quoted.inner) == 'Partners and competitors" NATO and the (Far) East'


def test_single_quoted_title_only_at_position():
    text = "Allison, R. (2004) 'Regionalism, regional structures', International Affairs"
    assert f.find_single_quoted(text, text.index("'")).inner == "Regionalism, regional structures"
    assert f.find_single_quoted("Putin's Pivot", 0) is None


@pytest.mark.parametrize(
    ("text", "place", "publisher"),
    [
        ("(Bishkek: Springer, 2020), 57.", "Bishkek", "Springer"),
        ("Kentucky: The University Press of Kentucky, 2010.", "Kentucky", "The University Press of Kentucky"),
        ("Cambridge, MA: MIT Press, 1999.", "Cambridge, MA", "MIT Press"),
    ],
)
def test_place_publisher(text, place, publisher):
    found_place, found_publisher = f.find_place_publisher(text)
    assert (found_place.value, found_publisher.value) == (place, publisher)


@pytest.mark.parametrize(
    ("text", "editors"),
    [
        ("in *Transformation*, ed. Anja Mihr (Bishkek: Springer, 2020), 57.", "Anja Mihr"),
        ("In *Book*, edited by Anatoliy A. Rozanov. Geneva: Centre, 2013.", "Anatoliy A. Rozanov"),
        ("In J. C. Watson & M. S. Warner (Eds.), Client-centered", "J. C. Watson & M. S. Warner"),
        ("in Eurasian Security Today, T. Hart, Ed. New York: Wiley", "T. Hart"),
    ],
)
def test_editors(text, editors):
    assert f.find_editors(text).value == editors


def test_edition_is_not_an_editor():
    assert f.find_editors("Nguyen, T. Regional security. 2nd ed. London: Routledge.") is None


def test_doi():
    assert f.find_doi("Journal 12(3). https://doi.org/10.1234/jsp.2019.0045.").value == "10.1234/jsp.2019.0045"
    assert f.find_doi("doi: 10.1016/0304-3975(94)00281-M").value == "10.1016/0304-3975(94)00281-M"
    assert f.find_doi("no identifier here") is None


def test_blank_keeps_offsets():
    text = "abc https://x.org def"
    assert f.blank(text, 4, 17) == "abc " + " " * 13 + " def"
    assert len(f.blank(text, 4, 17)) == len(text)


def test_locate_urls_uses_url_module_contract():
    found = f.locate_urls("See https://example.org/page. Then more.")
    assert [ref.url for _, _, ref in found] == ["https://example.org/page"]

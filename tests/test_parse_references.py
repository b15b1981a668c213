"""Reference-list entries: claimcheck.parse.references."""

from __future__ import annotations

from pathlib import Path

import pytest
from markup import italic

from claimcheck.model import WorkFields
from claimcheck.parse.references import make_keys, parse_reference, split_label

FIXTURES = Path(__file__).parent / "fixtures" / "references"


def parse_marked(marked: str) -> WorkFields:
    return parse_reference(*italic(marked))


# The 34 entries of the development paper, cleaned as the reader leaves them.
DEV_ENTRIES = [
    '"Afghan, China, Pakistan, Tajikistan form QCCM to Counter-Terrorism." *Pakistan Today*, 2016. https://www.pakistantoday.com.pk/2016/08/03/afghan-china-pakistan-tajikistan-form-qccm-to-counter-terrorism/.',
    '"Foreign Policy Concept of the Russian Federation." *Russian Ministry of Foreign Affairs*, 2016. https://www.mid.ru/en/foreign_policy/official_documents/-asset_publisher/CptICkB6BZ29/content/id/2542248.',
    '"Interview: CSTO head eyes closer partnership with SCO," 2018. http://www.xinhuanet.com/english/2018-06/08/c_137239917.htm',
    '"Russia to help CSTO Countries Make More Friends: Putin," 2019. http://www.xinhuanet.com/english/2019-11/28/c_138590694.htm.',
    '"SCO-Afghanistan Contact Group held its Third Meeting with SCO Participation in Bishkek." *Official website of Shanghai Cooperation Organization*, 2019. http://eng.sectsco.org/news/20190419/533099.html.',
    'Alimo, Rashid. "The Role of the Shanghai Cooperation Organization in Counteracting Threats to Peace and Security." *UN Chronicle*. https://www.un.org/en/chronicle/article/role-shanghai-cooperation-organization-counteracting-threats-peace-and-security.',
    'Avedissian, Karena. "What is the Collective Security Treaty Organization?." *EVN Report*, 2019. https://www.evnreport.com/understanding-the-region/fact-sheet-what-is-the-collective-security-treaty-organization.',
    'Baloch, Tayyab. "NATO Challenges SCO and CSTO in Afghanistan," 2016. https://www.geopolitica.ru/en/article/nato-challenges-sco-and-csto-afghanistan.',
    'Bescotti, Elia. "The Collective Security Treaty Organization and its Limits on Integration." *Analytical media: "Eurasian Studies,"* 2018. http://greater-europe.org/archives/3965.',
    'Bin, Hu. "Oil and Gas Cooperation between China and Central Asia in an Environment of Political and Resource Competition," 2014. https://link.springer.com/content/pdf/10.1007%2Fs12182-014-0377-7.pdf',
    'Dubnov, Arkady. "Reflecting on a Quarter Century of Russia\'s Relations with Central Asia." *Carnegie Endowment for International Peace*, 2018. https://carnegieendowment.org/2018/04/19/reflecting-on-quarter-century-of-russia-s-relations-with-central-asia-pub-76117.',
    'Grauwe, Paul De. "Why Russia is Economically Weak and Politically Strong." *London School of Economics and Political Science*, 2018. https://blogs.lse.ac.uk/europpblog/2018/04/28/whyrussia-is-economically-weak-and-politically-strong/.',
    'Haas, Marcel de. "Partners and competitors" NATO and the (Far) East," 2013. https://www.clingendael.org/sites/default/files/pdfs/Partners%20and%20Competitors%20%20 NATO%20and%20the%20 (Far)%20East.pdf.',
    'Indeo, Fabio. "Russia-China Military Cooperation in Central Asia: A Temporary Convergence of Strategic Interests." *Italian Institute for International Political Studies*, 2018. https://www.ispionline.it/en/pubblicazione/russia-china-military-cooperation-central-asia-temporary-convergence-strategic-interests-21832.',
    'Inozemtsev, Vladislav. "Integrating the Eurasian Union and China\'s Belt and Road: A Bridge Too Far?" Eurasia Daily Monitor 16, no. 91, (2019). https://jamestown.org/program/integrating-the-eurasian-union-and-chinas-belt-and-road-a-bridge-too-far/.',
    'Iskandarov, Akbarsho. "Security and Integration in Central Asia: The CSTO and SCO." *Central Asia and the Caucasus* 14, no.2, (2013).',
    'Kaczmarski, Marcin. "Russia-China Relations in Central Asia: Why is there a Surprising Absence of Rivalry?" *The Asan Forum* 8, no. 2 (2019). http://www.theasanforum.org/russia-china-relations-in-central-asia-why-is-there-a-surprising-absence-of-rivalry/.',
    'Kropatcheva, Elena. "Russia and the Collective Security Treaty Organisation: Multilateral Policy or Unilateral Ambitions?" *Europe-Asia Studies* 68, no. 9, (2016): 1526-1552.',
    'Lotspeich, Richard. "Economic Integration of China and Russia in the Post-Soviet Era." In *The Future of China-Russia Relations*, edited by James Bellacqua. Kentucky: The University Press of Kentucky, 2010.',
    'Makszimov, Vlagyiszlav. "Central Asia Leaders Meet Again in a Sign of Increased Regional Cooperation." *Euractiv*, 2019. https://www.euractiv.com/section/central-asia/news/central-asia-leaders-meet-again-in-sign-of-increased-regional-cooperation/.',
    'Nikitina, Yulia. "Security cooperation in the Post-Soviet area within the Collective Security Treaty Organization." *Instituto per GLI Di Politica Internazioale (ISPI)*, no. 152, (2013). https://www.ispionline.it/it/documents/Analysis_152_2013.pdf',
    'Official website of the Collective Security Treaty Organization (CSTO), http://www.odkb.gov.ru/start/index_aengl.htm.',
    'P\\*aduraru, Mihail and Claudia-Iohana Voicu. "Security Risk Analysis Perspectives on Central Asia Dynamics." In *Transformation and Development*, edited by Anja Mihr. Bishkek: Springer, 2020.',
    'Peng, Lu and Wu Shike. "China and Tajikistan Kick off Joint Counter-Terrorism Exercise." *China Military*, 2019. http://eng.chinamil.com.cn/view/2019-08/12/content_9587478.htm.',
    'Rozanov, Anatoliy A. "The Issue of Security in the SCO." In *The Shanghai Cooperation Organization and Central Asia\'s Security Challenges*, edited by Anatoliy A. Rozanov. Geneva: Geneva Centre for the Democratic Control of Armed Forces, 2013.',
    'Rytövuori-Apunen, Helena and Furugzod Usmonov. "Tajikistan\'s Unsettled Security: Borderland Dynamics of the Outpost on Russia\'s Afghan Frontier." In *The Regional Security Puzzle around Afghanistan*, edited by Helena Rytövuori-Apunen. Toronto: Verlag Barbara Budrich, 2016.',
    'Shavialiova, Maryna V. "Energy: Cooperation and Competition within the SCO." In *The Shanghai Cooperation Organization and Central Asia\'s Security Challenges*, edited by Anatoliy A. Rozanov. Geneva: Geneva Centre for the Democratic Control of Armed Forces, 2013.',
    'Stronski, Paul and Nicole Ng. "Cooperation and Competition Russia and China in Central Asia, the Russian Far East, and the Arctic." *Carnegie Endowment for International Peace, Washington DC*. 2018.',
    'Tolipov, Farkhod. "Uzbekistan without the CSTO." *The Central Asia-Caucasus (CACI) Analyst*, 2013. https://www.cacianalyst.org/publications/analytical-articles/item/12652-uzbekistan-without-the-csto.html.',
    "United Nations' Security Council Seventy-fourth year 8626th Meeting, 2019. https://www.securitycouncilreport.org/atf/cf/%7B65BFCF9B-6D27-4E9C-8CD3-CF6E4FF96FF9%7D/s_pv_8626.pdf.",
    'Wani, David Ceasar. "Russia-China Relations: Engagement abilities in managing their differences in Central Asia." *Modern Diplomacy*, 2020. https://moderndiplomacy.eu/2020/04/04/russia-china-relations-engagement-abilities-in-managing-their-differences-in-central-asia/.',
    'Weitz, Richard. "Assessing the Collective Security Treaty Organization: Capabilities and Vulnerabilities." *Strategic Studies Institute, US Army War College,* 2018.',
    'Weitz, Richard. "Eurasian Security Institutions: The CSTO and SCO." *World Politics Review*, 2010. https://www.worldpoliticsreview.com/articles/5916/eurasian-security-institutions-the-csto-and-sco.',
    'Ziegler, Charles E. "Russia and China in Central Asia." In *The Future of China-Russia Relations*, edited by James Bellacqua. Kentucky: The University Press of Kentucky, 2010.',
]

DEV_WORKS = [parse_marked(entry) for entry in DEV_ENTRIES]

# (index into DEV_ENTRIES, expected fields): a representative dozen, exactly.
DEV_EXPECTED = [
    (0, dict(kind="web", authors=(), title="Afghan, China, Pakistan, Tajikistan form QCCM to Counter-Terrorism", container="Pakistan Today", year="2016")),
    (5, dict(authors=("Alimo, Rashid",), container="UN Chronicle", year=None, kind="web")),
    (6, dict(title="What is the Collective Security Treaty Organization?", container="EVN Report", year="2019")),
    (8, dict(container="Analytical media: Eurasian Studies", year="2018")),
    (11, dict(authors=("Grauwe, Paul De",), title="Why Russia is Economically Weak and Politically Strong")),
    (12, dict(authors=("Haas, Marcel de",), title='Partners and competitors" NATO and the (Far) East', year="2013")),
    (14, dict(kind="article", container="Eurasia Daily Monitor", volume="16", issue="91", year="2019")),
    (15, dict(kind="article", container="Central Asia and the Caucasus", volume="14", issue="2", year="2013", urls=())),
    (17, dict(
        kind="article", authors=("Kropatcheva, Elena",),
        title="Russia and the Collective Security Treaty Organisation: Multilateral Policy or Unilateral Ambitions?",
        container="Europe-Asia Studies", volume="68", issue="9", year="2016", pages="1526-1552",
    )),
    (18, dict(
        kind="chapter", authors=("Lotspeich, Richard",), title="Economic Integration of China and Russia in the Post-Soviet Era",
        container="The Future of China-Russia Relations", editors=("Bellacqua, James",),
        place="Kentucky", publisher="The University Press of Kentucky", year="2010",
    )),
    (20, dict(container="Instituto per GLI Di Politica Internazioale (ISPI)", issue="152", volume=None, year="2013")),
    (21, dict(kind="web", authors=(), title="Official website of the Collective Security Treaty Organization (CSTO)", year=None)),
    (22, dict(authors=("P*aduraru, Mihail", "Voicu, Claudia-Iohana"), editors=("Mihr, Anja",), place="Bishkek", publisher="Springer")),
    (23, dict(authors=("Peng, Lu", "Shike, Wu"))),
    (25, dict(authors=("Rytövuori-Apunen, Helena", "Usmonov, Furugzod"), editors=("Rytövuori-Apunen, Helena",), place="Toronto")),
    (26, dict(authors=("Shavialiova, Maryna V.",), editors=("Rozanov, Anatoliy A.",), publisher="Geneva Centre for the Democratic Control of Armed Forces")),
    (27, dict(authors=("Stronski, Paul", "Ng, Nicole"), container="Carnegie Endowment for International Peace, Washington DC", year="2018")),
    (29, dict(authors=(), title="United Nations' Security Council Seventy-fourth year 8626th Meeting", year="2019", kind="web")),
    (33, dict(authors=("Ziegler, Charles E.",), kind="chapter", title="Russia and China in Central Asia")),
]


@pytest.mark.parametrize(("index", "expected"), DEV_EXPECTED, ids=[str(i) for i, _ in DEV_EXPECTED])
def test_dev_paper_entries_exact_fields(index, expected):
    work = DEV_WORKS[index]
    for name, value in expected.items():
        assert getattr(work, name) == value, name


@pytest.mark.parametrize("index", range(len(DEV_ENTRIES)))
def test_dev_paper_entries_sanity(index):
    work = DEV_WORKS[index]
    text, _ = italic(DEV_ENTRIES[index])
    assert work.title and work.title in text.replace("?.", "?")
    assert work.year is None or work.year in text
    for author in work.authors:
        assert author.split(",")[0] in text
    assert ("http" in text) == bool(work.urls)
    assert work.kind in {"article", "book", "chapter", "report", "web", "misc"}


def test_dev_paper_entries_url_is_trimmed_and_rejoined():
    haas = DEV_WORKS[12]
    assert haas.urls[0].url.endswith("(Far)%20East.pdf")
    assert not DEV_WORKS[0].urls[0].url.endswith(".")


def test_dev_paper_keys():
    keys = make_keys(DEV_WORKS)
    assert len(set(keys)) == len(keys)
    assert keys[17] == "kropatcheva2016russia"
    assert keys[1] == "foreign2016policy"  # no author: first title words around the year
    assert keys[5] == "alimondrole"  # no year
    assert keys[25] == "rytovuoriapunen2016tajikistans"  # diacritics and hyphen folded


# --------------------------------------------------------------------------
# Other styles, from fixture files: an entry line followed by "  field: value"


def load_fixture(name: str) -> list[tuple[str, dict[str, str]]]:
    cases: list[tuple[str, dict[str, str]]] = []
    for line in (FIXTURES / name).read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        if line.startswith("  "):
            field, _, value = line.strip().partition(": ")
            cases[-1][1][field.rstrip(":")] = value.strip()
        else:
            cases.append((line, {}))
    return cases


FIXTURE_CASES = [
    pytest.param(entry, expected, id=f"{name}-{i}")
    for name in ("apa.txt", "harvard.txt", "numbered.txt", "chicago.txt", "name_lists.txt", "containers.txt", "publishers.txt", "editors.txt")
    for i, (entry, expected) in enumerate(load_fixture(name))
]


@pytest.mark.parametrize(("entry", "expected"), FIXTURE_CASES)
def test_style_fixtures(entry, expected):
    text, spans = italic(entry)
    label, _ = split_label(text)
    work = parse_reference(text, spans)
    for field, value in expected.items():
        if field == "label":
            assert label == value
        elif field in {"authors", "editors"}:
            assert getattr(work, field) == tuple(v for v in value.split(" | ") if v), field
        else:
            assert getattr(work, field) == (value or None), field


@pytest.mark.parametrize(("entry", "_expected"), FIXTURE_CASES)
def test_style_fixtures_without_italics_keep_authors_year_title(entry, _expected):
    """Plain-text papers have no italics: the core fields must survive."""
    text, spans = italic(entry)
    with_italics, plain = parse_reference(text, spans), parse_reference(text)
    assert (plain.authors or plain.editors) == (with_italics.authors or with_italics.editors)
    assert plain.year == with_italics.year
    assert plain.title and with_italics.title and plain.title.startswith(with_italics.title[:20])


@pytest.mark.parametrize(
    ("text", "label", "rest"),
    [
        ("[12] Smith, J. Title.", "[12]", "Smith, J. Title."),
        ("12. Smith, J. Title.", "12.", "Smith, J. Title."),
        ("(3) Smith, J. Title.", "(3)", "Smith, J. Title."),
        ("Smith, J. Title.", None, "Smith, J. Title."),
        ("2016. Annual report.", None, "2016. Annual report."),
    ],
)
def test_split_label(text, label, rest):
    assert split_label(text) == (label, rest)


def test_bad_input_never_raises():
    for text in ["", "   ", ".", '"', "(2019)", "Smith,", "[1]", "In , edited by . :"]:
        assert isinstance(parse_reference(text), WorkFields)


# --------------------------------------------------------------------------
# Keys


def test_keys_are_stable_across_reparsing():
    first = make_keys([parse_marked(e) for e in DEV_ENTRIES])
    second = make_keys([parse_marked(e) for e in DEV_ENTRIES])
    assert first == second


def test_keys_depend_only_on_fields():
    work = WorkFields(authors=("Kropatcheva, Elena",), title="Russia and the CSTO", year="2016")
    assert make_keys([work]) == make_keys([WorkFields(authors=("Kropatcheva, Elena",), title="Russia and the CSTO", year="2016")])


def test_keys_dedupe_suffixes_in_printed_order():
    weitz_a = WorkFields(authors=("Weitz, Richard",), title="The CSTO", year="2018")
    weitz_b = WorkFields(authors=("Weitz, Richard",), title="The CSTO again", year="2018")
    other = WorkFields(authors=("Weitz, Richard",), title="Eurasian Security", year="2010")
    assert make_keys([weitz_a, other, weitz_b]) == ["weitz2018csto" + "a", "weitz2010eurasian", "weitz2018csto" + "b"]


def test_keys_no_author_no_year_stop_words_diacritics():
    assert make_keys([WorkFields(title="The Role of Peace", year=None)]) == ["role" + "nd" + "peace"]
    assert make_keys([WorkFields(authors=("Ødegård, Åse",), title="Über Sicherheit", year="201")]) == ["odegard201uber"]
    assert make_keys([WorkFields()]) == ["anonnd"]

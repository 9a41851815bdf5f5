"""The class dashboard and the students' reports in a real browser: headless Chromium (Debian's
``chromium`` and ``chromium-driver``, which ``.ci/run`` installs) driven by Selenium.

Two batches are graded into one folder (the second one late, as a resubmission round), so the
dashboard must show both from the gradebook. Each page is opened from disk as an instructor or a
student opens it: no console errors, the key elements present, the table sorting and filtering,
every link resolving to a file, pictures decoded, nothing wider than a phone's screen, and no request
leaving the page (Chromium's own network log: only the page itself and its data URIs). Screenshots
are kept under ``out/test-artifacts/browser/``.
"""

import json
from pathlib import Path

import nbformat
import pytest

import corpus
from autograder.engine.batch import Options, grade
from autograder.report import REPORTS, report_name

CHROMIUM, DRIVER = Path("/usr/bin/chromium"), Path("/usr/bin/chromedriver")
ARTIFACTS = corpus.ROOT / "out" / "test-artifacts" / "browser"
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        not (CHROMIUM.exists() and DRIVER.exists()),
        reason="needs Debian's chromium and chromium-driver (.ci/run installs them with apt-get)",
    ),
]
FIRST = {"correct/reference": "correct.ipynb", "mistakes/grad_sign": "gradient-mistake.ipynb"}
LATE = {"mistakes/loop_diverges": "late-diverges.ipynb"}
PHONE = (390, 844)


def _batch(folder: Path, out: Path, names: dict[str, str], extra: dict[str, str] | None = None) -> None:
    entries = {e.name: e for e in corpus.entries("correct") + corpus.entries("mistakes")}
    folder.mkdir()
    for name, file_name in names.items():
        nbformat.write(corpus.build(entries[name], master_loop=False), folder / file_name)
    for file_name, text in (extra or {}).items():
        (folder / file_name).write_text(text)
    grade([folder], Options(out, "test-secret", corpus.LESSON, workers=2, progress=False))


@pytest.fixture(scope="module")
def graded(tmp_path_factory) -> Path:
    work = tmp_path_factory.mktemp("browser")
    out = work / "out"
    _batch(work / "first", out, FIRST)
    _batch(work / "late", out, LATE, {"not-a-notebook.ipynb": "{ this is not json"})
    return out


@pytest.fixture(scope="module")
def browser():
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run"):
        options.add_argument(flag)
    for flag in ("--disable-background-networking", "--disable-component-update", "--disable-sync"):
        options.add_argument(flag)  # else Chromium itself asks the network for updates and settings
    options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    driver = webdriver.Chrome(service=Service(str(DRIVER)), options=options)
    driver.set_page_load_timeout(30)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    yield driver
    driver.quit()


def _open(browser, page: Path, size: tuple[int, int] = (1100, 1400)) -> None:
    browser.get_log("browser"), browser.get_log("performance")  # forget what earlier pages logged
    browser.set_window_size(*size)
    browser.get(page.as_uri())


def _problems(browser, page: Path) -> list[str]:
    """Console errors of the page, and every request it made but for itself and its data URIs."""
    problems = [f"console: {entry['message']}" for entry in browser.get_log("browser") if entry["level"] == "SEVERE"]
    for entry in browser.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message["method"] == "Network.requestWillBeSent":
            url = message["params"]["request"]["url"]
            if url != page.as_uri() and not url.startswith("data:"):
                problems.append(f"request: {url[:100]}")
    return problems


def _screenshot(browser, name: str) -> None:
    height = browser.execute_script("return document.documentElement.scrollHeight")
    width = browser.execute_script("return window.innerWidth")
    browser.set_window_size(width, min(height + 150, 6000))
    browser.save_screenshot(str(ARTIFACTS / f"{name}.png"))


def _column(browser, index: int) -> list[str]:
    rows = browser.find_elements("css selector", "#submissions tbody tr")
    return [row.find_elements("css selector", "td")[index].text for row in rows if row.is_displayed()]


def test_the_dashboard_shows_both_batches_sorts_filters_and_links(graded, browser):
    page = graded / "index.html"
    _open(browser, page)
    assert "4 submissions" in browser.find_element("id", "summary").text
    assert browser.find_elements("css selector", "#histogram rect")
    headers = browser.find_elements("css selector", "#submissions thead th")
    names = [h.text for h in headers]
    assert sorted(_column(browser, 0)) == sorted([*FIRST.values(), *LATE.values(), "not-a-notebook.ipynb"])
    headers[names.index("score")].click()
    ascending = [float(s) for s in _column(browser, names.index("score"))]
    assert ascending == sorted(ascending) and ascending[0] < ascending[-1]
    headers[names.index("score")].click()
    assert [float(s) for s in _column(browser, names.index("score"))] == sorted(ascending, reverse=True)
    _screenshot(browser, "dashboard")
    browser.find_element("id", "filter").send_keys("invalid")
    assert _column(browser, 0) == ["not-a-notebook.ipynb"]
    links = {a.get_attribute("href") for a in browser.find_elements("css selector", "a")}
    assert links and all(Path(link.removeprefix("file://")).is_file() for link in links), links
    assert not _problems(browser, page)


@pytest.mark.parametrize(
    ("entry", "shot"), [("correct/reference", "report-correct"), ("mistakes/grad_sign", "report-gradient-mistake")]
)
def test_a_report_shows_its_pictures_and_fits_a_phone(graded, browser, entry, shot):
    page = graded / REPORTS / report_name(str(graded.parent / "first" / FIRST[entry]))
    (expected,) = [e for e in corpus.entries(entry.split("/")[0]) if e.name == entry]
    score = sum(expected.expected.get(q.name, (q.points, []))[0] for q in corpus.LESSON.questions)
    _open(browser, page, PHONE)
    total = browser.find_element("id", "total").text
    assert total.startswith(f"{score:g} / {corpus.LESSON.total_points:g} points."), total
    for picture in ("loss-plot", "fit-plot"):
        assert browser.execute_script(f"return document.getElementById('{picture}').naturalWidth") > 0, picture
    assert browser.execute_script("return document.documentElement.scrollWidth <= document.documentElement.clientWidth")
    if expected.expected:
        advice = browser.find_element("id", "next").text
        assert all(question in advice for question in expected.expected), advice
    assert not _problems(browser, page)
    _screenshot(browser, shot)


def test_the_late_batchs_reports_are_there_too(graded, browser):
    results = {Path(json.loads(line)["submission"]).name for line in (graded / "results.jsonl").open()}
    assert results == {*LATE.values(), "not-a-notebook.ipynb"}  # results.jsonl is the last batch's
    page = next((graded / REPORTS).glob("not-a-notebook*.html"))
    _open(browser, page)
    assert "not a readable notebook" in browser.find_element("id", "total").text
    assert not _problems(browser, page)

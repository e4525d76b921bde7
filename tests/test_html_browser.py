"""The HTML report in a real browser: headless Chromium driven by Selenium.

The page is opened from a file, as an editor opens it from CI artifacts. It must make no network request,
log no console error (a blocked inline script or a CSP violation is one), run no injected code, and its
filters must show what the JSON report counts. A screenshot of each page is saved in the test's tmp dir.

Needs ``chromium`` and ``chromedriver`` (Debian: ``apt-get install chromium chromium-driver``; .ci/run
installs them) and ``selenium`` (the test extra). Without them the tests are skipped, except under
``CI=true``, where they fail: CI must not pass by testing nothing.
"""

from __future__ import annotations

import json
import os
import shutil
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from checker.cli.app import app

from test_html import INJECTION

REPO = Path(__file__).resolve().parent.parent
STORIES = REPO / "tests" / "stories"
BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
# before any of the page's own code: record what an injected script would do
HOOK = """
window.__alerts = [];
['alert', 'confirm', 'prompt'].forEach(function (name) {
  window[name] = function (message) { window.__alerts.push(name + ':' + message); };
});
"""


def _unavailable(reason: str):
    if os.environ.get("CI", "").strip().lower() in ("1", "true", "yes"):
        pytest.fail(f"CI=true but the browser test cannot run: {reason} "
                    "(apt-get install chromium chromium-driver; pip install selenium)")
    pytest.skip(reason)


@pytest.fixture(scope="module")
def driver():
    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service
    except ImportError:
        _unavailable("selenium is not installed")
    binary = next((shutil.which(name) for name in BROWSERS if shutil.which(name)), None)
    chromedriver = shutil.which("chromedriver") or ("/usr/lib/chromium/chromedriver"
                                                    if os.path.exists("/usr/lib/chromium/chromedriver") else None)
    if binary is None or chromedriver is None:
        _unavailable(f"no Chromium ({binary}) or chromedriver ({chromedriver}) on PATH")
    options = webdriver.ChromeOptions()
    options.binary_location = binary
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--window-size=1280,1000", "--no-first-run", "--disable-extensions",
                "--disable-background-networking", "--disable-component-update", "--disable-sync"):
        options.add_argument(arg)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    try:
        browser = webdriver.Chrome(options=options, service=Service(chromedriver))
    except Exception as exc:  # a browser that does not start is as good as none
        _unavailable(f"Chromium did not start: {exc}")
    browser.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": HOOK})
    yield browser
    browser.quit()


def open_page(driver, page: Path) -> dict:
    """Open ``page``; returns what happened: console entries and the URLs requested."""
    driver.get_log("browser"), driver.get_log("performance")  # drop what earlier pages left
    driver.get(page.as_uri())
    time.sleep(0.2)  # let any injected code that survived parsing run
    requests = []
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message["method"] == "Network.requestWillBeSent":
            requests.append(message["params"]["request"]["url"])
    return {"console": driver.get_log("browser"), "requests": requests}


def make_report(tmp_path: Path, *args: str) -> tuple[Path, dict]:
    page, data = tmp_path / "report.html", tmp_path / "report.json"
    result = CliRunner().invoke(app, ["check", *args, "--output", f"html={page}", "--output", f"json={data}",
                                      "--fail-on", "never"])
    assert result.exit_code == 0, result.output
    return page, json.loads(data.read_text(encoding="utf-8"))


def visible_findings(driver, **where: str) -> list:
    from selenium.webdriver.common.by import By

    return [el for el in driver.find_elements(By.CSS_SELECTOR, ".finding:not(.suppressed)") if el.is_displayed()
            and all(el.get_attribute(f"data-{k}") == v for k, v in where.items())]


def choose(driver, select_id: str, value: str) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    Select(driver.find_element(By.ID, select_id)).select_by_value(value)


def assert_quiet(happened: dict, page: Path) -> None:
    errors = [e for e in happened["console"] if e["level"] in ("SEVERE", "ERROR")]
    assert errors == [], f"console errors: {errors}"
    outside = [u for u in happened["requests"] if u != page.as_uri()]
    assert outside == [], f"network requests: {outside}"


def test_filters_and_counts_match_the_json_report(driver, tmp_path):
    from selenium.webdriver.common.by import By

    page, report = make_report(tmp_path, str(STORIES / "market-bombing"), str(STORIES / "kalmos-ferry"),
                               str(REPO / "seeds"))
    started = time.monotonic()
    happened = open_page(driver, page)
    assert_quiet(happened, page)
    counted = [d for d in report["discrepancies"] if "suppressed" not in d]
    assert len(visible_findings(driver)) == len(counted)
    for severity, n in report["summary"]["discrepancies"].items():
        assert driver.find_element(By.ID, f"count-{severity}").text == str(n)
        choose(driver, "f-severity", severity)
        assert len(visible_findings(driver)) == n, f"severity filter {severity}"
        assert driver.find_element(By.ID, "shown").text.startswith(f"{n} of" if n != len(counted) else f"{n} shown")
    choose(driver, "f-severity", "")
    for rule in sorted({d["rule"] for d in counted}):
        choose(driver, "f-slot", rule)
        assert len(visible_findings(driver)) == sum(d["rule"] == rule for d in counted), f"slot filter {rule}"
        assert len(visible_findings(driver, rule=rule)) == len(visible_findings(driver))
    choose(driver, "f-slot", "")
    stories = sorted({a["story"] for a in report["articles"]})
    assert len(stories) >= 2
    for story in stories:
        choose(driver, "f-story", story)
        assert len(visible_findings(driver)) == sum(d["story"] == story for d in counted), f"story filter {story}"
        docs = [el for el in driver.find_elements(By.CSS_SELECTOR, ".doc") if el.is_displayed()]
        assert len(docs) == sum(a["story"] == story for a in report["articles"])
    choose(driver, "f-story", "")
    # a claim's link leads to its article's view
    link = driver.find_element(By.CSS_SELECTOR, ".finding .where a")
    target = link.get_attribute("href").rsplit("#", 1)[1]
    link.click()
    assert driver.execute_script("return location.hash") == f"#{target}"
    assert driver.find_element(By.ID, target).get_attribute("class").startswith("doc")
    assert_quiet({"console": driver.get_log("browser"), "requests": []}, page)
    driver.save_screenshot(str(tmp_path / "report.png"))
    assert (tmp_path / "report.png").stat().st_size > 10_000
    assert time.monotonic() - started < 30


def test_injected_code_never_runs(driver, tmp_path):
    from selenium.webdriver.common.by import By

    (tmp_path / "inj.jsonl").write_text("".join(json.dumps(r) + "\n" for r in INJECTION), encoding="utf-8")
    page, report = make_report(tmp_path, str(tmp_path / "inj.jsonl"))
    assert report["discrepancies"]
    happened = open_page(driver, page)
    assert_quiet(happened, page)
    assert driver.execute_script("return window.__alerts") == []
    assert driver.find_elements(By.CSS_SELECTOR, "img, svg, iframe, object, embed, b, i") == []
    assert len(driver.find_elements(By.TAG_NAME, "script")) == 1
    handlers = driver.execute_script(
        "return Array.prototype.concat.apply([], Array.prototype.map.call(document.querySelectorAll('*'),"
        " function (el) { return Array.prototype.filter.call(el.attributes, function (a) {"
        " return a.name.toLowerCase().indexOf('on') === 0; }).map(function (a) { return a.name; }); }))")
    assert handlers == []
    links = [a.get_attribute("href") for a in driver.find_elements(By.CSS_SELECTOR, "a[href]")]
    assert not [h for h in links if not h.startswith((page.as_uri() + "#", "https://example.invalid/"))]
    # the hostile words are on the page as text
    body = driver.find_element(By.TAG_NAME, "body").text
    assert "<script>alert(5)</script>" in body and "<img src=x onerror=alert(8)>" in body
    # the filters still work with hostile story names
    choose(driver, "f-story", report["articles"][0]["story"])
    assert len(visible_findings(driver)) == len([d for d in report["discrepancies"] if "suppressed" not in d])
    driver.save_screenshot(str(tmp_path / "injection.png"))

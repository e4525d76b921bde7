"""Regenerate the README's screenshots of the HTML report (needs chromium, chromedriver and selenium).

    python docs/screenshots.py        # from the repository's root
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from selenium import webdriver
from selenium.webdriver.chrome.service import Service

SHOTS = {"html-report-seeds.png": ["seeds/"], "html-report-story.png": ["tests/stories/market-bombing/"]}


def main() -> None:
    options = webdriver.ChromeOptions()
    options.binary_location = shutil.which("chromium") or shutil.which("google-chrome") or "chromium"
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1200,1500", "--hide-scrollbars"):
        options.add_argument(arg)
    driver = webdriver.Chrome(options=options, service=Service(shutil.which("chromedriver")))
    try:
        with tempfile.TemporaryDirectory() as tmp:
            for name, inputs in SHOTS.items():
                page = Path(tmp) / "report.html"
                subprocess.run([sys.executable, "-m", "checker", "check", *inputs, "--format", "html", "-o", str(page)],
                               check=False)
                driver.get(page.as_uri())
                driver.save_screenshot(str(Path("docs") / name))
    finally:
        driver.quit()


if __name__ == "__main__":
    main()

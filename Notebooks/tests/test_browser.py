"""`pdtsim serve`'s page in a real browser: Debian's chromium, headless, driven through chromium-driver.

The page is changed as a user would change it (the wavelength, the maintenance interval, the intervals to
compare, Enter to simulate), and what it then shows, the readout table's cells and the data of its
Chart.js charts, must be the numbers `pdtsim simulate` and `pdtsim maintenance` write for the same
settings. The server listens on a free loopback port (``--port 0``), runs for this module only and is
stopped at its end; a screenshot of the page goes to ``out/serve/explorer.png``.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pandas as pd
import pytest
from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

from conftest import serving
from pdtsim._binary import REPOSITORY

CHROMIUM = shutil.which("chromium")
CHROMEDRIVER = shutil.which("chromedriver")

pytestmark = pytest.mark.skipif(
    CHROMIUM is None or CHROMEDRIVER is None,
    reason="Debian's chromium and chromium-driver are not installed (make system-deps installs them)",
)

#: Seconds allowed for the page to finish one simulation.
RUN_S = 300
SCREENSHOT = REPOSITORY / "out" / "serve" / "explorer.png"

#: The settings the test gives the page, and the same settings as the command line's flags.
WAVELENGTH_NM = 450
INTERVAL_DAYS = 60
INTERVALS = [0, 60, 120]
SETTINGS = {"light.center_nm": WAVELENGTH_NM, "schedule.maintenance_interval_days": INTERVAL_DAYS}
SET_WORDS = [word for key, value in SETTINGS.items() for word in ("--set", f"{key}={value}")]

#: Timeline columns the page draws (its chart datasets carry the column as ``pdtColumn``).
TIMELINE_COLUMNS = ["pore_reduction_percent", "sebum_relative", "inflammatory_lesions_relative"]


@pytest.fixture(scope="module")
def server(binary: Path, tmp_path_factory: pytest.TempPathFactory):
    """`pdtsim serve` on a free loopback port for this module; yields its URL; stopped at the end."""
    with serving(binary, env={"XDG_CACHE_HOME": str(tmp_path_factory.getbasetemp() / "cache")}) as (_, url):
        yield url


@pytest.fixture(scope="module")
def browser():
    """Headless chromium at a laptop's window size."""
    options = Options()
    options.binary_location = CHROMIUM
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1400,1050"):
        options.add_argument(argument)
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.set_page_load_timeout(60)
    driver.set_script_timeout(60)
    try:
        yield driver
    finally:
        driver.quit()


def wait_for_runs(driver, count: int) -> None:
    """Waits until the page has finished `count` simulations (``body[data-runs]``) or shows an error."""

    def settled(d):
        error = d.find_element(By.ID, "error")
        if error.is_displayed() and error.text:
            raise AssertionError(f"the page shows an error: {error.text}")
        return int(d.execute_script("return document.body.dataset.runs || 0")) >= count and not d.execute_script(
            "return document.body.hasAttribute('aria-busy')"
        )

    WebDriverWait(driver, RUN_S, poll_frequency=0.25).until(settled)


def readouts(driver) -> dict[str, tuple[float, str]]:
    """The readout table: key → (the exact value, the text shown)."""
    cells = driver.execute_script(
        "return [...document.querySelectorAll('#readouts tbody tr')]"
        ".map(r => [r.dataset.key, r.querySelector('td').dataset.value, r.querySelector('td').textContent])"
    )
    return {key: (value, text) for key, value, text in cells}


def chart(driver, canvas: str) -> dict[str, list[dict]]:
    """A chart's datasets by the column they draw: ``Chart.getChart(canvas).data``."""
    return driver.execute_script(
        "const data = Chart.getChart(document.getElementById(arguments[0])).data;"
        "return Object.fromEntries(data.datasets.map(d => [d.pdtColumn, d.data]));",
        canvas,
    )


def set_input(driver, element_id: str, value: object) -> None:
    field = driver.find_element(By.ID, element_id)
    field.send_keys(Keys.CONTROL, "a")
    field.send_keys(str(value))


def test_the_page_shows_the_command_lines_numbers(server: str, browser, cli, tmp_path: Path) -> None:
    browser.get(server + "/")
    wait_for_runs(browser, 1)
    before = readouts(browser)
    assert "mean_reduction_percent" in before

    # Every control has a label.
    unlabelled = browser.execute_script(
        "return [...document.querySelectorAll('#controls input, #controls select')]"
        ".filter(c => c.labels.length === 0).map(c => c.id)"
    )
    assert unlabelled == []

    # Change the wavelength, the maintenance interval and the intervals to compare; Enter submits.
    browser.find_element(By.ID, "auto").click()
    set_input(browser, "parameter-light-center_nm", WAVELENGTH_NM)
    set_input(browser, "parameter-schedule-maintenance_interval_days", INTERVAL_DAYS)
    set_input(browser, "intervals", ",".join(map(str, INTERVALS)))
    browser.find_element(By.ID, "intervals").send_keys(Keys.ENTER)
    wait_for_runs(browser, 2)

    cli("simulate", "--protocol", "allumera-blue", *SET_WORDS, "--quiet", "--out", tmp_path / "simulate")
    summary = json.loads((tmp_path / "simulate" / "summary.json").read_text())
    shown = readouts(browser)
    scalars = {key: value for key, value in summary.items() if isinstance(value, (int, float))}
    assert set(shown) == set(scalars)
    for key, value in scalars.items():
        exact, text = shown[key]
        if isinstance(value, bool):
            assert exact == str(value).lower() and text == ("yes" if value else "no"), key
        else:
            assert float(exact) == pytest.approx(value, rel=1e-12, abs=1e-12), key
            assert float(text) == pytest.approx(value, rel=1e-3, abs=1e-9), key
    assert shown["mean_reduction_percent"][0] != before["mean_reduction_percent"][0]
    assert summary["sessions"] > 3  # the maintenance interval took effect

    timeline = pd.read_csv(tmp_path / "simulate" / "timeline.csv")
    drawn = chart(browser, "timeline-chart")
    for column in TIMELINE_COLUMNS:
        assert [p["x"] for p in drawn[column]] == timeline["day"].tolist(), column
        assert [p["y"] for p in drawn[column]] == pytest.approx(timeline[column].tolist(), rel=1e-12, abs=1e-12)
    sessions = pd.read_csv(tmp_path / "simulate" / "sessions.csv")
    assert [p["x"] for p in drawn["session"]] == sessions["day"].tolist()

    depth = pd.read_csv(tmp_path / "simulate" / "depth.csv")
    profiles = chart(browser, "depth-chart")
    assert [p["x"] for p in profiles["fluence_factor"]] == pytest.approx((depth["depth_cm"] * 10).tolist(), rel=1e-12)
    assert [p["y"] for p in profiles["fluence_factor"]] == pytest.approx(depth["fluence_factor"].tolist(), rel=1e-12)
    positive = depth[depth["dose_uM"] > 0]
    assert [p["y"] for p in profiles["dose_uM"]] == pytest.approx(positive["dose_uM"].tolist(), rel=1e-12)

    intervals = ",".join(map(str, INTERVALS))
    cli("maintenance", "--protocol", "allumera-blue", *SET_WORDS, "--intervals", intervals, "--quiet",
        "--out", tmp_path / "maintenance")
    table = pd.read_csv(tmp_path / "maintenance" / "maintenance.csv").sort_values("sessions")
    horizon = summary_horizon(tmp_path / "simulate")
    comparison = chart(browser, "maintenance-chart")
    assert [p["interval"] for p in comparison["mean_reduction_percent"]] == table["maintenance_interval_days"].tolist()
    assert [p["x"] for p in comparison["mean_reduction_percent"]] == pytest.approx(
        (table["sessions"] * 365 / horizon).tolist(), rel=1e-12)
    assert [p["y"] for p in comparison["mean_reduction_percent"]] == pytest.approx(
        table["mean_reduction_percent"].tolist(), rel=1e-12)
    assert [p["y"] for p in comparison["min_reduction_percent"]] == pytest.approx(
        table["min_reduction_percent"].tolist(), rel=1e-12)

    # The whole page in one picture: the window as tall as the page, charts redrawn at that size.
    height = browser.execute_script("return document.documentElement.scrollHeight")
    browser.set_window_size(1400, height + 150)
    WebDriverWait(browser, 10).until(
        lambda d: d.execute_script("return window.innerHeight >= document.documentElement.scrollHeight"))
    browser.execute_script("Object.values(Chart.instances).forEach(c => c.resize());")
    SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
    assert browser.save_screenshot(str(SCREENSHOT))


def summary_horizon(folder: Path) -> int:
    """schedule.horizon_days of the protocol as run (protocol.json next to the summary)."""
    protocol = json.loads((folder / "protocol.json").read_text())
    return protocol["schedule"]["parameters"]["horizon_days"]["value"]


def test_an_api_error_is_shown_with_the_command_lines_message(server: str, browser, cli, tmp_path: Path) -> None:
    """A fluence the light cannot give in 4 h: the alert region shows the API's line, the command line's own."""
    browser.get(server + "/")
    wait_for_runs(browser, 1)
    browser.find_element(By.ID, "auto").click()
    set_input(browser, "parameter-light-irradiance_mW_per_cm2", 0.01)
    set_input(browser, "parameter-light-fluence_J_per_cm2", 1000)
    browser.find_element(By.ID, "parameter-light-fluence_J_per_cm2").send_keys(Keys.ENTER)
    error = browser.find_element(By.ID, "error")
    WebDriverWait(browser, RUN_S).until(lambda d: error.is_displayed() and error.text)
    assert error.get_attribute("role") == "alert"
    completed = cli("simulate", "--set", "light.irradiance_mW_per_cm2=0.01", "--set", "light.fluence_J_per_cm2=1000",
                    "--out", tmp_path / "refused", check=False)
    assert completed.returncode != 0
    assert error.text == completed.stderr.strip().splitlines()[-1]

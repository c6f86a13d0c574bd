#!/usr/bin/env python3
"""The shipped Superset dashboard against psql, and a screenshot of it.

    check.py --url http://127.0.0.1:PORT --user admin --password PW --dbname DB --login LOGIN --screenshot FILE

Logs in to Superset's REST API, reads the data of every chart of the
"Director's scorecard" and compares it, row for row, with what psql gives
as LOGIN for the same question; then opens the dashboard in headless
Chromium (Debian's chromium and chromedriver, through Selenium), waits
until every chart has drawn, checks none shows an error and saves a PNG.
Prints one line per check ("superset ... ok" / "... FAILED").
"""
import argparse
import json
import subprocess
import sys
import time
import urllib.error
import urllib.request
from decimal import Decimal

# Each chart's question, as psql asks it. Temporal columns come back from
# Superset as epoch milliseconds; numbers as JSON numbers.
EXPECTED = {
    "Organisation balance, latest month": (False, """
        SELECT sum(balance) AS "Balance" FROM scorecard.organization_card_monthly
         WHERE is_latest AND is_organization"""),
    "Director's scorecard, latest month": (True, """
        SELECT period_label, discipline, target, actual, balance, status_label, deep_dive_label
          FROM scorecard.discipline_card_monthly WHERE is_latest AND is_organization ORDER BY sort_order"""),
    "Organisation balance by month": (False, """
        SELECT extract(epoch FROM date_trunc('month', period_start)) * 1000 AS period_start, sum(balance) AS "Balance"
          FROM scorecard.organization_card_monthly WHERE is_organization GROUP BY 1"""),
    "Net days in A/R against target": (False, """
        SELECT extract(epoch FROM date_trunc('month', period_start)) * 1000 AS period_start,
               max(value) AS "Value", max(target) AS "Target"
          FROM scorecard.revenue_cycle_kpi_status WHERE kpi = 'net_days_in_ar' GROUP BY 1"""),
    "A/R aging by payer, latest": (False, """
        SELECT payer_name, bucket_label, sum(amount) AS "Open A/R"
          FROM scorecard.ar_aging_by_payer_monthly WHERE is_latest GROUP BY 1, 2"""),
    "Service-line margin": (False, """
        SELECT service_line, sum(margin) AS "Margin" FROM scorecard.service_line_pnl GROUP BY 1"""),
}

results = {"passed": 0, "failed": 0}


def report(name, good, detail=""):
    results["passed" if good else "failed"] += 1
    print("superset %s ... %s%s" % (name, "ok" if good else "FAILED", " (%s)" % detail if detail else ""), flush=True)


def api(base, path, token=None, body=None):
    request = urllib.request.Request(base + path)
    if body is not None:
        request.data = json.dumps(body).encode()
        request.add_header("Content-Type", "application/json")
    if token:
        request.add_header("Authorization", "Bearer " + token)
    try:
        with urllib.request.urlopen(request, timeout=120) as response:
            return json.loads(response.read().decode(), parse_float=Decimal)
    except urllib.error.HTTPError as e:
        raise RuntimeError("%s %s: %s" % (e.code, path, e.read().decode()[:300])) from None


def psql_rows(dbname, login, sql):
    out = subprocess.run(["psql", "-X", "-At", "-v", "ON_ERROR_STOP=1", "-U", login, "-d", dbname],
                         input="SELECT coalesce(json_agg(row_to_json(t)), '[]') FROM (%s) t" % sql,
                         capture_output=True, text=True, check=True).stdout
    return json.loads(out, parse_float=Decimal)


def same_value(a, b):
    if isinstance(a, (int, Decimal)) and isinstance(b, (int, Decimal)) and not isinstance(a, bool):
        a, b = Decimal(a), Decimal(b)
        return abs(a - b) <= Decimal("1e-9") * max(Decimal(1), abs(b))
    return a == b


def same_rows(got, want, ordered):
    if len(got) != len(want):
        return False
    key = lambda r: json.dumps(r, sort_keys=True, default=lambda v: float(v))
    if not ordered:
        got, want = sorted(got, key=key), sorted(want, key=key)
    for g, w in zip(got, want):
        if set(g) != set(w) or not all(same_value(g[k], w[k]) for k in w):
            return False
    return True


def check_charts(args, token):
    dashboards = api(args.url, "/api/v1/dashboard/?q=(page_size:100)", token)["result"]
    board = [d for d in dashboards if d["dashboard_title"] == "Director's scorecard"]
    report("dashboard imported", len(board) == 1, "%d dashboard(s)" % len(board))
    if not board:
        return None
    charts = api(args.url, "/api/v1/dashboard/%d/charts" % board[0]["id"], token)["result"]
    names = sorted(c["slice_name"] for c in charts)
    report("dashboard holds its charts", names == sorted(EXPECTED), ", ".join(names))
    listing = api(args.url, "/api/v1/chart/?q=(page_size:100)", token)["result"]
    ids = {c["slice_name"]: c["id"] for c in listing}
    for name, (ordered, sql) in EXPECTED.items():
        if name not in ids:
            report("chart %r" % name, False, "not imported")
            continue
        try:
            answer = api(args.url, "/api/v1/chart/%d/data/" % ids[name], token)["result"][0]
            got = answer["data"]
            want = psql_rows(args.dbname, args.login, sql)
            good = same_rows(got, want, ordered)
            report("chart %r equals psql" % name, good,
                   "%d rows" % len(got) if good else "superset %s / psql %s" % (got[:3], want[:3]))
        except Exception as e:  # one chart's failure is its own line, not the run's end
            report("chart %r equals psql" % name, False, repr(e)[:300])
    return board[0]


def screenshot(args, board):
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.by import By

    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic",
                 "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--window-size=1400,1460", "--hide-scrollbars"):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
    try:
        driver.set_page_load_timeout(120)
        driver.get(args.url + "/login/")
        driver.find_element(By.ID, "username").send_keys(args.user)
        driver.find_element(By.ID, "password").send_keys(args.password)
        driver.find_element(By.CSS_SELECTOR, "[type=submit]").click()
        time.sleep(2)
        driver.get(args.url + "/superset/dashboard/%s/?standalone=1" % (board.get("slug") or board["id"]))
        deadline = time.time() + 120
        drawn = errors = 0
        while time.time() < deadline:
            holders = driver.find_elements(By.CSS_SELECTOR, ".dashboard-chart, .chart-holder")
            drawn = sum(1 for h in holders
                        if h.find_elements(By.CSS_SELECTOR, "canvas, svg, table, .header-line, .big-number"))
            loading = driver.find_elements(By.CSS_SELECTOR, ".loading, [data-test=loading-indicator]")
            errors = len(driver.find_elements(By.CSS_SELECTOR, ".alert-danger, [data-test=error-message], .ant-alert-error"))
            if drawn >= len(EXPECTED) and not loading:
                break
            time.sleep(1)
        # The whole dashboard: the window as tall as the page, then let the
        # charts draw again at that size.
        height = driver.execute_script("return document.documentElement.scrollHeight")
        if height > 1460:
            driver.set_window_size(1400, min(height, 4000) + 40)
        time.sleep(4)  # the charts' own animations
        driver.save_screenshot(args.screenshot)
        report("dashboard draws every chart in Chromium", drawn >= len(EXPECTED) and errors == 0,
               "%d of %d drawn, %d errors; %s" % (drawn, len(EXPECTED), errors, args.screenshot))
    finally:
        driver.quit()


def main():
    parser = argparse.ArgumentParser()
    for option in ("url", "user", "password", "dbname", "login", "screenshot"):
        parser.add_argument("--" + option, required=True)
    args = parser.parse_args()
    token = api(args.url, "/api/v1/security/login",
                body={"username": args.user, "password": args.password, "provider": "db", "refresh": False})["access_token"]
    board = check_charts(args, token)
    if board:
        try:
            screenshot(args, board)
        except Exception as e:
            report("dashboard draws every chart in Chromium", False, repr(e)[:300])
    print("superset: %d passed, %d failed" % (results["passed"], results["failed"]))
    return 0 if results["failed"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())

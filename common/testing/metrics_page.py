"""A /metrics page, checked and read, for tests: Debian's `promtool check
metrics` must accept it (format and naming rules), and its samples are read
with python3-prometheus-client's parser.

    page = metrics_page.check(text)    # fails the test on promtool's word
    page.value("http_requests_total", method="GET", route="/x", code="200")
    page = metrics_page.fetch_until(fetch, lambda page: ...)  # counts lag
"""

import subprocess
import time

from prometheus_client.parser import text_string_to_metric_families

PROMTOOL = "/usr/bin/promtool"  # Debian's prometheus package


class Page:
    def __init__(self, text):
        self.text = text
        self.samples = [sample for family in text_string_to_metric_families(text)
                        for sample in family.samples]

    def value(self, name, **labels):
        """The value of the sample `name` with exactly `labels`; None if
        there is none."""
        for sample in self.samples:
            if sample.name == name and sample.labels == labels:
                return sample.value
        return None

    def label_values(self):
        return {value for sample in self.samples for value in sample.labels.values()}


def fetch_until(fetch, ready, timeout_s=10):
    """check(fetch()) until ready(page) holds (or timeout_s has passed; the
    last page is returned either way). An HTTP server counts a request once
    its answer is out, so a count can lag the answer the client already has."""
    deadline = time.monotonic() + timeout_s
    while True:
        page = check(fetch())
        if ready(page) or time.monotonic() > deadline:
            return page
        time.sleep(0.01)


def check(text):
    """promtool's verdict on `text` (it must find nothing to say), then the
    page."""
    result = subprocess.run([PROMTOOL, "check", "metrics"], input=text,
                            capture_output=True, text=True, timeout=30)
    assert result.returncode == 0 and not result.stdout.strip(), (
        f"promtool check metrics: {result.stdout}{result.stderr}")
    return Page(text)

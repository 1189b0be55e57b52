"""OpenMetrics written and read by the Prometheus Python client (Debian python3-prometheus-client).

    export OUT START   writes an exposition to OUT: the client's own process, platform and GC
                       metrics, a counter and a histogram with exemplars, and Monitor's
                       monitor_controller_up and monitor_controller_iops of ctl-a, one sample a
                       minute for 10 minutes from START (seconds since the epoch), with timestamps.
    parse FILE         reads FILE with the client's OpenMetrics parser and prints the number of
                       samples, or fails naming what it refused.
"""
import sys

from prometheus_client import CollectorRegistry, Counter, Histogram, GCCollector, PlatformCollector, ProcessCollector
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.openmetrics.exposition import generate_latest
from prometheus_client.openmetrics.parser import text_string_to_metric_families


class MonitorSamples:
    def __init__(self, start):
        self.start = start

    def collect(self):
        up = GaugeMetricFamily("monitor_controller_up", "Storage controller online (1) or stopped (0).", labels=["controller"])
        iops = GaugeMetricFamily("monitor_controller_iops", "I/O operations per second served by the controller.", labels=["controller"])
        for minute in range(10):
            up.add_metric(["ctl-a"], 1 if minute < 5 else 0, timestamp=self.start + 60 * minute)
            iops.add_metric(["ctl-a"], 20000.5 if minute < 5 else 0, timestamp=self.start + 60 * minute)
        yield up
        yield iops


def export(out, start):
    registry = CollectorRegistry()
    ProcessCollector(registry=registry)
    PlatformCollector(registry=registry)
    GCCollector(registry=registry)
    requests = Counter("http_requests", "Requests served.", ["code"], registry=registry)
    requests.labels("200").inc(7, exemplar={"trace_id": "4bf92f3577b34da6"})
    latency = Histogram("http_request_duration_seconds", "Request time.", registry=registry)
    latency.observe(0.25, exemplar={"trace_id": "00f067aa0ba902b7"})
    registry.register(MonitorSamples(start))
    with open(out, "wb") as f:
        f.write(generate_latest(registry))


def parse(path):
    with open(path, encoding="utf-8") as f:
        text = f.read()
    print(sum(len(family.samples) for family in text_string_to_metric_families(text)))


if __name__ == "__main__":
    if sys.argv[1] == "export":
        export(sys.argv[2], int(sys.argv[3]))
    else:
        parse(sys.argv[2])

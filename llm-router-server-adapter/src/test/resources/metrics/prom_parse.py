"""Reads Prometheus' text exposition format on stdin with the Prometheus project's own Python parser
(prometheus_client, Debian's python3-prometheus-client) and writes every sample as JSON: a parse failure exits 1."""
import json
import sys

from prometheus_client.parser import text_string_to_metric_families

samples = []
for family in text_string_to_metric_families(sys.stdin.read()):
    for s in family.samples:
        samples.append({"family": family.name, "type": family.type, "name": s.name, "labels": s.labels,
                        "value": s.value})
json.dump(samples, sys.stdout)

"""The Kubernetes manifests are valid for the API (schemas bundled with kubernetes-validate, so
no network), and say what deploy/README.md promises: readiness on the health endpoint, rolling
updates that never take a ready replica away first, cookie affinity, one shared cookie secret."""

from __future__ import annotations

from pathlib import Path

import kubernetes_validate
import yaml

MANIFEST = Path(__file__).resolve().parents[2] / "deploy" / "kubernetes" / "wizard.yaml"


def documents() -> dict[str, dict]:
    return {d["kind"]: d for d in yaml.safe_load_all(MANIFEST.read_text()) if d}


def test_every_manifest_is_valid_for_the_kubernetes_api_with_no_unknown_fields():
    docs = documents()
    assert set(docs) == {"Deployment", "Service", "Ingress"}
    for doc in docs.values():
        kubernetes_validate.validate(doc, "1.37.0", strict=True)  # raises on any problem


def test_a_replica_takes_people_only_once_healthy_and_a_rolling_update_keeps_the_old_one_until_then():
    spec = documents()["Deployment"]["spec"]
    container = spec["template"]["spec"]["containers"][0]
    assert container["readinessProbe"]["httpGet"]["path"] == "/_stcore/health"
    assert spec["strategy"]["rollingUpdate"]["maxUnavailable"] == 0
    env = {e["name"]: e for e in container["env"]}
    assert env["STREAMLIT_SERVER_COOKIE_SECRET"]["valueFrom"]["secretKeyRef"]["name"] == "img-wizard"


def test_the_ingress_keeps_each_browser_on_its_replica_by_cookie_and_lets_websockets_stay_open():
    notes = documents()["Ingress"]["metadata"]["annotations"]
    assert notes["nginx.ingress.kubernetes.io/affinity"] == "cookie"
    assert int(notes["nginx.ingress.kubernetes.io/proxy-read-timeout"]) >= 3600

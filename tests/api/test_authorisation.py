"""The authorisation matrix, generated from the route table: every route of the OpenAPI document
× every role (on a resource of its own scope and on one of another scope) × the public gets the
status written out by hand below (docs/accounts-and-audit.md's table), not computed by the
policy code. A route this table does not know fails the test, so a new route needs its row."""
import datetime
import hashlib
import os
import re
import sys
from urllib.parse import quote
import unittest

sys.path.insert(0, os.path.dirname(__file__))

from harness import PASSWORD, ROLES, ServerTest

ALL_200 = {role: (200, 200) for role in ROLES + ["public"]}


def signed_in(own, other=None):
    """Every account as given, the public 401."""
    out = {role: (own, other if other is not None else own) for role in ROLES}
    out["public"] = (401, 401)
    return out


# (method, pattern) → (action, {role: (status on its own scope, status on another scope)}), and
# how to call it on a scope: REQUESTS[(method, pattern)](server, role, mine) → (path, body), with
# `mine` the cluster of the role's own scope or of another's (server.a / server.b); a route without
# an entry there is called on its pattern without a body. One section per group of routes.
EXPECTED = {}
REQUESTS = {}

# --- health, the OpenAPI document, sessions
EXPECTED.update({
    ("GET", "/healthz"): ("log-in", ALL_200),
    ("GET", "/readyz"): ("log-in", ALL_200),
    ("GET", "/api/v1/openapi.json"): ("log-in", ALL_200),
    ("POST", "/api/v1/session"): ("log-in", ALL_200),
    ("GET", "/api/v1/session"): ("manage-own-account", signed_in(200)),
    ("DELETE", "/api/v1/session"): ("manage-own-account", signed_in(200)),
})
REQUESTS.update({
    ("POST", "/api/v1/session"): lambda s, role, mine: (
        "/api/v1/session",
        {"login": role if role != "public" else "analyst", "password": PASSWORD}),
})

# --- registry: the overview, provinces, industries, zones, clusters
# Reads of the registry: the administrator and the analyst everywhere; a scoped account only on
# what lies in its scope; unnarrowed listings are programme-wide (403 to every scoped account).
# Changes: the programme office (admin) alone.
READ_IN_SCOPE = {
    "admin": (200, 200), "province": (200, 403), "zone": (200, 403), "cluster": (200, 403),
    "expert": (403, 403), "analyst": (200, 200), "public": (401, 401)}


def admin_only(status):
    return {"admin": (status, status), "province": (403, 403), "zone": (403, 403),
            "cluster": (403, 403), "expert": (403, 403), "analyst": (403, 403),
            "public": (401, 401)}


EXPECTED.update({
    ("GET", "/api/v1/overview"): ("read-public-overview", ALL_200),
    # National standards (GB/T 2260, GB/T 4754) every office's forms need: public.
    ("GET", "/api/v1/provinces"): ("read-public-overview", ALL_200),
    ("GET", "/api/v1/industries"): ("read-public-overview", ALL_200),
    ("GET", "/api/v1/zones"): ("read-registry", {
        "admin": (200, 200), "province": (200, 403), "zone": (403, 403),
        "cluster": (403, 403), "expert": (403, 403), "analyst": (200, 200),
        "public": (401, 401)}),
    ("POST", "/api/v1/zones"): ("change-registry", admin_only(201)),
    # Narrowed by zone or province: a cluster account cannot narrow the list to its cluster.
    ("GET", "/api/v1/clusters"): ("read-registry", {
        "admin": (200, 200), "province": (200, 403), "zone": (200, 403),
        "cluster": (403, 403), "expert": (403, 403), "analyst": (200, 200),
        "public": (401, 401)}),
    ("POST", "/api/v1/clusters"): ("change-registry", admin_only(201)),
    ("GET", "/api/v1/clusters/{id}"): ("read-registry", READ_IN_SCOPE),
    ("GET", "/api/v1/clusters/{id}/history"): ("read-registry", READ_IN_SCOPE),
    ("POST", "/api/v1/clusters/{id}/status"): ("change-registry", admin_only(200)),
    ("POST", "/api/v1/clusters/{id}/rename"): ("change-registry", admin_only(200)),
    ("POST", "/api/v1/clusters/{id}/rescope"): ("change-registry", admin_only(200)),
    ("POST", "/api/v1/clusters/{id}/corrections"): ("change-registry", admin_only(200)),
})

MATRIX_NAMES = iter(range(1, 10**6))


def matrix_name(what):
    """A name no other call used: each of the administrator's writes must succeed."""
    return f"矩阵测试{what}{next(MATRIX_NAMES)}"


def fresh_zone(s):
    """A new zone, made with the CLI: a cluster added to it breaks no one-zone rule."""
    name = matrix_name("高新区")
    s.cli("zone", "add", name, "--province", "湖北", "--city", "武汉市")
    return s.sql("SELECT id FROM zone WHERE name = ?", (name,))[0][0]


def cluster_with_two_statuses(s, role, mine):
    """For the administrator a new cluster whose latest status change can be withdrawn; for the
    others (refused before anything is read) the cluster of the scope."""
    if role != "admin":
        return mine["id"]
    name = matrix_name("集群")
    s.cli("cluster", "add", name, "--zone", str(fresh_zone(s)), "--industry", "3973",
          "--status", "cultivation", "--date", "2020-01-01")
    s.cli("cluster", "set-status", name, "pilot", "--date", "2021-01-01")
    return s.sql("SELECT id FROM cluster WHERE name = ?", (name,))[0][0]


def another_industry(s, mine):
    (code,) = s.sql("SELECT industry_code FROM cluster WHERE id = ?", (mine["id"],))[0]
    return "3976" if code != "3976" else "3973"


REQUESTS.update({
    ("GET", "/api/v1/zones"): lambda s, role, mine: (
        f"/api/v1/zones?province={mine['province']}", None),
    ("POST", "/api/v1/zones"): lambda s, role, mine: (
        "/api/v1/zones", {"name": matrix_name("高新区"), "province": mine["province"],
                          "city": "某市", "reason": "matrix"}),
    ("GET", "/api/v1/clusters"): lambda s, role, mine: (
        f"/api/v1/clusters?zone={mine['zone']}" if role == "zone"
        else f"/api/v1/clusters?province={mine['province']}", None),
    ("POST", "/api/v1/clusters"): lambda s, role, mine: (
        "/api/v1/clusters", {"name": matrix_name("集群"),
                             "zone": fresh_zone(s) if role == "admin" else mine["zone"],
                             "industry": "3973", "reason": "matrix"}),
    ("GET", "/api/v1/clusters/{id}"): lambda s, role, mine: (
        f"/api/v1/clusters/{mine['id']}", None),
    ("GET", "/api/v1/clusters/{id}/history"): lambda s, role, mine: (
        f"/api/v1/clusters/{mine['id']}/history", None),
    # warned is allowed from any member status: the admin's two calls both succeed.
    ("POST", "/api/v1/clusters/{id}/status"): lambda s, role, mine: (
        f"/api/v1/clusters/{mine['id']}/status", {"status": "warned", "reason": "matrix"}),
    ("POST", "/api/v1/clusters/{id}/rename"): lambda s, role, mine: (
        f"/api/v1/clusters/{mine['id']}/rename", {"name": matrix_name("集群"),
                                                  "reason": "matrix"}),
    ("POST", "/api/v1/clusters/{id}/rescope"): lambda s, role, mine: (
        f"/api/v1/clusters/{mine['id']}/rescope", {"industry": another_industry(s, mine),
                                                   "reason": "matrix"}),
    ("POST", "/api/v1/clusters/{id}/corrections"): lambda s, role, mine: (
        f"/api/v1/clusters/{cluster_with_two_statuses(s, role, mine)}/corrections",
        {"reason": "matrix"}),
})

# --- statistics: enterprises, cluster-year figures, regional statistics
EXPECTED.update({
    ("GET", "/api/v1/enterprises"): ("read-enterprise-rows", {
        "admin": (200, 200), "province": (200, 403), "zone": (200, 403),
        "cluster": (200, 403), "expert": (403, 403), "analyst": (403, 403),
        "public": (401, 401)}),
    # Narrowed by province only: a zone or cluster account reads its cluster's figures instead.
    ("GET", "/api/v1/statistics"): ("read-aggregate-statistics", {
        "admin": (200, 200), "province": (200, 403), "zone": (403, 403),
        "cluster": (403, 403), "expert": (403, 403), "analyst": (200, 200),
        "public": (401, 401)}),
    ("GET", "/api/v1/clusters/{id}/figures"): ("read-aggregate-statistics", {
        "admin": (200, 200), "province": (200, 403), "zone": (200, 403),
        "cluster": (200, 403), "expert": (403, 403), "analyst": (200, 200),
        "public": (401, 401)}),
})
REQUESTS.update({
    ("GET", "/api/v1/enterprises"): lambda s, role, mine: (
        f"/api/v1/enterprises?province={mine['province']}&limit=5" if role == "province"
        else f"/api/v1/enterprises?cluster={mine['id']}&limit=5", None),
    ("GET", "/api/v1/statistics"): lambda s, role, mine: (
        f"/api/v1/statistics?by=status&province={mine['province']}", None),
    ("GET", "/api/v1/clusters/{id}/figures"): lambda s, role, mine: (
        f"/api/v1/clusters/{mine['id']}/figures", None),
})

# --- evaluation: indicator systems, evaluations, runs, explanations, statistical audits
EXPECTED.update({
    ("POST", "/api/v1/evaluations"): ("run-evaluation", {
        "admin": (200, 200), "province": (403, 403), "zone": (403, 403),
        "cluster": (403, 403), "expert": (403, 403), "analyst": (403, 403),
        "public": (401, 401)}),
})
# Indicator systems are the programme's published method: anyone reads them; checking a draft
# is the first step of adopting one (the administrator's).
EXPECTED.update({
    ("GET", "/api/v1/systems"): ("read-public-overview", ALL_200),
    ("GET", "/api/v1/systems/fields"): ("read-public-overview", ALL_200),
    ("GET", "/api/v1/systems/{name}"): ("read-public-overview", ALL_200),
    ("POST", "/api/v1/systems/validation"): ("manage-indicator-systems", {
        "admin": (200, 200), "province": (403, 403), "zone": (403, 403),
        "cluster": (403, 403), "expert": (403, 403), "analyst": (403, 403),
        "public": (401, 401)}),
    # Stored runs rank clusters against each other: programme-wide, read by whoever reads
    # evaluations of the whole programme; a province reads its own clusters' part.
    ("GET", "/api/v1/runs"): ("read-evaluations", {
        "admin": (200, 200), "province": (200, 403), "zone": (403, 403),
        "cluster": (403, 403), "expert": (403, 403), "analyst": (200, 200),
        "public": (401, 401)}),
    # One cluster's explanation: its own cluster, zone and province accounts read it.
    ("POST", "/api/v1/explanations"): ("read-evaluations", {
        "admin": (200, 200), "province": (200, 403), "zone": (200, 403),
        "cluster": (200, 403), "expert": (403, 403), "analyst": (200, 200),
        "public": (401, 401)}),
    # The audit of one province's clusters: that province's account too.
    ("POST", "/api/v1/evaluations/audit"): ("read-evaluations", {
        "admin": (200, 200), "province": (200, 403), "zone": (403, 403),
        "cluster": (403, 403), "expert": (403, 403), "analyst": (200, 200),
        "public": (401, 401)}),
})
EXPECTED[("GET", "/api/v1/runs/{id}")] = EXPECTED[("GET", "/api/v1/runs")]
EXPECTED[("GET", "/api/v1/runs/{a}/compare/{b}")] = EXPECTED[("GET", "/api/v1/runs")]


def a_stored_run(s):
    """The id of a stored run, made with the CLI on the same database the first time."""
    rows = s.sql("SELECT id FROM evaluation_run ORDER BY id LIMIT 1")
    if not rows:
        s.cli("evaluate", "--system", "entropy-topsis", "--year", "2023")
        rows = s.sql("SELECT id FROM evaluation_run ORDER BY id LIMIT 1")
    return rows[0][0]


with open(os.path.join(os.path.dirname(__file__), "../../data/systems/torch-iic.yaml"),
          encoding="utf-8") as f:
    TORCH_IIC = f.read()

REQUESTS.update({
    ("POST", "/api/v1/evaluations"): lambda s, role, mine: (
        "/api/v1/evaluations", {"system": "torch-iic"}),
    ("GET", "/api/v1/systems/{name}"): lambda s, role, mine: ("/api/v1/systems/example", None),
    ("POST", "/api/v1/systems/validation"): lambda s, role, mine: (
        "/api/v1/systems/validation", {"yaml": TORCH_IIC}),
    ("GET", "/api/v1/runs"): lambda s, role, mine: (
        f"/api/v1/runs?province={mine['province']}", None),
    ("GET", "/api/v1/runs/{id}"): lambda s, role, mine: (
        f"/api/v1/runs/{a_stored_run(s)}?province={mine['province']}", None),
    ("GET", "/api/v1/runs/{a}/compare/{b}"): lambda s, role, mine: (
        f"/api/v1/runs/{a_stored_run(s)}/compare/{a_stored_run(s)}?province={mine['province']}",
        None),
    ("POST", "/api/v1/explanations"): lambda s, role, mine: (
        "/api/v1/explanations", {"system": "entropy-topsis", "cluster": str(mine["id"])}),
    ("POST", "/api/v1/evaluations/audit"): lambda s, role, mine: (
        "/api/v1/evaluations/audit", {"system": "entropy-topsis", "province": mine["province"]}),
})

# --- imports, uploads and jobs
# An upload is the file itself (a third element of the request: its Content-Type), checked as a
# dry run so that the matrix writes nothing. Scoped accounts import only with ?cluster= of their
# own scope; history likewise; the diff of two revisions is programme-wide (the administrator's).
# A job is its owner's and the administrator's: "own" is a job of the cluster account, "other"
# one of the administrator (made once, on first use).
def _matrix_csv(s, mine):
    from uploads import csv_bytes, firm_rows
    name = s.sql("SELECT name FROM cluster WHERE id = ?", (mine["id"],))[0][0]
    return csv_bytes(firm_rows(name, 900000, 2))


def _matrix_job(s, own):
    """A finished job of the cluster account (own) or of the administrator (other)."""
    from uploads import upload, wait_for_job
    jobs = s.__dict__.setdefault("matrix_jobs", {})
    if own not in jobs:
        if own:
            auth = {"session": s.login("cluster")[:2]}
            query = f"year=2039&cluster={s.a['id']}&filename=matrix.csv"
            body = _matrix_csv(s, s.a)
        else:
            auth = {"token": s.admin_token}
            query = "year=2038&filename=matrix.csv"
            body = _matrix_csv(s, s.b)
        r = upload(s, query, body, **auth)
        assert r.status == 202, r
        jobs[own] = wait_for_job(s, r.json()["id"], **auth)["id"]
    return jobs[own]


def _matrix_revisions(s):
    if "matrix_revisions" not in s.__dict__:
        _matrix_job(s, False)
        s.matrix_revisions = [r[0] for r in s.sql("SELECT id FROM import_revision ORDER BY id")]
    return s.matrix_revisions


OWNER_OR_ADMIN = {
    "admin": (200, 200), "province": (403, 403), "zone": (403, 403),
    "cluster": (200, 403), "expert": (403, 403), "analyst": (403, 403),
    "public": (401, 401)}

EXPECTED.update({
    ("POST", "/api/v1/imports"): ("import-statistics", {
        "admin": (200, 200), "province": (200, 403), "zone": (200, 403),
        "cluster": (200, 403), "expert": (403, 403), "analyst": (403, 403),
        "public": (401, 401)}),
    ("GET", "/api/v1/imports"): ("read-enterprise-rows", {
        "admin": (200, 200), "province": (200, 403), "zone": (200, 403),
        "cluster": (200, 403), "expert": (403, 403), "analyst": (403, 403),
        "public": (401, 401)}),
    ("GET", "/api/v1/imports/{id}/diff"): ("read-enterprise-rows", {
        "admin": (200, 200), "province": (403, 403), "zone": (403, 403),
        "cluster": (403, 403), "expert": (403, 403), "analyst": (403, 403),
        "public": (401, 401)}),
    ("GET", "/api/v1/jobs"): ("manage-own-account", signed_in(200)),
    ("GET", "/api/v1/jobs/{id}"): ("manage-own-account", OWNER_OR_ADMIN),
    ("DELETE", "/api/v1/jobs/{id}"): ("manage-own-account", OWNER_OR_ADMIN),
})
REQUESTS.update({
    ("POST", "/api/v1/imports"): lambda s, role, mine: (
        f"/api/v1/imports?year=2037&cluster={mine['id']}&dry_run=true&filename=matrix.csv",
        _matrix_csv(s, mine), "text/csv"),
    ("GET", "/api/v1/imports"): lambda s, role, mine: (
        f"/api/v1/imports?cluster={mine['id']}", None),
    ("GET", "/api/v1/imports/{id}/diff"): lambda s, role, mine: (
        "/api/v1/imports/{}/diff?from={}".format(_matrix_revisions(s)[-1],
                                                 _matrix_revisions(s)[0]), None),
    ("GET", "/api/v1/jobs/{id}"): lambda s, role, mine: (
        f"/api/v1/jobs/{_matrix_job(s, mine is s.a)}", None),
    ("DELETE", "/api/v1/jobs/{id}"): lambda s, role, mine: (
        f"/api/v1/jobs/{_matrix_job(s, mine is s.a)}", None),
})

# --- discovery
# Analyses of an uploaded file, as jobs (202): analysts run them — they study where innovation
# concentrates — and the administrator; programme-wide (a discovery compares with every
# province's registered clusters), so no scoped account, and no expert.
def _matrix_sample(name):
    with open(os.path.join(os.path.dirname(__file__), "../../data/samples", name), "rb") as f:
        return f.read()


ANALYSES = {
    "admin": (202, 202), "province": (403, 403), "zone": (403, 403),
    "cluster": (403, 403), "expert": (403, 403), "analyst": (202, 202),
    "public": (401, 401)}
EXPECTED.update({
    ("POST", "/api/v1/discoveries"): ("read-aggregate-statistics", ANALYSES),
    ("POST", "/api/v1/specialisations"): ("read-aggregate-statistics", ANALYSES),
    ("POST", "/api/v1/spatial-statistics"): ("read-aggregate-statistics", ANALYSES),
})
REQUESTS.update({
    ("POST", "/api/v1/discoveries"): lambda s, role, mine: (
        "/api/v1/discoveries?filename=points.csv&suggest_eps=4", _matrix_sample("points.csv"),
        "text/csv"),
    ("POST", "/api/v1/specialisations"): lambda s, role, mine: (
        "/api/v1/specialisations?filename=employment.csv", _matrix_sample("employment.csv"),
        "text/csv"),
    ("POST", "/api/v1/spatial-statistics"): lambda s, role, mine: (
        "/api/v1/spatial-statistics?filename=v.csv&weights=knn:4&permutations=0",
        _matrix_sample("province-values.csv"), "text/csv"),
})

# --- exports
# Enterprise-level rows (enterprises; institutions, which name their legal representatives) and
# aggregates; a scoped account narrows its export to its own cluster (or province) by the query.
ENTERPRISE_ROWS = {
    "admin": (200, 200), "province": (200, 403), "zone": (200, 403), "cluster": (200, 403),
    "expert": (403, 403), "analyst": (403, 403), "public": (401, 401)}
AGGREGATES = dict(ENTERPRISE_ROWS, analyst=(200, 200))
for kind, statuses in [("enterprises", ENTERPRISE_ROWS), ("institutions", ENTERPRISE_ROWS),
                       ("clusters", AGGREGATES), ("platforms", AGGREGATES),
                       ("alliances", AGGREGATES), ("metrics", AGGREGATES)]:
    action = "read-enterprise-rows" if statuses is ENTERPRISE_ROWS else "read-aggregate-statistics"
    EXPECTED[("GET", f"/api/v1/exports/{kind}")] = (action, statuses)
    REQUESTS[("GET", f"/api/v1/exports/{kind}")] = (
        lambda kind: lambda s, role, mine: (
            f"/api/v1/exports/{kind}?year=2023&format=json&" +
            (f"province={mine['province']}" if role == "province" else f"cluster={mine['id']}"),
            None))(kind)
# Any other kind is a 404 naming the kinds (test_exports.py), to whoever may read aggregates;
# here a real kind's path stands for it, with the same action and scope.
EXPECTED[("GET", "/api/v1/exports/{kind}")] = ("read-aggregate-statistics", AGGREGATES)
REQUESTS[("GET", "/api/v1/exports/{kind}")] = REQUESTS[("GET", "/api/v1/exports/metrics")]

# --- reports
# Aggregates: the national annual report is programme-wide (the office and analysts); fact sheets
# go to a scoped account for its own clusters, the list narrowed by ?zone= or ?province=. HTML
# and no uncertainty analysis keep the matrix quick; test_reports.py reads the documents. A
# round's report holds its reviews, decision and objections and names its experts: the
# programme office's alone, as the round's decision is (decide-application); the demo's
# reviewed round stands for any.
NATIONAL = {
    "admin": (200, 200), "province": (403, 403), "zone": (403, 403), "cluster": (403, 403),
    "expert": (403, 403), "analyst": (200, 200), "public": (401, 401)}
EXPECTED.update({
    ("GET", "/api/v1/reports/annual"): ("read-aggregate-statistics", NATIONAL),
    ("GET", "/api/v1/reports/clusters/{id}"): ("read-aggregate-statistics", AGGREGATES),
    ("GET", "/api/v1/reports/clusters"): ("read-aggregate-statistics", dict(
        AGGREGATES, cluster=(403, 403))),
    ("GET", "/api/v1/reports/rounds/{id}"): ("decide-application", admin_only(200)),
})
REQUESTS.update({
    ("GET", "/api/v1/reports/annual"): lambda s, role, mine: (
        "/api/v1/reports/annual?year=2023&format=html&uncertainty=0", None),
    ("GET", "/api/v1/reports/clusters/{id}"): lambda s, role, mine: (
        f"/api/v1/reports/clusters/{mine['id']}?year=2023&format=html", None),
    ("GET", "/api/v1/reports/clusters"): lambda s, role, mine: (
        f"/api/v1/reports/clusters?year=2023&format=html&zone={mine['zone']}" if role == "zone"
        else f"/api/v1/reports/clusters?year=2023&format=html&province={mine['province']}", None),
    ("GET", "/api/v1/reports/rounds/{id}"): lambda s, role, mine: (
        f"/api/v1/reports/rounds/{demo_round(s)}?format=html", None),
})

# --- selection rounds
# Rounds are published notices: anyone reads them; the programme office opens and moves them.
# A zone applies for itself, a province returns and ranks its own zones' applications.
# Applications are read like the registry, by the zone or province they belong to.
# Applications in a zone with an active cluster are written behind the server's back for the
# matrix: the programme's rule (一区一主导产业) would refuse them, and it is the policy that is tested here.


def open_round(s, stage="applications"):
    """A new round with deadlines far ahead, moved to `stage` with the CLI; its id."""
    doc_no = matrix_name("文号")
    s.cli("round", "create", "--year", "2026", "--name", matrix_name("遴选"), "--doc-no", doc_no,
          "--system", "torch-iic", "--applications", "2098-01-01", "--recommendation",
          "2098-02-01", "--review", "2098-03-01", "--decision", "2098-04-01", "--notice",
          "2098-05-01")
    (rid,) = s.sql("SELECT id FROM selection_round WHERE doc_no = ?", (doc_no,))[0]
    while s.sql("SELECT stage FROM selection_round WHERE id = ?", (rid,))[0][0] != stage:
        s.cli("round", "advance", str(rid))
    return rid


def application_in(s, mine):
    """A submitted application of the scope's zone in an open round, written behind the
    server's back; its id (a round has one application per zone)."""
    rid = open_round(s)
    s.execute("INSERT INTO application (round_id, zone_id, province_code, cluster_name, "
              "industry_code, building_unit, management_body, state, submitted_at, updated_at) "
              "VALUES (?, ?, ?, ?, '3973', '管委会', '促进中心', 'submitted', "
              "'2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')",
              (rid, mine["zone"], mine["province"], matrix_name("申报")))
    return s.sql("SELECT id FROM application WHERE round_id = ? AND zone_id = ?",
                 (rid, mine["zone"]))[0][0]


def round_of(s, application):
    return s.sql("SELECT round_id FROM application WHERE id = ?", (application,))[0][0]


def in_place(role, mine):
    return f"zone={mine['zone']}" if role == "zone" else f"province={mine['province']}"


EXPECTED.update({
    ("GET", "/api/v1/rounds"): ("read-public-overview", ALL_200),
    ("GET", "/api/v1/rounds/{id}"): ("read-public-overview", ALL_200),
    ("GET", "/api/v1/rounds/{id}/provinces"): ("read-public-overview", ALL_200),
    ("POST", "/api/v1/rounds"): ("manage-rounds", admin_only(201)),
    ("POST", "/api/v1/rounds/{id}/advance"): ("manage-rounds", admin_only(200)),
    ("GET", "/api/v1/rounds/{id}/applications"): ("read-registry", {
        "admin": (200, 200), "province": (200, 403), "zone": (200, 403),
        "cluster": (403, 403), "expert": (403, 403), "analyst": (200, 200),
        "public": (401, 401)}),
    # The zone's own zone has an active cluster: the policy lets it apply, the rule refuses (409).
    ("POST", "/api/v1/rounds/{id}/applications"): ("submit-application", {
        "admin": (201, 201), "province": (403, 403), "zone": (409, 403),
        "cluster": (403, 403), "expert": (403, 403), "analyst": (403, 403),
        "public": (401, 401)}),
    ("GET", "/api/v1/applications/{id}"): ("read-registry", {
        "admin": (200, 200), "province": (200, 403), "zone": (200, 403),
        "cluster": (403, 403), "expert": (403, 403), "analyst": (200, 200),
        "public": (401, 401)}),
    ("POST", "/api/v1/applications/{id}/return"): ("recommend-application", {
        "admin": (200, 200), "province": (200, 403), "zone": (403, 403),
        "cluster": (403, 403), "expert": (403, 403), "analyst": (403, 403),
        "public": (401, 401)}),
    # The pool holds people's names and employers: the programme office's alone.
    ("GET", "/api/v1/experts"): ("manage-rounds", admin_only(200)),
    ("POST", "/api/v1/experts"): ("manage-rounds", admin_only(201)),
    ("GET", "/api/v1/rounds/{id}/conflicts"): ("manage-rounds", admin_only(200)),
    ("PUT", "/api/v1/rounds/{id}/recommendations"): ("recommend-application", {
        "admin": (200, 200), "province": (200, 403), "zone": (403, 403),
        "cluster": (403, 403), "expert": (403, 403), "analyst": (403, 403),
        "public": (401, 401)}),
})
REQUESTS.update({
    ("GET", "/api/v1/rounds/{id}"): lambda s, role, mine: (
        f"/api/v1/rounds/{open_round(s)}", None),
    ("GET", "/api/v1/rounds/{id}/provinces"): lambda s, role, mine: (
        f"/api/v1/rounds/{open_round(s)}/provinces", None),
    ("POST", "/api/v1/rounds"): lambda s, role, mine: (
        "/api/v1/rounds", {"year": 2026, "name": matrix_name("遴选"),
                           "document_number": matrix_name("文号"), "system": "torch-iic",
                           "deadlines": {"applications": "2098-01-01",
                                         "recommendation": "2098-02-01",
                                         "review": "2098-03-01", "decision": "2098-04-01",
                                         "notice": "2098-05-01"}}),
    ("POST", "/api/v1/rounds/{id}/advance"): lambda s, role, mine: (
        f"/api/v1/rounds/{open_round(s)}/advance", {}),
    ("GET", "/api/v1/rounds/{id}/applications"): lambda s, role, mine: (
        f"/api/v1/rounds/{open_round(s)}/applications?{in_place(role, mine)}", None),
    ("POST", "/api/v1/rounds/{id}/applications"): lambda s, role, mine: (
        f"/api/v1/rounds/{open_round(s)}/applications?zone="
        f"{fresh_zone(s) if role == 'admin' else mine['zone']}",
        {"cluster_name": matrix_name("集群"), "industry": "3973", "building_unit": "管委会",
         "management_body": "促进中心"}),
    ("GET", "/api/v1/applications/{id}"): lambda s, role, mine: (
        f"/api/v1/applications/{application_in(s, mine)}", None),
    ("POST", "/api/v1/applications/{id}/return"): lambda s, role, mine: (
        f"/api/v1/applications/{application_in(s, mine)}/return", {"reason": "材料不全"}),
    ("POST", "/api/v1/experts"): lambda s, role, mine: (
        "/api/v1/experts", {"code": matrix_name("E"), "name": "张三", "organisation": "某大学",
                            "province": mine["province"], "fields": ["3973"]}),
    ("GET", "/api/v1/rounds/{id}/conflicts"): lambda s, role, mine: (
        f"/api/v1/rounds/{open_round(s)}/conflicts", None),
    ("PUT", "/api/v1/rounds/{id}/recommendations"): lambda s, role, mine: (
        f"/api/v1/rounds/{open_round(s, 'recommendation')}/recommendations?"
        f"province={mine['province']}", {"list": []}),
})

# --- a round's reviews, decision, notice and admission
# The demo's round 1 is in its review stage, assigned and reviewed: the matrix assigns it again
# and reviews in it. The expert account reviews as the demo's first assigned expert; its own
# scope is an application assigned to that expert, the other scope one that is not. Calls the
# policy lets through but the round's stage refuses are 409, and are written so.


def demo_round(s):
    return s.sql("SELECT min(id) FROM selection_round")[0][0]


def linked_expert(s):
    """The demo round's first assigned expert, linked to the expert account; its code."""
    (code,) = s.sql("SELECT min(e.code) FROM review_assignment r JOIN expert e "
                    "ON e.id = r.expert_id WHERE r.round_id = ?", (demo_round(s),))[0]
    s.cli("review", "link", "--expert", code, "--account", "expert")
    return code


def reviewed_application(s, mine):
    code = linked_expert(s)
    assigned = ("IN" if mine is s.a else "NOT IN")
    (app,) = s.sql(f"SELECT min(application_id) FROM recommendation WHERE round_id = ? AND "
                   f"application_id {assigned} (SELECT r.application_id FROM review_assignment r "
                   f"JOIN expert e ON e.id = r.expert_id WHERE e.code = ?)",
                   (demo_round(s), code))[0]
    return app, code


def own_work(status):
    """An expert's own work: the linked expert account has it; any other account has none."""
    out = {role: (404, 404) for role in ROLES}
    out["expert"] = (status, status)
    out["public"] = (401, 401)
    return out


PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"

def with_document(s, app):
    """`app` and the id of a PDF attached to it (once), written behind the server's back."""
    sha = hashlib.sha256(PDF).hexdigest()
    s.execute("INSERT INTO application_document (application_id, name, type, sha256, size, "
              "content, attached_at) VALUES (?, '申报书.pdf', 'pdf', ?, ?, ?, "
              "'2026-01-01T00:00:00Z') ON CONFLICT DO NOTHING", (app, sha, len(PDF), PDF))
    return app, s.sql("SELECT id FROM application_document WHERE application_id = ? "
                      "AND sha256 = ?", (app, sha))[0][0]


def with_objection_document(s):
    """An objection to the demo round's first application and the id of a PDF attached to it
    (once), written behind the server's back: the round is in its review stage, so the API
    could not."""
    sha = hashlib.sha256(PDF).hexdigest()
    rows = s.sql("SELECT id FROM objection WHERE objector = '矩阵'")
    if not rows:
        s.execute("INSERT INTO objection (round_id, application_id, objector, grounds, filed_at) "
                  "SELECT round_id, min(application_id), '矩阵', '数据不实', "
                  "'2026-01-01T00:00:00Z' FROM recommendation WHERE round_id = ? "
                  "GROUP BY round_id", (demo_round(s),))
        rows = s.sql("SELECT id FROM objection WHERE objector = '矩阵'")
    (objection,), = rows
    s.execute("INSERT INTO objection_document (objection_id, name, type, sha256, size, content, "
              "attached_at) VALUES (?, '举报材料.pdf', 'pdf', ?, ?, ?, '2026-01-01T00:00:00Z') "
              "ON CONFLICT DO NOTHING", (objection, sha, len(PDF), PDF))
    return objection, s.sql("SELECT id FROM objection_document WHERE objection_id = ? "
                            "AND sha256 = ?", (objection, sha))[0][0]


# What an expert reads to review: only an application assigned to it (its own scope here).
REVIEW_READ = {
    "admin": (200, 200), "province": (403, 403), "zone": (403, 403), "cluster": (403, 403),
    "expert": (200, 403), "analyst": (403, 403), "public": (401, 401)}

EXPECTED.update({
    ("POST", "/api/v1/experts/import"): ("manage-rounds", admin_only(200)),
    ("POST", "/api/v1/applications/{id}/documents"): ("submit-application", {
        "admin": (201, 201), "province": (403, 403), "zone": (201, 403),
        "cluster": (403, 403), "expert": (403, 403), "analyst": (403, 403),
        "public": (401, 401)}),
    ("GET", "/api/v1/applications/{id}/documents"): ("read-registry", {
        "admin": (200, 200), "province": (200, 403), "zone": (200, 403),
        "cluster": (403, 403), "expert": (403, 403), "analyst": (200, 200),
        "public": (401, 401)}),
    ("GET", "/api/v1/applications/{id}/documents/{document}"): ("read-registry", {
        "admin": (200, 200), "province": (200, 403), "zone": (200, 403),
        "cluster": (403, 403), "expert": (403, 403), "analyst": (200, 200),
        "public": (401, 401)}),
    ("GET", "/api/v1/applications/{id}/review-copy"): ("review-application", REVIEW_READ),
    ("GET", "/api/v1/applications/{id}/review-copy/documents/{document}"): (
        "review-application", REVIEW_READ),
    ("PUT", "/api/v1/applications/{id}/figures"): ("submit-application", {
        "admin": (200, 200), "province": (403, 403), "zone": (200, 403),
        "cluster": (403, 403), "expert": (403, 403), "analyst": (403, 403),
        "public": (401, 401)}),
    ("POST", "/api/v1/rounds/{id}/figures"): ("manage-rounds", admin_only(200)),
    ("GET", "/api/v1/rounds/{id}/form"): ("read-public-overview", ALL_200),
    ("PUT", "/api/v1/rounds/{id}/form"): ("manage-rounds", admin_only(200)),
    ("POST", "/api/v1/rounds/{id}/assignment"): ("manage-rounds", admin_only(200)),
    ("GET", "/api/v1/rounds/{id}/assignment"): ("manage-rounds", admin_only(200)),
    ("GET", "/api/v1/rounds/{id}/my-assignment"): ("manage-own-account", own_work(200)),
    ("GET", "/api/v1/rounds/{id}/my-reviews"): ("manage-own-account", own_work(200)),
    # The office records a paper review for the expert it names: refused (409) where that expert
    # is not assigned.
    ("PUT", "/api/v1/applications/{id}/review"): ("review-application", {
        "admin": (200, 409), "province": (403, 403), "zone": (403, 403),
        "cluster": (403, 403), "expert": (200, 403), "analyst": (403, 403),
        "public": (401, 401)}),
    ("GET", "/api/v1/rounds/{id}/reviews"): ("decide-application", admin_only(200)),
    ("GET", "/api/v1/rounds/{id}/reliability"): ("decide-application", admin_only(200)),
    # An open round has nothing recommended to decide yet.
    ("POST", "/api/v1/rounds/{id}/decision"): ("decide-application", admin_only(409)),
    ("GET", "/api/v1/rounds/{id}/decision"): ("decide-application", admin_only(200)),
    ("GET", "/api/v1/rounds/{id}/notice"): ("read-public-overview", ALL_200),
    # Outside the notice stage.
    ("POST", "/api/v1/applications/{id}/objections"): ("decide-application", admin_only(409)),
    ("GET", "/api/v1/rounds/{id}/objections"): ("decide-application", admin_only(200)),
    ("POST", "/api/v1/objections/{id}/answer"): ("decide-application", admin_only(404)),
    # The office's own records; the demo round is in its review stage, so nothing is attached.
    ("POST", "/api/v1/objections/{id}/documents"): ("decide-application", admin_only(409)),
    ("GET", "/api/v1/objections/{id}/documents"): ("decide-application", admin_only(200)),
    ("GET", "/api/v1/objections/{id}/documents/{document}"): (
        "decide-application", admin_only(200)),
    ("POST", "/api/v1/rounds/{id}/admission"): ("decide-application", admin_only(409)),
})
REQUESTS.update({
    ("POST", "/api/v1/experts/import"): lambda s, role, mine: (
        "/api/v1/experts/import?filename=pool.csv",
        f"专家编号,姓名,工作单位,省份,熟悉领域\n{matrix_name('M')},张三,某大学,{mine['province']},3973\n",
        "text/csv"),
    ("POST", "/api/v1/applications/{id}/documents"): lambda s, role, mine: (
        f"/api/v1/applications/{application_in(s, mine)}/documents?filename="
        + quote("申报书.pdf"), PDF,
        "application/pdf"),
    ("GET", "/api/v1/applications/{id}/documents"): lambda s, role, mine: (
        f"/api/v1/applications/{application_in(s, mine)}/documents", None),
    ("GET", "/api/v1/applications/{id}/documents/{document}"): lambda s, role, mine: (
        "/api/v1/applications/{}/documents/{}".format(*with_document(s, application_in(s, mine))),
        None),
    ("GET", "/api/v1/applications/{id}/review-copy"): lambda s, role, mine: (
        f"/api/v1/applications/{reviewed_application(s, mine)[0]}/review-copy", None),
    ("GET", "/api/v1/applications/{id}/review-copy/documents/{document}"): lambda s, role, mine: (
        "/api/v1/applications/{}/review-copy/documents/{}".format(
            *with_document(s, reviewed_application(s, mine)[0])), None),
    ("PUT", "/api/v1/applications/{id}/figures"): lambda s, role, mine: (
        f"/api/v1/applications/{application_in(s, mine)}/figures", {"figures": {"revenue": 12.5}}),
    ("POST", "/api/v1/rounds/{id}/figures"): lambda s, role, mine: (
        (lambda app: (f"/api/v1/rounds/{round_of(s, app)}/figures?filename=figures.csv",
                      f"unit,revenue\n{app},12.5\n", "text/csv"))(application_in(s, mine))),
    ("GET", "/api/v1/rounds/{id}/form"): lambda s, role, mine: (
        f"/api/v1/rounds/{open_round(s)}/form", None),
    ("PUT", "/api/v1/rounds/{id}/form"): lambda s, role, mine: (
        f"/api/v1/rounds/{open_round(s)}/form", {"form": "创新能力:60,组织管理:40"}),
    ("POST", "/api/v1/rounds/{id}/assignment"): lambda s, role, mine: (
        f"/api/v1/rounds/{demo_round(s)}/assignment", {"reviewers": 5, "max_load": 8}),
    ("GET", "/api/v1/rounds/{id}/assignment"): lambda s, role, mine: (
        f"/api/v1/rounds/{demo_round(s)}/assignment", None),
    ("GET", "/api/v1/rounds/{id}/my-assignment"): lambda s, role, mine: (
        linked_expert(s) and f"/api/v1/rounds/{demo_round(s)}/my-assignment", None),
    ("GET", "/api/v1/rounds/{id}/my-reviews"): lambda s, role, mine: (
        linked_expert(s) and f"/api/v1/rounds/{demo_round(s)}/my-reviews", None),
    ("PUT", "/api/v1/applications/{id}/review"): lambda s, role, mine: (
        (lambda app, code: (f"/api/v1/applications/{app}/review",
                            {"points": [25, 20, 20, 15], "expert": code}))(
            *reviewed_application(s, mine))),
    ("GET", "/api/v1/rounds/{id}/reviews"): lambda s, role, mine: (
        f"/api/v1/rounds/{demo_round(s)}/reviews", None),
    ("GET", "/api/v1/rounds/{id}/reliability"): lambda s, role, mine: (
        f"/api/v1/rounds/{demo_round(s)}/reliability", None),
    ("POST", "/api/v1/rounds/{id}/decision"): lambda s, role, mine: (
        f"/api/v1/rounds/{open_round(s)}/decision", {"places": 1}),
    ("GET", "/api/v1/rounds/{id}/decision"): lambda s, role, mine: (
        f"/api/v1/rounds/{open_round(s)}/decision", None),
    ("GET", "/api/v1/rounds/{id}/notice"): lambda s, role, mine: (
        f"/api/v1/rounds/{open_round(s, 'notice')}/notice", None),
    ("POST", "/api/v1/applications/{id}/objections"): lambda s, role, mine: (
        f"/api/v1/applications/{application_in(s, mine)}/objections",
        {"objector": "李四", "grounds": "数据不实"}),
    ("GET", "/api/v1/rounds/{id}/objections"): lambda s, role, mine: (
        f"/api/v1/rounds/{open_round(s)}/objections", None),
    ("POST", "/api/v1/objections/{id}/answer"): lambda s, role, mine: (
        "/api/v1/objections/999999/answer", {"answer": "不成立"}),
    ("POST", "/api/v1/objections/{id}/documents"): lambda s, role, mine: (
        f"/api/v1/objections/{with_objection_document(s)[0]}/documents?filename="
        + quote("补充.pdf"), PDF.replace(b"/Catalog", b"/Catalog /Lang (zh)"), "application/pdf"),
    ("GET", "/api/v1/objections/{id}/documents"): lambda s, role, mine: (
        f"/api/v1/objections/{with_objection_document(s)[0]}/documents", None),
    ("GET", "/api/v1/objections/{id}/documents/{document}"): lambda s, role, mine: (
        "/api/v1/objections/{}/documents/{}".format(*with_objection_document(s)), None),
    ("POST", "/api/v1/rounds/{id}/admission"): lambda s, role, mine: (
        f"/api/v1/rounds/{open_round(s)}/admission", {"date": "2026-01-01"}),
})

# --- re-evaluation (复核)
# A proposal to warn a named cluster is the office's draft decision, and confirming it is the
# decision: the programme office's alone. The matrix asks for clusters due after 100 years (none),
# so the administrator's confirmation changes no cluster the other routes use.


def reevaluation_round(s, stage="review"):
    """A new re-evaluation round with deadlines far ahead, moved to `stage`; its id."""
    doc_no = matrix_name("复核文号")
    s.cli("round", "create", "--kind", "reevaluation", "--year", "2026", "--name",
          matrix_name("复核"), "--doc-no", doc_no, "--system", "torch-iic", "--review",
          "2098-03-01", "--decision", "2098-04-01", "--notice", "2098-05-01")
    (rid,) = s.sql("SELECT id FROM selection_round WHERE doc_no = ?", (doc_no,))[0]
    while s.sql("SELECT stage FROM selection_round WHERE id = ?", (rid,))[0][0] != stage:
        s.cli("round", "advance", str(rid))
    return rid


EXPECTED.update({
    ("GET", "/api/v1/rounds/{id}/reevaluation"): ("manage-rounds", admin_only(200)),
    ("POST", "/api/v1/rounds/{id}/reevaluation/confirm"): ("manage-rounds", admin_only(200)),
})
REQUESTS.update({
    ("GET", "/api/v1/rounds/{id}/reevaluation"): lambda s, role, mine: (
        f"/api/v1/rounds/{reevaluation_round(s)}/reevaluation?min_years=100", None),
    ("POST", "/api/v1/rounds/{id}/reevaluation/confirm"): lambda s, role, mine: (
        f"/api/v1/rounds/{reevaluation_round(s, 'decision')}/reevaluation/confirm",
        {"min_years": 100}),
})

# --- defence sessions (视频答辩), on the demo's round 1 in its review stage
# The office schedules a session of its own scope's application and another of the other's, at
# times apart; moving a slot that does not exist is 404 to the office. A zone account is told its
# zone's slots (none in the demo round: still 200) and the linked expert account its expert's.


def defence_session(s, mine):
    (app,) = s.sql("SELECT application_id FROM recommendation WHERE round_id = ? ORDER BY "
                   f"application_id LIMIT 1 OFFSET {0 if mine is s.a else 1}",
                   (demo_round(s),))[0]
    # The demo heard every application already: its slot is taken away, to be scheduled anew.
    s.execute("DELETE FROM defence_slot_move WHERE slot_id IN (SELECT id FROM defence_slot "
              "WHERE application_id = ?)", (app,))
    s.execute("DELETE FROM defence_slot WHERE application_id = ?", (app,))
    tomorrow = (datetime.date.today() + datetime.timedelta(days=1)).isoformat()
    return (f"/api/v1/rounds/{demo_round(s)}/defence",
            {"date": tomorrow, "start": "09:00" if mine is s.a else "14:00",
             "panel": matrix_name("答辩组"), "applications": [app]})


def told_their_slot(status):
    """A zone's own slots and a linked expert's; every other account has none (404)."""
    out = {role: (404, 404) for role in ROLES}
    out["zone"] = (status, status)
    out["expert"] = (status, status)
    out["public"] = (401, 401)
    return out


EXPECTED.update({
    ("POST", "/api/v1/rounds/{id}/defence"): ("manage-rounds", admin_only(201)),
    ("GET", "/api/v1/rounds/{id}/defence"): ("manage-rounds", admin_only(200)),
    ("POST", "/api/v1/defence-slots/{id}/move"): ("manage-rounds", admin_only(404)),
    ("GET", "/api/v1/rounds/{id}/my-defence"): ("manage-own-account", told_their_slot(200)),
})
REQUESTS.update({
    ("POST", "/api/v1/rounds/{id}/defence"): lambda s, role, mine: defence_session(s, mine),
    ("GET", "/api/v1/rounds/{id}/defence"): lambda s, role, mine: (
        f"/api/v1/rounds/{demo_round(s)}/defence", None),
    ("POST", "/api/v1/defence-slots/{id}/move"): lambda s, role, mine: (
        "/api/v1/defence-slots/999999/move", {"start": "10:00", "reason": "改期"}),
    ("GET", "/api/v1/rounds/{id}/my-defence"): lambda s, role, mine: (
        linked_expert(s) and f"/api/v1/rounds/{demo_round(s)}/my-defence", None),
})

# --- accounts
# Changing one's own password: every account may; each role's two calls change it to another
# password and back, so the matrix's later logins with PASSWORD still work.
OTHER_PASSWORD = "长江-黄河-改-2026-pw"
_password_calls = {}


def _change_password(s, role, mine):
    n = _password_calls.get(role, 0)
    _password_calls[role] = n + 1
    pair = (PASSWORD, OTHER_PASSWORD) if n % 2 == 0 else (OTHER_PASSWORD, PASSWORD)
    return "/api/v1/session/password", {"current": pair[0], "new": pair[1]}


EXPECTED.update({
    ("PUT", "/api/v1/session/password"): ("manage-own-account", signed_in(200)),
})
REQUESTS.update({
    ("PUT", "/api/v1/session/password"): _change_password,
})


# --- the administration page: accounts and the audit log, the programme office's alone. Each of
# the administrator's changes acts on an account of its own, made with the CLI, so no account the
# matrix logs in with is disabled or changed; the others are refused before anything is read.


def fresh_account(s, role):
    if role != "admin":
        return 1
    login = f"matrix-account-{next(MATRIX_NAMES)}"
    s.cli("user", "add", login, "--role", "analyst", "--password-stdin", stdin=PASSWORD + "\n")
    return s.sql("SELECT id FROM account WHERE login = ?", (login,))[0][0]


EXPECTED.update({
    ("GET", "/api/v1/accounts"): ("manage-accounts", admin_only(200)),
    ("POST", "/api/v1/accounts"): ("manage-accounts", admin_only(201)),
    ("PUT", "/api/v1/accounts/{id}/role"): ("manage-accounts", admin_only(200)),
    ("POST", "/api/v1/accounts/{id}/disable"): ("manage-accounts", admin_only(200)),
    ("POST", "/api/v1/accounts/{id}/enable"): ("manage-accounts", admin_only(200)),
    ("POST", "/api/v1/accounts/{id}/unlock"): ("manage-accounts", admin_only(200)),
    ("GET", "/api/v1/audit-log"): ("read-audit-log", admin_only(200)),
    ("GET", "/api/v1/audit-log/verification"): ("read-audit-log", admin_only(200)),
})
REQUESTS.update({
    ("POST", "/api/v1/accounts"): lambda s, role, mine: (
        "/api/v1/accounts", {"login": f"matrix-new-{next(MATRIX_NAMES)}", "role": "province",
                             "scope": mine["province"]}),
    ("PUT", "/api/v1/accounts/{id}/role"): lambda s, role, mine: (
        f"/api/v1/accounts/{fresh_account(s, role)}/role",
        {"role": "zone", "scope": str(mine["zone"])}),
    ("POST", "/api/v1/accounts/{id}/disable"): lambda s, role, mine: (
        f"/api/v1/accounts/{fresh_account(s, role)}/disable", None),
    ("POST", "/api/v1/accounts/{id}/enable"): lambda s, role, mine: (
        f"/api/v1/accounts/{fresh_account(s, role)}/enable", None),
    ("POST", "/api/v1/accounts/{id}/unlock"): lambda s, role, mine: (
        f"/api/v1/accounts/{fresh_account(s, role)}/unlock", None),
    ("GET", "/api/v1/audit-log"): lambda s, role, mine: ("/api/v1/audit-log?limit=10", None),
})

# --- the dashboard: its page, its files and the province map, public like the overview (the page
# holds no data). The server serves the pages built beside the binary (make build).
def _dashboard_script(s, role, mine):
    page = s.request("GET", "/").raw.decode()
    return re.search(r'src="(/assets/[^"]+\.js)"', page).group(1), None


EXPECTED.update({
    ("GET", "/"): ("read-public-overview", ALL_200),
    ("GET", "/assets/{file}"): ("read-public-overview", ALL_200),
    ("GET", "/api/v1/map"): ("read-public-overview", ALL_200),
})
REQUESTS[("GET", "/assets/{file}")] = _dashboard_script


class AuthorisationMatrix(ServerTest):
    def request_for(self, method, pattern, role, own):
        """The concrete (path, body) exercising `pattern` on the role's own scope or another."""
        mine = self.server.a if own else self.server.b
        make = REQUESTS.get((method, pattern))
        return make(self.server, role, mine) if make else (pattern, None)

    def test_every_route_for_every_role(self):
        s = self.server
        doc = s.request("GET", "/api/v1/openapi.json").json()
        routes = [(m.upper(), p, op["x-action"])
                  for p, ops in doc["paths"].items() for m, op in ops.items()]
        self.assertGreaterEqual(len(routes), len(EXPECTED))
        sessions = {}  # role → (cookie, csrf), logged in again after a logout
        for method, pattern, action in routes:
            with self.subTest(route=f"{method} {pattern}"):
                self.assertIn((method, pattern), EXPECTED,
                              "a route the matrix does not know: add its expected statuses")
                want_action, statuses = EXPECTED[(method, pattern)]
                self.assertEqual(action, want_action)
                for role in ROLES + ["public"]:
                    for own in (True, False):
                        session = None
                        if role != "public":
                            if role not in sessions:
                                sessions[role] = s.login(role)[:2]
                            session = sessions[role]
                        path, body, *content_type = self.request_for(method, pattern,
                                                                      role, own)
                        r = s.request(method, path, body, session=session,
                                      content_type=(content_type or ["application/json"])[0])
                        if (method, pattern) == ("DELETE", "/api/v1/session"):
                            sessions.pop(role, None)
                        want = statuses[role][0 if own else 1]
                        self.assertEqual(r.status, want,
                                         f"{role} {'own' if own else 'other'} scope: {r}")
                        if want in (401, 403):
                            self.assertIn(r.json()["error"]["code"],
                                          ("unauthenticated", "forbidden"))

    def test_a_query_parameter_the_listing_ignores_does_not_widen_a_scope(self):
        # The enterprise listing does not filter by zone: ?zone=own must not make a zone
        # account's request look like its own scope (it would list every enterprise).
        s = self.server
        session = s.login("zone")[:2]
        r = s.request("GET", f"/api/v1/enterprises?zone={s.a['zone']}", session=session)
        self.assertError(r, 403, "forbidden")
        # Narrowed by the cluster of its zone, the same account reads them.
        r = s.request("GET", f"/api/v1/enterprises?cluster={s.a['id']}", session=session)
        self.assertEqual(r.status, 200, r)

    def test_a_bearer_token_acts_as_its_account(self):
        s = self.server
        r = s.request("GET", "/api/v1/session", token=s.admin_token)
        self.assertEqual(r.status, 200, r)
        self.assertEqual(r.json()["account"]["login"], "admin")
        self.assertEqual(r.json()["via"], "token")
        self.assertError(s.request("GET", "/api/v1/session", token="ca_not-a-token"), 401,
                         "unauthenticated")

    def test_openapi_lists_exactly_the_registered_routes(self):
        s = self.server
        listed = s.cli("serve", "--list-routes").stdout.strip().splitlines()
        registered = {(l.split("\t")[0], l.split("\t")[1]) for l in listed}
        doc = s.request("GET", "/api/v1/openapi.json").json()
        self.assertEqual(doc["openapi"], "3.1.0")
        documented = {(m.upper(), p) for p, ops in doc["paths"].items() for m in ops}
        self.assertEqual(documented, registered)
        # Every schema it references is in the document.
        text = s.request("GET", "/api/v1/openapi.json").raw.decode()
        for ref in set(re.findall(r'"#/components/schemas/([^"]+)"', text)):
            self.assertIn(ref, doc["components"]["schemas"])


if __name__ == "__main__":
    unittest.main()

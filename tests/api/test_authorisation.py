"""The authorisation matrix, generated from the route table: every route of the OpenAPI document
× every role (on a resource of its own scope and on one of another scope) × the public gets the
status written out by hand below (docs/accounts-and-audit.md's table), not computed by the
policy code. A route this table does not know fails the test, so a new route needs its row."""
import os
import re
import sys
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
EXPECTED.update({
    ("GET", "/api/v1/overview"): ("read-public-overview", ALL_200),
    ("GET", "/api/v1/zones"): ("read-registry", {
        "admin": (200, 200), "province": (200, 403), "zone": (403, 403),
        "cluster": (403, 403), "expert": (403, 403), "analyst": (200, 200),
        "public": (401, 401)}),
    ("POST", "/api/v1/clusters/{id}/status"): ("change-registry", {
        "admin": (200, 200), "province": (403, 403), "zone": (403, 403),
        "cluster": (403, 403), "expert": (403, 403), "analyst": (403, 403),
        "public": (401, 401)}),
})
REQUESTS.update({
    ("GET", "/api/v1/zones"): lambda s, role, mine: (
        f"/api/v1/zones?province={mine['province']}", None),
    # warned is allowed from any member status: the admin's two calls both succeed.
    ("POST", "/api/v1/clusters/{id}/status"): lambda s, role, mine: (
        f"/api/v1/clusters/{mine['id']}/status", {"status": "warned", "reason": "matrix"}),
})

# --- statistics: enterprises, cluster-year figures, regional statistics
EXPECTED.update({
    ("GET", "/api/v1/enterprises"): ("read-enterprise-rows", {
        "admin": (200, 200), "province": (200, 403), "zone": (200, 403),
        "cluster": (200, 403), "expert": (403, 403), "analyst": (403, 403),
        "public": (401, 401)}),
})
REQUESTS.update({
    ("GET", "/api/v1/enterprises"): lambda s, role, mine: (
        f"/api/v1/enterprises?province={mine['province']}&limit=5" if role == "province"
        else f"/api/v1/enterprises?cluster={mine['id']}&limit=5", None),
})

# --- evaluation: indicator systems, evaluations, runs, explanations, statistical audits
EXPECTED.update({
    ("POST", "/api/v1/evaluations"): ("run-evaluation", {
        "admin": (200, 200), "province": (403, 403), "zone": (403, 403),
        "cluster": (403, 403), "expert": (403, 403), "analyst": (403, 403),
        "public": (401, 401)}),
})
REQUESTS.update({
    ("POST", "/api/v1/evaluations"): lambda s, role, mine: (
        "/api/v1/evaluations", {"system": "torch-iic"}),
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

# --- exports

# --- accounts


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
                        if want >= 400:
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

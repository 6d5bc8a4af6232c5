"""The registry and statistics resources of the API against an independent expectation: each
read is the document the CLI prints with `--format json` for the same verb on the same database
(or rows read with sqlite3), each write is checked in the database and in `audit-log list`
(the CLI's) with the account and the reason. Bad inputs: an unknown id is 404, a bad field 422
naming it, a programme rule 409 with nothing written; SQL metacharacters and Chinese text in
names are stored verbatim."""
import json
import unittest
from urllib.parse import quote

from harness import ServerTest

# Names a careless SQL builder would break on, and Chinese text: stored and answered verbatim.
TRICKY_ZONE = "测试高新区'); DROP TABLE zone;--"
TRICKY_CLUSTER = "测试\"集群\" OR '1'='1'; -- 创新型产业集群"
TRICKY_RENAME = "更名后集群 %_\\ 'x'"


class RegistryApi(ServerTest):
    # -- helpers
    def get(self, path, **kw):
        kw.setdefault("token", self.server.admin_token)
        return self.server.request("GET", path, **kw)

    def post(self, path, body, **kw):
        kw.setdefault("token", self.server.admin_token)
        return self.server.request("POST", path, body, **kw)

    def ok(self, r, status=200):
        self.assertEqual(r.status, status, r)
        return r.json()

    def cli_json(self, *args):
        return json.loads(self.server.cli(*args, "--format", "json").stdout)

    def same_as_cli(self, path, *verb):
        """The route's body equals the verb's --format json document."""
        got = self.ok(self.get(path))
        self.assertEqual(got, self.cli_json(*verb), path)
        return got

    def audit_entries(self, login, entity, key=None):
        rows = self.cli_json("audit-log", "list", "--account", login)["rows"]
        return [r for r in rows if r["entity"] == entity and (key is None or
                                                             r["entity_key"] == str(key))]

    def new_zone(self, name, **extra):
        body = {"name": name, "province": "湖北", "city": "襄阳市", **extra}
        return self.ok(self.post("/api/v1/zones", body), 201)["zone"]

    def new_cluster(self, name, zone, **extra):
        body = {"name": name, "zone": zone, "industry": "3973", **extra}
        return self.ok(self.post("/api/v1/clusters", body), 201)["cluster"]

    # -- reference data
    def test_provinces_and_industries_are_the_cli_listings(self):
        self.same_as_cli("/api/v1/provinces", "province", "list")
        self.same_as_cli("/api/v1/provinces?region=central", "province", "list", "--region",
                         "central")
        rows = self.ok(self.get("/api/v1/provinces?region=central"))["rows"]
        self.assertEqual(len(rows), 6)  # the yearbook's central region: 6 provinces
        self.same_as_cli("/api/v1/industries", "industry", "list")
        self.same_as_cli("/api/v1/industries?level=division&sei=true", "industry", "list",
                         "--level", "division", "--sei")
        self.same_as_cli("/api/v1/industries?parent=39", "industry", "list", "--parent", "39")
        (count,) = self.server.sql("SELECT count(*) FROM industry")[0]
        self.assertEqual(len(self.ok(self.get("/api/v1/industries"))["rows"]), count)

    def test_bad_reference_queries_name_the_parameter(self):
        self.assertEqual(self.assertError(self.get("/api/v1/provinces?region=south"), 422,
                                          "invalid-input")["field"], "region")
        self.assertEqual(self.assertError(self.get("/api/v1/industries?level=family"), 422,
                                          "invalid-input")["field"], "level")
        self.assertEqual(self.assertError(self.get("/api/v1/industries?sei=yes"), 422,
                                          "invalid-input")["field"], "sei")

    # -- clusters: reads
    def test_cluster_list_and_its_filters_are_cluster_list(self):
        s = self.server
        self.same_as_cli("/api/v1/clusters", "cluster", "list")
        a = s.a
        self.same_as_cli(f"/api/v1/clusters?province={a['province']}", "cluster", "list",
                         "--province", a["province"])
        self.same_as_cli("/api/v1/clusters?status=pilot&region=east", "cluster", "list",
                         "--status", "pilot", "--region", "east")
        self.same_as_cli(f"/api/v1/clusters?zone={a['zone']}", "cluster", "list", "--zone",
                         str(a["zone"]))
        self.same_as_cli("/api/v1/clusters?industry=39", "cluster", "list", "--industry", "39")
        self.same_as_cli("/api/v1/clusters?year=2022&status=" + quote("试点"), "cluster", "list",
                         "--year", "2022", "--status", "试点")
        # In the programme: cultivation, pilot, recognised, warned — read with sqlite3.
        want = sorted(r[0] for r in s.sql(
            "SELECT id FROM cluster WHERE status IN ('cultivation','pilot','recognised','warned')"))
        got = self.ok(self.get("/api/v1/clusters?in_programme=true"))["rows"]
        self.assertEqual(sorted(r["id"] for r in got), want)

    def test_a_province_account_lists_its_own_clusters(self):
        s = self.server
        session = s.login("province")[:2]
        r = self.get(f"/api/v1/clusters?province={s.a['province']}", token=None, session=session)
        self.assertEqual(self.ok(r), self.cli_json("cluster", "list", "--province",
                                                   s.a["province"]))
        ids = {row["id"] for row in r.json()["rows"]}
        want = {row[0] for row in s.sql("SELECT id FROM cluster WHERE province_code = ?",
                                        (s.a["province"],))}
        self.assertEqual(ids, want)
        # The whole programme, or another province, is outside its scope.
        self.assertError(self.get("/api/v1/clusters", token=None, session=session), 403,
                         "forbidden")
        self.assertError(self.get(f"/api/v1/clusters?province={s.b['province']}", token=None,
                                  session=session), 403, "forbidden")

    def test_bad_cluster_list_queries(self):
        for query, field in (("status=bogus", "status"), ("region=south", "region"),
                             ("year=twenty", "year"), ("in_programme=yes", "in_programme")):
            with self.subTest(query):
                err = self.assertError(self.get("/api/v1/clusters?" + query), 422, "invalid-input")
                self.assertEqual(err["field"], field)
        self.assertError(self.get("/api/v1/clusters?province=" + quote("火星")), 404, "not-found")
        self.assertError(self.get("/api/v1/clusters?zone=987654"), 404, "not-found")
        # SQL metacharacters are values, not SQL: nothing matches them, nothing widens.
        self.assertError(self.get("/api/v1/clusters?zone=" + quote("1' OR '1'='1")), 404,
                         "not-found")
        self.assertEqual(self.ok(self.get("/api/v1/clusters?industry=" + quote("%")))["rows"], [])
        self.assertEqual(self.ok(self.get("/api/v1/clusters?industry=" + quote("39' --")))["rows"],
                         [])
        self.assertError(self.get("/api/v1/clusters/" + quote("1 OR 1=1")), 404, "not-found")
        self.assertStillServing()

    def test_cluster_show_and_history_are_the_cli_documents(self):
        s = self.server
        cid = s.a["id"]
        self.same_as_cli(f"/api/v1/clusters/{cid}", "cluster", "show", str(cid))
        doc = self.same_as_cli(f"/api/v1/clusters/{cid}?year=2022", "cluster", "show", str(cid),
                               "--year", "2022")
        fields = {r["field"]: r["value"] for r in doc["rows"]}
        (name,) = s.sql("SELECT name FROM cluster WHERE id = ?", (cid,))[0]
        self.assertEqual((fields["id"], fields["name"], fields["year"]), (cid, name, 2022))
        self.same_as_cli(f"/api/v1/clusters/{cid}/history", "cluster", "history", str(cid))
        for path in ("/api/v1/clusters/987654", "/api/v1/clusters/abc",
                     "/api/v1/clusters/987654/history", "/api/v1/clusters/987654/figures"):
            with self.subTest(path):
                self.assertError(self.get(path), 404, "not-found")
        self.assertEqual(self.assertError(self.get(f"/api/v1/clusters/{cid}?year=x"), 422)["field"],
                         "year")

    # -- statistics
    def test_statistics_are_stats(self):
        s = self.server
        self.same_as_cli("/api/v1/statistics", "stats")
        self.same_as_cli("/api/v1/statistics?by=province&year=2022", "stats", "--by", "province",
                         "--year", "2022")
        self.same_as_cli("/api/v1/statistics?by=industry&all=true", "stats", "--by", "industry",
                         "--all")
        self.same_as_cli(f"/api/v1/statistics?by=status&province={s.a['province']}", "stats",
                         "--by", "status", "--province", s.a["province"])
        # Narrowed to a province: its clusters in the programme, counted with sqlite3.
        rows = self.ok(self.get(f"/api/v1/statistics?by=province&province={s.a['province']}&"
                                "year=2023"))["rows"]
        (in_province,) = s.sql(
            "SELECT count(*) FROM cluster WHERE province_code = ? AND status IN "
            "('cultivation','pilot','recognised','warned')", (s.a["province"],))[0]
        self.assertEqual(len(rows), 2)  # the province and its total
        self.assertEqual(rows[-1]["clusters"], in_province)

    def test_a_province_account_reads_its_province_statistics_only(self):
        s = self.server
        session = s.login("province")[:2]
        r = self.get(f"/api/v1/statistics?province={s.a['province']}", token=None,
                     session=session)
        self.assertEqual(self.ok(r), self.cli_json("stats", "--province", s.a["province"]))
        self.assertError(self.get("/api/v1/statistics", token=None, session=session), 403,
                         "forbidden")
        # The analyst reads the nation's.
        analyst = s.login("analyst")[:2]
        self.assertEqual(self.get("/api/v1/statistics", token=None, session=analyst).status, 200)

    def test_bad_statistics_queries(self):
        self.assertEqual(self.assertError(self.get("/api/v1/statistics?by=cluster"), 422,
                                          "invalid-input")["field"], "by")
        self.assertEqual(self.assertError(self.get("/api/v1/statistics?year=2O22"), 422)["field"],
                         "year")
        self.assertEqual(self.assertError(self.get("/api/v1/statistics?all=1"), 422)["field"],
                         "all")
        self.assertError(self.get("/api/v1/statistics?province=nowhere"), 404, "not-found")

    def test_cluster_figures_are_its_rows_of_export_metrics(self):
        s = self.server
        cid = s.a["id"]
        got = self.ok(self.get(f"/api/v1/clusters/{cid}/figures"))
        years = [r[0] for r in s.sql("SELECT DISTINCT year FROM enterprise_year ORDER BY year")]
        self.assertEqual([r["year"] for r in got["rows"]], years)
        for row in got["rows"]:
            exported = self.cli_json("export", "metrics", "--year", str(row["year"]))["rows"]
            (want,) = [r for r in exported if r["cluster_id"] == cid]
            self.assertEqual(row, want)
        one = self.ok(self.get(f"/api/v1/clusters/{cid}/figures?year=2022"))["rows"]
        self.assertEqual([r["year"] for r in one], [2022])
        err = self.assertError(self.get(f"/api/v1/clusters/{cid}/figures?year=1999"), 404,
                               "not-found")
        self.assertEqual(err["field"], "year")

    # -- writes: zones
    def test_add_a_zone_verbatim_and_audited(self):
        s = self.server
        zid = self.new_zone(TRICKY_ZONE, level="provincial", lat=32.07, lon=112.14,
                            reason="新设省级高新区")
        row = s.sql("SELECT name, level, province_code, city, lat, lon FROM zone WHERE id = ?",
                    (zid,))
        self.assertEqual(row, [(TRICKY_ZONE, "provincial", "420000", "襄阳市", 32.07, 112.14)])
        (entry,) = self.audit_entries("admin", "zone", zid)
        self.assertEqual((entry["action"], entry["reason"], entry["origin"]),
                         ("add", "新设省级高新区", "127.0.0.1"))
        self.assertIsNotNone(entry["account_id"])
        # The zone list of the CLI shows it, as the API's does.
        self.same_as_cli("/api/v1/zones?province=420000", "zone", "list", "--province", "420000")

    def test_bad_zones(self):
        s = self.server
        (before,) = s.sql("SELECT count(*) FROM zone")[0]
        base = {"name": "坏高新区", "province": "湖北", "city": "武汉市"}
        cases = [({**base, "name": " 前有空格"}, "name"), ({**base, "name": ""}, "name"),
                 ({**base, "level": "county"}, "level"), ({**base, "lat": 91, "lon": 100}, "lat"),
                 ({**base, "lat": 30}, "lon"), ({**base, "lat": 30, "lon": 181}, "lon"),
                 ({**base, "lat": "thirty", "lon": 100}, "lat"),
                 ({k: v for k, v in base.items() if k != "city"}, "city")]
        for body, field in cases:
            with self.subTest(body=body):
                err = self.assertError(self.post("/api/v1/zones", body), 422, "invalid-input")
                self.assertEqual(err["field"], field)
        self.assertError(self.post("/api/v1/zones", {**base, "province": "火星"}), 404,
                         "not-found")
        (taken,) = s.sql("SELECT name FROM zone ORDER BY id LIMIT 1")[0]
        self.assertError(self.post("/api/v1/zones", {**base, "name": taken}), 409,
                         "rule-violated")
        self.assertEqual(s.sql("SELECT count(*) FROM zone")[0][0], before)
        self.assertStillServing()

    # -- writes: clusters
    def test_add_a_cluster_verbatim_and_audited(self):
        s = self.server
        zid = self.new_zone("集群测试一高新区")
        r = self.post("/api/v1/clusters",
                      {"name": TRICKY_CLUSTER, "zone": zid, "industry": "3973",
                       "status": "cultivation", "date": "2024-03-01",
                       "document_number": "国科火字〔2024〕1号", "reason": "年度新增培育集群"})
        body = self.ok(r, 201)
        cid = body["cluster"]
        self.assertEqual((body["name"], body["status"], body["province"], body["batch"]),
                         (TRICKY_CLUSTER, "cultivation", "420000", "2024"))
        row = s.sql("SELECT name, zone_id, industry_code, province_code, status, batch, "
                    "admitted_year, building_unit FROM cluster WHERE id = ?", (cid,))
        self.assertEqual(row, [(TRICKY_CLUSTER, zid, "3973", "420000", "cultivation", "2024",
                                2024, "集群测试一高新区管理委员会")])
        hist = s.sql("SELECT status, date, doc_no, reason, actor FROM cluster_status_change "
                     "WHERE cluster_id = ?", (cid,))
        self.assertEqual(hist, [("cultivation", "2024-03-01", "国科火字〔2024〕1号",
                                 "年度新增培育集群", "admin")])
        entries = self.audit_entries("admin", "cluster", cid)
        self.assertIn(("add", "年度新增培育集群"), [(e["action"], e["reason"]) for e in entries])
        # The CLI finds it by its name and shows the same record as the API.
        self.same_as_cli(f"/api/v1/clusters/{cid}", "cluster", "show", str(cid))

    def test_cluster_rules_and_bad_fields(self):
        s = self.server
        zid = self.new_zone("集群测试二高新区")
        self.new_cluster("集群测试二高新区集成电路创新型产业集群", zid)
        other = self.new_zone("集群测试三高新区")
        (before,) = s.sql("SELECT count(*) FROM cluster")[0]
        (audited,) = s.sql("SELECT count(*) FROM audit_log")[0]
        base = {"name": "另一个集群", "zone": zid, "industry": "3973"}
        # One zone, one leading industry: the zone already has an active cluster.
        err = self.assertError(self.post("/api/v1/clusters", base), 409, "rule-violated")
        self.assertTrue(err["message"]["zh"].startswith("不符合项目规则"))
        (taken,) = s.sql("SELECT name FROM cluster WHERE id = ?", (s.a["id"],))[0]
        self.assertError(self.post("/api/v1/clusters", {**base, "zone": other, "name": taken}),
                         409, "rule-violated")
        self.assertError(self.post("/api/v1/clusters", {**base, "zone": other,
                                                        "province": "北京"}),
                         409, "rule-violated")
        cases = [({**base, "name": ""}, "name"), ({**base, "industry": "39x"}, "industry"),
                 ({**base, "status": "bogus"}, "status"), ({**base, "date": "2999-01-01"}, "date"),
                 ({**base, "date": "2024-02-30"}, "date"),
                 ({"zone": zid, "industry": "3973"}, "name"),
                 ({**base, "reason": ["not", "text"]}, "reason")]
        for body, field in cases:
            with self.subTest(body=body):
                err = self.assertError(self.post("/api/v1/clusters", body), 422, "invalid-input")
                self.assertEqual(err["field"], field)
        self.assertError(self.post("/api/v1/clusters", {**base, "zone": 987654}), 404,
                         "not-found")
        self.assertError(self.post("/api/v1/clusters", {**base, "zone": "没有这个高新区"}), 404,
                         "not-found")
        # Nothing was written by any of them.
        self.assertEqual(s.sql("SELECT count(*) FROM cluster")[0][0], before)
        self.assertEqual(s.sql("SELECT count(*) FROM audit_log")[0][0], audited)
        self.assertStillServing()

    def test_rename_and_rescope(self):
        s = self.server
        zid = self.new_zone("更名测试高新区")
        cid = self.new_cluster("更名测试集群", zid, status="cultivation", date="2023-01-05")
        body = self.ok(self.post(f"/api/v1/clusters/{cid}/rename",
                                 {"name": TRICKY_RENAME, "date": "2024-01-10",
                                  "reason": "按“高新区+行业”规范更名"}))
        self.assertEqual((body["from"], body["to"], body["change"]),
                         ("更名测试集群", TRICKY_RENAME, "rename"))
        self.assertEqual(s.sql("SELECT name FROM cluster WHERE id = ?", (cid,)),
                         [(TRICKY_RENAME,)])
        self.assertEqual(s.sql("SELECT kind, old_value, new_value, reason, actor FROM "
                               "cluster_event WHERE cluster_id = ?", (cid,)),
                         [("rename", "更名测试集群", TRICKY_RENAME, "按“高新区+行业”规范更名",
                           "admin")])
        body = self.ok(self.post(f"/api/v1/clusters/{cid}/rescope",
                                 {"industry": "3976", "reason": "主导产业调整"}))
        self.assertEqual((body["from"], body["to"]), ("3973", "3976"))
        self.assertEqual(s.sql("SELECT industry_code FROM cluster WHERE id = ?", (cid,)),
                         [("3976",)])
        reasons = {(e["action"], e["reason"]) for e in self.audit_entries("admin", "cluster", cid)}
        self.assertTrue({("rename", "按“高新区+行业”规范更名"), ("rescope", "主导产业调整")} <= reasons,
                        reasons)
        # The history of the CLI and the API agree, and show both events.
        doc = self.same_as_cli(f"/api/v1/clusters/{cid}/history", "cluster", "history", str(cid))
        self.assertEqual([r["change"] for r in doc["rows"]], ["status", "rename", "rescope"])
        # Rules and bad fields.
        (taken,) = s.sql("SELECT name FROM cluster WHERE id = ?", (s.a["id"],))[0]
        self.assertError(self.post(f"/api/v1/clusters/{cid}/rename", {"name": taken}), 409,
                         "rule-violated")
        self.assertError(self.post(f"/api/v1/clusters/{cid}/rescope", {"industry": "3976"}), 409,
                         "rule-violated")
        for path, body, field in ((f"/api/v1/clusters/{cid}/rename", {"name": " "}, "name"),
                                  (f"/api/v1/clusters/{cid}/rename", {}, "name"),
                                  (f"/api/v1/clusters/{cid}/rescope", {"industry": "abc"},
                                   "industry"),
                                  (f"/api/v1/clusters/{cid}/rescope",
                                   {"industry": "3973", "date": "tomorrow"}, "date")):
            with self.subTest(path=path, body=body):
                self.assertEqual(self.assertError(self.post(path, body), 422)["field"], field)
        self.assertError(self.post("/api/v1/clusters/987654/rename", {"name": "x"}), 404,
                         "not-found")
        self.assertEqual(s.sql("SELECT name, industry_code FROM cluster WHERE id = ?", (cid,)),
                         [(TRICKY_RENAME, "3976")])

    def test_correct_a_status_change(self):
        s = self.server
        zid = self.new_zone("撤回测试高新区")
        cid = self.new_cluster("撤回测试集群", zid, status="cultivation", date="2022-05-01")
        # The only status in force cannot be withdrawn.
        self.assertError(self.post(f"/api/v1/clusters/{cid}/corrections", {"reason": "误录"}),
                         409, "rule-violated")
        self.ok(self.post(f"/api/v1/clusters/{cid}/status",
                          {"status": "pilot", "date": "2023-05-01", "reason": "晋级试点"}))
        for body, field in (({}, "reason"), ({"reason": "x", "change": 0}, "change"),
                            ({"reason": "x", "change": "2"}, "change")):
            with self.subTest(body=body):
                self.assertEqual(self.assertError(
                    self.post(f"/api/v1/clusters/{cid}/corrections", body), 422)["field"], field)
        err = self.assertError(self.post(f"/api/v1/clusters/{cid}/corrections",
                                         {"reason": "x", "change": 9}), 404, "not-found")
        self.assertEqual(err["field"], "change")
        body = self.ok(self.post(f"/api/v1/clusters/{cid}/corrections",
                                 {"reason": "日期录入错误", "document_number": "国科火字〔2024〕7号"}))
        self.assertEqual((body["change"], body["withdrawn_status"], body["withdrawn_date"],
                          body["status"]), (2, "pilot", "2023-05-01", "cultivation"))
        self.assertEqual(s.sql("SELECT status FROM cluster WHERE id = ?", (cid,)),
                         [("cultivation",)])
        self.assertEqual(s.sql("SELECT reason, doc_no, actor FROM cluster_status_correction "
                               "WHERE cluster_id = ?", (cid,)),
                         [("日期录入错误", "国科火字〔2024〕7号", "admin")])
        self.assertIn("日期录入错误",
                      [e["reason"] for e in self.audit_entries("admin", "cluster", cid)])
        doc = self.same_as_cli(f"/api/v1/clusters/{cid}/history", "cluster", "history", str(cid))
        self.assertEqual([r["change"] for r in doc["rows"]], ["status", "status", "correction"])

    def test_writes_by_session_need_the_csrf_token(self):
        s = self.server
        cookie, csrf, _ = s.login("admin")
        r = s.request("POST", "/api/v1/zones", {"name": "会话高新区", "province": "湖北",
                                                "city": "宜昌市"}, session=(cookie, None))
        self.assertError(r, 403, "csrf-token-missing")
        r = s.request("POST", "/api/v1/zones", {"name": "会话高新区", "province": "湖北",
                                                "city": "宜昌市", "reason": "会话测试"},
                      session=(cookie, csrf))
        zid = self.ok(r, 201)["zone"]
        (entry,) = self.audit_entries("admin", "zone", zid)
        self.assertEqual(entry["reason"], "会话测试")


if __name__ == "__main__":
    unittest.main()

"""The registry end to end: zones, clusters, the programme's rules, histories, enterprises."""
import unittest

from harness import CliTest

ZONE = "襄阳高新区"
CLUSTER = "襄阳高新区新能源汽车创新型产业集群"


class Registry(CliTest):
    def setUp(self):
        super().setUp()
        self.ok("init", "--bare")
        self.ok("zone", "add", ZONE, "--province", "湖北", "--city", "襄阳市", "--lat", "32.07",
                "--lon", "112.14")

    def add_cluster(self, name=CLUSTER, zone=ZONE, industry="3612", status="pilot",
                    date="2021-08-10"):
        return self.run_cli("cluster", "add", name, "--zone", zone, "--industry", industry,
                            "--status", status, "--date", date, "--doc-no", "国科火字〔2021〕123号")

    def test_one_zone_one_leading_industry(self):
        r = self.add_cluster()
        self.assertEqual(r.code, 0, r)
        before = self.dump()
        r = self.add_cluster(name="襄阳高新区集成电路制造创新型产业集群", industry="3973")
        self.assertEqual(r.code, 3, r)
        self.assertIn("一区一主导产业", r.err)
        self.assertIn(CLUSTER, r.err)
        self.assertEqual(self.dump(), before, "a refused change writes nothing")

    def test_removed_cluster_frees_its_zone(self):
        self.assertEqual(self.add_cluster().code, 0)
        self.ok("cluster", "set-status", CLUSTER, "removed", "--date", "2024-01-10")
        self.assertEqual(self.add_cluster(name="襄阳高新区集成电路制造创新型产业集群",
                                          industry="3973", date="2024-03-01").code, 0)
        # The removed cluster cannot re-apply while the zone has an active cluster.
        r = self.fails(3, "cluster", "set-status", CLUSTER, "applicant", "--date", "2024-05-01")
        self.assertIn("一区一主导产业", r.err)

    def test_province_must_be_the_zones(self):
        r = self.run_cli("cluster", "add", CLUSTER, "--zone", ZONE, "--industry", "3612",
                         "--province", "湖南")
        self.assertEqual(r.code, 3, r)
        self.assertEqual(self.sql("SELECT count(*) FROM cluster"), [(0,)])
        self.ok("cluster", "add", CLUSTER, "--zone", ZONE, "--industry", "3612", "--province",
                "420000")
        self.assertEqual(self.sql("SELECT province_code FROM cluster"), [("420000",)])

    def test_lifecycle_rules(self):
        self.assertEqual(self.add_cluster(status="cultivation").code, 0)
        self.fails(3, "cluster", "set-status", CLUSTER, "applicant", "--date", "2022-01-01")
        self.ok("cluster", "set-status", CLUSTER, "试点", "--date", "2022-06-01")
        self.fails(3, "cluster", "set-status", CLUSTER, "recognised", "--date", "2022-05-01")
        self.ok("cluster", "set-status", CLUSTER, "removed", "--date", "2023-01-01",
                "--reason", "复核不合格")
        before = self.dump()
        r = self.fails(3, "cluster", "set-status", CLUSTER, "warned", "--date", "2023-06-01")
        self.assertIn("new application", r.err)
        self.fails(3, "cluster", "set-status", CLUSTER, "pilot", "--date", "2023-06-01")
        self.assertEqual(self.dump(), before)
        self.ok("cluster", "set-status", CLUSTER, "applicant", "--date", "2024-03-31")
        history = self.sql("SELECT status, date, actor FROM cluster_status_change ORDER BY id")
        self.assertEqual([h[:2] for h in history],
                         [("cultivation", "2021-08-10"), ("pilot", "2022-06-01"),
                          ("removed", "2023-01-01"), ("applicant", "2024-03-31")])
        self.assertTrue(all(h[2] == "tester" for h in history))

    def test_rename_keeps_the_old_name(self):
        self.assertEqual(self.add_cluster().code, 0)
        new = "襄阳高新区新能源车整车制造创新型产业集群"
        self.ok("cluster", "rename", CLUSTER, new, "--date", "2023-02-15", "--reason", "规范更名")
        self.assertEqual(self.sql("SELECT name FROM cluster"), [(new,)])
        r = self.ok("cluster", "history", CLUSTER, "--format", "json")  # found by its old name
        rows = r.json()["rows"]
        self.assertEqual([row["change"] for row in rows], ["status", "rename"])
        self.assertEqual(rows[1]["detail"], f"{CLUSTER} → {new}")
        self.ok("cluster", "rescope", new, "--industry", "3670", "--date", "2023-03-01")
        self.assertEqual(self.sql("SELECT industry_code FROM cluster"), [("3670",)])
        self.assertEqual(self.sql("SELECT count(*) FROM audit_log WHERE entity = 'cluster'"),
                         [(3,)])

    def test_duplicates_and_unknowns_are_refused(self):
        self.assertEqual(self.add_cluster().code, 0)
        self.ok("zone", "add", "宜昌高新区", "--province", "湖北", "--city", "宜昌市")
        r = self.add_cluster(zone="宜昌高新区")
        self.assertEqual(r.code, 3, r)
        self.assertIn("already exists", r.err)
        r = self.fails(2, "cluster", "add", "宜昌高新区生物药品制品制造创新型产业集群", "--zone",
                       "宜昌高新区", "--industry", "9999")
        self.assertIn("9999", r.err)
        self.fails(2, "cluster", "add", "x", "--zone", "不存在高新区", "--industry", "3612")
        self.fails(2, "zone", "add", "某高新区", "--province", "火星", "--city", "x")
        self.fails(3, "zone", "add", ZONE, "--province", "湖北", "--city", "襄阳市")
        self.fails(1, "cluster", "set-status", CLUSTER, "graduated")
        self.fails(1, "cluster", "list", "--format", "xml")

    def test_enterprises(self):
        self.assertEqual(self.add_cluster().code, 0)
        # The check character of this code is 6 (Huawei's published code); 7 is refused.
        r = self.fails(2, "enterprise", "add", "914403001922038217", "--name", "某公司")
        self.assertIn("check character", r.err)
        self.ok("enterprise", "add", "914403001922038216", "--name", "华为技术有限公司")
        self.ok("enterprise", "add", "914403001922038216", "--cluster", CLUSTER, "--year", "2023",
                "--role", "leader", "--high-tech", "--revenue", "3.5亿", "--employment", "1200",
                "--valid-patents", "40")
        self.assertEqual(self.sql("SELECT revenue, employment, profit FROM enterprise_year"),
                         [(3.5e8, 1200.0, None)])
        r = self.fails(3, "enterprise", "add", "914403001922038216", "--cluster", CLUSTER,
                       "--year", "2023")
        self.assertIn("one cluster per year", r.err)
        r = self.fails(2, "enterprise", "add", "91110000100000000R", "--name", "x", "--cluster",
                       CLUSTER, "--year", "2023", "--revenue", "-5万")
        self.assertIn("negative", r.err)
        self.assertEqual(self.sql("SELECT count(*) FROM enterprise"), [(1,)], "nothing half-written")
        rows = self.ok("enterprise", "show", "914403001922038216", "--format", "json").json()["rows"]
        self.assertEqual(rows[0]["revenue_yuan"], 3.5e8)
        self.assertIsNone(rows[0]["profit_yuan"])


class Store(CliTest):
    def test_database_path_from_flag_env_or_default(self):
        self.ok("init", "--bare")
        env_db = self.db + ".env"
        self.ok("init", "--bare", db=False, env={"CLUSTERATLAS_DB": env_db})
        self.assertEqual(self.sql("SELECT count(*) FROM province", db=env_db), [(34,)])
        self.ok("init", "--bare", db=False)
        self.assertEqual(self.sql("SELECT count(*) FROM province",
                                  db=self.tmp.name + "/clusteratlas.db"), [(34,)])

    def test_refuses_a_newer_schema(self):
        self.ok("init", "--bare")
        con_db = self.db
        import sqlite3
        con = sqlite3.connect(con_db)
        con.execute("INSERT INTO schema_migrations VALUES (999, 'x', 'future.sql')")
        con.commit()
        con.close()
        r = self.fails(4, "province", "list")
        self.assertIn("newer", r.err)
        self.assertIn(con_db, r.err)

    def test_not_a_database(self):
        with open(self.db, "w") as f:
            f.write("this is a spreadsheet, not a database\n" * 100)
        r = self.fails(4, "province", "list")
        self.assertIn(self.db, r.err)

    def test_wal_and_foreign_keys(self):
        self.ok("init", "--bare")
        self.assertEqual(self.sql("PRAGMA journal_mode"), [("wal",)])


if __name__ == "__main__":
    unittest.main()

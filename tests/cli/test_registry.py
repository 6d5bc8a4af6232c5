"""The registry end to end: zones, clusters, the programme's rules, histories and their
corrections, dates, industries (GB/T 4754-2017 codes the bundle lacks, an office's official list),
enterprises, a database no verb has initialised."""
import datetime
import os
import unittest

from harness import CliTest, backends

ZONE = "襄阳高新区"
CLUSTER = "襄阳高新区新能源汽车创新型产业集群"
HUNAN = "长沙高新区工程机械创新型产业集群"
HUAWEI = "914403001922038216"
OTHER = "91110000100000000R"
THIRD = "91420600000000001Q"


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


    # --- dates: malformed or in the future is bad input (exit 2), refused by every verb --------

    def test_malformed_and_future_dates_are_bad_input(self):
        self.assertEqual(self.add_cluster().code, 0)
        before = self.dump()
        verbs = [["cluster", "add", "襄阳高新区第二创新型产业集群", "--zone", ZONE, "--industry",
                  "3973"],
                 ["cluster", "set-status", CLUSTER, "recognised"],
                 ["cluster", "rename", CLUSTER, "襄阳高新区新名称创新型产业集群"],
                 ["cluster", "rescope", CLUSTER, "--industry", "3973"]]
        for verb in verbs:
            for bad in ["2024-13-45", "2024/05/01", "tomorrow"]:
                r = self.fails(2, *verb, "--date", bad)
                self.assertIn("--date", r.err)
                self.assertIn(f"'{bad}' is not a date", r.err)
                self.assertIn("YYYY-MM-DD", r.err)
            r = self.fails(2, *verb, "--date", "2099-01-01")
            self.assertIn("2099-01-01 is after today", r.err)
        self.assertEqual(self.dump(), before, "a refused date writes nothing")

    def test_today_is_the_recorders_own_date(self):
        # In Beijing (UTC+8, POSIX TZ "CST-8") the day starts 8 hours before it does in UTC:
        # Beijing's today is accepted, the day after tomorrow refused.
        beijing = datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(hours=8)
        today = beijing.date()
        self.assertEqual(self.add_cluster(date="2013-06-24").code, 0)
        env = {"TZ": "CST-8"}
        later = (today + datetime.timedelta(days=2)).isoformat()
        self.fails(2, "cluster", "set-status", CLUSTER, "recognised", "--date", later, env=env)
        self.ok("cluster", "set-status", CLUSTER, "recognised", "--date", today.isoformat(),
                env=env)
        # Without --date the decision is dated that same day.
        self.ok("cluster", "set-status", CLUSTER, "warned", env=env)
        self.assertEqual(self.sql("SELECT date FROM cluster_status_change ORDER BY id DESC LIMIT 1"),
                         [(today.isoformat(),)])

    # --- corrections: a wrong change is withdrawn, the history keeps both ----------------------

    def sql_exec(self, statement):
        """Changes the database behind the binary's back, as an older version left it."""
        backends.execute(self.db, statement)

    def history(self):
        return self.ok("cluster", "history", CLUSTER, "--format", "json").json()["rows"]

    def test_a_future_dated_change_from_before_is_corrected(self):
        # A database written before dates were checked holds a warning dated 2099: every real
        # change was refused as out of order, with no way out.
        self.assertEqual(self.add_cluster().code, 0)
        self.sql_exec("INSERT INTO cluster_status_change (cluster_id, status, date, actor, "
                      "recorded_at) VALUES (1, 'warned', '2099-01-01', 'old', '2024-01-01T08:00:00Z')")
        self.sql_exec("UPDATE cluster SET status = 'warned'")
        r = self.fails(3, "cluster", "set-status", CLUSTER, "pilot", "--date", "2024-03-01")
        self.assertIn("record changes in order", r.err)
        self.assertIn("correction", r.err)

        r = self.ok("cluster", "correct", CLUSTER, "--reason", "日期误录为2099年",
                    "--operator", "王处长")
        self.assertIn("withdrew change 2", r.out)
        self.assertEqual(self.sql("SELECT status FROM cluster"), [("pilot",)])
        # Nothing is deleted: the wrong change stays, and the correction names it, who and why.
        self.assertEqual(self.sql("SELECT count(*) FROM cluster_status_change"), [(2,)])
        self.assertEqual(self.sql("SELECT status_change_id, reason, actor FROM "
                                  "cluster_status_correction"), [(2, "日期误录为2099年", "王处长")])
        self.assertEqual(self.sql("SELECT action, actor FROM audit_log WHERE action = 'correct'"),
                         [("correct", "王处长")])
        # The lifecycle reads the history without it: the real change goes through.
        self.ok("cluster", "set-status", CLUSTER, "recognised", "--date", "2024-03-01")
        rows = self.history()
        self.assertEqual([(r["no"], r["change"], r["date"]) for r in rows],
                         [(1, "status", "2021-08-10"), (3, "status", "2024-03-01"),
                          (None, "correction", rows[2]["date"]), (2, "status", "2099-01-01")])
        self.assertIn("withdrawn", rows[3]["detail"])
        self.assertEqual(rows[2]["reason"], "日期误录为2099年")
        self.assertIn("withdraws 2", rows[2]["detail"])
        # Only one correction per change.
        r = self.fails(3, "cluster", "correct", CLUSTER, "--change", "2", "--reason", "again")
        self.assertIn("withdrawn already", r.err)

    def test_which_changes_a_correction_may_withdraw(self):
        self.assertEqual(self.add_cluster(status="cultivation", date="2018-01-01").code, 0)
        before = self.dump()
        r = self.fails(3, "cluster", "correct", CLUSTER, "--reason", "x")
        self.assertIn("only status in force", r.err)
        self.fails(2, "cluster", "correct", CLUSTER, "--change", "5", "--reason", "x")
        self.fails(1, "cluster", "correct", CLUSTER)  # a correction says why
        self.assertEqual(self.dump(), before)
        # cultivation → warned → cultivation: the return depends on the warning.
        self.ok("cluster", "set-status", CLUSTER, "warned", "--date", "2020-01-01")
        self.ok("cluster", "set-status", CLUSTER, "cultivation", "--date", "2021-01-01")
        before = self.dump()
        r = self.fails(3, "cluster", "correct", CLUSTER, "--change", "2", "--reason", "x")
        self.assertIn("would not be allowed", r.err)
        self.assertEqual(self.dump(), before)
        # An earlier step can go when what is left is a lifecycle: here the latest, then the
        # warning, leaving cultivation alone.
        self.ok("cluster", "correct", CLUSTER, "--reason", "x")
        self.ok("cluster", "correct", CLUSTER, "--change", "2", "--reason", "y")
        self.assertEqual(self.sql("SELECT status FROM cluster"), [("cultivation",)])

    def test_withdrawing_a_removal_respects_one_zone_one_cluster(self):
        self.assertEqual(self.add_cluster().code, 0)
        self.ok("cluster", "set-status", CLUSTER, "removed", "--date", "2024-01-10")
        other = "襄阳高新区集成电路制造创新型产业集群"
        self.assertEqual(self.add_cluster(name=other, industry="3973", date="2024-03-01").code, 0)
        r = self.fails(3, "cluster", "correct", CLUSTER, "--reason", "撤销有误")
        self.assertIn("一区一主导产业", r.err)
        self.ok("cluster", "set-status", other, "removed", "--date", "2024-04-01")
        self.ok("cluster", "correct", CLUSTER, "--reason", "撤销有误")
        self.assertEqual(self.sql("SELECT status FROM cluster WHERE name = ?", (CLUSTER,)),
                         [("pilot",)])

    # --- GB/T 4754-2017 codes the bundled list lacks ---------------------------------------------

    def test_real_classes_missing_from_the_bundle_are_accepted_under_their_division(self):
        # The four codes of the issue, with the division each belongs to (GB/T 4754-2017).
        expected = {"3831": ("38", "电气机械和器材制造业"), "3940": ("39", "计算机、通信和其他电子设备制造业"),
                    "3990": ("39", "计算机、通信和其他电子设备制造业"), "4090": ("40", "仪器仪表制造业")}
        # Before a cluster names it, `industry show` says how it would be taken, not "unknown".
        r = self.fails(2, "industry", "show", "3831")
        self.assertIn("3831 is not in the bundled industry list and no cluster names it yet; a "
                      "cluster may, and it is then accepted under division 38 电气机械和器材制造业",
                      r.err)
        first = True
        for code, (division, name) in expected.items():
            if first:
                r = self.add_cluster(industry=code)
                self.assertEqual(r.code, 0, r)
                first = False
            else:
                r = self.ok("cluster", "rescope", CLUSTER, "--industry", code, "--date", "2023-01-01")
            self.assertIn(f"{code} is not in the bundled industry list; accepted under division "
                          f"{division} {name}", r.err)
            self.assertEqual(self.sql("SELECT level, parent, source FROM industry WHERE code = ?",
                                      (code,)), [("class", division, "accepted")])
        listed = self.ok("cluster", "list", "--format", "json").json()["rows"]
        self.assertEqual(listed[0]["industry"], "4090 (40 仪器仪表制造业)")
        shown = self.ok("industry", "show", "4090", "--format", "json").json()["rows"]
        self.assertEqual([(i["code"], i["parent"]) for i in shown], [("4090", "40")])
        # A code under no division of the standard, or not a code at all, is still refused.
        before = self.dump()
        r = self.fails(2, "cluster", "rescope", CLUSTER, "--industry", "9999")
        self.assertIn("division 99", r.err)
        r = self.fails(2, "cluster", "rescope", CLUSTER, "--industry", "39a1")
        self.assertIn("not a GB/T 4754-2017 code", r.err)
        self.assertEqual(self.dump(), before)

    def test_an_office_loads_the_official_list(self):
        self.assertEqual(self.add_cluster(industry="3831").code, 0)  # accepted, no name yet
        path = self.write_csv("gbt4754.csv", ["代码", "类别名称"],
                              [["C", "制造业"], ["38", "电气机械和器材制造业"],
                               ["383", "电线、电缆、光缆及电工器材制造"], ["3831", "电线、电缆制造"],
                               ["3832", "光纤制造"], ["3973", "集成电路制造（官方表）"]])
        r = self.ok("industry", "import", path)
        self.assertIn("6 industries imported (2 new, 4 replacing stored ones)", r.out)
        self.assertEqual(self.sql("SELECT parent, name_zh, source FROM industry WHERE code = '3831'"),
                         [("383", "电线、电缆制造", "imported")])
        # The English name and SEI tag the official table lacks are kept.
        self.assertEqual(self.sql("SELECT name_en, sei FROM industry WHERE code = '3973'"),
                         [("Integrated circuits", "next_gen_it")])
        listed = self.ok("cluster", "list", "--format", "json").json()["rows"]
        self.assertEqual(listed[0]["industry"], "3831 电线、电缆制造")
        # `init` refreshes the bundle but leaves the office's list alone.
        self.ok("init", "--bare")
        self.assertEqual(self.sql("SELECT name_zh, source FROM industry WHERE code = '3973'"),
                         [("集成电路制造（官方表）", "imported")])

    def test_a_broken_industry_list_is_refused_whole(self):
        before = self.dump()
        dup = self.write_csv("dup.csv", ["code", "name"],
                             [["3831", "电线、电缆制造"], ["3831", "电线、电缆制造"]])
        r = self.fails(2, "industry", "import", dup)
        self.assertIn("dup.csv, row 3, column code: 3831 is listed twice (first on row 2)", r.err)
        orphan = self.write_csv("orphan.csv", ["code", "name"], [["3941", "某小类"]])
        r = self.fails(2, "industry", "import", orphan)
        self.assertIn("orphan.csv, row 2, column code", r.err)
        self.assertIn("belongs under 394", r.err)
        level = self.write_csv("level.csv", ["代码", "名称", "层级"], [["3831", "电线、电缆制造", "中类"]])
        r = self.fails(2, "industry", "import", level)
        self.assertIn("column 层级", r.err)
        self.assertEqual(self.dump(), before, "nothing of a refused list is stored")

    # --- cluster show: numbers in JSON, counts without decimals, missing is not 0 --------------

    def test_show_gives_numbers_and_missing_support_counts(self):
        self.assertEqual(self.add_cluster().code, 0)
        self.ok("enterprise", "add", "914403001922038216", "--name", "华为技术有限公司",
                "--cluster", CLUSTER, "--year", "2023", "--high-tech", "--revenue", "3.5亿",
                "--profit", "1234.5万", "--employment", "1200", "--valid-patents", "40")
        fields = {r["field"]: r["value"] for r in
                  self.ok("cluster", "show", CLUSTER, "--format", "json").json()["rows"]}
        self.assertEqual(fields["id"], 1)
        self.assertEqual(fields["year"], 2023)
        self.assertEqual(fields["firms"], 1)
        self.assertEqual(fields["revenue_yuan"], 3.5e8)
        self.assertEqual(fields["profit_yuan"], 12345000.0)
        self.assertIs(type(fields["employment"]), int)
        self.assertEqual(fields["employment"], 1200)
        self.assertEqual(fields["valid_invention_patents"], 40)
        # No platform, JQ03 or JQ04 record and no JQ01 report: never reported, not none.
        for key in ["national_platforms", "provincial_platforms", "service_institutions",
                    "alliances"]:
            self.assertIsNone(fields[key], key)
        table = self.ok("cluster", "show", CLUSTER).out
        self.assertRegex(table, r"年份\s+2023\n")  # a year is not an amount: no "2,023"
        self.assertIn("1,200\n", table)
        self.assertNotIn("1,200.00", table)
        self.assertIn("3.50", table)  # 亿元 in the terminal
        line = [l for l in table.splitlines() if l.startswith("产业联盟数")][0]
        self.assertTrue(line.rstrip().endswith("—"), line)
        # A cluster that reports 0 platforms and institutions (JQ01) shows 0.
        jq01 = self.write_csv("jq01.csv", ["集群名称", "年份", "国家级平台数", "省级平台数", "服务机构数"],
                              [[CLUSTER, "2023", "0", "0", "0"]])
        self.ok("import", "clusters", jq01)
        fields = {r["field"]: r["value"] for r in
                  self.ok("cluster", "show", CLUSTER, "--format", "json").json()["rows"]}
        self.assertEqual([fields[k] for k in ["national_platforms", "provincial_platforms",
                                              "service_institutions"]], [0, 0, 0])
        self.assertIsNone(fields["alliances"])


    def test_stats_of_a_province_nobody_reported_for_are_missing(self):
        self.assertEqual(self.add_cluster().code, 0)
        self.ok("zone", "add", "长沙高新区", "--province", "湖南", "--city", "长沙市")
        self.assertEqual(self.add_cluster(name="长沙高新区工程机械创新型产业集群", zone="长沙高新区",
                                          industry="3973").code, 0)
        self.ok("enterprise", "add", "914403001922038216", "--name", "华为技术有限公司",
                "--cluster", CLUSTER, "--year", "2023", "--employment", "1200")
        rows = {r["province"]: r for r in
                self.ok("stats", "--by", "province", "--format", "json").json()["rows"]}
        self.assertEqual((rows["湖北"]["firms"], rows["湖北"]["employment"]), (1, 1200))
        self.assertIs(type(rows["湖北"]["employment"]), int)
        self.assertEqual(rows["湖南"]["clusters"], 1)
        self.assertIsNone(rows["湖南"]["firms"], "no figures is not zero firms")
        self.assertIsNone(rows["湖南"]["high_tech_firms"])
        self.assertEqual(rows["全国"]["firms"], 1)


    # --- messages count in words: "1 row", never "1 rows" or "row(s)" --------------------------

    def test_counts_read_naturally(self):
        self.assertEqual(self.add_cluster().code, 0)
        r = self.fails(2, "cluster", "correct", CLUSTER, "--change", "5", "--reason", "x")
        self.assertIn("has 1 status change; --change 5 is not it", r.err)
        self.assertIn("1 cluster leads in 3612", self.ok("industry", "show", "3612").out)
        header = ["统一社会信用代码", "企业名称", "集群名称", "年份", "营业收入(万元)"]
        for revenue in ("100", "120"):
            self.ok("import", "enterprises", self.write_csv(
                f"v{revenue}.csv", header, [[HUAWEI, "华为技术有限公司", CLUSTER, "2023", revenue]]))
        self.assertIn("1 change from revision 1 to 2", self.ok("diff", "1", "2").out)
        r = self.ok("export", "enterprises", "--out", os.path.join(self.tmp.name, "e.csv"))
        self.assertRegex(r.err, r"^1 row of enterprises 2023 written to ")

    # --- firm counts: never reported is missing; shares count among the same firms ------------

    def add_hunan_cluster(self):
        self.ok("zone", "add", "长沙高新区", "--province", "湖南", "--city", "长沙市")
        self.assertEqual(self.add_cluster(name=HUNAN, zone="长沙高新区", industry="3973").code, 0)

    def metrics(self, name):
        rows = self.ok("export", "metrics", "--year", "2023", "--format", "json").json()["rows"]
        return [r for r in rows if r["cluster"] == name][0]

    def test_a_firm_count_never_reported_is_missing_and_a_reported_zero_is_zero(self):
        self.assertEqual(self.add_cluster().code, 0)
        self.add_hunan_cluster()
        # Xiangyang's JQ01 gives revenue and staff but leaves its firm counts blank; Changsha's
        # reports 0 firms. Neither has enterprise rows.
        jq01 = self.write_csv("jq01.csv", ["集群名称", "年份", "企业数", "高新技术企业数",
                                           "营业收入(亿元)", "从业人员(人)"],
                              [[CLUSTER, "2023", "", "", "5", "1000"],
                               [HUNAN, "2023", "0", "0", "", ""]])
        self.ok("import", "clusters", jq01)
        show = {r["field"]: r["value"] for r in
                self.ok("cluster", "show", CLUSTER, "--format", "json").json()["rows"]}
        self.assertIsNone(show["firms"], "never reported is not 0 firms")
        self.assertIsNone(show["high_tech_firms"])
        self.assertEqual(show["revenue_yuan"], 5e8)
        line = [l for l in self.ok("cluster", "show", CLUSTER).out.splitlines()
                if l.startswith("企业数")][0]
        self.assertTrue(line.rstrip().endswith("—"), line)
        show = {r["field"]: r["value"] for r in
                self.ok("cluster", "show", HUNAN, "--format", "json").json()["rows"]}
        self.assertEqual((show["firms"], show["high_tech_firms"]), (0, 0))

        ours = self.metrics(CLUSTER)
        for key in ["firms", "high_tech_firms", "specialised_firms", "single_champion_firms",
                    "qualified_firms", "high_tech_share", "qualified_share"]:
            self.assertIsNone(ours[key], key)
        self.assertEqual(ours["employment"], 1000)
        theirs = self.metrics(HUNAN)
        self.assertEqual((theirs["firms"], theirs["high_tech_firms"]), (0, 0))
        self.assertIsNone(theirs["high_tech_share"], "no firms: no share, not 0 and not inf")
        self.assertIsNone(theirs["qualified_firms"], "JQ01 has no qualified-firm count")

        stats = {r["province"]: r for r in
                 self.ok("stats", "--by", "province", "--format", "json").json()["rows"]}
        self.assertIsNone(stats["湖北"]["firms"])
        self.assertIsNone(stats["湖北"]["high_tech_share"])
        self.assertEqual(stats["湖北"]["employment"], 1000)
        self.assertEqual(stats["湖南"]["firms"], 0)
        self.assertEqual(stats["全国"]["firms"], 0)

        cells = {r["region"]: r for r in
                 self.ok("specialise", "--from-statistics", "--format", "json").json()["rows"]}
        self.assertIsNone(cells["湖北"]["establishments"], "firms never reported")
        self.assertEqual(cells["湖北"]["employment"], 1000)
        self.assertEqual(cells["湖南"]["establishments"], 0)

    def test_shares_count_among_the_same_firms(self):
        self.assertEqual(self.add_cluster().code, 0)
        # Three listed firms: one high-tech, one 专精特新, one neither — 2 qualified.
        for code, flags in [(HUAWEI, ["--high-tech"]), (OTHER, ["--specialised"]), (THIRD, [])]:
            self.ok("enterprise", "add", code, "--name", f"企业{code[-4:]}", "--cluster", CLUSTER,
                    "--year", "2023", *flags)
        ours = self.metrics(CLUSTER)
        self.assertEqual((ours["firms"], ours["qualified_firms"]), (3, 2))
        self.assertAlmostEqual(ours["high_tech_share"], 1 / 3)
        self.assertAlmostEqual(ours["qualified_share"], 2 / 3)

        def report(*counts):
            path = self.write_csv("jq01.csv", ["集群名称", "年份", "企业数", "高新技术企业数"],
                                  [[CLUSTER, "2023", *counts]])
            self.ok("import", "clusters", path)
            return self.metrics(CLUSTER)

        # The cluster reports 40 firms and nothing else: the three listed rows are not its
        # firms, so their counts are no share of the 40 (1/40 and 2/40 before).
        ours = report("40", "")
        self.assertEqual(ours["firms"], 40)
        for key in ["high_tech_firms", "specialised_firms", "qualified_firms", "high_tech_share",
                    "qualified_share"]:
            self.assertIsNone(ours[key], key)
        # It reports 3 firms, 1 high-tech, as the rows say: the rows are its firms and fill in
        # what the report leaves blank.
        ours = report("3", "1")
        self.assertEqual((ours["firms"], ours["specialised_firms"], ours["qualified_firms"]),
                         (3, 1, 2))
        self.assertAlmostEqual(ours["qualified_share"], 2 / 3)
        # 3 firms, 2 high-tech: the report disagrees with the rows' flags, so they are not the
        # firms it counts; its own counts stand, the others are missing.
        ours = report("3", "2")
        self.assertAlmostEqual(ours["high_tech_share"], 2 / 3)
        self.assertIsNone(ours["specialised_firms"])
        self.assertIsNone(ours["qualified_share"])

    def test_the_national_high_tech_share_is_over_the_clusters_that_report_both(self):
        self.assertEqual(self.add_cluster().code, 0)
        self.add_hunan_cluster()
        self.ok("enterprise", "add", HUAWEI, "--name", "华为技术有限公司", "--cluster", CLUSTER,
                "--year", "2023", "--high-tech")
        self.ok("enterprise", "add", OTHER, "--name", "某某有限公司", "--cluster", CLUSTER,
                "--year", "2023")
        jq01 = self.write_csv("jq01.csv", ["集群名称", "年份", "企业数"], [[HUNAN, "2023", "40"]])
        self.ok("import", "clusters", jq01)
        total = self.ok("stats", "--by", "province", "--format", "json").json()["rows"][-1]
        self.assertEqual(total["province"], "全国")
        # 42 firms, of which Xiangyang's 2 have a high-tech count (1): 1/2, not 1/42.
        self.assertEqual((total["firms"], total["high_tech_firms"]), (42, 1))
        self.assertAlmostEqual(total["high_tech_share"], 0.5)


class Store(CliTest):
    @backends.sqlite_only("derives file paths from --db")
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
        backends.execute(self.db, "INSERT INTO schema_migrations VALUES (999, 'x', 'future.sql')")
        r = self.fails(4, "province", "list")
        self.assertIn("newer", r.err)
        self.assertIn(self.db, r.err)

    @backends.sqlite_only("a file that is not a database")
    def test_not_a_database(self):
        with open(self.db, "w") as f:
            f.write("this is a spreadsheet, not a database\n" * 100)
        r = self.fails(4, "province", "list")
        self.assertIn(self.db, r.err)

    @backends.sqlite_only("SQLite's journal mode")
    def test_wal_and_foreign_keys(self):
        self.ok("init", "--bare")
        self.assertEqual(self.sql("PRAGMA journal_mode"), [("wal",)])

    def test_a_new_database_is_initialised_on_first_use(self):
        # No `init`: the first verb loads what `init` loads, says so once, and finds the pilots.
        r = self.ok("cluster", "show", "中关村", "--format", "json")
        self.assertIn("new database", r.err)
        self.assertIn("clusteratlas init", r.err)
        fields = {row["field"]: row["value"] for row in r.json()["rows"]}
        self.assertEqual(fields["name"], "北京中关村移动互联网创新型产业集群")
        bundled_zones = sum(1 for _ in open(os.path.join(os.path.dirname(__file__),
                                                         "../../data/zones.csv"),
                                            encoding="utf-8")) - 1
        self.assertEqual(self.sql("SELECT count(*) FROM zone"), [(bundled_zones,)])
        self.assertEqual(self.sql("SELECT count(*) FROM cluster"), [(10,)])
        r = self.ok("zone", "list", "--format", "csv")
        self.assertEqual(r.err, "", "said once, on the first use")

    def test_init_and_a_bare_database_are_as_before(self):
        r = self.ok("init", "--bare")
        self.assertNotIn("new database", r.err)
        self.assertEqual(self.sql("SELECT count(*) FROM zone"), [(0,)])
        # A bare database stays bare, and says what is missing instead of "no cluster matches".
        r = self.fails(2, "cluster", "show", "中关村")
        self.assertIn("has no clusters", r.err)
        self.assertIn("clusteratlas init", r.err)
        r = self.fails(2, "cluster", "add", "某集群", "--zone", "中关村科技园区", "--industry", "64")
        self.assertIn("has no zones", r.err)
        self.assertEqual(self.sql("SELECT count(*) FROM zone"), [(0,)])


if __name__ == "__main__":
    unittest.main()

"""A small selection round for the tests of its later stages, built with the CLI as an office
would: four zones (three of 湖北, one of 江苏) each applying for a 3973 cluster, both provinces'
lists sent, the round moved on to its review stage, and four experts of Beijing added. Dates
count from today: applications close on day 30, recommendation 60, review 90, decision 100 and
the notice ends on day 110."""
import datetime

TODAY = datetime.date.today()
ZONES = [("襄阳高新区", "湖北", "襄阳市", "襄阳芯片集群"),
         ("宜昌高新区", "湖北", "宜昌市", "宜昌芯片集群"),
         ("荆门高新区", "湖北", "荆门市", "荆门芯片集群"),
         ("常州高新区", "江苏", "常州市", "常州芯片集群")]


def day(offset):
    return (TODAY + datetime.timedelta(days=offset)).isoformat()


def submitted_round(test, system="torch-iic", *extra):
    """A new database with the round open and every zone's application in: (round id, cluster
    name → application id). `extra` goes to `round create`."""
    test.ok("init")
    for zone, province, city, _ in ZONES:
        if not test.sql("SELECT id FROM zone WHERE name = ?", (zone,)):
            test.ok("zone", "add", zone, "--province", province, "--city", city)
    test.ok("round", "create", "--year", str(TODAY.year), "--name", "集群遴选",
            "--doc-no", "国科火字〔2026〕18号", "--system", system, *extra,
            "--applications", day(30), "--recommendation", day(60), "--review", day(90),
            "--decision", day(100), "--notice", day(110))
    rid = str(test.sql("SELECT max(id) FROM selection_round")[0][0])
    apps = {}
    for zone, _, _, name in ZONES:
        test.ok("application", "submit", "--round", rid, "--zone", zone, "--name", name,
                "--industry", "3973", "--building-unit", zone + "管委会",
                "--management-body", name + "促进中心")
        apps[name] = test.sql("SELECT id FROM application WHERE cluster_name = ?", (name,))[0][0]
    return rid, apps


def to_review(test, rid, apps, organisations):
    """Both provinces recommend all their applications, the round moves to its review, and
    experts E01… of Beijing in field 3973 join the pool, one per organisation given."""
    test.ok("round", "advance", rid)
    hubei = [apps[n] for n in ["襄阳芯片集群", "宜昌芯片集群", "荆门芯片集群"]]
    test.ok("recommend", "--round", rid, "--province", "湖北",
            *sum([["--application", str(a), "--opinion", "同意推荐"] for a in hubei], []))
    test.ok("recommend", "--round", rid, "--province", "江苏",
            "--application", str(apps["常州芯片集群"]), "--opinion", "同意推荐")
    test.ok("round", "advance", rid)  # review
    for n, org in enumerate(organisations, start=1):
        code = f"E{n:02}"
        test.ok("expert", "add", code, "--name", "专家" + code, "--organisation", org,
                "--province", "北京", "--field", "3973")

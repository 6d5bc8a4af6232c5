"""What the import and job tests share: files made here (CSV in GBK or UTF-8, XLSX through
tests/cli/office_files.py, written independently of ClusterAtlas), their upload, and waiting
for a job to finish by polling it (no timing assertions: only until it says it is over)."""
import csv
import io
import json
import os
import sys
import time

import jsonschema

# Appended, not prepended: tests/cli has a harness.py of its own, and tests/api/harness.py
# must stay the one `from harness import` finds whichever module is imported first.
sys.path.append(os.path.join(os.path.dirname(__file__), "../cli"))
from office_files import write_xlsx  # noqa: E402  (tests/cli's writer of real workbooks)

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
HEADER = ["统一社会信用代码", "企业名称", "集群名称", "营业收入(万元)", "从业人员(人)"]
ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]


def credit_code(n):
    """A valid GB 32100-2015 code, its check character computed here (as tests/cli does)."""
    body = "91330100"
    for _ in range(9):
        body += ALPHABET[n % 31]
        n //= 31
    total = sum(ALPHABET.index(c) * w for c, w in zip(body, WEIGHTS))
    return body + ALPHABET[(31 - total % 31) % 31]


def csv_bytes(rows, header=HEADER, encoding="utf-8"):
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue().encode(encoding)


def xlsx_bytes(tmpdir, rows, header=HEADER):
    path = os.path.join(tmpdir, "upload.xlsx")
    write_xlsx(path, [header] + rows)
    with open(path, "rb") as f:
        return f.read()


def firm_rows(cluster_name, first, count, revenue=lambda i: i % 997 + 1):
    return [[credit_code(i), f"测试企业{i}", cluster_name, str(revenue(i)), str(i % 300 + 5)]
            for i in range(first, first + count)]


def upload(server, query, body, content_type="text/csv", **auth):
    return server.request("POST", "/api/v1/imports?" + query, body, content_type=content_type,
                          **auth)


def wait_for_job(server, job_id, **auth):
    """The job's document once it is no longer queued or running."""
    for _ in range(6000):
        r = server.request("GET", f"/api/v1/jobs/{job_id}", **auth)
        if r.status != 200:
            raise AssertionError(f"job {job_id}: {r}")
        job = r.json()
        if job["state"] not in ("queued", "running"):
            return job
        time.sleep(0.05)
    raise AssertionError(f"job {job_id} never finished")


SCHEMAS = os.path.join(os.path.dirname(__file__), "../../docs/schemas")


def schema_problems(name, doc):
    """Where `doc` breaks docs/schemas/NAME.schema.json (empty: valid)."""
    with open(os.path.join(SCHEMAS, name + ".schema.json"), encoding="utf-8") as f:
        validator = jsonschema.Draft202012Validator(json.load(f))
    return [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(doc)][:5]

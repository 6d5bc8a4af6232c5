#!/usr/bin/env python3
"""An open-loop load at a FIXED rate against `clusteratlas serve` (wrk cannot hold a rate and
Debian has no wrk2): request i is due at start + i/rate whether or not earlier ones have been
answered, and its latency is counted from when it was due — so a stall of the server shows in
the percentiles instead of slowing the load down (no coordinated omission).

The mix: `--write-share` of the requests are audited status changes (POST
/api/v1/clusters/{id}/status) that are always legal — each cluster toggles between "warned" and
the status it had, and has at most one change in flight — the rest GET `--read-path`. All with
the API token of --token-file (`Authorization: Bearer`). Connections are kept alive and opened
as needed (the server closes one after 100 requests).

With --pid, the server's resident memory (VmRSS) is sampled every --rss-every seconds.
Prints one JSON document: per minute and overall — requests, errors, p50/p99/max latency (ms) —
and the RSS samples."""
import argparse
import asyncio
import json
import random
import time


def percentile(sorted_values, p):
    if not sorted_values:
        return None
    k = min(len(sorted_values) - 1, max(0, round(p / 100 * len(sorted_values)) - 1))
    return sorted_values[k]


def rss_kib(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return None


class Connections:
    """At most `most` connections, kept alive and reused; a request waits for one when all are
    busy. The server gives each open connection a worker thread of its own (httplib), so more
    connections than its --threads would leave some unserved until a worker is free."""

    def __init__(self, host, port, most):
        self.host, self.port = host, port
        self.idle = []
        self.slots = asyncio.Semaphore(most)

    async def get(self):
        await self.slots.acquire()
        if self.idle:
            return self.idle.pop()
        try:
            return await asyncio.open_connection(self.host, self.port)
        except BaseException:
            self.slots.release()
            raise

    def put(self, conn):
        self.idle.append(conn)
        self.slots.release()

    def drop(self):
        self.slots.release()


async def exchange(conns, request):
    """Sends one request and reads its response; (status, keep the connection)."""
    reader, writer = await conns.get()
    try:
        writer.write(request)
        status_line = await reader.readline()
        if not status_line:
            raise ConnectionError("closed by the server")
        status = int(status_line.split()[1])
        length, close = 0, False
        while True:
            line = await reader.readline()
            if line in (b"\r\n", b"\n", b""):
                break
            name, _, value = line.decode("latin-1").partition(":")
            name = name.strip().lower()
            if name == "content-length":
                length = int(value)
            elif name == "connection" and value.strip().lower() == "close":
                close = True
        if length:
            await reader.readexactly(length)
    except BaseException:
        writer.close()
        conns.drop()
        raise
    if close:
        writer.close()
        conns.drop()
    else:
        conns.put((reader, writer))
    return status


async def run(args):
    token = open(args.token_file).read().strip()
    host, port = args.host, args.port
    conns = Connections(host, port, args.connections)
    auth = f"Authorization: Bearer {token}\r\n"
    read_request = (f"GET {args.read_path} HTTP/1.1\r\nHost: {host}:{port}\r\n{auth}\r\n"
                    ).encode()
    # Clusters free for a change, each with the status it goes to next.
    free = asyncio.Queue()
    homes = json.loads(args.clusters)  # {"id": "status it has"}
    for cluster_id, home in homes.items():
        free.put_nowait([int(cluster_id), home, "warned"])

    def write_request(cluster_id, status):
        body = json.dumps({"status": status, "reason": "bench/server.sh"}).encode()
        return (f"POST /api/v1/clusters/{cluster_id}/status HTTP/1.1\r\nHost: {host}:{port}\r\n"
                f"{auth}Content-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n"
                ).encode() + body

    results = []  # (due second, kind, latency ms, ok)
    errors = {}
    rng = random.Random(2013)

    async def one(due, started):
        is_write = rng.random() < args.write_share
        kind = "write" if is_write else "read"
        ok = False
        try:
            if is_write:
                item = await free.get()
                try:
                    cluster_id, home, to = item
                    status = await exchange(conns, write_request(cluster_id, to))
                    if status == 200:
                        item[2] = home if to == "warned" else "warned"
                finally:
                    free.put_nowait(item)
            else:
                status = await exchange(conns, read_request)
            ok = status == 200
            if not ok:
                errors[f"{kind} HTTP {status}"] = errors.get(f"{kind} HTTP {status}", 0) + 1
        except Exception as e:  # a refused or dropped connection is an error of the run
            key = f"{kind} {type(e).__name__}"
            errors[key] = errors.get(key, 0) + 1
        latency = (time.monotonic() - due) * 1000
        results.append((due - started, kind, latency, ok))

    rss = []

    async def sample_rss(started, stop_at):
        while time.monotonic() < stop_at + 1:
            rss.append((round(time.monotonic() - started, 1), rss_kib(args.pid)))
            await asyncio.sleep(args.rss_every)

    started = time.monotonic() + 0.5
    total = int(args.rate * args.seconds)
    tasks = []
    sampler = (asyncio.create_task(sample_rss(started, started + args.seconds))
               if args.pid else None)
    for i in range(total):
        due = started + i / args.rate
        # Yields even when behind, so the requests under way are read meanwhile.
        await asyncio.sleep(max(0.0, due - time.monotonic()))
        tasks.append(asyncio.create_task(one(due, started)))
        if len(tasks) >= 5000:
            tasks = [t for t in tasks if not t.done()]
            if len(tasks) >= 5000:  # far behind: the machine cannot keep the rate
                await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)
    await asyncio.gather(*tasks)
    if sampler:
        await sampler
    for _, writer in conns.idle:
        writer.close()

    def summary(rows):
        lat = sorted(r[2] for r in rows)
        return {"requests": len(rows),
                "writes": sum(1 for r in rows if r[1] == "write"),
                "errors": sum(1 for r in rows if not r[3]),
                "p50_ms": round(percentile(lat, 50), 2) if lat else None,
                "p99_ms": round(percentile(lat, 99), 2) if lat else None,
                "max_ms": round(lat[-1], 2) if lat else None}

    minutes = []
    for m in range(max(1, int((args.seconds + 59) // 60))):
        rows = [r for r in results if m * 60 <= r[0] < (m + 1) * 60]
        if rows:
            minutes.append(dict(minute=m + 1, **summary(rows)))
    out = {"rate": args.rate, "seconds": args.seconds, "write_share": args.write_share,
           "read_path": args.read_path, "overall": summary(results), "per_minute": minutes,
           "error_kinds": errors, "rss_kib": rss}
    print(json.dumps(out, indent=1))


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, required=True)
    p.add_argument("--token-file", required=True)
    p.add_argument("--read-path", required=True)
    p.add_argument("--clusters", required=True,
                   help='JSON {"cluster id": "its status"} of clusters in the programme')
    p.add_argument("--rate", type=float, default=1000)
    p.add_argument("--seconds", type=float, default=60)
    p.add_argument("--write-share", type=float, default=0.1)
    p.add_argument("--connections", type=int, default=8,
                   help="at most this many (fewer than the server's --threads)")
    p.add_argument("--pid", type=int)
    p.add_argument("--rss-every", type=float, default=5)
    asyncio.run(run(p.parse_args()))


if __name__ == "__main__":
    main()

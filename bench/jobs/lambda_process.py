"""One API Lambda container, cold: started as a new process by bench_lambda.py with the
function's settings in its environment. It imports the handler (Lambda's init phase), answers
`GET /api/jobs` as its first invocation, then a run of warm invocations, and prints its
timings as one JSON line.

    python -m bench.jobs.lambda_process PLAN.json
"""

from __future__ import annotations

import json
import sys
import time

STARTED = time.time()  # before any import: the interpreter is up, nothing else


def rss_mb(field: str = "VmRSS") -> float:
    """Resident memory now (VmRSS), or the most this process has held (VmHWM). Not
    getrusage's maxrss: Linux carries that over from the parent across exec."""
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith(f"{field}:"):
                return int(line.split()[1]) / 1024
    return 0.0


def main() -> None:
    plan = json.loads(open(sys.argv[1]).read())  # noqa: SIM115 - before imports
    init_started = time.perf_counter()
    from bench.jobs.queries import QUERIES
    from deploy.aws.handlers import api
    from tests.support.lambda_events import LambdaContext, proxy_event

    api.adapter()  # Lambda's init phase: the module and the app, built once per container
    init_s = time.perf_counter() - init_started
    rss_after_init = rss_mb()

    def invoke(token: str, query: dict[str, object]) -> tuple[float, dict]:
        event = proxy_event("GET", "/api/jobs", token=token)
        if query:
            event["queryStringParameters"] = {k: str(v) for k, v in query.items()}
            event["multiValueQueryStringParameters"] = {k: [str(v)] for k, v in query.items()}
        t = time.perf_counter()
        response = api.handler(event, LambdaContext(memory_limit_in_mb=1024))
        elapsed = time.perf_counter() - t
        if response["statusCode"] != 200:
            raise SystemExit(f"GET /api/jobs answered {response['statusCode']}: {response}")
        return elapsed, json.loads(response["body"])

    tokens = plan["tokens"]
    first_s, page = invoke(tokens[0], {})
    first_done = time.time()
    # CPU spent by this process (every thread) from its start to its first answer: what the
    # cold start costs independently of how busy the machine is.
    first_cpu = time.process_time()
    rss_after_first = rss_mb()
    peak_after_first = rss_mb("VmHWM")
    warm: list[float] = []
    for n in range(plan["warmRequests"]):
        elapsed, _ = invoke(tokens[n % len(tokens)], QUERIES[n % len(QUERIES)])
        warm.append(elapsed)
    print(
        json.dumps(
            {
                "processStarted": STARTED,
                "firstResponseAt": first_done,
                "initSeconds": init_s,
                "cpuSecondsToFirstResponse": first_cpu,
                "firstRequestSeconds": first_s,
                "firstPageTotal": page["total"],
                "firstPageScored": page["items"][0]["score"] is not None,
                "warmSeconds": warm,
                "rssAfterInitMB": rss_after_init,
                "rssAfterFirstMB": rss_after_first,
                "rssAfterWarmMB": rss_mb(),
                "peakRssAfterFirstMB": peak_after_first,
                "peakRssMB": rss_mb("VmHWM"),
            }
        ),
        flush=True,
    )


if __name__ == "__main__":
    main()

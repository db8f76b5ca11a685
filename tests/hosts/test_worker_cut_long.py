"""Fault: a worker host cut off for 20 s, longer than the worker's
PostgreSQL deadline (15 s): besides its Redis connections, the worker gives
up on its PostgreSQL connection with a query in flight (the verdict it judged
during the cut: kept, stored again once it is back). As for Redis, the
statements it gave up on must never run later: PostgreSQL's log (every
statement with its client's address and port) shows none from the old
connection after the link is back. Otherwise the same checks as
test_worker_cut.py: every verdict once in PostgreSQL and once on each of its
user's connections."""
import os
import sys

sys.path.insert(0, os.path.dirname(__file__))
import cut  # noqa: E402
import hosts  # noqa: E402

hosts.run("hosts_worker_cut_long", lambda site: cut.case(site, 20, site.pg_log_path),
          pg_statements=True)

"""Fault: the PostgreSQL primary is killed (kill -9 of all its processes)
mid-burst and its synchronous standby promoted. Every role is given both
hosts in one libpq URL with target_session_attrs=read-write and finds the
new primary by itself; while there is none, POST /api/submissions answers
503 (nothing half-written); every accepted submission gets one correct
verdict, seen once by its user."""
import os
import sys

sys.path.insert(0, os.path.dirname(__file__))
import faults as f  # noqa: E402


def fault(c):
    f.judging(c.stack, c.stack.workers[0])
    c.pg.primary.kill()
    c.burst.submit(5)  # no primary: refused (503), never half-written
    c.pg.promote()


f.run("fault_pg_failover", fault, pg="standby", after=15, check_timeout=45)

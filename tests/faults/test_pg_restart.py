"""Fault: PostgreSQL restarted (fast shutdown, start again) mid-burst. The
durable route answers 503 while it is gone; every role reconnects by itself;
verdicts that could not be stored are judged again and stored once."""
import os
import signal
import sys

sys.path.insert(0, os.path.dirname(__file__))
import faults as f  # noqa: E402


def fault(c):
    f.judging(c.stack, c.stack.workers[0])
    c.pg.primary.kill(signal.SIGINT)
    c.burst.submit(3)
    c.pg.primary.start()


f.run("fault_pg_restart", fault, pg="single")

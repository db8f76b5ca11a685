"""Fault: PostgreSQL stopped for 10 s mid-burst. POST /api/submissions
answers 503 meanwhile (nothing half-written); roles reconnect by themselves
when it is back; workers keep the verdicts they could not store and store
them then (not judged again); nothing accepted is lost or announced twice."""
import os
import signal
import sys
import time

sys.path.insert(0, os.path.dirname(__file__))
import faults as f  # noqa: E402


def fault(c):
    f.judging(c.stack, c.stack.workers[0])
    c.pg.primary.kill(signal.SIGINT)
    t0 = time.time()
    while time.time() - t0 < 10:
        c.burst.submit(1)
        time.sleep(0.5)
    assert c.burst.refused > 0, "no submission refused while PostgreSQL was gone"
    c.pg.primary.start()
    f.wait_until(lambda: any("storing the kept verdict" in w.drain() for w in c.stack.workers),
                 20, "a worker to store a verdict it kept")


f.run("fault_pg_stop", fault, pg="single")

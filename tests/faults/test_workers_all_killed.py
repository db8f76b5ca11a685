"""Fault: kill -9 every worker mid-burst, accept more while none runs, then
start new ones: they reap the dead workers' jobs and judge everything once."""
import os
import sys

sys.path.insert(0, os.path.dirname(__file__))
import faults as f  # noqa: E402


def fault(c):
    f.judging(c.stack, c.stack.workers[0])
    for w in c.stack.workers:
        w.stop(sig=9)
    c.burst.submit(10)  # accepted and queued with no worker alive
    c.stack.dead += c.stack.workers
    c.stack.workers = [c.stack.start_worker() for _ in range(2)]


f.run("fault_workers_all", fault)

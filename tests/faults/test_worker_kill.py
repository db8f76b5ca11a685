"""Fault: kill -9 a worker mid-judge. Its lease expires, another worker's
reaper puts its jobs back on the queue, and they are judged once more: one
verdict stored and announced per submission."""
import os
import sys

sys.path.insert(0, os.path.dirname(__file__))
import faults as f  # noqa: E402


def fault(c):
    w = c.stack.workers[0]
    f.judging(c.stack, w)
    w.stop(sig=9)


f.run("fault_worker_kill", fault)

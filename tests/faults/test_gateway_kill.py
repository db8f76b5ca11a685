"""Fault: kill -9 a gateway mid-burst. Its users reconnect to the other
gateway with the last seq they saw, and it replays what they missed: each
verdict seen exactly once."""
import os
import sys

sys.path.insert(0, os.path.dirname(__file__))
import faults as f  # noqa: E402


def fault(c):
    f.judging(c.stack, c.stack.workers[0])
    c.stack.gws[0].stop(sig=9)
    c.burst.submit(10)
    # The users of the killed gateway (every other one) moved to the other.
    f.wait_until(lambda: all(u.reconnects == 1 for u in c.users[::2]), 20,
                 "the killed gateway's users to reconnect")


f.run("fault_gateway_kill", fault, gateways=2)

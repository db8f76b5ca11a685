"""Hosts (issue 15): a site on thirteen simulated hosts (netns.py, hosts.py):
three Redis hosts under Sentinel, two PostgreSQL hosts (a synchronous
standby), two api, two gateway and three worker hosts, and the client.
Four users, each connected to both gateways; a burst through both apis.
Every submission gets one correct verdict in PostgreSQL, each of a user's two
connections sees it exactly once, both apis took submissions, and each of the
three worker hosts judged some by itself (no assignment: they all take from
the one queue)."""
import os
import sys

sys.path.insert(0, os.path.dirname(__file__))
import hosts  # noqa: E402


def case(site):
    users = site.users(4)
    burst = site.burst(users)
    burst.submit(30)
    assert burst.refused == 0, burst.refused
    n = burst.check(site.db)
    assert all(k > 0 for k in burst.accepted_by), burst.accepted_by
    per_worker = [len(site.stored_by(w)) for w in site.workers]
    print(f"{n} verdicts; accepted per api host: {burst.accepted_by}; "
          f"stored per worker host: {per_worker}")
    assert sum(per_worker) == n, per_worker
    assert all(k > 0 for k in per_worker), per_worker
    for u in users:
        u.close()


hosts.run("hosts_spread", case, ha=True)

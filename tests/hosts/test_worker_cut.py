"""Fault (issue 15): a worker host cut off mid-burst. Its cable is pulled at
the switch while it judges, for 10 s, then plugged back. Its lease (6 s)
expires, another worker's reaper puts its jobs back and they are judged
there; the cut worker, meanwhile, gives up on its Redis connections (5 s
command deadline). When the host comes back, its worker reconnects, renews
its lease, stores nothing twice, announces nothing twice and takes jobs
again. Every accepted submission: one correct verdict in PostgreSQL, seen
exactly once on each of its user's two gateway connections.

And what the cut showed: a command the worker gave up on (reported failed,
its connection closed) must never run later. A plain close() leaves what
the kernel still holds to send on an orphaned socket that keeps
retransmitting, so once the link was back Redis ran the lease, reaper and
take commands of connections the worker had dropped: a take would move a
job into the processing list of a worker that never hears of it (lease
alive again: no reaper takes it back; stuck until the 15-minute sweep), and
an announcement given up on and sent again once would go out a second time.
Redis's MONITOR, from before the plug, must show no command from the cut
worker's old connections."""
import os
import sys

sys.path.insert(0, os.path.dirname(__file__))
import cut  # noqa: E402
import hosts  # noqa: E402

hosts.run("hosts_worker_cut", cut.case)

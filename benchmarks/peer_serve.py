"""The request loop the Python peers share (torch_peer.py and torch_vision_peer.py with --serve): the Java driver
(dev.lucent.bench.PythonPeer) owns the rounds, their order, the warm-up and the medians; the peer times one slice a
request. A request is a line "NAME<TAB>REPS" ("quit" ends); the answer the seconds a call took over REPS calls in a
row, timed by torch.utils.benchmark's Timer (one a workload, threads set) through _timeit, the clock its timeit()
reads: timeit() itself first runs two or more warm-up calls, which would make a slice of one call three."""
import sys

import torch
from torch.utils.benchmark import Timer


def serve(script, workloads, threads):
    """workloads: (name, function) pairs. Says "ready" and torch's version, then answers until "quit" or the end."""
    timers = {name: Timer(stmt="work()", globals={"work": work}, num_threads=threads) for name, work in workloads}
    print("ready", torch.__version__, flush=True)
    for line in sys.stdin:
        line = line.rstrip("\n")
        if line == "quit":
            return
        name, _, reps = line.partition("\t")
        if name not in timers or not reps.isdigit() or int(reps) < 1:
            sys.exit(f"{script}: cannot time {line!r}: want a workload name, a tab and a positive count;"
                     f" the workloads are: {', '.join(timers)}")
        print(repr(timers[name]._timeit(int(reps)) / int(reps)), flush=True)

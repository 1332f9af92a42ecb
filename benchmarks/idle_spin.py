# After a 30 ms slice of torch.mm on 2 threads (as torch_peer.py times one), how long do torch's other threads
# (OpenMP, OpenBLAS) keep a core busy? Prints 'ms after the slice:ms of CPU those threads used since', from
# /proc/self/task/TID/schedstat, three times. EnginePairedRuns.IDLE_PAUSE_MILLIS rests on it.
# Usage: /usr/bin/python3 benchmarks/idle_spin.py
import os, time
os.environ['OPENBLAS_NUM_THREADS'] = os.environ['OMP_NUM_THREADS'] = '2'  # as torch_peer.py --threads 2
import torch
torch.set_num_threads(2)
a = torch.randn(64, 784); b = torch.randn(784, 256)
def cpu():
    tot = {}
    for t in os.listdir('/proc/self/task'):
        if int(t) == os.getpid(): continue  # threads of torch only, not the main thread
        try: tot[t] = int(open(f'/proc/self/task/{t}/schedstat').read().split()[0])
        except OSError: pass
    return sum(tot.values())
for rep in range(3):
    t0 = time.perf_counter()
    while time.perf_counter() - t0 < 0.03: torch.mm(a, b)
    base = cpu(); tb = time.perf_counter(); out = []
    for i in range(300):
        time.sleep(0.001)
        out.append(((time.perf_counter() - tb) * 1e3, (cpu() - base) / 1e6))
    print(' '.join(f'{t:.1f}:{c:.2f}' for t, c in out[::25]))

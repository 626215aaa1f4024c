#!/usr/bin/env python3
"""bench:onboard reference: reads a whole DataFlash log with pymavlink's DFReader, prints JSON."""
import json
import resource
import sys
import time

from pymavlink import DFReader

path = sys.argv[1]
wall = time.perf_counter()
cpu = time.process_time()
reader = DFReader.DFReader_binary(path)
records = 0
while reader.recv_msg() is not None:
    records += 1
print(json.dumps({
    'records': records,
    'seconds': time.perf_counter() - wall,
    'cpuSeconds': time.process_time() - cpu,
    'peakRssMB': resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
}))

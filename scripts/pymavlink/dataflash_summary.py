#!/usr/bin/env python3
"""What pymavlink's DFReader reads from a DataFlash .bin, as JSON, for Sortie's cross-checks.

Usage: dataflash_summary.py LOG.bin

Times are DFReader's own (seconds; UTC from GPS minus a fixed 18 leap seconds when the log has
GPS time, else seconds since boot). Boot times are the records' own TimeUS / TimeMS / GPS.T.
"""
import json
import sys

from pymavlink import DFReader


def own_boot_us(m):
    names = m.get_fieldnames()
    if not names:
        return None
    if names[0] == 'TimeUS':
        return m.TimeUS
    t = m.get_type()
    if t in ('GPS', 'GPS2'):
        return m.T * 1000 if 'T' in names else None
    if names[0] == 'TimeMS' and not t.startswith('ACC') and not t.startswith('GYR'):
        return m.TimeMS * 1000
    return None


def main(path):
    reader = DFReader.DFReader_binary(path)
    counts = {}
    first = last = None
    arming = []
    modes = []
    positions = []
    texts = []
    gps_status = None
    while True:
        m = reader.recv_msg()
        if m is None:
            break
        t = m.get_type()
        counts[t] = counts.get(t, 0) + 1
        boot_us = own_boot_us(m)
        if boot_us is not None:
            entry = {'type': t, 'bootUs': boot_us, 'timestampS': m._timestamp}
            first = first or entry
            last = entry
        names = m.get_fieldnames()
        if t == 'GPS' and ('I' not in names or m.I == 0):
            gps_status = m.Status
        if t == 'EV' and m.Id in (10, 11):
            armed = m.Id == 10
            if not arming or arming[-1]['armed'] != armed:
                arming.append({'timestampS': m._timestamp, 'armed': armed})
        elif t == 'ARM':
            armed = m.ArmState != 0
            if not arming or arming[-1]['armed'] != armed:
                arming.append({'timestampS': m._timestamp, 'armed': armed})
        elif t == 'MODE':
            number = m.ModeNum if 'ModeNum' in names else m.Mode
            if not modes or modes[-1]['number'] != number:
                modes.append({'timestampS': m._timestamp, 'number': number,
                              'name': reader.flightmode})
        elif t == 'MSG':
            texts.append(m.Message)
        if t == 'POS' or (t == 'GPS' and 'RelAlt' in names):
            rel = getattr(m, 'RelHomeAlt', None)
            if rel is None:
                rel = m.RelAlt
            positions.append({'timestampS': m._timestamp, 'lat': m.Lat, 'lng': m.Lng,
                              'relAlt': rel, 'fix3d': (gps_status or 0) >= 3})
    json.dump({'counts': counts, 'firstTimed': first, 'lastTimed': last, 'arming': arming,
               'modes': modes, 'positions': positions, 'texts': texts,
               'clock': type(reader.clock).__name__ if reader.clock else None}, sys.stdout)


if __name__ == '__main__':
    main(sys.argv[1])

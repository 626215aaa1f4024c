"""Summarises a .ulg with pyulog (the reference reader) as JSON, for Sortie's cross-checks.

Prints: per topic instance the message count and first/last timestamp, the logged messages,
the appended offsets, and vehicle_status arming_state / nav_state in order.
"""
import json
import sys

from pyulog import ULog


def main(path):
    ulog = ULog(path)
    topics = {}
    status = []
    for d in ulog.data_list:
        ts = d.data['timestamp']
        topics[f'{d.name}/{d.multi_id}'] = {
            'count': int(len(ts)),
            'first': int(ts[0]) if len(ts) else None,
            'last': int(ts[-1]) if len(ts) else None,
        }
        if d.name == 'vehicle_status' and d.multi_id == 0:
            for i in range(len(ts)):
                status.append([int(ts[i]), int(d.data['arming_state'][i]), int(d.data['nav_state'][i])])
    print_max = max_alt_above_home_while_armed(ulog, status)
    logged = [[int(m.log_level) - 0x30, int(m.timestamp), m.message] for m in ulog.logged_messages]
    print(json.dumps({
        'startTimestamp': int(ulog.start_timestamp),
        'lastTimestamp': int(ulog.last_timestamp),
        'hasDataAppended': bool(ulog.has_data_appended),
        'appendedOffsets': [int(o) for o in getattr(ulog, 'appended_offsets', [])],
        'fileCorruption': bool(ulog.file_corruption),
        'topics': topics,
        'logged': logged,
        'status': status,
        'maxAltAboveHomeWhileArmedM': print_max,
    }))


def dataset(ulog, name):
    for d in ulog.data_list:
        if d.name == name and d.multi_id == 0:
            return d
    return None


def max_alt_above_home_while_armed(ulog, status):
    """vehicle_global_position.alt minus the latest valid home_position.alt, while armed."""
    gpos = dataset(ulog, 'vehicle_global_position')
    home = dataset(ulog, 'home_position')
    if gpos is None or home is None or not status:
        return None
    homes = [(int(t), float(a)) for t, a, v in zip(home.data['timestamp'], home.data['alt'],
             home.data.get('valid_alt', [1] * len(home.data['timestamp']))) if v]
    best = None
    for t, alt in zip(gpos.data['timestamp'], gpos.data['alt']):
        h = [a for ht, a in homes if ht <= t]
        s = [arming for st, arming, _ in status if st <= t]
        if not h or not s or s[-1] != 2:
            continue
        rel = float(alt) - h[-1]
        best = rel if best is None else max(best, rel)
    return best


if __name__ == '__main__':
    main(sys.argv[1])

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
    }))


if __name__ == '__main__':
    main(sys.argv[1])

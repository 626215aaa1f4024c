"""Per-(system, component) frame counts and sequence-number gaps of a .tlog, by pymavlink.

Prints one JSON list: {sysId, compId, framesReceived, framesLostBySeq, duplicates} per source.
A repeated sequence number is a duplicate, not 255 lost frames (pymavlink's own mav_loss counts
it as 255); otherwise the gap is (seq - last - 1) mod 256, as pymavlink counts it.
"""

import json
import sys

from pymavlink import mavutil


def main(path):
    log = mavutil.mavlink_connection(path, dialect="ardupilotmega", robust_parsing=True)
    sources = {}
    while True:
        msg = log.recv_msg()
        if msg is None:
            break
        if msg.get_type() == "BAD_DATA":
            continue
        key = (msg.get_srcSystem(), msg.get_srcComponent())
        source = sources.setdefault(key, {"received": 0, "lost": 0, "last": None, "dup": 0})
        seq = msg.get_seq()
        if source["last"] is not None:
            if seq == source["last"]:
                source["dup"] += 1
            else:
                source["lost"] += (seq - source["last"] - 1) % 256
        source["last"] = seq
        source["received"] += 1
    print(
        json.dumps(
            [
                {
                    "sysId": key[0],
                    "compId": key[1],
                    "framesReceived": s["received"],
                    "framesLostBySeq": s["lost"],
                    "duplicates": s["dup"],
                }
                for key, s in sorted(sources.items())
            ]
        )
    )


if __name__ == "__main__":
    main(sys.argv[1])

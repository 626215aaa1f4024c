"""Arm/disarm cycles of a .tlog by pymavlink, as JSON on stdout.

For every system whose autopilot component (component 1) sends HEARTBEATs with an autopilot
(not MAV_AUTOPILOT_INVALID), the spans it was armed, judged by base_mode's
MAV_MODE_FLAG_SAFETY_ARMED bit, in the .tlog's own timestamps [µs since epoch]:
{"<sysId>": [{"armedUs": ..., "disarmedUs": ... or null (still armed at the end)}, ...]}.
Grouping spans into flights (the arm grace) is left to the caller.
"""

import json
import sys

from pymavlink import mavutil

AUTOPILOT_COMPONENT = 1


def arm_cycles(path):
    log = mavutil.mavlink_connection(path, dialect="common", robust_parsing=True)
    armed_since = {}
    spans = {}
    while True:
        message = log.recv_match(type="HEARTBEAT")
        if message is None:
            break
        if message.get_srcComponent() != AUTOPILOT_COMPONENT:
            continue
        if message.autopilot == mavutil.mavlink.MAV_AUTOPILOT_INVALID:
            continue
        sys_id = message.get_srcSystem()
        t_us = round(message._timestamp * 1e6)
        armed = bool(message.base_mode & mavutil.mavlink.MAV_MODE_FLAG_SAFETY_ARMED)
        if armed and sys_id not in armed_since:
            armed_since[sys_id] = t_us
        elif not armed and sys_id in armed_since:
            spans.setdefault(sys_id, []).append(
                {"armedUs": armed_since.pop(sys_id), "disarmedUs": t_us}
            )
        spans.setdefault(sys_id, [])
    for sys_id, since in armed_since.items():
        spans[sys_id].append({"armedUs": since, "disarmedUs": None})
    return {str(sys_id): cycles for sys_id, cycles in spans.items()}


if __name__ == "__main__":
    json.dump(arm_cycles(sys.argv[1]), sys.stdout)

#!/usr/bin/env python3
"""Writes a .tlog of known MAVLink messages with pymavlink, for Sortie's decoder cross-check.

Usage: encode_known_messages.py OUT.tlog

The .tlog holds MAVLink 2 (unsigned and signed) and MAVLink 1 frames. Standard output is one
JSON document: every message as pymavlink itself decodes it back (so floats are the float32
values on the wire), with the ground time of its record.
"""
import json
import struct
import sys

try:
    from pymavlink.dialects.v10 import ardupilotmega as mavlink1
    from pymavlink.dialects.v20 import ardupilotmega as mavlink2
except ImportError as error:
    sys.stderr.write(f"pymavlink is not importable ({error}): pip install -r test/requirements.txt\n")
    sys.exit(3)

T0_US = 1_700_000_000_000_000
ARMED = 128 | 1  # MAV_MODE_FLAG_SAFETY_ARMED | MAV_MODE_FLAG_CUSTOM_MODE_ENABLED


class Writer:
    def __init__(self, path):
        self.file = open(path, "wb")
        self.expected = []

    def write(self, mav, message, t_us):
        frame = message.pack(mav)
        self.file.write(struct.pack(">Q", t_us) + frame)
        echoed = mav.decode(bytearray(frame))
        fields = {k: v for k, v in echoed.to_dict().items() if k != "mavpackettype"}
        self.expected.append(
            {
                "tUs": t_us,
                "type": echoed.get_type(),
                "sysId": echoed.get_srcSystem(),
                "compId": echoed.get_srcComponent(),
                "signed": bool(getattr(echoed, "_signed", False)),
                "fields": fields,
            }
        )


def main(path):
    out = Writer(path)
    copter = mavlink2.MAVLink(None, srcSystem=1, srcComponent=1)
    gcs = mavlink2.MAVLink(None, srcSystem=255, srcComponent=190)
    plane_v1 = mavlink1.MAVLink(None, srcSystem=2, srcComponent=1)
    t = T0_US

    def step():
        nonlocal t
        t += 100_000
        return t

    out.write(gcs, gcs.heartbeat_encode(6, 8, 0, 0, 4, 3), step())
    out.write(copter, copter.heartbeat_encode(2, 3, 1, 0, 3, 3), step())  # STABILIZE, disarmed
    out.write(copter, copter.heartbeat_encode(2, 3, ARMED, 5, 4, 3), step())  # LOITER, armed
    out.write(copter, copter.global_position_int_encode(123_456, 374_123_456, 1_270_654_321, 45_500, 12_250, 150, -250, 50, 27_000), step())
    out.write(copter, copter.gps_raw_int_encode(1_234_000, 3, 374_123_400, 1_270_654_300, 45_400, 87, 140, 1_234, 9_000, 17), step())
    out.write(copter, copter.attitude_encode(123_500, 0.1, -0.2, 1.5, 0.01, -0.02, 0.3), step())
    out.write(copter, copter.vfr_hud_encode(12.5, 11.25, 270, 55, 45.5, -0.75), step())
    out.write(copter, copter.sys_status_encode(1, 1, 1, 456, 15_800, 1_234, 81, 12, 7, 3, 0, 0, 0), step())
    out.write(copter, copter.battery_status_encode(0, 1, 1, 2_500, [3_950, 3_960, 3_970, 3_980] + [65_535] * 6, 1_250, 820, -1, 66), step())
    out.write(copter, copter.radio_status_encode(180, 170, 60, 40, 35, 5, 2), step())
    out.write(copter, copter.vibration_encode(1_234_000, 12.5, 15.25, 31.0, 1, 2, 3), step())
    out.write(copter, copter.home_position_encode(374_000_000, 1_270_000_000, 33_000, 0, 0, 0, [1, 0, 0, 0], 0, 0, 0), step())
    out.write(copter, copter.extended_sys_state_encode(0, 2), step())
    out.write(copter, copter.mission_current_encode(4, 12, 3), step())
    out.write(copter, copter.nav_controller_output_encode(5.5, -3.25, 90, 92, 150, 1.5, 0.25, -2.75), step())
    out.write(copter, copter.system_time_encode(1_700_000_000_123_456, 124_000), step())
    out.write(copter, copter.command_ack_encode(400, 0), step())
    out.write(copter, copter.statustext_encode(6, b"Single chunk text"), step())
    first, second = b"A" * 50, b"tail of a long text"
    out.write(copter, copter.statustext_encode(4, first, 77, 0), step())
    out.write(copter, copter.statustext_encode(4, second, 77, 1), step())
    out.write(copter, copter.heartbeat_encode(2, 3, ARMED, 6, 4, 3), step())  # RTL

    copter.signing.secret_key = bytes(range(32))
    copter.signing.link_id = 1
    copter.signing.timestamp = 1_000_000
    copter.signing.sign_outgoing = True
    out.write(copter, copter.attitude_encode(125_000, -0.05, 0.05, -1.0, 0, 0, 0), step())

    out.write(plane_v1, plane_v1.heartbeat_encode(1, 3, ARMED, 10, 4, 3), step())  # Plane AUTO
    out.write(plane_v1, plane_v1.global_position_int_encode(9_000, -337_000_000, 1_511_000_000, 120_000, 80_000, 2_000, 0, -100, 18_000), step())
    out.write(plane_v1, plane_v1.vfr_hud_encode(22.5, 21.0, 180, 70, 120.0, 1.0), step())
    out.write(plane_v1, plane_v1.heartbeat_encode(1, 3, ARMED, 11, 4, 3), step())  # Plane RTL

    out.file.close()
    json.dump(out.expected, sys.stdout)


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.stderr.write("usage: encode_known_messages.py OUT.tlog\n")
        sys.exit(2)
    main(sys.argv[1])

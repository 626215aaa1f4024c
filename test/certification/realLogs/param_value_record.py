"""One .tlog record (8-byte big-endian µs time + MAVLink 1 frame) of PARAM_VALUE, made by
pymavlink, written to stdout: argv = name value time_us [px4-int32].

With `px4-int32` the value is an INT32 parameter sent PX4's way: its four bytes copied into the
float field (MAV_PARAM_TYPE_INT32); otherwise a REAL32 parameter, as ArduPilot sends them."""
import struct
import sys

from pymavlink.dialects.v10 import ardupilotmega as mavlink

name, value, t_us = sys.argv[1], float(sys.argv[2]), int(sys.argv[3])
px4_int = len(sys.argv) > 4 and sys.argv[4] == "px4-int32"
mav = mavlink.MAVLink(None, srcSystem=1, srcComponent=1)
if px4_int:
    carried = struct.unpack("<f", struct.pack("<i", int(value)))[0]
    kind = mavlink.MAV_PARAM_TYPE_INT32
else:
    carried, kind = value, mavlink.MAV_PARAM_TYPE_REAL32
frame = mavlink.MAVLink_param_value_message(name.encode(), carried, kind, 400, 123).pack(mav)
sys.stdout.buffer.write(struct.pack(">Q", t_us) + frame)

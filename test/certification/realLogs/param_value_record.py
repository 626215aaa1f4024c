"""One .tlog record (8-byte big-endian µs time + MAVLink 1 frame) of PARAM_VALUE, made by
pymavlink, written to stdout: argv = name value time_us."""
import struct
import sys

from pymavlink.dialects.v10 import ardupilotmega as mavlink

name, value, t_us = sys.argv[1], float(sys.argv[2]), int(sys.argv[3])
mav = mavlink.MAVLink(None, srcSystem=1, srcComponent=1)
frame = mavlink.MAVLink_param_value_message(
    name.encode(), value, mavlink.MAV_PARAM_TYPE_REAL32, 400, 123
).pack(mav)
sys.stdout.buffer.write(struct.pack(">Q", t_us) + frame)

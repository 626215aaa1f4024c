"""The truth about one real .tlog, read by pymavlink (not by Sortie), as JSON on stdout.

Per armed span of the vehicle (sysid 1, component 1; armed = HEARTBEAT base_mode bit 128):
the ground times of its first armed and first disarmed heartbeat, the longest gap between the
vehicle's heartbeats inside it, its mode changes, and its GPS_RAW_INT fix types and HDOP. Also
whether the log holds the link-loss failsafe timeouts FS_GCS_TIMEOUT / COM_DL_LOSS_T, and the
HEARTBEAT type.
"""
import json
import sys

from pymavlink import mavutil


def us(t):
    return int(round(t * 1e6))


def main(path):
    log = mavutil.mavlink_connection(path, dialect="ardupilotmega")
    flights = []
    current = None
    last_hb = None
    params = {}
    mav_types = set()
    while True:
        msg = log.recv_match()
        if msg is None:
            break
        if msg.get_type() == "BAD_DATA":
            continue
        if msg.get_srcSystem() != 1:
            continue
        t = msg._timestamp
        kind = msg.get_type()
        if kind == "PARAM_VALUE" and msg.param_id in ("FS_GCS_TIMEOUT", "COM_DL_LOSS_T"):
            params[msg.param_id] = msg.param_value
        if msg.get_srcComponent() != 1:
            continue
        if kind == "HEARTBEAT":
            mav_types.add(msg.type)
            armed = bool(msg.base_mode & 128)
            mode = mavutil.mode_string_v10(msg)
            if current is None and armed:
                current = {
                    "armUs": us(t),
                    "maxHeartbeatGapS": 0.0,
                    "modes": [],
                    "gps": [],
                    "heartbeatUs": [],
                }
            if current is not None:
                current["heartbeatUs"].append(us(t))
                if last_hb is not None and last_hb >= current["armUs"] / 1e6:
                    current["maxHeartbeatGapS"] = max(current["maxHeartbeatGapS"], t - last_hb)
                if not current["modes"] or current["modes"][-1]["mode"] != mode:
                    current["modes"].append({"tUs": us(t), "mode": mode})
                if not armed:
                    current["disarmUs"] = us(t)
                    flights.append(current)
                    current = None
            last_hb = t
        elif kind == "GPS_RAW_INT" and current is not None:
            current["gps"].append({"tUs": us(t), "fixType": msg.fix_type, "hdop": msg.eph / 100})
    for flight in flights:
        gps = flight.pop("gps")
        flight["gpsSamples"] = len(gps)
        flight["gpsFixTypes"] = sorted({g["fixType"] for g in gps})
        flight["gpsMaxHdop"] = max((g["hdop"] for g in gps), default=None)
        flight["gpsMinHdop"] = min((g["hdop"] for g in gps), default=None)
        flight["gpsMaxGapS"] = max(
            ((b["tUs"] - a["tUs"]) / 1e6 for a, b in zip(gps, gps[1:])), default=None
        )
    json.dump({"flights": flights, "params": params, "mavTypes": sorted(mav_types)}, sys.stdout)


if __name__ == "__main__":
    main(sys.argv[1])

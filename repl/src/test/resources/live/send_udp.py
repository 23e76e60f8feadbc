"""Live UDP for LiveCaptureTest, sent from the peer namespace (never to any other address).

  send_udp.py burst DST PORT N   N times: a legitimate datagram to DST:138 from port 5138, then
                                 5 datagrams of 28 bytes from port 770 to DST:PORT.. (consecutive),
                                 the 2002 worm's pattern (docs/worm770.md)
  send_udp.py probe DST PORT     one datagram from port 5139 to DST:PORT
"""
import socket
import sys
import time


def sock(port):
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_BROADCAST, 1)
    s.bind(("", port))
    return s


kind, dst, port = sys.argv[1], sys.argv[2], int(sys.argv[3])
if kind == "burst":
    legit, worm = sock(5138), sock(770)
    for b in range(int(sys.argv[4])):
        legit.sendto(b"\x11" * 120, (dst, 138))
        for i in range(5):
            worm.sendto(b"\x00" * 28, (dst, port + 100 * b + i))
        time.sleep(0.05)
elif kind == "probe":
    sock(5139).sendto(b"probe", (dst, port))
else:
    sys.exit("unknown kind " + kind)

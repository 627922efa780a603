#!/usr/bin/env python3
"""tests/integration/slow_clients.py — hostile and slow HTTP clients for
test_http_guard.sh, on raw sockets (curl cannot hold a connection idle or
send a byte a second). Each mode prints one JSON line of what it saw.

  idle PORT N ADDR... STOPFILE   N idle connections spread over the source
      addresses (127.0.0.x), each reopened as soon as the server closes it,
      until STOPFILE exists: {"opened", "closed_by_server", "max_open"}
  slowhead PORT SECONDS   a request head sent one byte a second:
      {"closed", "seconds", "bytes"}
  keepalive PORT SECONDS  one request, its answer, then silence:
      {"status", "closed", "seconds"}
  stalledbody PORT TOKEN SECONDS  an upload that stops after 1 KiB:
      {"closed", "seconds", "status"}
  slowbody PORT TOKEN BYTES RATE  an upload of BYTES sent at RATE bytes a
      second in small pieces: {"status", "seconds", "body"}
  busy PORT SRC XFF N SECONDS  N requests from SRC (a trusted proxy)
      forwarded for XFF whose bodies never finish, held for SECONDS
"""
import json
import select
import socket
import sys
import time

HOST = "127.0.0.1"


def out(**kw):
    print(json.dumps(kw), flush=True)


def connect(port, src=None):
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    if src:
        s.bind((src, 0))
    s.connect((HOST, port))
    return s


def closed_by_peer(s, wait):
    """True when the peer closed s within wait seconds (data is drained)."""
    end = time.monotonic() + wait
    while True:
        left = end - time.monotonic()
        if left <= 0:
            return False
        r, _, _ = select.select([s], [], [], left)
        if r:
            try:
                if not s.recv(65536):
                    return True
            except OSError:
                return True


def read_status(s, timeout=30):
    s.settimeout(timeout)
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = s.recv(65536)
        if not chunk:
            break
        data += chunk
    try:
        status = int(data.split(b" ", 2)[1])
    except (IndexError, ValueError):
        return 0, data
    head, _, body = data.partition(b"\r\n\r\n")
    for line in head.split(b"\r\n"):
        if line.lower().startswith(b"content-length:"):
            n = int(line.split(b":")[1])
            while len(body) < n:
                chunk = s.recv(65536)
                if not chunk:
                    break
                body += chunk
    return status, body


def idle(port, n, addrs, stopfile):
    import os

    socks = {}
    opened = closed = max_open = 0
    poller = select.poll()

    def open_one(i):
        nonlocal opened
        s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        s.bind((addrs[i % len(addrs)], 0))
        s.setblocking(False)
        s.connect_ex((HOST, port))
        socks[s.fileno()] = (s, i)
        poller.register(s.fileno(), select.POLLIN)
        opened += 1

    for i in range(n):
        open_one(i)
    while not os.path.exists(stopfile):
        max_open = max(max_open, len(socks))
        for fd, ev in poller.poll(100):
            s, i = socks.pop(fd)
            poller.unregister(fd)
            s.close()
            closed += 1
            open_one(i)  # an attacker reopens at once
    for s, _ in socks.values():
        s.close()
    out(opened=opened, closed_by_server=closed, max_open=max_open)


def slowhead(port, limit):
    s = connect(port)
    head = b"GET /api/v1/health HTTP/1.1\r\nHost: x\r\nX-Slow: " + b"a" * 1000
    t0 = time.monotonic()
    sent, closed = 0, False
    for b in head:
        try:
            s.send(bytes([b]))
        except OSError:
            closed = True
            break
        sent += 1
        if closed_by_peer(s, 1.0):
            closed = True
            break
        if time.monotonic() - t0 > limit:
            break
    out(closed=closed, seconds=round(time.monotonic() - t0, 2), bytes=sent)


def keepalive(port, limit):
    s = connect(port)
    s.send(b"GET /api/v1/health HTTP/1.1\r\nHost: x\r\n\r\n")
    status, _ = read_status(s)
    t0 = time.monotonic()
    closed = closed_by_peer(s, limit)
    out(status=status, closed=closed, seconds=round(time.monotonic() - t0, 2))


BOUNDARY = "lt-test-boundary"


def upload_head(token, length):
    return (
        "POST /api/v1/records HTTP/1.1\r\nHost: x\r\n"
        f"Authorization: Bearer {token}\r\n"
        f"Content-Type: multipart/form-data; boundary={BOUNDARY}\r\n"
        f"Content-Length: {length}\r\n\r\n"
    ).encode()


def multipart(nbytes):
    text = ("Công văn tải lên chậm mà đều. " * (nbytes // 20 + 1)).encode()[:nbytes]
    return (
        f"--{BOUNDARY}\r\n"
        'Content-Disposition: form-data; name="subject"\r\n\r\nTải lên chậm\r\n'
        f"--{BOUNDARY}\r\n"
        'Content-Disposition: form-data; name="file"; filename="cham.txt"\r\n'
        "Content-Type: text/plain\r\n\r\n"
    ).encode() + text + f"\r\n--{BOUNDARY}--\r\n".encode()


def stalledbody(port, token, limit):
    body = multipart(100000)
    s = connect(port)
    s.send(upload_head(token, len(body)) + body[:1024])
    t0 = time.monotonic()
    closed = closed_by_peer(s, limit)
    out(closed=closed, seconds=round(time.monotonic() - t0, 2))


def slowbody(port, token, nbytes, rate):
    body = multipart(nbytes)
    s = connect(port)
    t0 = time.monotonic()
    s.send(upload_head(token, len(body)))
    piece = max(1, rate // 8)
    for off in range(0, len(body), piece):
        s.send(body[off:off + piece])
        # keep to the rate on average, whatever the scheduler did
        ahead = (off + piece) / rate - (time.monotonic() - t0)
        if ahead > 0:
            time.sleep(ahead)
    status, resp = read_status(s)
    out(status=status, seconds=round(time.monotonic() - t0, 2),
        body=resp.decode("utf-8", "replace")[:300])


def busy(port, src, xff, n, hold):
    socks = []
    for _ in range(n):
        s = connect(port, src)
        s.send(("POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\n"
                f"X-Forwarded-For: {xff}\r\nContent-Type: application/json\r\n"
                "Content-Length: 100\r\n\r\n{").encode())
        socks.append(s)
    out(held=len(socks))
    time.sleep(hold)
    for s in socks:
        s.close()


def main(argv):
    mode, port = argv[1], int(argv[2])
    if mode == "idle":
        idle(port, int(argv[3]), argv[4:-1], argv[-1])
    elif mode == "slowhead":
        slowhead(port, float(argv[3]))
    elif mode == "keepalive":
        keepalive(port, float(argv[3]))
    elif mode == "stalledbody":
        stalledbody(port, argv[3], float(argv[4]))
    elif mode == "slowbody":
        slowbody(port, argv[3], int(argv[4]), int(argv[5]))
    elif mode == "busy":
        busy(port, argv[3], argv[4], int(argv[5]), float(argv[6]))
    else:
        sys.exit(f"unknown mode {mode}")


if __name__ == "__main__":
    main(sys.argv)

#!/usr/bin/env python3
"""Load an HTML file in headless Chromium through the DevTools protocol (standard library only) and check it:
no console errors or warnings, no uncaught exceptions, no request other than file:/data:, and a full-page
screenshot that is not blank (counts distinct colours). Prints one line per finding; exit 0 = all good.

usage: cdp_check.py PAGE.html SCREENSHOT.png [--width 1400] [--min-colours 64]
"""
import argparse, base64, json, os, shutil, socket, struct, subprocess, sys, tempfile, time, urllib.request, zlib

FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]


class WebSocket:
    """Minimal RFC 6455 client: text frames, client masking, fragmentation, ping/pong."""

    def __init__(self, url):
        assert url.startswith("ws://")
        hostport, path = url[5:].split("/", 1)
        host, port = hostport.split(":")
        self.sock = socket.create_connection((host, int(port)), timeout=60)
        key = base64.b64encode(os.urandom(16)).decode()
        self.sock.sendall((f"GET /{path} HTTP/1.1\r\nHost: {hostport}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                           f"Sec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n").encode())
        head = b""
        while b"\r\n\r\n" not in head:
            chunk = self.sock.recv(1)
            if not chunk:
                raise RuntimeError("websocket handshake: connection closed")
            head += chunk
        if b" 101 " not in head.split(b"\r\n")[0]:
            raise RuntimeError("websocket handshake failed: " + head.decode(errors="replace"))

    def _exact(self, n):
        buf = b""
        while len(buf) < n:
            chunk = self.sock.recv(n - len(buf))
            if not chunk:
                raise RuntimeError("websocket closed")
            buf += chunk
        return buf

    def send(self, text, opcode=0x1):
        data = text.encode() if isinstance(text, str) else text
        n = len(data)
        head = bytes([0x80 | opcode])
        if n < 126:
            head += bytes([0x80 | n])
        elif n < 65536:
            head += bytes([0x80 | 126]) + struct.pack(">H", n)
        else:
            head += bytes([0x80 | 127]) + struct.pack(">Q", n)
        mask = os.urandom(4)
        self.sock.sendall(head + mask + bytes(b ^ mask[i % 4] for i, b in enumerate(data)))

    def recv(self):
        message = b""
        while True:
            b0, b1 = self._exact(2)
            opcode, n = b0 & 0x0F, b1 & 0x7F
            if n == 126:
                n = struct.unpack(">H", self._exact(2))[0]
            elif n == 127:
                n = struct.unpack(">Q", self._exact(8))[0]
            mask = self._exact(4) if b1 & 0x80 else None
            payload = self._exact(n)
            if mask:
                payload = bytes(b ^ mask[i % 4] for i, b in enumerate(payload))
            if opcode == 0x9:
                self.send(payload, 0xA)
                continue
            if opcode == 0x8:
                raise RuntimeError("websocket closed by the browser")
            message += payload
            if b0 & 0x80:
                return message.decode()


class Session:
    def __init__(self, ws):
        self.ws, self.next_id, self.events = ws, 0, []

    def call(self, method, **params):
        self.next_id += 1
        self.ws.send(json.dumps({"id": self.next_id, "method": method, "params": params}))
        while True:
            msg = json.loads(self.ws.recv())
            if msg.get("id") == self.next_id:
                if "error" in msg:
                    raise RuntimeError(f"{method}: {msg['error']}")
                return msg.get("result", {})
            if "method" in msg:
                self.events.append(msg)

    def wait_for(self, method, seconds):
        end = time.time() + seconds
        self.ws.sock.settimeout(1.0)
        try:
            while time.time() < end:
                try:
                    msg = json.loads(self.ws.recv())
                except socket.timeout:
                    continue
                if "method" in msg:
                    self.events.append(msg)
                    if msg["method"] == method:
                        return True
            return False
        finally:
            self.ws.sock.settimeout(60)


def png_colours(data):
    """Distinct RGB(A) colours of an 8-bit non-interlaced PNG (the kind Chromium writes), standard library only."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    pos, idat, width = 8, b"", 0
    while pos < len(data):
        n, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + n]
        if kind == b"IHDR":
            width, height, depth, ctype, _, _, interlace = struct.unpack(">IIBBBBB", body)
            assert depth == 8 and ctype in (2, 6) and interlace == 0, f"unsupported PNG (depth {depth}, type {ctype})"
            bpp = 3 if ctype == 2 else 4
        elif kind == b"IDAT":
            idat += body
        pos += 12 + n
    raw, stride = zlib.decompress(idat), width * bpp
    prev, colours, i = bytearray(stride), set(), 0
    for _ in range(height):
        f, line = raw[i], bytearray(raw[i + 1:i + 1 + stride])
        i += 1 + stride
        for x in range(stride):
            a = line[x - bpp] if x >= bpp else 0
            b, c = prev[x], prev[x - bpp] if x >= bpp else 0
            if f == 1: line[x] = (line[x] + a) & 0xFF
            elif f == 2: line[x] = (line[x] + b) & 0xFF
            elif f == 3: line[x] = (line[x] + (a + b) // 2) & 0xFF
            elif f == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[x] = (line[x] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 0xFF
        colours.update(bytes(line[x:x + 3]) for x in range(0, stride, bpp))
        prev = line
    return len(colours), width, height


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("page")
    ap.add_argument("screenshot")
    ap.add_argument("--width", type=int, default=1400)
    ap.add_argument("--min-colours", type=int, default=64)
    ap.add_argument("--chromium", default=shutil.which("chromium") or "chromium")
    a = ap.parse_args()
    url = "file://" + os.path.abspath(a.page)
    profile = tempfile.mkdtemp(prefix="es-chromium-")
    proc = subprocess.Popen([a.chromium, *FLAGS, f"--user-data-dir={profile}", "--remote-debugging-port=0",
                             f"--window-size={a.width},1000", "about:blank"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    problems = []
    try:
        port_file = os.path.join(profile, "DevToolsActivePort")
        for _ in range(300):
            if os.path.exists(port_file) and open(port_file).read().count("\n") >= 1:
                break
            time.sleep(0.1)
        port = int(open(port_file).read().split("\n")[0])
        targets = json.load(urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list", timeout=30))
        page = next(t for t in targets if t["type"] == "page")
        s = Session(WebSocket(page["webSocketDebuggerUrl"]))
        for domain in ("Page", "Runtime", "Log", "Network"):
            s.call(domain + ".enable")
        start = time.time()
        s.call("Page.navigate", url=url)
        if not s.wait_for("Page.loadEventFired", 60):
            problems.append("page did not finish loading within 60 s")
        s.wait_for("never", 1.0)   # late console messages or requests
        load_seconds = time.time() - start
        m = s.call("Page.getLayoutMetrics")
        size = m.get("cssContentSize") or m["contentSize"]
        w, h = int(size["width"]), int(min(size["height"], 16000))
        shot = s.call("Page.captureScreenshot", format="png", captureBeyondViewport=True,
                      clip={"x": 0, "y": 0, "width": w, "height": h, "scale": 1})
        png = base64.b64decode(shot["data"])
        with open(a.screenshot, "wb") as f:
            f.write(png)
        title = s.call("Runtime.evaluate", expression="document.title")["result"].get("value", "")
        counts = s.call("Runtime.evaluate", expression="JSON.stringify({svg: document.querySelectorAll('svg').length, "
                        "img: document.querySelectorAll('img').length, sections: document.querySelectorAll('section').length, "
                        "brokenImages: [...document.images].filter(i => !i.complete || i.naturalWidth === 0).length})")["result"]["value"]
        for e in s.events:
            p, meth = e.get("params", {}), e["method"]
            if meth == "Runtime.consoleAPICalled" and p.get("type") in ("error", "warning", "assert"):
                problems.append("console " + p["type"] + ": " + " ".join(str(x.get("value", x.get("description", ""))) for x in p.get("args", [])))
            elif meth == "Runtime.exceptionThrown":
                problems.append("uncaught exception: " + p["exceptionDetails"].get("text", "") + " " + p["exceptionDetails"].get("exception", {}).get("description", ""))
            elif meth == "Log.entryAdded" and p["entry"]["level"] in ("error", "warning"):
                problems.append(f"log {p['entry']['level']}: {p['entry']['text']} {p['entry'].get('url', '')}")
            elif meth == "Network.requestWillBeSent" and not p["request"]["url"].startswith(("file:", "data:")):
                problems.append("network request: " + p["request"]["url"])
            elif meth == "Network.loadingFailed":
                problems.append("failed to load a resource: " + p.get("errorText", ""))
        n, pw, ph = png_colours(png)
        c = json.loads(counts)
        print(f"loaded {url} in {load_seconds:.1f} s: title '{title}', {c['sections']} sections, {c['svg']} SVG figures, "
              f"{c['img']} images ({c['brokenImages']} broken); screenshot {pw}x{ph} px, {n} distinct colours -> {a.screenshot}")
        if c["brokenImages"]:
            problems.append(f"{c['brokenImages']} image(s) did not decode")
        if n < a.min_colours:
            problems.append(f"screenshot looks blank: {n} distinct colours (< {a.min_colours})")
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
        shutil.rmtree(profile, ignore_errors=True)
    for p in problems:
        print("PROBLEM: " + p)
    print("OK: no console errors, no network requests, screenshot not blank" if not problems else f"FAILED: {len(problems)} problem(s)")
    return 0 if not problems else 1


if __name__ == "__main__":
    sys.exit(main())

"""A stand-in Hugging Face Hub on 127.0.0.1 (real HTTP, real hf_hub_download), shared by the Hub tests
(tests/test_hub.py) and the fault-injection tests (tests/test_faults.py)."""
import hashlib
import re
import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import unquote

from gan.weights import hub

COMMIT = "0123456789abcdef0123456789abcdef01234567"
RETIRE_S = 60.0    # how long a closed stand-in keeps its socket open (see StandInHub.close)
HUB_VARIABLES = ("HF_HUB_OFFLINE", "GAN_HUB", "GAN_HUB_REVISION", "GAN_HUB_TIMEOUT", "HF_HUB_CACHE", "HF_ENDPOINT",
                 "HTTP_PROXY", "HTTPS_PROXY", "http_proxy", "https_proxy", "ALL_PROXY", "all_proxy")


def isolate_hub_env(tmp_path, monkeypatch) -> None:
    """A fresh Hub cache in tmp_path, no inherited Hub settings, no remembered probe verdicts."""
    for var in HUB_VARIABLES:
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("HF_HOME", str(tmp_path / "hf"))
    hub.reset_hub_state()


class StandInHub:
    """Serves HEAD/GET /{repo}/resolve/{rev}/{file} (and /datasets/...) from `repos`:
    {(repo, rev): {filename: bytes}}. mode: "ok", "error" (HTTP 500), "slow" (answers after 10 s) or
    "gone" (404 for everything; set by close)."""

    def __init__(self):
        self.repos, self.mode, self.requests = {}, "ok", []
        self.release = threading.Event()
        stand_in = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_HEAD(self):
                self.answer(body=False)

            def do_GET(self):
                self.answer(body=True)

            def answer(self, body):
                stand_in.requests.append((self.command, self.path))
                if stand_in.mode == "slow":
                    stand_in.release.wait(10)
                if stand_in.mode == "gone":
                    return self.reply(404, b"gone", {"X-Error-Code": "RepositoryNotFound"}, body)
                if stand_in.mode == "error":
                    return self.reply(500, b"internal error", {"X-Error-Message": "stand-in failure"}, body)
                m = re.match(r"^/(?:datasets/)?([^/]+/[^/]+)/resolve/([^/]+)/(.+)$", self.path)
                if not m:
                    return self.reply(404, b"not found", {}, body)
                repo, rev, name = m.group(1), unquote(m.group(2)), unquote(m.group(3))
                files = stand_in.repos.get((repo, rev))
                if files is None:
                    return self.reply(404, b"no repo", {"X-Error-Code": "RepositoryNotFound"}, body)
                if name not in files:
                    return self.reply(404, b"no entry", {"X-Error-Code": "EntryNotFound"}, body)
                data = files[name]
                self.reply(200, data, {"X-Repo-Commit": COMMIT,
                                       "ETag": '"%s"' % hashlib.sha256(data).hexdigest()}, body)

            def reply(self, code, data, headers, body):
                self.send_response(code)
                for k, v in {**headers, "Content-Length": str(len(data))}.items():
                    self.send_header(k, v)
                self.end_headers()
                if body:
                    self.wfile.write(data)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def add(self, repo, files, rev=None):
        """Serve `files` as `repo` at `rev` (default: the revision the project pins that repo to)."""
        if rev is None:
            names = [n for n, r in hub.HUB_REPOS.items() if r == repo]
            rev = hub.pinned_revision(names[0]) if names else hub.HUB_REVISION
        self.repos[(repo, rev)] = files

    def close(self):
        """Answer 404 to everything from now on, at once, and shut the socket RETIRE_S seconds later.
        A download that gan.weights.hub abandoned at its deadline goes on retrying in the background
        (huggingface_hub backs off for ~25 s); were the port refused, huggingface_hub would close its
        shared HTTP client on that connection error, under the next test's download (CI saw
        "ReadError: Bad file descriptor"). A 404 ends those retries instead."""
        self.mode = "gone"
        self.release.set()
        timer = threading.Timer(RETIRE_S, self._shut)
        timer.daemon = True
        timer.start()

    def _shut(self):
        self.server.shutdown()
        self.server.server_close()


def bundled_files(name="mnist-dcgan"):
    folder = hub.BUNDLED / name
    return {f: (folder / f).read_bytes() for f in ("config.json", "model.safetensors")}



def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]

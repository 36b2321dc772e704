"""A small OpenID Connect provider for tests: discovery, JWKS, an authorize endpoint that signs in
whoever the test says (``provider.claims``) and redirects back with a code, and a token endpoint that
checks the client secret, the redirect address and the PKCE verifier before handing out an ID token
signed with a test RSA key.  Knobs let a test make it misbehave (another key, wrong audience, expired)."""

from __future__ import annotations

import base64
import hashlib
import json
import secrets
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlencode, urlparse

import jwt
from cryptography.hazmat.primitives.asymmetric import rsa

CLIENT_ID = "pramoen-test"
CLIENT_SECRET = "test-secret-" + "x" * 20
KID = "test-key-1"


def new_key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


@dataclass
class FakeProvider:
    key: rsa.RSAPrivateKey = field(default_factory=new_key)
    claims: dict[str, Any] = field(default_factory=lambda: {"preferred_username": "eval.officer"})
    sign_with: rsa.RSAPrivateKey | None = None  # another key: a forged signature
    audience: str = CLIENT_ID
    lifetime: int = 300  # negative: an expired token
    jwks_status: int = 200  # 500: the key endpoint is failing
    refuse: bool = False  # the person declines or the provider refuses: error=access_denied
    codes: dict[str, dict[str, str]] = field(default_factory=dict)
    token_requests: list[dict[str, str]] = field(default_factory=list)
    server: ThreadingHTTPServer | None = None

    @property
    def issuer(self) -> str:
        assert self.server is not None
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}"

    def discovery(self) -> dict[str, Any]:
        return {
            "issuer": self.issuer,
            "authorization_endpoint": f"{self.issuer}/authorize",
            "token_endpoint": f"{self.issuer}/token",
            "jwks_uri": f"{self.issuer}/jwks",
            "id_token_signing_alg_values_supported": ["RS256"],
            "response_types_supported": ["code"],
            "code_challenge_methods_supported": ["S256"],
        }

    def jwks(self) -> dict[str, Any]:
        public = jwt.algorithms.RSAAlgorithm.to_jwk(self.key.public_key(), as_dict=True)
        return {"keys": [{**public, "kid": KID, "use": "sig", "alg": "RS256"}]}

    def authorize(self, query: dict[str, str]) -> str:
        code = secrets.token_urlsafe(16)
        self.codes[code] = query
        back = {"code": code, "state": query.get("state", "")}
        if self.refuse:
            back = {"error": "access_denied", "state": query.get("state", "")}
        return f"{query['redirect_uri']}?{urlencode(back)}"

    def token(self, form: dict[str, str], authorization: str) -> tuple[int, dict[str, Any]]:
        self.token_requests.append(form)
        expected = "Basic " + base64.b64encode(f"{CLIENT_ID}:{CLIENT_SECRET}".encode()).decode()
        if authorization != expected:
            return 401, {"error": "invalid_client"}
        asked = self.codes.pop(form.get("code", ""), None)
        if asked is None or asked.get("redirect_uri") != form.get("redirect_uri"):
            return 400, {"error": "invalid_grant"}
        challenge = base64.urlsafe_b64encode(hashlib.sha256(form.get("code_verifier", "").encode()).digest())
        if asked.get("code_challenge") != challenge.rstrip(b"=").decode():
            return 400, {"error": "invalid_grant", "error_description": "PKCE"}
        now = int(time.time())
        claims = {
            "iss": self.issuer,
            "aud": self.audience,
            "sub": "bma-" + str(self.claims.get("preferred_username", "x")),
            "iat": now,
            "exp": now + self.lifetime,
            "nonce": asked.get("nonce"),
            **self.claims,
        }
        signed = jwt.encode(claims, self.sign_with or self.key, algorithm="RS256", headers={"kid": KID})
        return 200, {
            "id_token": signed,
            "access_token": "at-" + secrets.token_urlsafe(8),
            "token_type": "Bearer",
        }


def _handler(provider: FakeProvider) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: Any) -> None:  # quiet
            pass

        def _json(self, status: int, body: dict[str, Any]) -> None:
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_GET(self) -> None:
            url = urlparse(self.path)
            if url.path == "/.well-known/openid-configuration":
                self._json(200, provider.discovery())
            elif url.path == "/jwks":
                self._json(provider.jwks_status, provider.jwks() if provider.jwks_status == 200 else {})
            elif url.path == "/authorize":
                query = {k: v[0] for k, v in parse_qs(url.query).items()}
                self.send_response(302)
                self.send_header("Location", provider.authorize(query))
                self.end_headers()
            else:
                self._json(404, {"error": "not_found"})

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            form = {k: v[0] for k, v in parse_qs(self.rfile.read(length).decode()).items()}
            if urlparse(self.path).path != "/token":
                self._json(404, {"error": "not_found"})
                return
            status, body = provider.token(form, self.headers.get("Authorization", ""))
            self._json(status, body)

    return Handler


def start(provider: FakeProvider) -> FakeProvider:
    """Serve ``provider`` on a free loopback port in a daemon thread (stop with ``stop``)."""
    provider.server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(provider))
    threading.Thread(target=provider.server.serve_forever, daemon=True).start()
    return provider


def stop(provider: FakeProvider) -> None:
    if provider.server is not None:
        provider.server.shutdown()
        provider.server.server_close()

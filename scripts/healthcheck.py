"""The web container's health check: exit 0 if /healthz answers 200, 1 otherwise.

Standard library only (the image has Python but no curl). It asks as a client behind the
TLS proxy would, with a host the site allows, so neither ALLOWED_HOSTS nor the HTTPS
redirect turns it away.
"""

import http.client
import os
import sys


def allowed_host() -> str:
    hosts = [h.strip() for h in os.environ.get("ALLOWED_HOSTS", "").split(",") if h.strip()]
    host = hosts[0] if hosts else "localhost"
    return "localhost" if host == "*" else host.lstrip(".")  # ".example.org" allows the bare one


def main() -> int:
    port = int(os.environ.get("PORT", "8000"))
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    try:
        connection.request(
            "GET", "/healthz", headers={"Host": allowed_host(), "X-Forwarded-Proto": "https"}
        )
        response = connection.getresponse()
        print(response.status, response.read().decode(errors="replace"))
        return 0 if response.status == 200 else 1
    except OSError as error:
        print(f"no answer: {error}")
        return 1
    finally:
        connection.close()


if __name__ == "__main__":
    sys.exit(main())

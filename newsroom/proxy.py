"""The client's address and scheme as the front proxy (deploy/nginx/) saw them.

Only a peer listed in FORWARDED_ALLOW_IPS is believed: nginx sets X-Real-IP to the
address it accepted the connection from, and X-Forwarded-Proto to http or https. From
anyone else those headers are dropped, so nobody can pick the address rate limits and
moderation see, or claim a TLS connection they did not make.
"""

import ipaddress

from django.conf import settings

FORWARDED = ("HTTP_X_REAL_IP", "HTTP_X_FORWARDED_PROTO")


def trusted_networks():
    return [ipaddress.ip_network(entry.strip(), strict=False)
            for entry in settings.FORWARDED_ALLOW_IPS if entry.strip() and entry.strip() != "*"]


def is_trusted(address, networks):
    if "*" in settings.FORWARDED_ALLOW_IPS:
        return True
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in networks)


class TrustedProxyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.networks = trusted_networks()

    def __call__(self, request):
        meta = request.META
        if is_trusted(meta.get("REMOTE_ADDR", ""), self.networks):
            real = meta.get("HTTP_X_REAL_IP", "").strip()
            try:
                meta["REMOTE_ADDR"] = str(ipaddress.ip_address(real))
            except ValueError:
                pass  # no (or a malformed) address: keep the proxy's own
        else:
            for name in FORWARDED:
                meta.pop(name, None)
        return self.get_response(request)

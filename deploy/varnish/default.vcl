vcl 4.1;
# Varnish in front of Newsroom's gunicorn (Debian: varnish + varnish-modules for xkey).
#
# - Keeps what the app marks public, for its s-maxage; serves it stale for its
#   stale-while-revalidate (grace) while one request fetches a fresh copy.
# - Purges by surrogate key: the app lists a page's keys in Surrogate-Key and sends
#   `PURGE /` with `xkey-purge: key1 key2` after each change (PURGE_VARNISH_URLS).
#   Only addresses in the `purgers` ACL may purge.
# - Readers with a session (staff) or a comment awaiting moderation pass straight to
#   the app; every other cookie is dropped, so anonymous readers share one copy.
#
# Write backends.vcl for your app servers (render_backends.py); change the purgers to their addresses.
# tests/caching/test_varnish.py starts varnishd with this file (ports substituted).

import std;
import xkey;

# The app servers: ./backends.vcl (written by render_backends.py) declares them, probes each on
# /readyz and puts the healthy ones in the round-robin director `app`.
include "./backends.vcl";

acl purgers {
    "127.0.0.1";
    "::1";
}

sub vcl_recv {
    set req.backend_hint = app.backend();
    if (req.method == "PURGE") {
        if (client.ip !~ purgers) {
            return (synth(403, "Purging is not allowed from this address."));
        }
        if (!req.http.xkey-purge) {
            return (synth(400, "Name the surrogate keys to purge in an xkey-purge header."));
        }
        set req.http.n-gone = xkey.purge(req.http.xkey-purge);
        return (synth(200, "Purged " + req.http.n-gone + " objects."));
    }
    if (req.method != "GET" && req.method != "HEAD") {
        return (pass);
    }
    if (req.url ~ "^/admin/" || req.url ~ "^/preview/") {
        return (pass);
    }
    if (req.http.Cookie ~ "(^|;\s*)(sessionid|newsroom_own_comments)=") {
        return (pass);
    }
    unset req.http.Cookie;
    return (hash);
}

sub vcl_backend_response {
    # The keys xkey indexes the object under.
    if (beresp.http.Surrogate-Key) {
        set beresp.http.xkey = beresp.http.Surrogate-Key;
    }
    # Pages the app did not compress are gzipped once here, not per reader.
    if (!beresp.http.Content-Encoding && beresp.http.Content-Type ~ "^(text/|application/(xml|rss|atom|json))") {
        set beresp.do_gzip = true;
    }
    # Never keep an error page, nor anything personal (the built-in logic below also
    # refuses Set-Cookie and Cache-Control private/no-store).
    if (beresp.status >= 500) {
        set beresp.uncacheable = true;
        set beresp.ttl = 0s;
        return (deliver);
    }
}

# An app server that refused or dropped the connection (stopped, restarting): a GET or
# HEAD is tried once more, and the director hands it to the next healthy server.
sub vcl_backend_error {
    if (bereq.retries < 1 && (bereq.method == "GET" || bereq.method == "HEAD")) {
        return (retry);
    }
}

sub vcl_deliver {
    if (obj.hits > 0) {
        set resp.http.X-Cache = "HIT";
    } else {
        set resp.http.X-Cache = "MISS";
    }
    unset resp.http.xkey;
}

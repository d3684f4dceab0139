"""Flood a running server's comment form from one address while other readers post too.

Not part of the test suite (run it by hand against a real server): it needs loopback
source addresses 127.0.0.2 and up, which Linux routes without setup.

    COMMENT_MIN_SECONDS=0 MODERATOR_EMAILS=mod@example.com make run PORT=8005
    python tests/comments/flood_server.py http://127.0.0.1:8005 ARTICLE-SLUG

Then count the stored comments and the digest mails in the server's console output.
"""

import http.client
import re
import sys
import time
import urllib.parse
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

FLOOD, LEGITIMATE, CONCURRENCY = 200, 20, 16


def main(base_url, slug):
    host = urllib.parse.urlsplit(base_url)
    path = f"/articles/{slug}/"

    def connect(source):
        return http.client.HTTPConnection(host.hostname, host.port or 80, timeout=30,
                                          source_address=(source, 0))

    page = connect("127.0.0.1")
    page.request("GET", path)
    html = page.getresponse().read().decode()
    token = re.search(r'name="token" value="([^"]+)"', html).group(1)

    def post(job):
        source, name, email, body = job
        form = urllib.parse.urlencode({"name": name, "email": email, "website": "",
                                       "comment": body, "parent": "", "token": token,
                                       "hp_7q": ""})
        connection = connect(source)
        connection.request("POST", path + "comments/", form,
                           {"Content-Type": "application/x-www-form-urlencoded",
                            "Sec-Fetch-Site": "same-origin"})
        response = connection.getresponse()
        response.read()
        return name, response.status

    jobs = []
    for n in range(FLOOD):
        jobs.append(("127.0.0.1", "Flooder", f"bot{n}@spam.example", f"Flood {n}"))
        if n % (FLOOD // LEGITIMATE) == 0:
            k = n // (FLOOD // LEGITIMATE)
            jobs.append((f"127.0.0.{k + 2}", f"Reader {k}", f"reader{k}@example.com",
                         f"Genuine {k}"))
    started = time.monotonic()
    with ThreadPoolExecutor(CONCURRENCY) as pool:
        results = list(pool.map(post, jobs))
    print(f"{len(jobs)} posts, {CONCURRENCY} at a time, in {time.monotonic() - started:.1f}s")
    print("flood responses:", dict(Counter(s for n, s in results if n == "Flooder")))
    print("other readers' responses:", dict(Counter(s for n, s in results if n != "Flooder")))


if __name__ == "__main__":
    main(*sys.argv[1:3])

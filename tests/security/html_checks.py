"""Read a page as a browser would and find anything an attacker could have injected."""

import json
import re

import lxml.html

# Elements the site never emits itself: finding one means markup got through. (The
# admin draws its icons with <svg>, so an svg counts only if it carries a handler
# or a script, which the checks below catch.)
FOREIGN_ELEMENTS = {"iframe", "object", "embed", "math", "base", "frame", "frameset",
                    "applet", "noscript", "template", "style"}
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "poster", "data", "srcset", "xlink:href",
                  "background", "cite", "ping"}
UNSAFE_SCHEME = re.compile(r"^(javascript|vbscript|data):", re.IGNORECASE)
INVISIBLE = re.compile(r"[\x00-\x20\x7f]+")


def injected(html):
    """Return a list of reasons `html` would run or load something it should not."""
    doc = lxml.html.document_fromstring(html)
    problems = []
    for el in doc.iter():
        if not isinstance(el.tag, str):
            continue
        tag = el.tag.lower()
        if tag in FOREIGN_ELEMENTS:
            problems.append(f"<{tag}> element")
        if tag == "script":
            if el.get("src"):
                src = el.get("src")
                if not src.startswith("/") or src.startswith("//"):
                    problems.append(f"script from {el.get('src')}")
            elif el.get("type") == "importmap" and el.get("nonce"):
                # The admin editor's import map: JSON naming module files, nonce-bound.
                json.loads(el.text or "null")
            elif el.get("type") in ("application/json", "application/ld+json"):
                # Data blocks never run; a payload that broke out of one would show
                # up here as a second, inline script element.

                json.loads(el.text or "null")
            else:
                problems.append(f"inline script: {(el.text or '')[:60]!r}")
        if tag == "meta" and (el.get("http-equiv") or "").lower() == "refresh":
            problems.append("meta refresh")
        for name, value in el.attrib.items():
            lname = name.lower()
            if lname.startswith("on"):
                problems.append(f"event handler {name}= on <{tag}>")
            if lname in URL_ATTRIBUTES and UNSAFE_SCHEME.match(INVISIBLE.sub("", value)):
                problems.append(f"{name}={value!r} on <{tag}>")
            if lname == "srcdoc":
                problems.append(f"srcdoc on <{tag}>")
    return problems


def text_of(html):
    return lxml.html.document_fromstring(html).text_content()

"""Web-page debris: the lines a copied or saved page carries that are not the
article (read times, comment and view counters, share and navigation links,
cookie banners, footers), and the lines after which the page's tail starts."""

from __future__ import annotations

import re

_COMMENT_WORDS = (r"(?:comments?|komentarz[ey]?|komentarzy|kommentare?|commentaires?|"
                  r"comentarios?|responses?|replies)")
_READ_TIME = re.compile(r"^(?:\d+|one|two|three|four|five)[\s-]*(?:min(?:ute)?s?\.?)"
                        r"(?:\s+(?:read|reading|czytania|de lecture|lesezeit))?$", re.I)
_COMMENTS = re.compile(rf"^\(?\d*\)?\s*{_COMMENT_WORDS}\s*\(?\d*\)?$", re.I)
_VIEWS = re.compile(r"^\d[\d,.]*\s*(?:views?|likes?|wyświetle\w*|polubie\w*|shares?)$", re.I)
# A comment counter glued to the end of the last sentence: "...your MRI!Komentarze6".
_GLUED = re.compile(rf"(?<=[.!?…\"”’)\]])\s*(?:\d+\s*)?{_COMMENT_WORDS}\s*\(?\d*\)?\s*$", re.I)

_JUNK_LINES = {
    # sharing
    "share", "share this", "share this post", "share this article", "share this page",
    "share on facebook", "share on twitter", "share on x", "share on linkedin",
    "share via email", "facebook", "twitter", "x", "tweet", "linkedin", "pinterest", "pin it",
    "whatsapp", "reddit", "email", "e-mail", "print", "copy link", "link copied",
    "udostępnij", "post not marked as liked", "like", "liked", "polub",
    # navigation
    "previous post", "next post", "previous", "next", "older post", "newer post",
    "older posts", "newer posts", "back to blog", "back to all posts", "all posts",
    "recent posts", "related posts", "you may also like", "see all", "read more",
    "continue reading", "ostatnie posty", "zobacz wszystkie", "wszystkie posty",
    "home", "about", "about us", "contact", "contact us", "blog", "services", "our services",
    "team", "our team", "meet the team", "book now", "book an appointment",
    "request an appointment", "menu", "search", "log in", "login", "sign in", "sign up",
    "subscribe", "skip to content", "skip to main content", "categories", "tags",
    "leave a comment", "leave a reply", "write a comment", "add a comment",
    "napisz komentarz", "zaloguj się",
    # cookie banners
    "accept", "accept all", "accept all cookies", "accept cookies", "allow all",
    "decline", "reject", "reject all", "got it", "ok", "i agree", "agree",
    "manage preferences", "cookie settings", "manage cookies",
}
_SHARE_TOKENS = {"facebook", "twitter", "x", "tweet", "linkedin", "pinterest", "whatsapp",
                 "reddit", "email", "e-mail", "print", "share", "|", "·", "•"}
# A cookie banner talks of the web site and of consent, not just of cookies.
_COOKIE = re.compile(r"\bcookies?\b", re.I)
_COOKIE_CONTEXT = re.compile(r"\b(?:web ?site|site|browsing|browser|consent|accept\w*|agree\w*|"
                             r"continu\w*|experience|privacy|preferences|settings|opt[- ]out|"
                             r"third[- ]party|use of cookies)\b", re.I)
_FOOTER = re.compile(r"^(?:©|\(c\)\s|copyright\b)|all rights reserved|\bpowered by\b|"
                     r"proudly created with|^privacy policy\b|^terms (?:of (?:use|service)|"
                     r"& conditions|and conditions)\b", re.I)
# After the article body, these start the page's tail (comments, related posts).
_END_MARKERS = re.compile(
    rf"^(?:\(?\d*\)?\s*{_COMMENT_WORDS}\s*\(?\d*\)?|recent posts|related posts|"
    r"you may also like|previous post|next post|leave a (?:comment|reply)|"
    r"write a comment|ostatnie posty|zobacz wszystkie)$", re.I)


def shown(line: str) -> str:
    """A debris line as the import summary lists it (without its bullet)."""
    return re.sub(r"^[-•·–]\s+", "", line.strip())


def _junk_key(line: str) -> str:
    s = re.sub(r"^[-•*·▪●–—>#\s]+", "", line)
    s = re.sub(r"[*_`]", "", s)
    s = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", s)  # Markdown link -> its text
    return s.strip().rstrip(":").strip().lower()


def is_debris(line: str) -> bool:
    """Is this whole line web-page debris rather than article text?"""
    key = _junk_key(line)
    if not key:
        return False
    if key in _JUNK_LINES or _READ_TIME.match(key) or _COMMENTS.match(key) or _VIEWS.match(key):
        return True
    tokens = key.replace(",", " ").split()
    if tokens and all(t in _SHARE_TOKENS for t in tokens):
        return True
    words = len(key.split())
    if _FOOTER.search(key) and words <= 12:  # "Powered by Wix", not a sentence about a battery
        return True
    if _COOKIE.search(key) and _COOKIE_CONTEXT.search(key) and words <= 60:
        return True
    return False


def is_end_marker(line: str) -> bool:
    """Does this line start the page's tail (comments, related posts)?"""
    return bool(_END_MARKERS.match(_junk_key(line)))


def strip_glued_counter(text: str) -> str:
    """``text`` without a comment counter glued to its last sentence
    ("...your MRI!Komentarze6" -> "...your MRI!"), right-stripped."""
    return _GLUED.sub("", text).rstrip()

"""Web-page debris: the lines a copied or saved page carries that are not the
article, each with its kind (menus and breadcrumbs, read times and counters,
share and like buttons, tags, related posts and previous/next links,
newsletter boxes, comments, cookie banners, footers, calls to action), and
the lines after which the page's tail starts. :func:`kind_of` names a line's
kind; the import report groups what was removed by it."""

from __future__ import annotations

import re

# The kinds, in the order the import report lists them.
NAV, PICTURE, BYLINE, COUNTER, SHARE, TAGS, RELATED, NEWSLETTER, COMMENTS, COOKIES, FOOTER, CTA = (
    "site name, menus and breadcrumbs",
    "pictures' placeholders and descriptions (alt text pasted as text)",
    "byline (author and date)",
    "read times and counters",
    "share and like buttons",
    "tags and categories",
    "related posts and previous/next links",
    "newsletter boxes",
    "comments",
    "cookie banners",
    "footer (copyright, powered by)",
    "calls to action (the handout's contact block does this job)",
)
KINDS = (
    NAV,
    PICTURE,
    BYLINE,
    COUNTER,
    SHARE,
    TAGS,
    RELATED,
    NEWSLETTER,
    COMMENTS,
    COOKIES,
    FOOTER,
    CTA,
)

_COMMENT_WORDS = (
    r"(?:comments?|komentarz[ey]?|komentarzy|kommentare?|commentaires?|"
    r"comentarios?|responses?|replies)"
)
_READ_TIME = re.compile(
    r"^(?:\d+|one|two|three|four|five)[\s-]*(?:min(?:ute)?s?\.?)"
    r"(?:\s+(?:read|reading|czytania|de lecture|lesezeit))?$",
    re.I,
)
_COMMENTS = re.compile(rf"^\(?\d*\)?\s*{_COMMENT_WORDS}\s*\(?\d*\)?:?$", re.I)
_VIEWS = re.compile(
    r"^(?:over )?\d[\d,.]*\s*(?:views?|likes?|wyświetle\w*|polubie\w*|shares?|"
    r"followers?|claps?|subscribers?|restacks?)$|^\d{1,6}$",
    re.I,
)
# A comment counter glued to the end of the last sentence: "...your MRI!Komentarze6".
_GLUED = re.compile(rf"(?<=[.!?…\"”’)\]])\s*(?:\d+\s*)?{_COMMENT_WORDS}\s*\(?\d*\)?\s*$", re.I)

_WORDS = {
    NAV: {
        "home",
        "about",
        "about us",
        "about me",
        "contact",
        "contact us",
        "blog",
        "services",
        "our services",
        "team",
        "our team",
        "meet the team",
        "menu",
        "search",
        "log in",
        "login",
        "log out",
        "sign in",
        "sign up",
        "skip to content",
        "skip to main content",
        "open in app",
        "write",
        "top of page",
        "bottom of page",
        "open menu close menu",
        "all posts",
        "back to blog",
        "back to all posts",
        "« back to blog",
        "post navigation",
        "writer's picture",
        "view my complete profile",
        "blog archive",
        "about me",
        "lists",
        "staff picks",
        "help",
        "status",
        "careers",
        "press",
        "privacy",
        "terms",
        "text to speech",
        "teams",
        "·",
        "--",
        "patient resources",
        "udostępnij",
        "zaloguj się",
        "wszystkie posty",
        "follow",
        "listen",
        "new patients",
        "new patient forms",
        "patient forms",
        "locations",
        "our locations",
        "insurance",
        "insurance accepted",
        "faq",
        "faqs",
        "careers",
        "testimonials",
        "reviews",
        "patient portal",
        "pay my bill",
        "specialties",
        "conditions we treat",
        "what we treat",
        "our approach",
        "archives",
        "rss feed",
    },
    SHARE: {
        "share",
        "share this",
        "share this post",
        "share this article",
        "share this page",
        "share on facebook",
        "share on twitter",
        "share on x",
        "share on linkedin",
        "share via email",
        "share to x",
        "share to facebook",
        "share to pinterest",
        "email this",
        "blogthis!",
        "x (twitter)",
        "link",
        "facebook",
        "twitter",
        "x",
        "tweet",
        "linkedin",
        "pinterest",
        "pin it",
        "whatsapp",
        "reddit",
        "email",
        "e-mail",
        "print",
        "copy link",
        "link copied",
        "like this",
        "like loading…",
        "like loading...",
        "post not marked as liked",
        "like",
        "liked",
        "polub",
    },
    RELATED: {
        "previous post",
        "next post",
        "previous",
        "next",
        "older post",
        "newer post",
        "older posts",
        "newer posts",
        "newer post older post home",
        "recent posts",
        "related",
        "related posts",
        "related articles",
        "you may also like",
        "you might also like",
        "see all",
        "read more",
        "continue reading",
        "recommended from medium",
        "ostatnie posty",
        "zobacz wszystkie",
    },
    NEWSLETTER: {
        "subscribe",
        "subscribe to our newsletter",
        "sign up for our newsletter",
        "join our newsletter",
        "email address",
        "enter your email",
        "your email address",
        "thank you!",
        "thanks for subscribing!",
        "we respect your privacy.",
        "sign up for more like this.",
    },
    COMMENTS: {
        "leave a comment",
        "leave a reply",
        "leave a reply cancel reply",
        "write a comment",
        "write a comment...",
        "add a comment",
        "post a comment",
        "no comments",
        "post comment",
        "post comment…",
        "comment *",
        "name *",
        "email *",
        "website",
        "reply",
        "newest first",
        "preview",
        "subscribe to: post comments (atom)",
        "napisz komentarz",
    },
    COOKIES: {
        "accept",
        "accept all",
        "accept all cookies",
        "accept cookies",
        "allow all",
        "decline",
        "reject",
        "reject all",
        "got it",
        "ok",
        "i agree",
        "agree",
        "manage preferences",
        "cookie settings",
        "manage cookies",
    },
    CTA: {
        "book now",
        "book online",
        "book an appointment",
        "request an appointment",
        "schedule now",
        "book a visit",
        "book your visit",
    },
}
_LOOKUP = {word: kind for kind, words in _WORDS.items() for word in words}
# A picture pasted as text: a site builder's placeholder ("Picture", Weebly's
# default alt text), "Image of ...", a file name ("knee-brace-300x200.jpg").
_PICTURE = re.compile(
    r"^(?:picture|image|photo|photograph|illustration|graphic|img)(?:\s+(?:of|showing)\b.{0,80})?$|"
    r"^[\w+%.-]{2,80}\.(?:jpe?g|png|gif|webp|svg|avif)$|^[\w+-]{2,60}-\d{2,4}x\d{2,4}$",
    re.I,
)
_SHARE_TOKENS = {
    "facebook",
    "facebook0",
    "twitter",
    "x",
    "tweet",
    "linkedin",
    "linkedin0",
    "pinterest",
    "whatsapp",
    "reddit",
    "email",
    "e-mail",
    "print",
    "share",
    "|",
    "·",
    "•",
    "0",
    "likes",
}
_PATTERNS = [
    (
        NAV,
        re.compile(
            r"^(?:home|blog|patient resources)\s*(?:[»›>/|]|\s-\s).{0,200}$|"
            r"^(?:[^|]{1,20}\|){3,}[^|]{1,20}$|^published in [\w .&'-]{1,60}$|"
            r"^► \d{4} \(\d+\)$"
        ),
    ),
    (COUNTER, re.compile(r"^updated:? .{4,30}$")),
    (SHARE, re.compile(r"^share this:?\s+\S.{0,60}$|^like this:?\s+like\b.{0,20}$")),
    (
        TAGS,
        re.compile(
            r"^(?:categories|category|tags|tagged|labels|filed under|posted in)"
            r"\s*:?\s+\S.{0,150}$"
        ),
    ),
    (
        RELATED,
        re.compile(
            r"^(?:previous|next)(?: post)?:\s+\S.{0,120}$|^more from \S.{0,60}$|"
            r"^in \"[^\"]{1,60}\"$"
        ),
    ),
    (
        NEWSLETTER,
        re.compile(
            r"^(?:subscribe to|sign up (?:for|to)|get (?:tips|new posts|"
            r"the latest posts)|sign up with your email|discover more from)\b.{0,120}$|"
            r"^thanks for reading\b.{0,80}\bsubscribe\b.{0,80}$"
        ),
    ),
    (
        COMMENTS,
        re.compile(
            r"^(?:\d+|one|two|three) (?:thoughts?|responses?|comments?|replies) "
            r"(?:on|to) .{1,150}$|^[\w .,'-]{2,60} says:$|^logged in as .{1,80}$|"
            r"^your email address will not be published\b.{0,100}$|"
            r"^save my name, email,? and website\b.{0,120}$"
        ),
    ),
    (
        FOOTER,
        re.compile(
            r"^(?:tel|phone|fax)?:?\s*\(?\d{3}\)?[\s.-]\d{3}[\s.-]\d{4}$|^hours?:\s|"
            r"^\d+ [\w .]{1,40}\b(?:street|st|road|rd|avenue|ave|lane|ln|drive|dr|"
            r"boulevard|blvd|way)\b,?[\w .,]{0,40}$"
        ),
    ),
    (
        FOOTER,
        re.compile(
            r"^(?:©|\(c\)\s|copyright\b)|all rights reserved|\bpowered by\b|"
            r"proudly created with|designed with wordpress|^privacy policy\b|"
            r"^terms (?:of (?:use|service)|& conditions|and conditions)\b|"
            r"[\w .]{2,60} © \d{4}$"
        ),
    ),
]
# A call to action: it asks the reader to book or call the clinic.
_CTA = re.compile(
    r"^(?:(?:call|phone|text|contact|email) us\b|call \(?\d|give us a call|book (?:now|online|a|an|your|"
    r"today)\b|schedule (?:a|an|your|now)\b|request an? (?:appointment|visit)|ready to\b.{0,80}"
    r"\b(?:book|call|schedule)|still (?:stiff|sore|in pain)\?|want to know if\b.{0,120}\b(?:book|"
    r"call)|don't wait\b|if you\b.{0,100}\b(?:call us|give us a call|contact us|book (?:a|an|your|online)))",
    re.I,
)
_CLINIC = re.compile(
    r"\bour (?:[\w-]+ ){0,3}(?:clinic|team|therapists|practice|office)s?\b|"
    r"\bwe offer\b",
    re.I,
)
# A cookie banner talks of the web site and of consent, not just of cookies.
_COOKIE = re.compile(r"\bcookies?\b", re.I)
_COOKIE_CONTEXT = re.compile(
    r"\b(?:web ?site|site|browsing|browser|consent|accept\w*|agree\w*|"
    r"continu\w*|experience|privacy|preferences|settings|opt[- ]out|"
    r"third[- ]party|use of cookies)\b",
    re.I,
)
# After the article body, these start the page's tail (comments, related posts).
_END_MARKERS = re.compile(
    rf"^(?:\(?\d*\)?\s*{_COMMENT_WORDS}\s*\(?\d*\)?:?|recent posts|related(?: posts| articles)?|"
    r"you (?:may|might) also like|previous post|next post|leave a (?:comment|reply)(?: cancel reply)?|"
    r"write a comment|ostatnie posty|zobacz wszystkie|like this|post navigation|read more|"
    r"no comments|post a comment|recommended from medium|(?:previous|next)(?: post)?:\s+\S.*|"
    r"more from \S.*|(?:\d+|one|two|three) (?:thoughts?|responses?) (?:on|to) .*|"
    r"subscribe to our newsletter|sign up for our newsletter|sign up for more like this\.?|"
    r"written by \S.{0,80}|posted by \S.{0,80}|previous|next|«? ?back to (?:blog|all posts)|"
    r"about the author|author|archives)$",
    re.I,
)


def shown(line: str) -> str:
    """A debris line as the import report lists it (without its bullet)."""
    return re.sub(r"^[-•·–]\s+", "", line.strip())


def junk_key(line: str) -> str:
    """A line without bullets, emphasis and link targets, in lower case."""
    s = re.sub(r"^[-•*·▪●–—>#\s]+(?=\S)", "", line.strip())
    s = re.sub(r"[*_`]", "", s)
    s = re.sub(r"!\[([^\]]*)\]\([^)]*\)", r"\1", s)  # an image -> its text
    s = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", s)  # Markdown link -> its text
    s = s.replace("’", "'")
    return s.strip().rstrip(":").strip().lower()


def kind_of(line: str) -> str | None:
    """The kind of debris this whole line is, or None for article text."""
    if line.strip() in ("·", "--", "—", "•", "|"):
        return NAV  # a separator left alone on its line
    key = junk_key(line)
    if not key:
        return None
    if key in _LOOKUP:
        return _LOOKUP[key]
    if _PICTURE.match(key):
        return PICTURE
    if _READ_TIME.match(key) or _VIEWS.match(key) or _COMMENTS.match(key):
        return COMMENTS if _COMMENTS.match(key) else COUNTER
    tokens = key.replace(",", " ").split()
    if tokens and all(t in _SHARE_TOKENS for t in tokens):
        return SHARE
    words = len(tokens)
    for kind, pattern in _PATTERNS:
        if pattern.search(key) and (words <= 12 or kind in (COMMENTS, TAGS, NEWSLETTER)):
            return kind  # "Powered by Wix", not a sentence about a battery
    if _COOKIE.search(key) and _COOKIE_CONTEXT.search(key) and words <= 60:
        return COOKIES
    if is_call_to_action(line):
        return CTA
    return None


def is_call_to_action(line: str) -> bool:
    """A line that only asks the reader to book or call ("Call us today at
    ..."), not advice that names a call ("Call your doctor if ...")."""
    text = junk_key(line)
    one_sentence = len(re.findall(r"[.!?](?:\s|$)", text)) <= 1 or text.startswith(
        ("ready to", "still ", "want to know")
    )
    return bool(_CTA.search(text)) and one_sentence and len(text.split()) <= 30


def maybe_promotion(line: str) -> bool:
    """A line that speaks of the clinic itself ("our team", "our clinic"):
    article text or promotion; kept, and listed for a person to decide."""
    return bool(_CLINIC.search(line)) or bool(_CTA.search(junk_key(line)))


def is_debris(line: str) -> bool:
    """Is this whole line web-page debris rather than article text?"""
    return kind_of(line) is not None


def is_end_marker(line: str) -> bool:
    """Does this line start the page's tail (comments, related posts)?"""
    return bool(_END_MARKERS.match(junk_key(line)))


def strip_glued_counter(text: str) -> str:
    """``text`` without a comment counter glued to its last sentence
    ("...your MRI!Komentarze6" -> "...your MRI!"), right-stripped."""
    return _GLUED.sub("", text).rstrip()


def picture_description(line: str) -> bool:
    """A picture's description pasted as a line of its own (a browser pastes
    an image's alt text): a short line that starts in lower case and ends
    without a stop ("injured ankle, physical therapy")."""
    text = line.strip()
    return (
        bool(re.match(r"[a-z]", text))
        and 2 <= len(text.split()) <= 12
        and not re.search(r"[.!?:;,]$", text)
    )


# An alt text glued to the sentence after it: "injured ankle, physical
# therapyEven if we...", "elevate-300x133Then have...".
_GLUED_PICTURE = re.compile(r"^([a-z][\w ,+'’-]{2,80}?[a-z0-9])(?=[A-Z][a-z]*\s)")


def glued_picture(line: str) -> tuple[str, str] | None:
    """(the picture's text, the line without it), or None."""
    m = _GLUED_PICTURE.match(line.strip())
    if not m:
        return None
    rest = line.strip()[m.end() :]
    if len(rest.split()) >= 4 or (len(rest.split()) >= 2 and len(m.group(1).split()) >= 2):
        return m.group(1), rest
    return None

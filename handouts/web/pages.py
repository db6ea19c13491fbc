"""The front desk's library and the therapist's discharge form.

The library's choices travel in the address (they are not personal); the
discharge form's only in a POST body, and its PDF is made in memory and
sent as a download, never stored, logged or cached.
"""

from __future__ import annotations

import base64
from urllib.parse import quote

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from ..errors import HandoutError
from ..render import content
from ..render.output import filename_part
from ..render.personal import personal
from ..render.request import LENGTHS, LEVELS, PAPERS
from . import cache, exercises, forms, jobs
from .language import LANGUAGE, N_, _, handout_languages
from .places import Unavailable
from .pool import RendererStopped
from .security import CSRF_COOKIE, csrf_ok, csrf_token, new_browser_id
from .views import error_page, html

LEVEL_WORDS = {
    "easy": N_("Easy (grade 6 or below)"),
    "standard": N_("Standard (about grade 8)"),
    "detailed": N_("Detailed (the article's own words)"),
}
LENGTH_WORDS = {
    "brief": N_("Brief (one page)"),
    "standard": N_("Standard (two pages at most)"),
    "full": N_("Full (the whole text)"),
}
VARIANTS = {
    "tagged": N_("Tagged PDF (default)"),
    "pdf/a-3b": N_("PDF/A-3b (archival)"),
    "pdf/ua-1": N_("PDF/UA-1 (accessible)"),
}


def articles(settings) -> list[dict]:
    """Each article's card: slug, title, author, the levels it has."""
    roots = content.content_roots(list(settings.content_dirs))
    out = []
    for slug in content.article_slugs(roots):
        try:
            art = content.find_article(slug, roots)
        except HandoutError as exc:
            out.append({"slug": slug, "title": slug, "error": str(exc), "levels": []})
            continue
        out.append(
            {
                "slug": slug,
                "title": art.title,
                "author": art.source.author,
                "levels": list(art.levels),
                "error": None,
                "languages": {lang: list(art.levels_in(lang)) for lang in art.languages},
            }
        )
    return out


def page_with_forms(request: Request, name: str, **context) -> Response:
    """A page with the choices every form offers (the places as their files
    are now, and the rows left out) and this browser's CSRF token (and its
    cookie, the first time)."""
    settings = request.app.state.settings
    browser = request.cookies.get(CSRF_COOKIE) or new_browser_id()
    response = html(
        name,
        settings=settings,
        places=settings.places.now(),
        levels=LEVELS,
        lengths=LENGTHS,
        papers=PAPERS,
        level_words=LEVEL_WORDS,
        length_words=LENGTH_WORDS,
        variants=VARIANTS,
        languages=handout_languages(),
        csrf=csrf_token(browser),
        **context,
    )
    if request.cookies.get(CSRF_COOKIE) != browser:
        response.set_cookie(
            CSRF_COOKIE,
            browser,
            httponly=True,
            samesite="strict",
            path="/",
            secure=settings.tls is not None,
        )
    return response


async def library(request: Request) -> Response:
    """The front desk's page: article cards, the choices, the preview."""
    return page_with_forms(
        request, "library.html.j2", page="library", articles=articles(request.app.state.settings)
    )


def problem(request: Request, status: int, message: str) -> Response:
    """An error as JSON for the page's script, as a page otherwise."""
    if request.headers.get("x-requested-with") == "fetch" or request.url.path.startswith("/api/"):
        return JSONResponse({"error": message}, status_code=status)
    return error_page(status, message)


async def attempt(request: Request, job, *args, **kwargs) -> tuple[bool, object]:
    """``job`` run in the pool: (True, its result), or (False, (status,
    message)) for its error."""
    try:
        return True, await request.app.state.renderer.run(job, *args, **kwargs)
    except HandoutError as exc:
        return False, (422, forms.say(exc))
    except RendererStopped as exc:
        return False, (
            503,
            _("The handout could not be made: {reason}. Nothing was saved; try again.").format(
                reason=exc
            ),
        )


async def rendered(request: Request, job, *args, **kwargs):
    """``job`` run in the pool; its error as a 4xx or 5xx response."""
    ok, made = await attempt(request, job, *args, **kwargs)
    return made if ok else problem(request, *made)


def data_uris(result: dict) -> list[str]:
    return [
        "data:image/png;base64," + base64.b64encode(png).decode("ascii") for png in result["images"]
    ]


def looks(request: Request) -> tuple:
    """What a handout's look is made from, as on disk now: every file under
    the templates' and styles' folders (the given ones and the bundled ones)."""
    return jobs.looks_stamp(request.app.state.config)


def chosen_place(request: Request, chosen: forms.Choice):
    """The place ``chosen`` names, as its files are now."""
    return request.app.state.settings.places.now().place(chosen.place)


async def library_handout(request: Request, chosen: forms.Choice):
    """The library's handout for ``chosen`` with its pages as images, from
    memory when the same was asked for since its files last changed (see
    :mod:`.cache`); a response when it cannot be made.

    It is kept under the choices and everything it is made from as it is on
    disk at this request: the location's brand as read now (see
    :mod:`.places`), every file of the article's folder, the templates and
    the styles. An edit anywhere in them is a new key at once, without
    waiting for the watcher."""
    state = request.app.state
    try:
        place = chosen_place(request, chosen)
    except HandoutError as exc:
        return problem(request, *answer_to(exc))
    roots = content.content_roots(list(state.settings.content_dirs))
    key = (
        chosen,
        place.digest,
        cache.article_stamp(roots, chosen.article),
        looks(request),
        state.watcher.generation,
    )
    ok, made = await state.handouts.get(
        key,
        lambda: attempt(
            request,
            jobs.handout_job,
            *chosen.args(),
            place.brand,
            images=True,
            **chosen.options(),
        ),
    )
    return made if ok else problem(request, *made)


def download_name(request: Request, name: str, place_id: str) -> str:
    """The CLI's file name for a handout, with the location's id at its end
    when the server has locations (``mri-back-pain-easy-brief-portsmouth.pdf``):
    the front desk of a chain cannot mix up two locations' downloads (a
    batch puts the id in the folder's name instead)."""
    if request.app.state.settings.places.locations_file is None:
        return name
    for suffix in (".fhir.json", ".pdf"):
        if name.endswith(suffix):
            return f"{name.removesuffix(suffix)}-{place_id}{suffix}"
    return f"{name}-{place_id}"


def answer_to(exc: HandoutError) -> tuple[int, str]:
    """A request's mistake (400), or a location its files cannot make now
    (422: the request was fine, a file is not)."""
    return (422 if isinstance(exc, Unavailable) else 400), forms.say(exc)


async def preview(request: Request) -> Response:
    """The library's preview: every page as an image, and what was made."""
    try:
        chosen = forms.choice(request.query_params, request.app.state.settings.places.now())
    except HandoutError as exc:
        return problem(request, *answer_to(exc))
    result = await library_handout(request, chosen)
    if isinstance(result, Response):
        return result
    return JSONResponse(
        {
            "pages": result["pages"],
            "grade": result["grade"],
            "readability": result["readability"],
            "filename": download_name(request, result["filename"], chosen.place),
            "images": data_uris(result),
        }
    )


def file_response(data: bytes, filename: str, media_type: str, download: bool) -> Response:
    """A PDF (or FHIR record), shown by the browser's own viewer or saved as
    ``filename``."""
    ascii_name = filename.encode("ascii", "replace").decode().replace('"', "")
    disposition = (
        f'{"attachment" if download else "inline"}; filename="{ascii_name}"; '
        f"filename*=UTF-8''{quote(filename)}"
    )
    return Response(data, media_type=media_type, headers={"content-disposition": disposition})


async def handout_pdf(request: Request) -> Response:
    """The library's PDF: ``download=1`` saves it under the CLI's default
    name; otherwise the browser shows it, ready for its print dialog."""
    try:
        chosen = forms.choice(request.query_params, request.app.state.settings.places.now())
    except HandoutError as exc:
        return problem(request, *answer_to(exc))
    result = await library_handout(request, chosen)
    if isinstance(result, Response):
        return result
    return file_response(
        result["pdf"],
        download_name(request, result["filename"], chosen.place),
        "application/pdf",
        request.query_params.get("download") == "1",
    )


async def thumbnail(request: Request) -> Response:
    """An article's first page, small, for its card, for the first place
    (kept, like a handout, until a file it is made from changes)."""
    state, slug = request.app.state, request.path_params["slug"]
    if not forms.SLUG.match(slug):
        return error_page(404, _("No such article."))
    roots = content.content_roots(list(state.settings.content_dirs))
    try:
        content.find_article(slug, roots)
        places = state.settings.places.now()
        place = places.all[0] if places.all else places.place(None)
    except HandoutError as exc:
        return error_page(404, forms.say(exc))
    key = ("thumbnail", slug, place.digest, cache.article_stamp(roots, slug), looks(request))
    ok, made = await state.thumbnails.get(
        key, lambda: attempt(request, jobs.thumbnail_job, slug, place.brand)
    )
    if not ok:
        return problem(request, *made)
    return Response(made, media_type="image/png")


def ui_language() -> str:
    """The language these pages are shown in."""
    return LANGUAGE.get()


async def discharge_form(request: Request) -> Response:
    """The therapist's form."""
    return page_with_forms(
        request,
        "discharge.html.j2",
        page="discharge",
        articles=articles(request.app.state.settings),
        note_limit=forms.NOTE_CHARS,
        exercise_library=exercises.offered(ui_language()),
        exercise_regions=exercises.regions(),
    )


async def _checked_form(request: Request):
    """The POSTed form, or a response refusing it (no CSRF token, too long)."""
    form = await request.form(max_files=0, max_fields=30)
    token = form.get("csrf")
    if not csrf_ok(request, token if isinstance(token, str) else None):
        return None, problem(
            request,
            403,
            _(
                "This form has expired or did not come from "
                "this page; reload the page and send it again."
            ),
        )
    return form, None


async def discharge(request: Request) -> Response:
    """The personalised PDF, made in memory and sent as a download."""
    form, refusal = await _checked_form(request)
    if refusal is not None:
        return refusal
    want_record = form.get("want") == "fhir"
    try:
        chosen = forms.choice(form, request.app.state.settings.places.now())
        asked = forms.discharge(form)
        fhir = forms.record(form) if want_record else {}
        place = chosen_place(request, chosen)
        program = exercises.chosen(form)  # the home exercises chosen, if any
    except HandoutError as exc:
        return problem(request, *answer_to(exc))
    job = jobs.record_job if want_record else jobs.handout_job
    more = {}
    if program is not None:  # the handout with its program after it, or the program alone
        job, more = exercises.program_job, {"program": program, "alone": exercises.only(form)}
        if want_record:
            more["patient_id"], more["bundle"] = fhir.pop("patient_id"), fhir.pop("bundle")
    result = await rendered(
        request,
        job,
        *chosen.args(),
        place.brand,
        **chosen.options(),
        patient=asked.patient,
        pdf_variant=asked.pdf_variant,
        **fhir,
        **more,
    )
    if isinstance(result, Response):
        return result
    name = download_name(request, result["filename"], chosen.place)
    if asked.name_in_file:
        name = f"{filename_part(asked.patient['patient']) or 'patient'}-{name}"
    if want_record:
        response = file_response(result["record"], name, "application/fhir+json", download=True)
    else:
        response = file_response(result["pdf"], name, "application/pdf", download=True)
    response.headers["x-handout-pages"] = str(result["pages"])
    if result["left_out"]:
        response.headers["x-handout-left-out"] = quote("; ".join(result["left_out"]))
    return response


async def note_preview(request: Request) -> Response:
    """The therapist's note as the handout will print it (Markdown; HTML
    prints as text)."""
    form, refusal = await _checked_form(request)
    if refusal is not None:
        return refusal
    try:
        note = forms.text_field(form, "note", forms.NOTE_CHARS)
        made = personal(note=note) if note.strip() else None
    except HandoutError as exc:
        return problem(request, 400, forms.say(exc))
    return JSONResponse({"html": str(made.note_html) if made else ""})

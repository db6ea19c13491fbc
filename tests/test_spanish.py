"""Handouts in Spanish: the bundled article's easy and standard levels with
every fixed word, date and brand field in Spanish, the page and PDF marked
`es`, the page limits on Letter and A4, Spanish readability on the PDF text,
and the bilingual waiting-room sheet."""

import io
import json
import re
import shutil

import pikepdf
import pytest

from handouts import render
from handouts.cli import main
from handouts.errors import HandoutError
from handouts.render import measures
from handouts.render.checks import pdf_page_count, pdf_text

from .conftest import REPO, build_error, one_line_error, pdftotext

_cache = {}


def spanish(level="easy", length="brief", paper="letter", language="es"):
    key = (level, length, paper, language)
    if key not in _cache:
        _cache[key] = render(
            "mri-back-pain", level=level, length=length, paper=paper, language=language
        )
    return _cache[key]


def flat(text: str) -> str:
    return " ".join(text.split())


ENGLISH_FIXED = (
    "Key points",
    "What you can do",
    "Questions?",
    "Call ",
    "right away if",
    "Page 1",
    "Adapted from",
    "Content version",
    "Scan to book",
)


@pytest.mark.parametrize("paper", ["letter", "a4"])
@pytest.mark.parametrize("level", ["easy", "standard"])
def test_spanish_brief_is_one_page_and_standard_two(level, paper):
    assert spanish(level, "brief", paper).pages == 1
    assert pdf_page_count(spanish(level, "brief", paper).pdf) == 1
    r = spanish(level, "standard", paper)
    assert r.pages == 2 and pdf_page_count(r.pdf) == 2


@pytest.mark.parametrize("level", ["easy", "standard"])
def test_every_fixed_word_is_spanish(level):
    text = flat(pdftotext(spanish(level, "standard").pdf))
    for words in (
        "Puntos clave",
        "Lo que usted puede hacer",
        "¿Preguntas?",
        "Llame al",
        "Busque atención",
        "de inmediato si",
        "Página 1 de 2",
        "Página 2 de 2",
        "Adaptado de",
        "Versión del contenido 1.0, revisada el 25 de noviembre de 2026",
        "Escanee para pedir una cita",
        "Muévase bien, viva bien",
    ):
        assert words in text, words
    for words in ENGLISH_FIXED:
        assert words not in text, words
    # the author of the page is credited on every handout, in every language
    assert "Dr. Erik Heinlein, PT, DPT" in text


def test_the_spanish_text_is_the_articles_spanish_level():
    text = flat(pdf_text(spanish("easy", "brief").pdf))
    assert "Su resonancia y su dolor de espalda" in text
    assert "Mucha gente sin dolor tiene estos mismos cambios" in text
    assert "No puede controlar cuándo orina" in text  # when to get care, in Spanish


def test_the_page_and_the_pdf_are_marked_spanish():
    r = spanish("standard", "brief")
    with pikepdf.open(io.BytesIO(r.pdf)) as pdf:
        assert str(pdf.Root.Lang) == "es"
        assert pdf.Root.MarkInfo.Marked
        title = str(pdf.docinfo["/Title"])
        assert title.startswith("Su resonancia")
        assert "Folleto para pacientes" in str(pdf.docinfo["/Subject"])


def test_the_logo_and_qr_code_are_described_in_spanish():
    from .conftest import struct_walk

    r = spanish("easy", "brief")
    with pikepdf.open(io.BytesIO(r.pdf)) as pdf:
        elems = []
        struct_walk(pdf.Root.StructTreeRoot, elems)
        alts = [str(e.get("/Alt")) for tag, e in elems if tag == "/Figure"]
    assert any(a.startswith("Logotipo de Summit Physical Therapy") for a in alts), alts
    assert any(a.startswith("Código QR: abre https://") for a in alts), alts


def test_dates_and_the_personal_block_in_spanish(tmp_path):
    r = render(
        level="easy",
        length="standard",
        language="es",
        personal=__import__("handouts.render.personal", fromlist=["personal"]).personal(
            patient="Ana Pérez",
            clinician="Sam Lee, PT",
            date="2026-11-20",
            note="Camine 20 minutos cada día.",
        ),
    )
    text = flat(pdf_text(r.pdf))
    assert "Preparado para Ana Pérez por Sam Lee, PT el 20 de noviembre de 2026" in text
    assert "Instrucciones de su terapeuta" in text and "Camine 20 minutos" in text


@pytest.mark.parametrize("level, floor", [("easy", 70), ("standard", 60)])
def test_spanish_readability_on_the_full_handouts_pdf_text(level, floor):
    r = render(level=level, length="full", language="es")
    figures = measures.measure(r.text, "es")  # the text extracted from the PDF
    assert figures["fernandez_huerta"] >= floor, figures
    assert 0 < figures["szigriszt_pazos"] <= 100
    assert r.readability["es"]["fernandez_huerta"] >= floor


@pytest.mark.parametrize("paper", ["letter", "a4"])
def test_the_bilingual_sheet_is_english_on_the_front_and_spanish_on_the_back(paper, tmp_path):
    r = spanish("easy", "brief", paper, language="en+es")
    assert r.pages == 2 and pdf_page_count(r.pdf) == 2
    front, back = (flat(pdftotext(r.pdf, "-f", str(n), "-l", str(n))) for n in (1, 2))
    assert "Key points" in front and "Puntos clave" not in front
    assert "Puntos clave" in back and "Key points" not in back
    for page in (front, back):  # the contact block on both sides
        assert "(555) 010-0199" in page and "12 Main Street" in page
        assert "Dr. Erik Heinlein" in page
    assert "en: Flesch-Kincaid grade" in r.summary()[0] and "Fernández-Huerta" in r.summary()[0]
    # the document is English; the back's tagged content is marked Spanish
    from .conftest import struct_walk

    with pikepdf.open(io.BytesIO(r.pdf)) as pdf:
        assert str(pdf.Root.Lang) == "en"
        back = pdf.pages[1].obj.objgen
        elems = []
        struct_walk(pdf.Root.StructTreeRoot, elems)
        on = {True: set(), False: set()}
        for tag, e in elems:
            if "/Pg" in e:
                on[e.Pg.objgen == back].add(str(e.get("/Lang", "")))
    assert on[True] == {"es"} and on[False] == {""}, on


def test_the_bilingual_sheet_from_the_command_line(runner, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(
        main, ["build", "--level", "standard", "--length", "brief", "--language", "en+es"]
    )
    assert result.exit_code == 0, result.output
    assert pdf_page_count((tmp_path / "mri-back-pain-standard-brief-en-es.pdf").read_bytes()) == 2
    build_error(
        runner,
        tmp_path,
        ["--language", "en+es", "--length", "standard"],
        "--language",
        "bilingual",
        "--length brief",
    )


def test_build_in_spanish_names_the_file_and_reports_spanish_formulas(
    runner, tmp_path, monkeypatch
):
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(main, ["build", "--level", "easy", "--language", "es"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "mri-back-pain-easy-standard-es.pdf").is_file()
    assert "Fernández-Huerta" in result.output and "reading grade" not in result.output
    assert "pending review by a qualified medical translator" in result.output
    english = runner.invoke(main, ["build", "--level", "easy", "--length", "brief"])
    assert "medical translator" not in english.output  # only the Spanish text awaits it


def test_brand_fields_per_language(tmp_path, brand_dir):
    brand = brand_dir / "brand.yaml"
    brand.write_text(
        brand.read_text().replace(
            "name: Summit Physical Therapy\n", "name: {en: Summit PT, es: Summit Fisioterapia}\n"
        )
    )
    es = flat(pdf_text(render(level="easy", length="brief", brand=brand, language="es").pdf))
    en = flat(pdf_text(render(level="easy", length="brief", brand=brand).pdf))
    assert "Summit Fisioterapia" in es and "Summit PT" not in es
    assert "Summit PT" in en and "Fisioterapia" not in en
    # a plain string serves every language
    assert "12 Main Street" in es and "12 Main Street" in en


def test_a_brand_field_without_the_language_is_an_error(runner, tmp_path, brand_dir):
    brand = brand_dir / "brand.yaml"
    brand.write_text(
        brand.read_text().replace("  es: Muévase bien, viva bien", "  fr: Bougez bien")
    )
    build_error(
        runner,
        tmp_path,
        ["--brand", str(brand), "--language", "es"],
        str(brand),
        "tagline",
        "no 'es' value",
        "en, fr",
    )
    brand.write_text("name: {en: X, es: ''}\n")
    build_error(runner, tmp_path, ["--brand", str(brand)], str(brand), "name", "required")


def test_a_cjk_clinic_name_keeps_its_own_language_on_a_spanish_handout(tmp_path, brand_dir):
    brand = brand_dir / "brand.yaml"
    brand.write_text(
        brand.read_text().replace(
            "name: Summit Physical Therapy\n", "name: リバーサイド理学療法\nlang: ja\n"
        )
    )
    r = render(level="easy", length="brief", brand=brand, language="es")
    with pikepdf.open(io.BytesIO(r.pdf)) as pdf:
        assert str(pdf.Root.Lang) == "es"
        fonts = {str(f.BaseFont) for f in pdf.pages[0].Resources.Font.values()}
    # lang="ja" on the clinic's fields: Japanese glyph forms, not the Chinese ones
    assert any("CJK-JP" in f for f in fonts) and not any("CJK-SC" in f for f in fonts), fonts
    assert "リバーサイド理学療法" in pdf_text(r.pdf) and "Puntos clave" in pdf_text(r.pdf)


def test_an_arabic_clinic_name_on_a_spanish_handout(tmp_path, brand_dir):
    from handouts.render import api, context, template
    from handouts.render.request import RenderRequest

    brand = brand_dir / "brand.yaml"
    brand.write_text(
        brand.read_text().replace(
            "name: Summit Physical Therapy\n", "name: عيادة العلاج الطبيعي\nlang: ar\n"
        )
    )
    request = RenderRequest(level="easy", length="brief", brand=brand, language="es")
    html = template.render_html(context.build(api._read_inputs(request, "es"), numbered=False))
    assert '<html lang="es">' in html
    assert re.search(
        r'<p class="clinic-name"[^>]* lang="ar" dir="rtl">عيادة العلاج الطبيعي</p>', html
    )
    r = render(level="easy", length="brief", brand=brand, language="es")
    assert r.pages == 1 and "العلاج" in pdf_text(r.pdf)


@pytest.mark.parametrize(
    "value, words",
    [
        ("xx-nonsense", "unknown language 'xx-nonsense'"),
        ("fr", "locales/fr/LC_MESSAGES/messages.po"),
    ],
)
def test_a_language_handouts_cannot_print(runner, tmp_path, value, words):
    build_error(runner, tmp_path, ["--language", value], "--language", words)


def _article_copy(tmp_path, languages="[en]"):
    root = tmp_path / "content"
    shutil.copytree(REPO / "content" / "mri-back-pain", root / "mri-back-pain")
    art = root / "mri-back-pain"
    yaml = art / "article.yaml"
    yaml.write_text(yaml.read_text().replace("languages: [en, es]", f"languages: {languages}"))
    return root, art


def test_a_language_the_article_lacks_says_which_exist_and_which_file_to_write(runner, tmp_path):
    root, art = _article_copy(tmp_path)
    for p in art.glob("*.es.md"):
        p.unlink()
    message = build_error(
        runner,
        tmp_path,
        ["--content-dir", str(root), "--language", "es"],
        "--language",
        "has no 'standard' level in 'es'",
        "it has en: easy, standard, detailed",
        str(art / "standard.es.md"),
        "add es to languages",
    )
    message = build_error(
        runner,
        tmp_path,
        ["--level", "detailed", "--language", "es"],
        "--language",
        "it has en: easy, standard, detailed; es: easy, standard",
        "detailed.es.md",
    )


def test_level_files_must_match_the_languages_listed(runner, tmp_path):
    root, art = _article_copy(tmp_path)  # lists only en, but easy.es.md is there
    build_error(
        runner,
        tmp_path,
        ["--content-dir", str(root)],
        str(art / "easy.es.md"),
        "languages",
        "does not list",
    )
    root, art = _article_copy(tmp_path / "b", "[en, es, fr]")
    build_error(
        runner,
        tmp_path,
        ["--content-dir", str(root)],
        "article.yaml",
        "languages",
        "'fr'",
        "easy.fr.md",
    )


def test_a_broken_catalog_from_the_command_line(runner, tmp_path, monkeypatch):
    from handouts.render import i18n

    root = tmp_path / "locales"
    shutil.copytree(REPO / "locales", root)
    po = i18n.catalog_file("es", root)
    po.write_text(po.read_text().replace('msgstr "Puntos clave"', 'msgstr "Puntos clave'))
    monkeypatch.setattr(i18n, "locales_dir", lambda: root)
    build_error(runner, tmp_path, ["--language", "es"], str(po), "line ")


def test_list_and_check_show_the_languages(runner):
    listed = runner.invoke(main, ["list"]).output
    assert "languages: en (easy, standard, detailed); es (easy, standard)" in listed
    result = runner.invoke(main, ["check", "mri-back-pain", "--json"])
    data = json.loads(result.output)
    art = data["articles"][0]
    assert art["languages"] == ["en", "es"]
    spanish_levels = {lv["level"]: lv for lv in art["levels"] if lv["language"] == "es"}
    assert set(spanish_levels) == {"easy", "standard"}
    for level, floor in (("easy", 70), ("standard", 60)):
        figures = {f["formula"]: f for f in spanish_levels[level]["readability"]}
        assert figures["fernandez_huerta"]["name"] == "Fernández-Huerta"
        assert figures["fernandez_huerta"]["target"] == f">= {floor}"
        assert figures["fernandez_huerta"]["value"] >= floor
        assert "szigriszt_pazos" in figures and spanish_levels[level]["passed"] is True
    english = [lv for lv in art["levels"] if lv["language"] == "en"]
    assert {f["formula"] for f in english[0]["readability"]} == {
        "flesch_kincaid_grade",
        "smog_index",
    }
    text = runner.invoke(main, ["check", "mri-back-pain"]).output
    assert "level (es)" in text and "F-Huerta" in text and "Fernández-Huerta" in text


def test_batch_in_several_languages(chain, tmp_path):
    from handouts.batch.run import run_batch

    out = tmp_path / "out"
    r = run_batch(
        chain / "brand.yaml",
        chain / "locations.csv",
        out,
        levels="easy,detailed",
        lengths="brief",
        languages="en,es,en+es",
        jobs=2,
    )
    assert not r.failed
    for name in (
        "mri-back-pain-easy-brief.pdf",
        "mri-back-pain-easy-brief-es.pdf",
        "mri-back-pain-easy-brief-en-es.pdf",
    ):
        assert (out / "main-street" / name).is_file(), name
    assert not (out / "main-street" / "mri-back-pain-detailed-brief-es.pdf").exists()
    assert any("no detailed level in es" in n and "detailed.es.md" in n for n in r.notes)
    spanish = pdf_text((out / "main-street" / "mri-back-pain-easy-brief-es.pdf").read_bytes())
    assert "Puntos clave" in spanish
    entries = json.loads((out / "manifest.json").read_text())["handouts"]
    es = [e for e in entries if e.get("language") == "es"]
    assert es and es[0]["readability"]["es"]["fernandez_huerta"] >= 70 and es[0]["grade"] is None
    again = run_batch(
        chain / "brand.yaml",
        chain / "locations.csv",
        out,
        levels="easy,detailed",
        lengths="brief",
        languages="en,es,en+es",
        jobs=2,
    )
    assert again.rendered == 0  # incremental in every language
    with pytest.raises(HandoutError, match="^languages: unknown language 'klingon'"):
        run_batch(chain / "brand.yaml", chain / "locations.csv", out, languages="en,klingon")

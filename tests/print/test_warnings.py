"""WeasyPrint warnings: a broken edition stops the build, a machine notice does not."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from voces_plugins.editions import pdf


def _warn(message, *args):
    logging.getLogger("weasyprint").warning(message, *args)


@pytest.mark.parametrize(
    "message",
    [
        "Failed to load image at 'file:///x/dibujo.jpg': No such file",
        'Failed to load font at "file:///x/atkinson.woff2"',
        "Ignored `hyphenat: auto` at 12:3, unknown property.",
        "Anything WeasyPrint says that we do not know",
    ],
)
def test_a_warning_that_means_a_broken_edition_stops_the_render(message):
    with (
        pytest.raises(pdf.RenderProblem) as info,
        pdf.weasyprint_warnings_fail("ediciones/01.md (voces-01.pdf)"),
    ):
        _warn(message)
    text = str(info.value)
    assert "ediciones/01.md" in text and message.split("'")[0][:20] in text
    assert "WeasyPrint avisó" in text and "WeasyPrint warned" in text


def test_the_harfbuzz_subset_notice_is_not_a_failure_and_says_how_to_install(caplog):
    caplog.set_level(logging.INFO)
    with pdf.weasyprint_warnings_fail("ediciones/01.md"):
        _warn(
            'Using fontTools instead of HarfBuzz-Subset for font "%s". This will be '
            "unsupported in future versions of WeasyPrint.",
            "Atkinson Hyperlegible",
        )
    assert not [r for r in caplog.records if r.levelno >= logging.WARNING]
    advice = [r.getMessage() for r in caplog.records if "HarfBuzz-Subset" in r.getMessage()]
    assert len(advice) == 1 and "libharfbuzz-subset0" in advice[0]


def test_machine_notes_name_the_package_when_harfbuzz_subset_is_missing(monkeypatch):
    from weasyprint.text import ffi

    monkeypatch.setattr(ffi, "harfbuzz_subset", None)
    notes = pdf.machine_notes()
    assert notes and "sudo apt install libharfbuzz-subset0" in notes[0]


def test_voces_revisar_says_how_to_install_harfbuzz_subset(monkeypatch, capsys):
    from weasyprint.text import ffi

    from voces.commands.revisar import print_machine_notes

    monkeypatch.setattr(ffi, "harfbuzz_subset", None)
    print_machine_notes()
    said = capsys.readouterr().out
    assert "About this computer" in said and "libharfbuzz-subset0" in said


def test_loading_the_plugins_and_the_machine_notes_import_no_weasyprint():
    """Importing WeasyPrint costs about a second: paid only when a PDF is made, never
    by ``voces revisar`` nor by a build that makes no PDF; the machine notes still tell
    a missing HarfBuzz-Subset (found the way WeasyPrint looks for it)."""
    import subprocess
    import sys

    program = """
import importlib, sys
from pelicanconf import PLUGINS
for name in PLUGINS:
    importlib.import_module(name)
import voces.commands.revisar
from voces_plugins.editions import pdf
found = pdf.machine_notes()
names, pdf.HARFBUZZ_SUBSET_NAMES = pdf.HARFBUZZ_SUBSET_NAMES, ("libvoces-no-existe",)
missing = pdf.machine_notes()
pdf.HARFBUZZ_SUBSET_NAMES = names
print("weasyprint" in sys.modules, bool(missing) and "libharfbuzz-subset0" in missing[0])
import weasyprint.text.ffi  # now WeasyPrint answers: the same notes
print(found == pdf.machine_notes())
"""
    root = Path(__file__).resolve().parents[2]
    said = subprocess.run(
        [sys.executable, "-c", program], cwd=root, capture_output=True, text=True, check=True
    ).stdout.split("\n")
    assert said[:2] == ["False True", "True"], said

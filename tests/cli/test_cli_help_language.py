"""The command line's help and argparse's own refusals read in the language asked for with
``--language``: the language is known before the parser is built."""

from __future__ import annotations

import argparse

import pytest

from workbook import cli, i18n


def _run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    capsys.readouterr()
    with pytest.raises(SystemExit) as done:
        cli.main(args)
    out, err = capsys.readouterr()
    return int(done.value.code or 0), out, err


def test_cli_help_in_spanish(capsys):
    """``workbook --language es export --help``: argparse's words and the command's help
    in Spanish; afterwards argparse speaks as before (English)."""
    code, out, _ = _run(["--language", "es", "export", "--help"], capsys)
    assert code == 0
    assert out.startswith("uso: workbook export")
    assert "opciones:" in out and "argumentos posicionales:" in out
    assert "mostrar esta ayuda y salir" in out
    assert "carpeta donde escribir en lugar de exports/" in out
    assert "folder to write under" not in out and "usage:" not in out
    code, out, _ = _run(["export", "--language=es", "--help"], capsys)
    assert "Escribe el resumen de una reunión" in " ".join(out.split())
    assert argparse._("usage: ") == "usage: "  # type: ignore[attr-defined]
    code, out, _ = _run(["export", "--help"], capsys)
    assert out.startswith("usage: workbook export") and "folder to write under" in out


def test_cli_help_of_the_program_in_spanish(capsys):
    """``workbook --language es --help`` lists the commands with Spanish summaries."""
    code, out, _ = _run(["--language", "es", "--help"], capsys)
    assert code == 0 and out.startswith("uso: workbook")
    assert "escribir el cuaderno de trabajo de demostración" in out


def test_cli_refusals_of_argparse_in_spanish(capsys):
    """A missing argument, a wrong choice and an unknown option are refused in Spanish."""
    code, out, err = _run(["import-json", "--language", "es"], capsys)
    assert code == 2 and out == ""
    assert err.splitlines()[0].startswith("uso: workbook import-json")
    assert err.splitlines()[-1] == ("workbook import-json: error: faltan estos argumentos "
                                    "obligatorios: IN.json")
    code, _, err = _run(["export", "--language", "es", "--edition", "todo"], capsys)
    assert "argumento --edition: opción no válida: 'todo' (elija entre" in err
    code, _, err = _run(["info", "--language", "es", "--pronto"], capsys)
    assert err.splitlines()[-1] == "workbook: error: argumentos no reconocidos: --pronto"
    code, _, err = _run(["import-json"], capsys)
    assert "the following arguments are required: IN.json" in err


def test_cli_language_asked_before_parsing():
    """The language is read from the arguments as argparse will read it (the last one
    counts); an unknown code is left for argparse to refuse."""
    assert cli.language_asked(["export", "--language", "es-MX"]) == "es"
    assert cli.language_asked(["export", "--language=en", "--language", "es"]) == "es"
    assert cli.language_asked(["export", "--language", "xx"]) is None
    assert cli.language_asked(["export", "--", "--language", "es"]) is None
    assert cli.language_asked(["export"]) is None
    assert i18n.current_language() == "en"


def test_cli_every_help_page_formats_in_spanish(capsys):
    """Every command's help formats in Spanish (argparse fills ``%(default)s`` in the
    translated text: a stray % in a translation would break it) and reads "uso:"."""
    for name in [*cli.FAMILY_OF, "db init"]:
        code, out, err = _run([*name.split(), "--language", "es", "--help"], capsys)
        assert code == 0 and out.startswith("uso: workbook"), (name, err)


def test_cli_language_before_the_command_is_the_commands(demo_path, tmp_path, capsys):
    """``workbook --language es export``: the command runs as with its own --language
    (one Spanish summary, not one per language of the partnership)."""
    assert cli.main(["--language", "es", "export", str(demo_path), "--out",
                     str(tmp_path)]) == 0
    written = [p.name for p in tmp_path.rglob("*.html")]
    assert len(written) == 1 and written[0].endswith(".es.html"), written


def test_cli_argparse_words_are_ours_only_in_the_thread_that_asks():
    """While one thread parses in Spanish, another thread's parser keeps argparse's own
    English words, and when both are done argparse speaks as before: nothing is swapped
    in and out that a second thread could leave behind."""
    import threading

    inside, outside = threading.Event(), threading.Event()
    seen: dict[str, str] = {}

    def spanish() -> None:
        with i18n.use_language("es"), cli.argparse_speaks_our_language():
            seen["inside, before"] = argparse._("usage: ")  # type: ignore[attr-defined]
            inside.set()
            outside.wait(10)
            seen["inside, after"] = argparse._("usage: ")  # type: ignore[attr-defined]

    def english() -> None:
        inside.wait(10)
        with i18n.use_language("es"):  # a language, but no block: argparse's own words
            seen["other thread"] = argparse.ArgumentParser(prog="x").format_usage()
        outside.set()

    threads = [threading.Thread(target=spanish), threading.Thread(target=english)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(20)
    assert seen == {"inside, before": "uso: ", "inside, after": "uso: ",
                    "other thread": "usage: x [-h]\n"}
    assert argparse._("usage: ") == "usage: "  # type: ignore[attr-defined]

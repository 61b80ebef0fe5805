"""``flask --app wsgi export``: writes the file; bad arguments are clear click errors."""
import json

from dialogues.exports.cli import export_command

from .conftest import ADOPTED_TITLE, OPEN_TITLE


def _run(app, *args):
    return app.test_cli_runner().invoke(export_command, [str(a) for a in args])


def test_cli_writes_json_with_all_recommendations(app, outcome, tmp_path):
    out = tmp_path / "outcome.json"
    result = _run(app, outcome.dialogue.id, "--format", "json", "--out", out, "--language", "en", "--all")
    assert result.exit_code == 0, result.output
    titles = [r["title"] for r in json.loads(out.read_text())["recommendations"]]
    assert titles[0] == ADOPTED_TITLE and OPEN_TITLE in titles


def test_cli_writes_the_participant_csv(app, outcome, tmp_path):
    out = tmp_path / "people.csv"
    assert _run(app, outcome.dialogue.id, "--format", "csv", "--table", "participants", "--out", out).exit_code == 0
    assert "Teodoro Condori" in out.read_text(encoding="utf-8-sig")


def test_cli_bad_arguments_are_clear_errors(app, outcome, tmp_path):
    cases = [
        ([999999, "--format", "md", "--out", tmp_path / "x.md"], "This dialogue does not exist."),
        ([outcome.dialogue.id, "--format", "odt", "--out", tmp_path / "x"], "Invalid value for '--format'"),
        ([outcome.dialogue.id, "--format", "csv", "--out", tmp_path / "x.csv"], "--table is required"),
        ([outcome.dialogue.id, "--format", "md", "--out", tmp_path / "missing" / "x.md"], "does not exist"),
        ([outcome.dialogue.id, "--format", "md", "--language", "xx", "--out", tmp_path / "x.md"], "'--language'"),
    ]
    for args, message in cases:
        result = _run(app, *args)
        assert result.exit_code != 0 and message in result.output, (args, result.output)
        assert "Traceback" not in result.output

"""The "Add a paper" issue form: generated from the data, and the bodies GitHub makes from it."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from rsitr_list.add.issue_form import LABELS, FormProblems, parse_issue, render_form
from rsitr_list.cli import main
from rsitr_list.pipeline import load_catalog
from rsitr_list.settings import load_settings
from test_add import Api, api, files_of, paper, project  # noqa: F401 - the loopback fixtures

ROOT = Path(__file__).resolve().parents[1]
FORMS = ROOT / ".github" / "ISSUE_TEMPLATE"


def body(**values: str) -> str:
    """An issue body exactly as GitHub writes it for the form: `### Label`, a blank line, the value."""
    fields = {
        "DOI or arXiv id": "10.5555/icip.2024.0042",
        "Category": "Open-Domain Method (open-domain)",
        "Method name": "_No response_",
        "Official code repository": "_No response_",
        "Project page, model or data release": "_No response_",
        "Datasets evaluated on": "_No response_",
        "Venue": "Detect it from the DOI or arXiv id",
        "Note for the maintainers": "_No response_",
    }
    fields.update(values)
    parts = [f"### {label}\n\n{value}" for label, value in fields.items()]
    parts.append("### Before you submit\n\n- [X] I searched the list and this paper is not in it yet.")
    return "\n\n".join(parts)


@pytest.fixture(scope="module")
def catalog():
    loaded = load_catalog(load_settings(ROOT / "tests" / "fixtures" / "add" / "project"))
    assert loaded.ok
    return loaded.catalog


def test_the_committed_form_matches_the_data() -> None:
    """Fails when a category, venue or dataset is added without `rsitr-list forms`."""
    loaded = load_catalog(load_settings(ROOT))
    assert (FORMS / "add-paper.yml").read_text(encoding="utf-8") == render_form(loaded.catalog), (
        "run `rsitr-list forms`"
    )
    result = CliRunner().invoke(main, ["--root", str(ROOT), "forms", "--check"])
    assert result.exit_code == 0, result.output


def test_every_form_is_a_valid_issue_form() -> None:
    for path in sorted(FORMS.glob("*.yml")):
        form = yaml.safe_load(path.read_text(encoding="utf-8"))
        if path.name == "config.yml":
            continue
        assert {"name", "description", "body"} <= set(form), path.name
        ids = [b["id"] for b in form["body"] if "id" in b]
        assert len(ids) == len(set(ids)), path.name
        for block in form["body"]:
            assert block["type"] in {"markdown", "input", "textarea", "dropdown", "checkboxes"}
            if block["type"] == "dropdown":
                options = block["attributes"]["options"]
                assert options and len(options) == len(set(options))


def test_form_labels_are_the_ones_the_parser_reads(catalog) -> None:
    form = yaml.safe_load(render_form(catalog))
    labels = [b["attributes"]["label"] for b in form["body"] if b["type"] != "markdown"]
    assert labels[:-1] == list(LABELS)
    assert [line[4:] for line in body().splitlines() if line.startswith("### ")][:-1] == list(LABELS)


def test_a_full_body_with_every_choice(catalog) -> None:
    req = parse_issue(
        body(
            **{
                "DOI or arXiv id": "https://arxiv.org/abs/2401.01234v2",
                "Category": "Hashing Method (hashing)",
                "Method name": "SkyPrompt",
                "Official code repository": "https://github.com/example/skyprompt",
                "Datasets evaluated on": "RSICD (rsicd), RSITMD (rsitmd)",
                "Venue": "arXiv preprint (arxiv)",
            }
        ),
        catalog,
    )
    assert str(req.identifier) == "arxiv:2401.01234v2"
    c = req.choices
    assert (c.category, c.method, c.code, c.datasets, c.venue) == (
        "hashing",
        "SkyPrompt",
        "https://github.com/example/skyprompt",
        ["rsicd", "rsitmd"],
        "arxiv",
    )


def test_no_response_means_empty(catalog) -> None:
    c = parse_issue(body(), catalog).choices
    assert (c.method, c.code, c.project, c.datasets, c.venue) == (None, None, None, [], None)


def test_crlf_bodies_parse_too(catalog) -> None:
    assert parse_issue(body(**{"Method name": "PIR"}).replace("\n", "\r\n"), catalog).choices.method == "PIR"


@pytest.mark.parametrize(
    "values, needle",
    [
        ({"DOI or arXiv id": "_No response_"}, "'DOI or arXiv id' is empty"),
        ({"DOI or arXiv id": "see https://ieeexplore.ieee.org/document/1"}, "'DOI or arXiv id'"),
        ({"Category": "Everything (all)"}, "'Category' must be one of"),
        ({"Category": "_No response_"}, "'Category' is empty"),
        ({"Method name": "**Bold** [x](javascript:alert(1))"}, "'Method name' should be a short name"),
        ({"Method name": "PIR\nid: evil-2024"}, "'Method name' should be a single short line"),
        ({"Official code repository": "javascript:alert(1)"}, "should be one https:// link"),
        ({"Datasets evaluated on": "RSICD (rsicd), Evil (../../etc)"}, "only the form's choices"),
        ({"Venue": "Nature (nature)"}, "'Venue' must be one of the form's choices"),
    ],
)
def test_each_problem_is_named(catalog, values: dict[str, str], needle: str) -> None:
    with pytest.raises(FormProblems) as e:
        parse_issue(body(**values), catalog)
    assert any(needle in p for p in e.value.problems), e.value.problems


def test_every_problem_in_one_run(catalog) -> None:
    with pytest.raises(FormProblems) as e:
        parse_issue(
            body(
                **{
                    "DOI or arXiv id": "_No response_",
                    "Category": "_No response_",
                    "Official code repository": "ftp://x",
                }
            ),
            catalog,
        )
    assert len(e.value.problems) == 3


def test_a_value_smuggling_a_second_heading_is_refused(catalog) -> None:
    hostile = body(**{"Note for the maintainers": "fine\n\n### Category\n\nHashing Method (hashing)"})
    with pytest.raises(FormProblems) as e:
        parse_issue(hostile, catalog)
    assert any("appears twice" in p for p in e.value.problems)


def test_huge_and_binary_bodies_do_not_break_anything(catalog) -> None:
    with pytest.raises(FormProblems) as e:
        parse_issue("### DOI or arXiv id\n\n" + "x" * 100_000, catalog)
    assert "longer than" in e.value.problems[0]
    with pytest.raises(FormProblems):
        parse_issue("\x00\x01### \ufeff" * 1000, catalog)
    with pytest.raises(FormProblems):
        parse_issue("", catalog)


def test_yaml_text_in_a_note_never_reaches_the_record(project: Path) -> None:  # noqa: F811
    issue = project / "issue.md"
    issue.write_text(
        body(
            **{
                "Method name": "SparseP",
                "Note for the maintainers": "id: evil\n!!python/object:os.system ['rm -rf /']\n{{ 7*7 }} <script>x</script>",
            }
        ),
        encoding="utf-8",
    )
    report = project.parent / "report.md"
    result = CliRunner().invoke(
        main,
        ["--root", str(project), "add", "--from-issue", str(issue), "--report", str(report)],
        catch_exceptions=False,
    )
    assert result.exit_code == 0, result.output
    rec = paper(project, "sparsep-2024")
    assert rec["method"] == "SparseP" and rec["category"] == "open-domain"
    assert "evil" not in (project / "data/papers/sparsep-2024.yaml").read_text(encoding="utf-8")
    text = report.read_text(encoding="utf-8")
    assert "Thank you!" in text and "```yaml\n# yaml-language-server" in text


def test_from_issue_reports_each_problem_politely_and_writes_no_record(project: Path, api: Api) -> None:  # noqa: F811
    issue = project.parent / "issue.md"
    issue.write_text(
        body(**{"Category": "_No response_", "Method name": "``` @maintainer [pwn](https://evil.example)"}),
        encoding="utf-8",
    )
    report = project.parent / "report.md"
    before = files_of(project)
    result = CliRunner().invoke(
        main,
        ["--root", str(project), "add", "--from-issue", str(issue), "--report", str(report)],
        catch_exceptions=False,
    )
    assert result.exit_code == 1
    assert "error: 'Category' is empty" in result.stderr
    assert files_of(project) == before and api.requests == []
    text = report.read_text(encoding="utf-8")
    assert text.startswith("Thank you for suggesting a paper!")
    # The contributor's text is not echoed into the bot's comment (no mentions, no links).
    assert "@maintainer" not in text and "evil.example" not in text


def test_from_issue_duplicate_names_the_record(project: Path) -> None:  # noqa: F811
    issue = project.parent / "issue.md"
    issue.write_text(body(**{"DOI or arXiv id": "https://doi.org/10.1109/TGRS.2024.3390838"}), encoding="utf-8")
    result = CliRunner().invoke(
        main, ["--root", str(project), "add", "--from-issue", str(issue)], catch_exceptions=False
    )
    assert result.exit_code == 1 and "remoteclip-2024" in result.stderr

"""One rule, one test: every validation rule has a fixture project that breaks only that rule.

tests/fixtures/rules/<rule-id>/ is a complete project root (a data/ tree) and
expected.txt holds the exact stderr of `rsitr-list --root <folder> validate`.
Each project is copied to tmp_path first, because validating writes the parse cache.

To add a rule's folder: copy tests/fixtures/minimal, make the one mistake, then write
expected.txt from `rsitr-list --root <copy> validate 2> expected.txt` and read it
through: the test pins whatever it says. Outputs that depend on the date are written
for conftest.TODAY.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from rsitr_list import rules
from rsitr_list.cli import main
from rsitr_list.field_errors import FIELD_RULES

FIXTURES = Path(__file__).resolve().parent / "fixtures"
RULE_DIRS = sorted(p for p in (FIXTURES / "rules").iterdir() if p.is_dir())
# A warning rule's fixture validates (exit 0) and builds; tests/test_results_rules.py runs those.
WARNING_RULES = {m.RULE for m in rules.RULES if getattr(m, "SEVERITY", "error") == "warning"}
ERROR_RULE_DIRS = [p for p in RULE_DIRS if p.name not in WARNING_RULES]
CACHE = ".cache"


def run_cli(*args: object) -> Result:
    """`rsitr-list ARGS` in-process (so the fixed clock applies), stdout and stderr apart."""
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


def files_of(root: Path) -> dict[str, bytes]:
    """Every file under root except the parse cache, which validating may write."""
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and CACHE not in p.relative_to(root).parts
    }


def known_rule_ids() -> set[str]:
    return set(FIELD_RULES) | {module.RULE for module in rules.RULES}


@pytest.mark.parametrize("fixture", ERROR_RULE_DIRS, ids=[p.name for p in ERROR_RULE_DIRS])
def test_rule_fixture_prints_exactly_the_expected_diagnostics(
    fixture: Path, make_project: Callable[..., Path], fixed_today
) -> None:
    expected = (fixture / "expected.txt").read_text(encoding="utf-8")
    project = make_project(fixture)
    before = files_of(project)

    result = run_cli("--root", project, "validate")
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == expected

    # The second run reads every document from the parse cache, errors included.
    assert (project / CACHE / "rsitr-list" / "parsed.json").is_file()
    again = run_cli("--root", project, "validate")
    assert (again.exit_code, again.stdout, again.stderr) == (1, "", expected)

    # build stops at the same diagnostics and writes nothing (no README.md, no schema/).
    built = run_cli("--root", project, "build")
    assert (built.exit_code, built.stdout, built.stderr) == (1, "", expected)
    assert files_of(project) == before


@pytest.mark.parametrize("fixture", ERROR_RULE_DIRS, ids=[p.name for p in ERROR_RULE_DIRS])
def test_rule_fixture_breaks_only_its_own_rule(fixture: Path) -> None:
    expected = (fixture / "expected.txt").read_text(encoding="utf-8")
    found = re.findall(r"^\S+: error\[([a-z0-9-]+)\]", expected, re.M)
    assert set(found) == {fixture.name}
    n = len(found)
    assert expected.endswith(f"validation failed: {n} error{'s' * (n != 1)}, 0 warnings\n")


def test_every_rule_has_a_fixture_folder() -> None:
    # rules.RULES is read at run time, so rules added later (result_*.py ...) are required too.
    assert known_rule_ids() - {p.name for p in RULE_DIRS} == set()


def test_every_fixture_folder_is_a_known_rule() -> None:
    assert {p.name for p in RULE_DIRS} - known_rule_ids() == set()


def test_every_fixture_folder_has_expected_output() -> None:
    assert [p.name for p in RULE_DIRS if not (p / "expected.txt").is_file()] == []


def test_minimal_project_is_valid(make_project: Callable[..., Path], fixed_today) -> None:
    # Every rule fixture is this project plus one mistake, so it must itself be clean.
    result = run_cli("--root", make_project(), "validate")
    assert (result.exit_code, result.stdout, result.stderr) == (0, "ok: 1 papers, 1 datasets, 0 results\n", "")


# --- hints ---------------------------------------------------------------------------

PAPER = "data/papers/alpha-2023.yaml"
DATASET = "data/datasets/rsitmd.yaml"


def edit(project: Path, rel: str, old: str, new: str) -> None:
    path = project / rel
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} must occur once in {rel}"
    path.write_text(text.replace(old, new), encoding="utf-8")


def validate_stderr(project: Path) -> str:
    result = run_cli("--root", project, "validate")
    assert (result.exit_code, result.stdout) == (1, "")
    return result.stderr


@pytest.mark.parametrize(
    "rel, old, new, expected",
    [
        pytest.param(
            PAPER,
            "category: closed-domain",
            "category: closed-domian",
            "data/papers/alpha-2023.yaml:8:1: error[unknown-category] category: 'closed-domian' is not one of: "
            "closed-domain, open-domain, hashing\n"
            "  hint: did you mean `closed-domain`?\n",
            id="category-typo",
        ),
        pytest.param(
            PAPER,
            "datasets: [rsitmd]",
            "datasets: [rsitd]",
            "data/papers/alpha-2023.yaml:15:12: error[unknown-reference] datasets[0]: no dataset has the id 'rsitd'\n"
            "  hint: did you mean `rsitmd`?\n",
            id="dataset-id-typo",
        ),
        pytest.param(
            PAPER,
            "title:",
            "titel:",
            "data/papers/alpha-2023.yaml:1:1: error[missing-field] title: required field is missing\n"
            "  hint: add `title:` to this record\n"
            "data/papers/alpha-2023.yaml:2:1: error[unknown-field] titel: unknown field\n"
            "  hint: did you mean `title`?\n",
            id="field-name-typo",
        ),
        pytest.param(
            PAPER,
            "  code:",
            "  cdoe:",
            "data/papers/alpha-2023.yaml:14:3: error[unknown-field] links.cdoe: unknown field\n"
            "  hint: did you mean `code`?\n",
            id="nested-field-name-typo",
        ),
        pytest.param(
            DATASET,
            "added:",
            "splits:\n  - name: official\n    trian_images: 10\nadded:",
            "data/datasets/rsitmd.yaml:10:5: error[unknown-field] splits[0].trian_images: unknown field\n"
            "  hint: did you mean `train_images`?\n",
            id="field-in-list-item-typo",
        ),
        pytest.param(
            PAPER,
            "venue: tgrs",
            "venue: TGRS",
            "data/papers/alpha-2023.yaml:6:1: error[id-syntax] venue: 'TGRS' is not a valid id: "
            "use lower-case letters, digits and single hyphens\n"
            "  hint: did you mean `tgrs`?\n",
            id="venue-in-upper-case",
        ),
        pytest.param(
            PAPER,
            "venue: tgrs",
            "venue: ieee-tgrs",
            "data/papers/alpha-2023.yaml:6:1: error[unknown-venue] venue: unknown venue 'ieee-tgrs'\n"
            "  hint: did you mean `tgrs`?\n",
            id="venue-unknown-id",
        ),
        pytest.param(
            PAPER,
            "title: Alpha Retrieval",
            "title: Alpha: Retrieval",
            "data/papers/alpha-2023.yaml:2:13: error[yaml-syntax] invalid YAML: mapping values are not allowed "
            "in this context\n"
            "  hint: quote a value that contains ': ' (e.g. a title with a colon)\n",
            id="unquoted-colon",
        ),
        pytest.param(
            PAPER,
            "year: 2023",
            "year: 2023\n\tmethod: x",
            "data/papers/alpha-2023.yaml:8:1: error[yaml-syntax] invalid YAML: while scanning a plain scalar, "
            "found a tab character that violates indentation\n"
            "  hint: indent with spaces, not tabs\n",
            id="tab-indent",
        ),
    ],
)
def test_useful_hint(
    make_project: Callable[..., Path], fixed_today, rel: str, old: str, new: str, expected: str
) -> None:
    project = make_project()
    edit(project, rel, old, new)
    n = expected.count(": error[")
    assert validate_stderr(project) == expected + f"validation failed: {n} error{'s' * (n != 1)}, 0 warnings\n"


# --- several errors in one run ---------------------------------------------------------


def test_all_errors_of_all_files_are_printed_sorted(make_project: Callable[..., Path], fixed_today) -> None:
    project = make_project()
    # A YAML syntax error in one paper, field errors in a second, a cross-record error in
    # a third, and errors in a dataset and in benchmarks.yaml; files are read in another
    # order than they are printed, and rule errors are found after field errors.
    second = project / "data/papers/beta-2024.yaml"
    second.write_text(
        (project / PAPER)
        .read_text(encoding="utf-8")
        .replace("alpha-2023", "beta-2024")
        .replace("alpha.2023", "beta.2024")
        .replace("'2301.01230'", "'2402.05678'")
        .replace("Alpha", "Beta")
        .replace("year: 2023", "year: 1989")
        .replace("category: closed-domain", "category: open"),
        encoding="utf-8",
    )
    third = project / "data/papers/gamma-2024.yaml"
    third.write_text(
        (project / PAPER)
        .read_text(encoding="utf-8")
        .replace("id: alpha-2023", "id: gamma-2024")
        .replace("alpha.2023", "gamma.2024")
        .replace("'2301.01230'", "'2403.00001'")
        .replace("Alpha Retrieval", "Gamma Retrieval")
        .replace("venue: tgrs", "venue: cvpr"),
        encoding="utf-8",
    )
    edit(project, PAPER, "title: Alpha Retrieval", "title: [Alpha Retrieval")
    edit(project, DATASET, "images: 4743", "images: -1")
    edit(project, "data/benchmarks.yaml", "    dataset: rsitmd\n    task", "    dataset: nwpu\n    task")

    result = run_cli("--root", project, "validate")
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == (
        "data/benchmarks.yaml:3:5: error[unknown-reference] benchmarks[0].dataset: no dataset has the id 'nwpu'\n"
        "  hint: see data/datasets/ for the known ids\n"
        "data/datasets/rsitmd.yaml:3:1: error[value-range] images: input should be greater than 0, got -1\n"
        "data/papers/alpha-2023.yaml:3:8: error[yaml-syntax] invalid YAML: while parsing a flow sequence, "
        "did not find expected ',' or ']'\n"
        "  hint: check indentation and quoting on this line and the one above\n"
        "data/papers/beta-2024.yaml:7:1: error[year-range] year: year 1989 is outside 1990..2027\n"
        "data/papers/beta-2024.yaml:8:1: error[unknown-category] category: 'open' is not one of: "
        "closed-domain, open-domain, hashing\n"
        "data/papers/gamma-2024.yaml:6:1: error[unknown-venue] venue: unknown venue 'cvpr'\n"
        "  hint: add the venue to data/venues.yaml first\n"
        "validation failed: 6 errors, 0 warnings\n"
    )
    assert not (project / "README.md").exists() and not (project / "schema").exists()


def test_invalid_record_is_not_reported_again_where_it_is_named(make_project: Callable[..., Path], fixed_today) -> None:
    # The dataset names the paper (introduced_by) and the paper and benchmarks name the
    # dataset; each record's own error is the only one printed.
    project = make_project()
    edit(project, PAPER, "category: closed-domain", "category: closed")
    edit(project, DATASET, "images: 4743", "images: many")
    assert validate_stderr(project) == (
        "data/datasets/rsitmd.yaml:3:1: error[wrong-type] images: input should be a valid integer, "
        "got str 'many'\n"
        "data/papers/alpha-2023.yaml:8:1: error[unknown-category] category: 'closed' is not one of: "
        "closed-domain, open-domain, hashing\n"
        "  hint: did you mean `closed-domain`?\n"
        "validation failed: 2 errors, 0 warnings\n"
    )


def test_unreadable_venues_file_does_not_fail_every_paper(make_project: Callable[..., Path], fixed_today) -> None:
    project = make_project()
    edit(project, "data/venues.yaml", "kind: journal", "kind: jornal")
    assert validate_stderr(project) == (
        "data/venues.yaml:5:5: error[unknown-value] venues[0].kind: 'jornal' is not one of: "
        "journal, conference, workshop, preprint\n"
        "  hint: did you mean `journal`?\n"
        "validation failed: 1 error, 0 warnings\n"
    )


def test_paper_that_cannot_be_parsed_is_not_reported_again_where_it_is_named(
    make_project: Callable[..., Path], fixed_today
) -> None:
    project = make_project()
    (project / PAPER).write_bytes(b"id: alpha-2023\ntitle: caf\xe9\n")
    assert validate_stderr(project) == (
        "data/papers/alpha-2023.yaml:2:11: error[encoding] file is not UTF-8 (invalid continuation byte at byte 25)\n"
        "  hint: save the file as UTF-8\n"
        "validation failed: 1 error, 0 warnings\n"
    )


# --- the command line around validation -------------------------------------------------


def test_no_data_folder_is_a_usage_error(tmp_path: Path) -> None:
    result = run_cli("--root", tmp_path, "validate")
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == f"Error: no data folder at {tmp_path}/data; run from the project root or pass --root\n"


def test_unknown_setting_is_a_usage_error(make_project: Callable[..., Path]) -> None:
    project = make_project()
    (project / "pyproject.toml").write_text('[tool.rsitr-list]\ncache_dirr = "x"\n', encoding="utf-8")
    result = run_cli("--root", project, "validate")
    assert (result.exit_code, result.stdout) == (1, "")
    assert (
        result.stderr
        == f"Error: {project}/pyproject.toml [tool.rsitr-list]: cache_dirr: Extra inputs are not permitted\n"
    )


def test_paths_are_printed_under_another_data_dir(make_project: Callable[..., Path], fixed_today) -> None:
    project = make_project()
    (project / "data").rename(project / "records")
    edit(project, "records/papers/alpha-2023.yaml", "year: 2023", "year: 1989")
    result = run_cli("--root", project, "validate", "--data-dir", "records")
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == (
        "records/papers/alpha-2023.yaml:7:1: error[year-range] year: year 1989 is outside 1990..2027\n"
        "validation failed: 1 error, 0 warnings\n"
    )


def test_cache_dir_from_pyproject_is_used(make_project: Callable[..., Path], fixed_today) -> None:
    project = make_project()
    (project / "pyproject.toml").write_text('[tool.rsitr-list]\ncache_dir = "elsewhere"\n', encoding="utf-8")
    result = run_cli("--root", project, "validate")
    assert (result.exit_code, result.stderr) == (0, "")
    assert (project / "elsewhere/parsed.json").is_file() and not (project / CACHE).exists()

"""The loader: safe YAML only, every syntax problem as a diagnostic, and the parse cache."""

from __future__ import annotations

import contextlib
import json
import signal
from pathlib import Path

import pytest
import yaml

from rsitr_list import load, positions
from rsitr_list.diagnostics import Diagnostic
from rsitr_list.load import RawFile, load_tree, parse

SINGLES = {
    "list.yaml": "title: T\n",
    "venues.yaml": "venues: []\n",
    "benchmarks.yaml": "benchmarks: []\n",
}


def make_tree(root: Path, papers: dict[str, str], singles: dict[str, str] = SINGLES) -> Path:
    data = root / "data"
    (data / "papers").mkdir(parents=True)
    for name, text in {**singles, **{f"papers/{k}": v for k, v in papers.items()}}.items():
        (data / name).write_text(text, encoding="utf-8")
    return root


@contextlib.contextmanager
def time_limit(seconds: int):
    # A regression here is an endless loop, which must fail the test rather than hang the suite.
    def fail(*_):
        raise TimeoutError(f"did not finish within {seconds}s")

    old = signal.signal(signal.SIGALRM, fail)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)


# --- parsing ----------------------------------------------------------------------------


def test_c_loader_is_used_when_libyaml_is_available() -> None:
    expected = yaml.CSafeLoader if yaml.__with_libyaml__ else yaml.SafeLoader
    assert issubclass(load.Loader, expected)
    assert positions.Loader is load.Loader  # line lookups parse the same way


def test_libyaml_is_available_here() -> None:
    # The speed targets assume the C loader; a PyYAML built without libyaml would pass the
    # test above while quietly being ten times slower.
    assert yaml.__with_libyaml__


@pytest.mark.parametrize(
    "text, line, col, tag",
    [
        ("id: x\ntitle: !!python/object:os.system {}\n", 2, 8, "!!python/object:os.system"),
        ("id: x\nnote: !!python/object/apply:os.system ['true']\n", 2, 7, "!!python/object/apply:os.system"),
        ("links:\n  code: !!python/name:os.system ''\n", 2, 9, "!!python/name:os.system"),
    ],
)
def test_python_tags_are_rejected_with_their_position(text: str, line: int, col: int, tag: str) -> None:
    assert parse(text) == (
        "error",
        [
            (
                "yaml-tag",
                f"the tag '{tag}' is not allowed",
                line,
                col,
                "tags such as !!python/... are not allowed in data files",
            )
        ],
    )


def test_python_tag_in_a_data_file_is_a_diagnostic(tmp_path: Path) -> None:
    make_tree(tmp_path, {"a.yaml": "id: a\ntitle: !!python/object/apply:os.getcwd []\n"})
    files, diags = load_tree(tmp_path)
    assert [f.path for f in files] == ["data/list.yaml", "data/venues.yaml", "data/benchmarks.yaml"]
    assert diags == [
        Diagnostic(
            "data/papers/a.yaml",
            "yaml-tag",
            "the tag '!!python/object/apply:os.getcwd' is not allowed",
            line=2,
            col=8,
            hint="tags such as !!python/... are not allowed in data files",
        )
    ]


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "a: 1\nb:\n  c: 1\n  c: 2\n",
            (
                "duplicate-key",
                "key 'c' appears twice in one mapping",
                4,
                3,
                "remove or rename one of them; YAML would silently keep only the last",
            ),
        ),
        (
            "a:\n  - x: 1\n    x: 2\n",
            (
                "duplicate-key",
                "key 'x' appears twice in one mapping",
                3,
                5,
                "remove or rename one of them; YAML would silently keep only the last",
            ),
        ),
        (
            "a: !!int many\n",
            (
                "yaml-syntax",
                "invalid YAML: 'many' cannot be read as int",
                1,
                4,
                "remove the explicit tag, or quote the value",
            ),
        ),
        (
            "? [a, b]\n: 1\n",
            (
                "yaml-key",
                "a list or mapping cannot be a key",
                1,
                3,
                "field names are words such as `title`; check the `?` and brackets on this line",
            ),
        ),
        (
            "a: b: c\n",
            (
                "yaml-syntax",
                "invalid YAML: mapping values are not allowed in this context",
                1,
                5,
                "quote a value that contains ': ' (e.g. a title with a colon)",
            ),
        ),
        (
            "a: 1\n\tb: 2\n",
            (
                "yaml-syntax",
                "invalid YAML: while scanning a plain scalar, found a tab character that violates indentation",
                2,
                1,
                "indent with spaces, not tabs",
            ),
        ),
        (
            "a:\n\tb: 2\n",
            (
                "yaml-syntax",
                "invalid YAML: while scanning for the next token, found character that cannot start any token",
                2,
                1,
                "indent with spaces, not tabs",
            ),
        ),
        (
            "a: 1\n---\nb: 2\n",
            (
                "yaml-syntax",
                "invalid YAML: expected a single document in the stream, but found another document",
                2,
                1,
                "check indentation and quoting on this line and the one above",
            ),
        ),
    ],
)
def test_parse_errors(text: str, expected: tuple) -> None:
    with time_limit(5):
        assert parse(text) == ("error", [expected])


def test_dates_stay_text_so_that_the_field_check_names_the_field() -> None:
    # A bad date used to fail the whole file inside PyYAML (no field, every other error hidden).
    assert parse("a: 2024-13-02\nb: 2023-12-07\nc: 2024-01-02 10:00:00\n") == (
        "ok",
        {"a": "2024-13-02", "b": "2023-12-07", "c": "2024-01-02 10:00:00"},
    )


def test_values_keep_their_yaml_types() -> None:
    assert parse("n: 5\ns: '2204.09860'\nf: 2204.09860\nb: true\nz: null\nl: [1]\n") == (
        "ok",
        {"n": 5, "s": "2204.09860", "f": 2204.0986, "b": True, "z": None, "l": [1]},
    )


def test_encoding_error_points_at_the_bad_byte(tmp_path: Path) -> None:
    make_tree(tmp_path, {"a.yaml": "id: a\n"})
    (tmp_path / "data/papers/a.yaml").write_bytes(b"id: a\nauthors:\n  - Jos\xe9\n")
    files, diags = load_tree(tmp_path)
    assert diags == [
        Diagnostic(
            "data/papers/a.yaml",
            "encoding",
            "file is not UTF-8 (invalid continuation byte at byte 22)",
            line=3,
            col=8,
            hint="save the file as UTF-8",
        )
    ]


@pytest.mark.parametrize("text", ["", "# only a comment\n", "- a\n- b\n", "just words\n"])
def test_a_document_that_is_not_a_mapping_is_a_diagnostic(tmp_path: Path, text: str) -> None:
    make_tree(tmp_path, {"a.yaml": text})
    files, diags = load_tree(tmp_path)
    assert "data/papers/a.yaml" not in [f.path for f in files]
    assert diags == [
        Diagnostic(
            "data/papers/a.yaml",
            "not-a-mapping",
            "the file must hold one YAML mapping (key: value lines)",
            line=1,
            col=1,
            hint="see any other file in the same folder for the layout",
        )
    ]


def test_missing_single_files_are_diagnostics_and_missing_folders_are_not(tmp_path: Path) -> None:
    (tmp_path / "data").mkdir()
    (tmp_path / "data/venues.yaml").write_text("venues: []\n", encoding="utf-8")
    files, diags = load_tree(tmp_path)
    assert files == [RawFile("data/venues.yaml", "venues", {"venues": []})]
    assert [(d.path, d.rule, d.message, d.line, d.col) for d in diags] == [
        ("data/list.yaml", "missing-file", "required file data/list.yaml does not exist", 1, 1),
        ("data/benchmarks.yaml", "missing-file", "required file data/benchmarks.yaml does not exist", 1, 1),
    ]


def test_only_yaml_files_are_read_in_name_order(tmp_path: Path) -> None:
    make_tree(tmp_path, {"b.yaml": "id: b\n", "a.yml": "id: a\n", "notes.md": "# not data\n", "c.yaml.bak": "id: c\n"})
    files, diags = load_tree(tmp_path)
    assert diags == []
    assert [(f.path, f.kind, f.data) for f in files][3:] == [
        ("data/papers/a.yml", "paper", {"id": "a"}),
        ("data/papers/b.yaml", "paper", {"id": "b"}),
    ]


def test_another_data_dir(tmp_path: Path) -> None:
    make_tree(tmp_path / "x", {"a.yaml": "id: a\n"})
    (tmp_path / "x/data").rename(tmp_path / "records")
    (tmp_path / "x").rmdir()
    files, diags = load_tree(tmp_path, "records")
    assert diags == []
    assert [f.path for f in files] == [
        "records/list.yaml",
        "records/venues.yaml",
        "records/benchmarks.yaml",
        "records/papers/a.yaml",
    ]


# --- the parse cache ---------------------------------------------------------------------


@pytest.fixture
def parse_calls(monkeypatch: pytest.MonkeyPatch) -> list[bytes]:
    """Every blob the loader parses (sequential path), recorded."""
    calls: list[bytes] = []
    real = load._parse_bytes

    def counting(blob: bytes):
        calls.append(blob)
        return real(blob)

    monkeypatch.setattr(load, "_parse_bytes", counting)
    return calls


PAPERS = {f"p{i}.yaml": f"id: p{i}\nyear: {2000 + i}\n" for i in range(5)}
PAPERS["bad.yaml"] = "id: bad\ntitle: a: b\n"


def test_warm_cache_parses_nothing(tmp_path: Path, parse_calls: list[bytes]) -> None:
    make_tree(tmp_path, PAPERS)
    cache = tmp_path / "cache"
    cold = load_tree(tmp_path, cache_dir=cache)
    assert len(parse_calls) == 9
    parse_calls.clear()
    warm = load_tree(tmp_path, cache_dir=cache)
    assert parse_calls == []
    assert warm == cold
    # The error from the cache is the same diagnostic, not just the same rule.
    assert [d.format() for d in warm[1]] == [
        "data/papers/bad.yaml:2:9: error[yaml-syntax] invalid YAML: mapping values are not allowed in this context\n"
        "  hint: quote a value that contains ': ' (e.g. a title with a colon)"
    ]


def test_changed_file_is_parsed_again(tmp_path: Path, parse_calls: list[bytes]) -> None:
    make_tree(tmp_path, PAPERS)
    cache = tmp_path / "cache"
    load_tree(tmp_path, cache_dir=cache)
    parse_calls.clear()
    (tmp_path / "data/papers/p3.yaml").write_text("id: p3\nyear: 1999\n", encoding="utf-8")
    files, _ = load_tree(tmp_path, cache_dir=cache)
    assert parse_calls == [b"id: p3\nyear: 1999\n"]
    assert {f.path: f.data for f in files}["data/papers/p3.yaml"] == {"id": "p3", "year": 1999}


def test_identical_files_are_parsed_once(tmp_path: Path, parse_calls: list[bytes]) -> None:
    # The cache is keyed by content, so two files with the same bytes share one entry.
    make_tree(tmp_path, {"a.yaml": "same: 1\n", "b.yaml": "same: 1\n"})
    files, _ = load_tree(tmp_path, cache_dir=tmp_path / "cache")
    assert [f.data for f in files][3:] == [{"same": 1}, {"same": 1}]
    entries = json.loads((tmp_path / "cache/parsed.json").read_text())["entries"]
    assert len(entries) == 3 + 1
    parse_calls.clear()
    load_tree(tmp_path, cache_dir=tmp_path / "cache")
    assert parse_calls == []


@pytest.mark.parametrize(
    "garbage",
    [
        b"",
        b"not json",
        b'{"version": "0:old", "entries": {"k": ["ok", {}]}}',
        b"[1, 2, 3]",
        b'{"version": 3}',
        b"\x80\x04\x95 a pickle",
    ],
)
def test_corrupt_or_foreign_cache_is_ignored(tmp_path: Path, parse_calls: list[bytes], garbage: bytes) -> None:
    make_tree(tmp_path, PAPERS)
    cache = tmp_path / "cache"
    expected = load_tree(tmp_path)
    parse_calls.clear()
    cache.mkdir()
    (cache / "parsed.json").write_bytes(garbage)
    assert load_tree(tmp_path, cache_dir=cache) == expected
    assert len(parse_calls) == 9
    # ... and replaced by a good one.
    stored = json.loads((cache / "parsed.json").read_text())
    assert stored["version"] == load._CACHE_VERSION and len(stored["entries"]) == 9


def test_cache_forgets_files_that_are_gone(tmp_path: Path) -> None:
    make_tree(tmp_path, PAPERS)
    cache = tmp_path / "cache"
    load_tree(tmp_path, cache_dir=cache)
    (tmp_path / "data/papers/p0.yaml").unlink()
    load_tree(tmp_path, cache_dir=cache)
    entries = json.loads((cache / "parsed.json").read_text())["entries"]
    assert len(entries) == 8


def test_unwritable_cache_is_only_slower(tmp_path: Path) -> None:
    make_tree(tmp_path, PAPERS)
    blocker = tmp_path / "cache"
    blocker.write_text("a file where the cache folder should be\n", encoding="utf-8")
    assert load_tree(tmp_path, cache_dir=blocker) == load_tree(tmp_path)


def test_many_files_go_through_the_process_pool_with_identical_results(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    papers = {f"p{i:03}.yaml": f"id: p{i:03}\ntitle: Paper {i}\nadded: 2024-01-{1 + i % 28:02}\n" for i in range(60)}
    papers["p007.yaml"] = "id: p007\ntitle: a: b\n"
    papers["p011.yaml"] = "id: p011\nyear: 1\nyear: 2\n"
    papers["p013.yaml"] = "- not a mapping\n"
    make_tree(tmp_path, papers)
    sequential = load_tree(tmp_path)

    pools: list[int | None] = []

    class SpyPool(load.ProcessPoolExecutor):
        def __init__(self, max_workers=None, *args, **kwargs):
            pools.append(max_workers)
            super().__init__(max_workers, *args, **kwargs)

    monkeypatch.setattr(load, "ProcessPoolExecutor", SpyPool)
    monkeypatch.setattr(load, "_PARALLEL_MIN", 10)
    parallel = load_tree(tmp_path, jobs=2)
    assert pools == [2]
    assert parallel == sequential
    assert len(parallel[0]) == 3 + 57
    assert [(d.path, d.rule) for d in parallel[1]] == [
        ("data/papers/p007.yaml", "yaml-syntax"),
        ("data/papers/p011.yaml", "duplicate-key"),
        ("data/papers/p013.yaml", "not-a-mapping"),
    ]


def test_one_job_never_starts_a_pool(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    make_tree(tmp_path, PAPERS)

    def no_pool(*args, **kwargs):
        raise AssertionError("a process pool was started for jobs=1")

    monkeypatch.setattr(load, "ProcessPoolExecutor", no_pool)
    monkeypatch.setattr(load, "_PARALLEL_MIN", 1)
    files, diags = load_tree(tmp_path, jobs=1)
    assert len(files) == 3 + 5 and len(diags) == 1


def test_a_planted_pickle_is_never_loaded(tmp_path: Path) -> None:
    # The cache is in the working tree, where a pull request could add files: it must
    # not be a format whose loading runs code.
    make_tree(tmp_path, PAPERS)
    cache = tmp_path / "cache"
    cache.mkdir()
    marker = tmp_path / "pwned"

    class Evil:
        def __reduce__(self):
            return (open, (str(marker), "w"))

    import pickle

    (cache / "parsed.pickle").write_bytes(pickle.dumps(Evil()))
    (cache / "parsed.json").write_bytes(pickle.dumps(Evil()))
    load_tree(tmp_path, cache_dir=cache)
    assert not marker.exists()


@pytest.mark.parametrize(
    "text, value",
    [
        ("added: 2024-01-02\n", {"added": "2024-01-02"}),
        ("t: 2024-01-02 10:00:00\n", {"t": "2024-01-02 10:00:00"}),
        ("f: .nan\n", None),
        ("i: 12345678901234567890123\n", {"i": 12345678901234567890123}),
        ('? "\\0date"\n: x\n', {"\0date": "x"}),
    ],
)
def test_warm_cache_gives_back_exactly_what_yaml_gave(tmp_path: Path, text: str, value) -> None:
    # JSON cannot keep NaN; such documents are not cached, and everything that is cached
    # comes back equal. (Int keys, bytes and sets, which JSON would change, are refused
    # by the loader: see the yaml-key and yaml-tag cases in tests/test_hardening.py.)
    make_tree(tmp_path, {"x.yaml": text})
    cold, _ = load_tree(tmp_path, cache_dir=tmp_path / "cache")
    warm, _ = load_tree(tmp_path, cache_dir=tmp_path / "cache")
    got_cold = [f.data for f in cold if f.path.endswith("x.yaml")][0]
    got_warm = [f.data for f in warm if f.path.endswith("x.yaml")][0]
    if value is None:  # NaN never equals itself; compare the shape instead
        assert repr(got_cold) == repr(got_warm) == "{'f': nan}"
    else:
        assert got_cold == got_warm == value
        assert type(next(iter(got_warm.values()))) is type(next(iter(value.values())))

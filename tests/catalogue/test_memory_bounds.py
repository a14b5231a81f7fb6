"""What an upload can take from the server is bounded, whatever arrives.

Each measured attack (issue 13: a zip whose headers declare 9 MB and inflate to 940 MB,
entity declarations hidden behind a comment or in a part with another extension) is
imported in a process of its own, as a server would; the test reads that process's peak
memory and its reading processes' (ru_maxrss) and asserts both stay under PEAK_MB while
the file is refused with its own message. Then four such uploads arrive at once with a
good one among them: the good one is read, and at most `reader_slots()` readers ran.
"""

from __future__ import annotations

import json
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from catalogue import errors, reader
from catalogue.importer import import_catalogue
from tests.catalogue import hostile_files as files

ROOT = Path(__file__).resolve().parents[2]
PEAK_MB = 600

MEASURE = """
import json, resource, sys
from catalogue import CatalogueError, import_catalogue
data = open(sys.argv[1], "rb").read()
try:
    import_catalogue(data, filename="catalogue.xlsx")
    outcome = "imported"
except CatalogueError as error:
    outcome = type(error).__name__
print(json.dumps({"outcome": outcome,
                  "self_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                  "readers_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024}))
"""


def peak_of_import(path: Path) -> dict:
    done = subprocess.run([sys.executable, "-c", MEASURE, str(path)], cwd=ROOT,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize(("build", "refused_as"), [
    (files.zip_bomb_lying_9mb, "ZipBomb"),
    (files.zip_bomb_lying_sizes, "ZipBomb"),
    (files.entity_bomb_after_a_comment, "XmlEntities"),
    (files.entity_bomb_in_oddly_named_part, "XmlEntities"),
], ids=lambda v: getattr(v, "__name__", v))
def test_an_attack_is_refused_within_a_bounded_peak(build, refused_as, tmp_path):
    measured = peak_of_import(build(tmp_path))
    print(f"{build.__name__}: {measured}")
    assert measured["outcome"] == refused_as
    assert measured["self_mb"] < PEAK_MB, measured
    assert measured["readers_mb"] < PEAK_MB, measured


def test_a_good_workbook_is_read_while_attacks_arrive_at_once(tmp_path, monkeypatch):
    bombs = [files.zip_bomb_lying_9mb(tmp_path).read_bytes()] * 4
    good = files.template_workbook_bytes()
    most_at_once = 0
    original = reader._check_container

    def counted(data, limits):
        nonlocal most_at_once
        with reader._slots_lock:
            most_at_once = max(most_at_once, reader._queue["reading"])
        return original(data, limits)

    monkeypatch.setattr(reader, "_check_container", counted)
    outcomes: dict[str, str] = {}

    def upload(name: str, data: bytes) -> None:
        try:
            result = import_catalogue(data, filename=f"{name}.xlsx")
            outcomes[name] = f"{len(result.catalogue.services)} services"
        except errors.CatalogueError as error:
            outcomes[name] = type(error).__name__

    threads = [threading.Thread(target=upload, args=(f"bomb{i}", data))
               for i, data in enumerate(bombs)]
    threads.append(threading.Thread(target=upload, args=("good", good)))
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=240)
    assert outcomes["good"] == f"{len(files.GOOD_SERVICES)} services"
    assert [outcomes[f"bomb{i}"] for i in range(4)] == ["ZipBomb"] * 4
    assert 1 <= most_at_once <= reader.reader_slots()
    assert not reader.readers_busy()

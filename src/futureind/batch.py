"""Batch extraction: many documents in, one :class:`~futureind.models.Report` per document out.

:func:`extract_many` streams. It reads its input lazily, keeps at most a small window of
documents in flight and yields reports in input order, so a generator over a corpus of any
length is never held in memory. With ``workers=N`` (N > 1) the documents are extracted in N
worker processes; each worker loads the taxonomy once, when it starts.

Input items may be

* a ``str`` (its id is its position in the input, counting from 0),
* an ``(id, text)`` pair, or
* a mapping with ``"text"`` and optionally ``"id"``, ``"published"`` and ``"language"``
  (other keys are ignored, so records with metadata can be passed as they are).

A document that cannot be extracted (an item of the wrong shape, a text that is not a
``str``, a ``published`` that is not a date, a worker process that died) is handled as
``on_error`` says:

``"raise"`` (default)
    raise :class:`BatchError` naming the document's id and position; the reports of the
    documents before it have already been yielded.
``"skip"``
    leave the document out and go on.
``"report"``
    yield a :class:`BatchFailure` (id, position, error type, message) in its place and go
    on, so there is exactly one result per input item, in input order.

A :class:`~futureind.VocabularyError` (a malformed taxonomy or data file) is not a
document's fault and would fail every document: it is raised as it is, whatever ``on_error``.
"""

from __future__ import annotations

import gc
import itertools
import multiprocessing.context
from collections import deque
from collections.abc import Generator, Iterable, Iterator, Mapping
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from pathlib import Path
from typing import Any, Literal, TypeAlias, overload

from .errors import FutureindError, VocabularyError
from .instruments import Instruments
from .models import Report
from .pipeline import extract, parse_published, resolve_instruments, resolve_taxonomy
from .taxonomy import Taxonomy

__all__ = ["BatchError", "BatchFailure", "DocId", "OnError", "extract_many"]

DocId: TypeAlias = str | int
OnError: TypeAlias = Literal["raise", "skip", "report"]
Published: TypeAlias = date | datetime | str | None

_ON_ERROR = ("raise", "skip", "report")


@dataclass(frozen=True)
class BatchFailure:
    """A document :func:`extract_many` could not extract (yielded with ``on_error="report"``).

    >>> BatchFailure(id="a.txt", index=3, error="TypeError", message="text must be str, not int")
    BatchFailure(id='a.txt', index=3, error='TypeError', message='text must be str, not int')
    """

    id: DocId
    """The document's id: the one given with it, or its position in the input."""
    index: int
    """The document's position in the input, counting from 0."""
    error: str
    """The name of the exception's type (``"TypeError"``, ``"WorkerDied"``, ...)."""
    message: str
    """What went wrong."""
    cause: BaseException | None = field(default=None, repr=False, compare=False)
    """The exception, when the document was extracted in this process (None from a worker)."""


class BatchError(FutureindError):
    """A document of a batch could not be extracted (raised with ``on_error="raise"``).

    ``id``, ``index``, ``error`` and ``message`` say which document and what went wrong; when
    the document was extracted in this process the original exception is the ``__cause__``.

    >>> str(BatchError(BatchFailure("b", 1, "TypeError", "text must be str, not int")))
    "document 'b' (item 1): TypeError: text must be str, not int"
    """

    def __init__(self, failure: BatchFailure) -> None:
        super().__init__(
            f"document {failure.id!r} (item {failure.index}): {failure.error}: {failure.message}"
        )
        self.failure = failure
        self.id = failure.id
        self.index = failure.index
        self.error = failure.error
        self.message = failure.message


@dataclass(frozen=True)
class _Job:
    """One document, normalised from an input item (picklable, sent to a worker)."""

    index: int
    id: DocId
    text: Any
    published: Published
    language: str | None
    problem: str | None = None  # the item itself was malformed


def _job(index: int, item: object) -> _Job:
    job = _shape(index, item)
    if job.problem is None and not isinstance(job.text, str):  # checked here: may not pickle
        return replace(job, text=None, problem=f"text must be str, not {type(job.text).__name__}")
    return job


def _shape(index: int, item: object) -> _Job:
    if isinstance(item, str):
        return _Job(index, index, item, None, None)
    if isinstance(item, Mapping):
        doc_id = item.get("id", index)
        if not isinstance(doc_id, str | int):
            doc_id = str(doc_id)
        if "text" not in item:
            return _Job(index, doc_id, None, None, None, "a mapping item needs a 'text' key")
        return _Job(index, doc_id, item["text"], item.get("published"), item.get("language"))
    if isinstance(item, tuple | list) and len(item) == 2:
        doc_id, text = item
        if not isinstance(doc_id, str | int):
            doc_id = str(doc_id)
        return _Job(index, doc_id, text, None, None)
    return _Job(
        index,
        index,
        None,
        None,
        None,
        f"an item must be a str, an (id, text) pair or a mapping, not {type(item).__name__}",
    )


def _run(
    job: _Job, published: Published, taxonomy: Taxonomy, instruments: Instruments
) -> Report | BatchFailure:
    """Extract one job; a failure is returned (with the exception attached when local)."""
    if job.problem is not None:
        return BatchFailure(job.id, job.index, "TypeError", job.problem, TypeError(job.problem))
    try:
        return extract(
            job.text,
            published=job.published if job.published is not None else published,
            language=job.language,
            taxonomy=taxonomy,
            instruments=instruments,
        )
    except VocabularyError:  # a bad data file fails every document: not a document's fault
        raise
    except Exception as exc:  # reported by id; the batch goes on
        return BatchFailure(job.id, job.index, type(exc).__name__, str(exc), cause=exc)


# ------------------------------------------------------------------ worker processes
_worker_taxonomy: Taxonomy | None = None
_worker_instruments: Instruments | None = None
TaxonomyArg = Taxonomy | str | Path | None
InstrumentsArg = Instruments | str | Path | None


def _init_worker(taxonomy: TaxonomyArg, instruments: InstrumentsArg = None) -> None:
    """Runs once in each worker process: load the vocabularies there, once."""
    global _worker_taxonomy, _worker_instruments
    _worker_taxonomy = resolve_taxonomy(taxonomy)
    _worker_instruments = resolve_instruments(instruments)
    tune_gc_for_extraction(_worker_taxonomy, _worker_instruments)


GC_THRESHOLD = (50_000, 20, 100)  # gc.set_threshold for processes that only extract


def tune_gc_for_extraction(
    taxonomy: Taxonomy | None = None, instruments: Instruments | None = None
) -> None:
    """Make the garbage collector cheap in a process whose work is extraction.

    For processes futureind owns (``extract_many`` workers, the command line), never called by
    ``extract`` itself: it changes process-wide settings. Every vocabulary is loaded (by
    extracting a short sample), then ``gc.freeze()`` moves those long-lived objects out of the
    collector's reach and ``gc.set_threshold`` makes collections rarer. Extraction makes
    little cyclic garbage (reference counting frees the rest), so memory stays flat; a full
    collection otherwise rescans the vocabularies each time, which made the whole extract
    about 10-20 % slower and super-linear in the size of a long document.
    """
    sample = "By 2030, Suzhou will invest 10 billion yuan in quantum computing, said Li Ming."
    try:
        extract(sample, taxonomy=taxonomy, instruments=instruments, published="2024-01-01")
    except Exception:  # only a speed-up: the documents themselves report what went wrong
        return
    gc.collect()
    gc.freeze()
    gc.set_threshold(*GC_THRESHOLD)


def _run_chunk(jobs: list[_Job], published: Published) -> list[Report | BatchFailure]:
    # A VocabularyError propagates: it pickles back to the parent (see errors.py).
    taxonomy = _worker_taxonomy if _worker_taxonomy is not None else Taxonomy.default()
    vocab = _worker_instruments if _worker_instruments is not None else Instruments.default()
    results = []
    for job in jobs:
        result = _run(job, published, taxonomy, vocab)
        if isinstance(result, BatchFailure):
            result = replace(result, cause=None)  # an exception may not pickle
        results.append(result)
    return results


class _Pool:
    """A process pool that can be restarted after a worker dies."""

    def __init__(
        self,
        workers: int,
        taxonomy: TaxonomyArg,
        instruments: InstrumentsArg,
        mp_context: multiprocessing.context.BaseContext | None,
    ) -> None:
        self._args = (workers, taxonomy, instruments, mp_context)
        self.executor = self._new()

    def _new(self) -> ProcessPoolExecutor:
        workers, taxonomy, instruments, mp_context = self._args
        return ProcessPoolExecutor(
            max_workers=workers,
            mp_context=mp_context,
            initializer=_init_worker,
            initargs=(taxonomy, instruments),
        )

    def restart(self) -> None:
        self.executor.shutdown(wait=True, cancel_futures=True)
        self.executor = self._new()

    def submit(self, jobs: list[_Job], published: Published) -> Future[list[Report | BatchFailure]]:
        return self.executor.submit(_run_chunk, jobs, published)

    def close(self) -> None:
        self.executor.shutdown(wait=True, cancel_futures=True)


def _isolate(pool: _Pool, jobs: list[_Job], published: Published) -> list[Report | BatchFailure]:
    """Run the jobs of a chunk whose worker died one at a time, to find the one to blame."""
    results: list[Report | BatchFailure] = []
    for job in jobs:
        try:
            results.extend(pool.submit([job], published).result())
        except VocabularyError as exc:
            raise exc from None
        except BrokenProcessPool:
            results.append(BatchFailure(job.id, job.index, "WorkerDied", "the worker process died"))
            pool.restart()
        except Exception as exc:  # e.g. the text could not be pickled
            results.append(BatchFailure(job.id, job.index, type(exc).__name__, str(exc)))
    return results


def _parallel(
    jobs: Iterator[_Job],
    *,
    workers: int,
    chunksize: int,
    published: Published,
    taxonomy: TaxonomyArg,
    instruments: InstrumentsArg,
    mp_context: multiprocessing.context.BaseContext | None,
) -> Iterator[Report | BatchFailure]:
    window = 2 * workers  # chunks in flight
    pool = _Pool(workers, taxonomy, instruments, mp_context)
    pending: deque[tuple[list[_Job], Future[list[Report | BatchFailure]]]] = deque()

    def head() -> list[Report | BatchFailure]:
        chunk, future = pending.popleft()
        try:
            return future.result()
        except VocabularyError as exc:
            raise exc from None
        except Exception as exc:
            # A worker died: every chunk in flight is lost with the pool. Or the chunk could
            # not be sent (a text that does not pickle). Find the culprit in this chunk one
            # job at a time, then send again the chunks that were lost.
            broken = isinstance(exc, BrokenProcessPool)
            if broken:
                pool.restart()
            results = _isolate(pool, chunk, published)
            if broken:
                for i, (other, lost) in enumerate(list(pending)):
                    if lost.cancelled() or lost.exception() is not None:
                        pending[i] = (other, pool.submit(other, published))
            return results

    try:
        while True:
            chunk = list(itertools.islice(jobs, chunksize))
            if not chunk:
                break
            pending.append((chunk, pool.submit(chunk, published)))
            if len(pending) >= window:
                yield from head()
        while pending:
            yield from head()
    finally:
        pool.close()


def _sequential(
    jobs: Iterator[_Job], *, published: Published, taxonomy: Taxonomy, instruments: Instruments
) -> Iterator[Report | BatchFailure]:
    for job in jobs:
        yield _run(job, published, taxonomy, instruments)


def _handle(
    results: Iterator[Report | BatchFailure], on_error: OnError
) -> Generator[Any, None, None]:
    for result in results:
        if isinstance(result, Report) or on_error == "report":
            yield result
        elif on_error == "raise":
            raise BatchError(result) from result.cause


@overload
def extract_many(
    items: Iterable[Any],
    *,
    workers: int = ...,
    published: Published = ...,
    taxonomy: Taxonomy | str | Path | None = ...,
    instruments: Instruments | str | Path | None = ...,
    on_error: Literal["raise", "skip"] = ...,
    chunksize: int = ...,
    mp_context: multiprocessing.context.BaseContext | None = ...,
) -> Generator[Report, None, None]: ...


@overload
def extract_many(
    items: Iterable[Any],
    *,
    workers: int = ...,
    published: Published = ...,
    taxonomy: Taxonomy | str | Path | None = ...,
    instruments: Instruments | str | Path | None = ...,
    on_error: Literal["report"],
    chunksize: int = ...,
    mp_context: multiprocessing.context.BaseContext | None = ...,
) -> Generator[Report | BatchFailure, None, None]: ...


def extract_many(
    items: Iterable[Any],
    *,
    workers: int = 1,
    published: Published = None,
    taxonomy: Taxonomy | str | Path | None = None,
    instruments: Instruments | str | Path | None = None,
    on_error: OnError = "raise",
    chunksize: int = 8,
    mp_context: multiprocessing.context.BaseContext | None = None,
) -> Generator[Report, None, None] | Generator[Report | BatchFailure, None, None]:
    """Extract every document of ``items``, yielding one report per document in input order.

        ``items`` is any iterable (a list, a generator, a file reader) of texts, ``(id, text)``
        pairs or mappings with ``"text"`` and optional ``"id"``, ``"published"``, ``"language"``.
        It is read lazily: at most ``2 * workers * chunksize`` documents are read ahead of the
        report being yielded (one with ``workers=1``), so memory stays flat over any corpus.

        ``workers=N`` extracts in N processes (``chunksize`` documents per task; each worker loads
        the taxonomy once); ``mp_context`` chooses how they start (the platform's default when
        None). ``published`` is the default publication date; a mapping's ``"published"``
        overrides it. ``taxonomy`` and ``instruments`` are passed to :func:`~futureind.extract`
    (a path is loaded once per worker, an object is pickled to each). ``on_error`` says what
        happens to a document that cannot be extracted: ``"raise"`` a :class:`BatchError` naming
        its id, ``"skip"`` it, or ``"report"`` a :class:`BatchFailure` in its place.

        >>> reports = extract_many(["Quantum computing.", ("b", "Hydrogen energy by 2030.")])
        >>> [r.language for r in reports]
        ['en', 'en']
        >>> results = extract_many([("a", "Some text."), ("b", 42)], on_error="report")
        >>> [type(r).__name__ for r in results]
        ['Report', 'BatchFailure']
    """
    if isinstance(workers, bool) or not isinstance(workers, int) or workers < 1:
        raise ValueError(f"workers must be an int >= 1, not {workers!r}")
    if isinstance(chunksize, bool) or not isinstance(chunksize, int) or chunksize < 1:
        raise ValueError(f"chunksize must be an int >= 1, not {chunksize!r}")
    if on_error not in _ON_ERROR:
        raise ValueError(f"on_error must be one of {', '.join(_ON_ERROR)}, not {on_error!r}")
    if isinstance(items, str | bytes):
        raise TypeError("items must be an iterable of documents, not a single str; wrap it: [text]")
    parse_published(published)  # a bad default date fails now, not once per document
    tax = resolve_taxonomy(taxonomy)  # a bad taxonomy file fails now, loaded once
    vocab = resolve_instruments(instruments)  # likewise a bad instrument file
    jobs = itertools.starmap(_job, enumerate(items))
    if workers == 1:
        results = _sequential(jobs, published=published, taxonomy=tax, instruments=vocab)
    else:
        # None or a path is loaded in each worker, once; a Taxonomy is pickled to each worker
        results = _parallel(
            jobs,
            workers=workers,
            chunksize=chunksize,
            published=published,
            taxonomy=taxonomy,
            instruments=instruments,
            mp_context=mp_context,
        )
    return _handle(results, on_error)

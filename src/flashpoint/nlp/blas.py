"""How the model's layers multiply: with numpy's BLAS, one thread a process.

Every layer of the English model (the two token-to-vector networks, the
tagger, the parser's and the entity recogniser's feature and score layers)
spends its time in one matrix product, thinc's ``NumpyOps.gemm``. By default
thinc hands it to blis. On this project's machine kind the blis that the
``blis`` wheel bundles runs these products at 17-33 GFLOPS, while numpy's
own BLAS (the OpenBLAS its wheel bundles, with kernels picked for the CPU at
run time) runs them at 72-87 on one thread: 2.5 to 4 times as fast. thinc
supports the choice as ``NumpyOps(use_blis=False)``, so ``multiply_with_numpy``
gives every layer of a loaded pipeline that ops object. The weights are the
same and the products differ only in float rounding (the order of the sums);
records are compared on every dev set before a change to this.

OpenBLAS starts a thread per core by default. flashpoint uses the cores
with worker processes (``--processes``), each coding its own articles, so
each process multiplies on one thread: ``one_blas_thread`` holds the BLAS
libraries loaded in the process to one thread while articles are coded
(threadpoolctl, the scikit-learn project's library for it: no hand-written
ctypes calls into a library whose symbol names change with its build).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache

from spacy.language import Language
from thinc.api import NumpyOps

#: the ops every layer of a pipeline multiplies with (see the module docstring)
NUMPY_OPS = NumpyOps(use_blis=False)


def multiply_with_numpy(nlp: Language) -> Language:
    """Every layer of ``nlp``'s components (their models and all the layers
    under them) computes with ``NUMPY_OPS``; returns ``nlp``. A layer on
    other ops than thinc's CPU ones (a GPU's) keeps its own."""
    for _, component in nlp.components:
        model = getattr(component, "model", None)
        if model is None or not hasattr(model, "walk"):
            continue
        for layer in model.walk():
            if isinstance(layer.ops, NumpyOps):
                layer.ops = NUMPY_OPS
    return nlp


@cache
def _controller():
    from threadpoolctl import ThreadpoolController

    return ThreadpoolController()


@contextmanager
def one_blas_thread() -> Iterator[None]:
    """Inside the block, the process's BLAS libraries run one thread each
    (restored after it)."""
    with _controller().limit(limits=1, user_api="blas"):
        yield

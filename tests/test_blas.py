"""``nlp.blas``: every layer of a pipeline multiplies with numpy's BLAS, and
coding holds that BLAS to one thread a process."""

from __future__ import annotations

from types import SimpleNamespace

import numpy
import pytest
from thinc.api import Linear, NumpyOps, Ops, Relu, chain
from threadpoolctl import threadpool_info

from flashpoint.nlp.blas import NUMPY_OPS, multiply_with_numpy, one_blas_thread


def _layers():
    model = chain(Linear(8, 4), Relu(8, 8))
    model.initialize(X=numpy.zeros((2, 4), dtype="f"))
    return model


def test_every_layer_of_every_component_multiplies_with_numpy():
    model = _layers()
    nlp = SimpleNamespace(components=[("first", SimpleNamespace(model=model)),
                                      ("rules", SimpleNamespace())])  # fmt: skip
    assert multiply_with_numpy(nlp) is nlp
    assert all(layer.ops is NUMPY_OPS for layer in model.walk())
    assert NUMPY_OPS.use_blis is False


def test_a_layer_on_other_ops_keeps_them():
    model = _layers()
    other = Ops()  # not thinc's CPU ops: a GPU's would be another class again
    model.layers[1].ops = other
    multiply_with_numpy(SimpleNamespace(components=[("c", SimpleNamespace(model=model))]))
    assert model.layers[1].ops is other and model.layers[0].ops is NUMPY_OPS


def test_numpys_products_are_blis_products_up_to_rounding():
    rng = numpy.random.default_rng(0)
    x = rng.standard_normal((50, 96)).astype("f")
    y = rng.standard_normal((288, 96)).astype("f")
    blis = NumpyOps(use_blis=True).gemm(x, y, trans2=True)
    assert numpy.allclose(NUMPY_OPS.gemm(x, y, trans2=True), blis, rtol=1e-5, atol=1e-4)


def _blas_threads() -> list[int]:
    return [lib["num_threads"] for lib in threadpool_info() if lib["user_api"] == "blas"]


def test_coding_holds_the_blas_to_one_thread_and_lets_go_after():
    before = _blas_threads()
    if not before:
        pytest.skip("no BLAS library loaded")
    with one_blas_thread():
        assert set(_blas_threads()) == {1}
    assert _blas_threads() == before


@pytest.mark.model
def test_the_pipeline_multiplies_with_numpy(nlp):
    layers = [layer for _, c in nlp.components if hasattr(getattr(c, "model", None), "walk")
              for layer in c.model.walk()]  # fmt: skip
    assert len(layers) > 20 and all(layer.ops is NUMPY_OPS for layer in layers)


def test_articles_are_coded_with_the_blas_on_one_thread(monkeypatch):
    import flashpoint.extract as extract
    from flashpoint.models import Article

    if not _blas_threads():
        pytest.skip("no BLAS library loaded")
    seen = []

    class Pipeline:  # records the BLAS threads while each article is coded
        max_length = 10**6

        def pipe(self, docs, *, as_tuples, batch_size):
            for _, article in docs:
                seen.append(set(_blas_threads()))
                done = SimpleNamespace(_=SimpleNamespace(fp_events=[], fp_statements=[]))
                yield done, article

    monkeypatch.setattr(extract, "make_doc", lambda nlp, text, **kwargs: text)
    articles = [Article(doc_id=name, text="Troops fired.") for name in ("a", "b", "c")]
    coded = list(extract.code_articles(articles, nlp=Pipeline(), processes=1))
    assert [c.error for c in coded] == [None] * 3
    assert seen == [{1}] * 3

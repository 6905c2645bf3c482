"""The spaCy extractor on hand-made abstracts: the real pipeline (en_core_web_sm + kg parts).
Most tests pin the rule components (``model=None``); the last ones run the default pipeline, with
its trained model."""

from __future__ import annotations

import multiprocessing
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor

import pytest
from threadpoolctl import threadpool_info

from kg.extract import candidates
from kg.extract.lexicon import load_lexicon
from kg.extract.parallel import _warm_worker, start_method
from kg.extract.pipeline import (
    DEFAULT_MODEL,
    KG_COMPONENTS,
    extractor_fingerprint,
    load_pipeline,
)
from kg.extract.runner import extract, extract_lines
from kg.graph import Paper, PaperRecord


def run(title: str, abstract: str, model: str | None = None) -> PaperRecord:
    return next(extract([Paper(id="p", title=title, abstract=abstract)], model=model))


def mentions(record: PaperRecord) -> dict[str, str]:
    return {m.text: m.label for m in record.mentions}


def relations(record: PaperRecord) -> set[tuple[str, str, str]]:
    found = set()
    for rel in record.relations:
        head = "PAPER" if rel.head is None else record.mentions[rel.head].text
        found.add((rel.type, head, record.mentions[rel.tail].text))
    return found


def test_pipeline_is_assembled_from_registered_components() -> None:
    nlp = load_pipeline()
    assert nlp.pipe_names[-len(KG_COMPONENTS):] == list(KG_COMPONENTS)
    assert nlp.pipe_names.index("kg_title_boundary") < nlp.pipe_names.index("parser")
    assert len(extractor_fingerprint()) == 16


def test_the_fingerprint_follows_the_data_not_the_source_text(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Records are re-extracted when what decides them changes (lexicons, label mapping, the
    model's config or weights, EXTRACTOR_REVISION), not when source code is edited."""
    from pathlib import Path

    from kg.extract import fingerprint as module
    from kg.extract.transformer_pairs import SHARED

    assert module.SHARED_MODEL_FILES == SHARED
    read_bytes = Path.read_bytes
    edited: list[str] = []

    def reading(path: Path) -> bytes:
        return read_bytes(path) + (b"# edited" if path.name in edited else b"")

    monkeypatch.setattr(Path, "read_bytes", reading)
    fingerprint = extractor_fingerprint.__wrapped__
    before, trained = fingerprint(None), fingerprint(DEFAULT_MODEL)
    edited[:] = ["relation_rules.py", "parallel.py", "pipeline.py", "canon.py"]
    assert (fingerprint(None), fingerprint(DEFAULT_MODEL)) == (before, trained)
    lexicon = next(p.name for p in module.LEXICON_DIR.iterdir() if p.is_file())
    for name in (lexicon, "gold_schemes.toml"):
        edited[:] = [name]
        assert fingerprint(None) != before, name
    edited[:] = ["config.cfg"]
    assert fingerprint(None) == before and fingerprint(DEFAULT_MODEL) != trained
    edited[:] = []
    monkeypatch.setattr(module, "EXTRACTOR_REVISION", module.EXTRACTOR_REVISION + 1)
    assert fingerprint(None) != before


def test_generic_phrases_are_never_concepts() -> None:
    record = run("A study of things", "In this paper, we propose a novel method. Our method "
                 "outperforms the baselines. The results show that this approach works well, "
                 "and we discuss the proposed framework and our experiments.")
    texts = {m.text.lower() for m in record.mentions}
    for generic in ("this paper", "paper", "our method", "method", "the results", "results",
                    "this approach", "the proposed framework", "we", "our experiments"):
        assert generic not in texts


@pytest.mark.parametrize("phrase", ["our approach", "theoretical motivation", "high probability",
                                    "limited precision", "trade-off", "building block",
                                    "the proposed framework", "key insight", "low latency"])
def test_generic_phrase_filter_catches_vague_phrases(phrase: str) -> None:
    assert load_lexicon().generic(phrase)


@pytest.mark.parametrize("term", ["robust optimization", "standard deviation", "LoRA",
                                  "large language model", "state space model", "accuracy",
                                  "high-resolution image synthesis", "ImageNet"])
def test_generic_phrase_filter_keeps_terms(term: str) -> None:
    assert not load_lexicon().generic(term)


@pytest.mark.parametrize("model", [None, DEFAULT_MODEL])
def test_generic_phrases_from_any_extractor_are_dropped(model: str | None) -> None:
    record = run("Sparse attention", "The theoretical motivation is simple: with high "
                 "probability the sparse attention mechanism keeps limited precision, a "
                 "trade-off that makes it a building block of large language models.",
                 model=model)
    texts = {m.text.lower() for m in record.mentions}
    for generic in ("theoretical motivation", "high probability", "limited precision",
                    "trade-off", "building block"):
        assert generic not in texts


def test_a_modified_base_method_is_not_what_the_paper_proposes() -> None:
    record = run("Hiformer: ranking", "We first propose a heterogeneous self-attention layer, "
                 "which is a simple yet effective modification to the self-attention layer in "
                 "Transformer.", model=DEFAULT_MODEL)
    proposed = {tail for kind, _, tail in relations(record) if kind == "PROPOSES"}
    assert "self-attention layer" not in proposed and "Hiformer" in proposed


@pytest.mark.parametrize("model", [None, DEFAULT_MODEL])
def test_text_debris_is_never_a_mention(model: str | None) -> None:
    record = run("Bandits", "The algorithm suffers a regret of order mathcal{O}(d sqrt{T}"
                 "{(1-rho)^{3/2}}) with a linear bandit model.", model=model)
    assert not [m.text for m in record.mentions if any(c in m.text for c in "{}^")]


def test_acronym_definitions_link_long_and_short_forms() -> None:
    record = run("On models", "Large Language Models (LLMs) are strong. We show that LLMs fail "
                 "at counting.")
    by_text = {m.text: m for m in record.mentions}
    assert by_text["Large Language Models"].short_form == "LLMs"
    assert by_text["LLMs"].long_form == "Large Language Models"
    assert by_text["Large Language Models"].label == by_text["LLMs"].label == "Method"
    uses = [m for m in record.mentions if m.text == "LLMs"]
    assert len(uses) == 2 and all(u.long_form == "Large Language Models" for u in uses)


@pytest.mark.parametrize(("sentence", "long"), [
    ("Rates follow from the independent interval approximation (IIA) of the process.",
     "independent interval approximation"),
    ("We fit a robust online estimation (ROE) to the stream.", "robust online estimation"),
    ("We train with stochastic gradient descent (SGD) on images.", "stochastic gradient descent"),
])
def test_an_acronyms_letters_give_its_long_forms_extent(sentence: str, long: str) -> None:
    nlp = load_pipeline(None)
    definitions = {short.text: span.text
                   for span, short in candidates.acronym_definitions(nlp(sentence))}
    assert list(definitions.values()) == [long]


def test_an_acronym_takes_no_word_its_letters_do_not_show() -> None:
    nlp = load_pipeline(None)
    doc = nlp("They used the simple interval approximation (IIA) of the process.")
    assert [span.text for span, _ in candidates.acronym_definitions(doc)] != [
        "simple interval approximation"]


@pytest.mark.parametrize(("title", "name"), [
    ("Hiformer: Heterogeneous Feature Interactions Learning with Transformers for Recommender "
     "Systems", "Hiformer"),
    ("pLSTM: parallelizable Linear Source Transition Mark networks", "pLSTM"),
    ("DeltaProduct: Improving State-Tracking in Linear RNNs via Householder Products",
     "DeltaProduct"),
])
def test_named_artefacts_in_titles_are_proposed_methods(title: str, name: str) -> None:
    record = run(title, "We study sequence models on long inputs.")
    assert mentions(record)[name] == "Method"
    assert ("PROPOSES", "PAPER", name) in relations(record)


def test_titles_that_only_have_a_colon_propose_nothing() -> None:
    record = run("Beyond Image Borders: Learning Feature Extrapolation for Unbounded Image "
                 "Composition", "We study image composition.")
    assert not [r for r in record.relations if r.type == "PROPOSES"]


def test_typing_cues_for_datasets_and_metrics() -> None:
    record = run("T", "We evaluate our approach on the WikiText-103 dataset. Experiments on "
                 "ImageNet show gains in terms of top-1 accuracy and F1.")
    found = mentions(record)
    assert found["WikiText-103"] == "Dataset"
    assert found["ImageNet"] == "Dataset"
    assert found["F1"] == "Metric"


@pytest.mark.parametrize("model", [None, DEFAULT_MODEL])
def test_models_named_by_their_size_are_methods_even_where_datasets_go(model: str | None
                                                                       ) -> None:
    record = run("T", "Our kernel implementation of CATS results in a 15% improvement in "
                 "inference latency of token generation on both Llama-7B and Mistral-7B. "
                 "Results on LAION-5B follow.", model)
    found = mentions(record)
    assert found["Llama-7B"] == found["Mistral-7B"] == "Method"
    assert found["LAION-5B"] == "Dataset"


@pytest.mark.parametrize("model", [None, DEFAULT_MODEL])
def test_precision_as_a_number_format_is_no_metric(model: str | None) -> None:
    record = run("T", "It reaches the accuracy of FP16 for FP4 precision, with FP8 as accumulation "
                 "precision. It improves associative recall. We report precision on COCO.", model)
    found = mentions(record)
    assert found["FP4 precision"] == found["accumulation precision"] == "Concept"
    assert found["precision"] == "Metric" and found["associative recall"] == "Task"


def test_a_period_ending_a_sentence_is_split_off_names() -> None:
    doc = load_pipeline(None).make_doc("We prune ViT. Results on Mistral-7B. In the U.S. too.")
    assert [t.text for t in doc] == ["We", "prune", "ViT", ".", "Results", "on", "Mistral-7B",
                                     ".", "In", "the", "U.S.", "too", "."]


def test_relation_patterns() -> None:
    record = run(
        "DeltaProduct: Improving State-Tracking in Linear RNNs via Householder Products",
        "We use contrastive learning for image retrieval. Experiments on ImageNet show that "
        "DeltaProduct outperforms Mamba and DeltaNet in terms of perplexity.")
    found = relations(record)
    assert ("USED_FOR", "DeltaProduct", "State-Tracking") in found
    assert ("USED_FOR", "contrastive learning", "image retrieval") in found
    assert ("EVALUATED_ON", "DeltaProduct", "ImageNet") in found
    assert ("COMPARED_WITH", "DeltaProduct", "Mamba") in found
    assert ("COMPARED_WITH", "DeltaProduct", "DeltaNet") in found
    assert ("EVALUATES", "perplexity", "DeltaProduct") in found


@pytest.mark.parametrize(("abstract", "proposed"), [
    ("We propose fast randomized PCA for streaming data.", {"fast randomized PCA"}),
    ("We propose an extension of PCA for streaming data.", set()),
    ("We propose a sampler, FooNet, for diffusion models.", {"FooNet"}),
    ("We propose a new method called BarNet for image retrieval.", {"BarNet"}),
    ("We propose the BazNet framework for image retrieval.", {"BazNet"}),
    ("We propose a heterogeneous self-attention layer for ranking.",
     {"heterogeneous self-attention layer"}),
])
def test_proposes_names_the_papers_own_contribution(abstract: str, proposed: set[str]) -> None:
    record = run("On streaming data", abstract)
    assert {tail for kind, _, tail in relations(record) if kind == "PROPOSES"} == proposed


@pytest.mark.parametrize("model", [None, DEFAULT_MODEL])
def test_our_method_stands_for_the_proposed_method(model: str | None) -> None:
    record = run("T", "We propose SLAM, a fast sampler for diffusion models. Our method "
                 "outperforms DDIM.", model)
    assert ("PROPOSES", "PAPER", "SLAM") in relations(record)
    assert ("COMPARED_WITH", "SLAM", "DDIM") in relations(record)


def test_default_pipeline_runs_the_trained_model_and_the_precise_rules() -> None:
    assert DEFAULT_MODEL == "scier"
    assert "kg_trained" in load_pipeline().pipe_names
    record = run("Hiformer: Feature Interactions for Recommender Systems",
                 "We fine-tune BERT for question answering on SQuAD. Large Language Models "
                 "(LLMs) are strong. Results on CIFAR-10 take 1.62x less time on a GPU, in terms "
                 "of top-1 accuracy.", DEFAULT_MODEL)
    found = mentions(record)
    assert found["BERT"] == "Method" and found["question answering"] == "Task"
    assert found["SQuAD"] == found["CIFAR-10"] == "Dataset"
    assert found["Hiformer"] == "Method" and found["LLMs"] == "Method"  # title, acronym rules
    assert found["top-1 accuracy"] == "Metric"  # a label the SciER model does not have
    assert "1.62x" not in found and found.get("GPU") != "Dataset"
    assert ("PROPOSES", "PAPER", "Hiformer") in relations(record)
    assert ("USED_FOR", "BERT", "question answering") in relations(record)


def test_provenance_offsets_point_into_the_paper_text() -> None:
    paper = Paper(id="p", title="Mamba: Linear-Time Sequence Modeling",
                  abstract="We propose Mamba (Selective State Space Model). It beats "
                           "Transformers on language modeling.")
    record = next(extract([paper]))
    text = paper.text
    assert record.mentions
    for m in record.mentions:
        assert text[m.start:m.end] == m.text
        assert m.sent_start <= m.start < m.end <= m.sent_end
        assert text[m.sent_start:m.sent_end].strip() == text[m.sent_start:m.sent_end]
    for r in record.relations:
        assert text[r.sent_start:r.sent_end]
    # The title is a sentence of its own.
    title_mentions = [m for m in record.mentions if m.end <= len(paper.title)]
    assert all(m.sent_start == 0 and m.sent_end == len(paper.title) for m in title_mentions)


def test_records_round_trip_through_json() -> None:
    record = run("Hiformer: Heterogeneous Feature Interactions", "Large Language Models (LLMs) "
                 "help recommendation.")
    again = PaperRecord.from_json(record.to_json())
    assert again.paper == record.paper
    assert again.mentions == record.mentions
    assert again.relations == record.relations


def test_parallel_extraction_gives_the_same_records() -> None:
    papers = [Paper(id=f"p{i}", title=f"Model{i}: A study", abstract=f"We propose Model{i} for "
                    "image classification and evaluate it on ImageNet.") for i in range(6)]
    one = [r.to_json() for r in extract(papers, jobs=1)]
    two = [r.to_json() for r in extract(papers, jobs=2, batch_size=2)]
    assert one == two
    # What kg build writes: the workers' JSON lines, forked or spawned alike.
    assert list(extract_lines(papers, jobs=2, batch_size=2)) == one
    with ThreadPoolExecutor(1) as other:  # another thread runs: workers are spawned
        other.submit(int).result()
        assert start_method() == "spawn"
        assert list(extract_lines(papers, jobs=2, batch_size=3)) == one


def test_extraction_workers_run_blas_on_one_thread() -> None:
    # N workers with a BLAS thread per core each oversubscribe the cores (--jobs 2 on two
    # cores ran no faster than --jobs 1).
    context = multiprocessing.get_context(start_method())
    with ProcessPoolExecutor(max_workers=1, mp_context=context, initializer=_warm_worker,
                             initargs=(None,)) as pool:
        pools = pool.submit(threadpool_info).result()
    blas = [p["num_threads"] for p in pools if p["user_api"] == "blas"]
    assert blas and set(blas) == {1}


def test_indexed_attribute_ruler_matches_exactly_what_spacy_matches() -> None:
    """The attribute ruler's index (kg.extract.attribute_index) finds the Matcher's matches on
    real abstracts, and refuses patterns it cannot test."""
    import spacy
    from spacy.pipeline import AttributeRuler

    from kg.data import SAMPLE_CORPUS
    from kg.extract.attribute_index import AttributeIndex
    from kg.extract.pipeline import BASE_MODEL
    from kg.sources import read_papers

    nlp = spacy.load(BASE_MODEL, exclude=["ner"])
    ruler = nlp.get_pipe("attribute_ruler")
    index = AttributeIndex(ruler)
    texts = [p.text for p in read_papers([SAMPLE_CORPUS], lambda *a: None)][:120]
    texts += ["Y'all ain't seen nothin' yet .  Don't", ""]
    with nlp.select_pipes(disable=["attribute_ruler", "lemmatizer"]):
        docs = list(nlp.pipe(texts))
    assert sum(len(ruler.match(doc)) for doc in docs) > 10_000
    for doc in docs:
        assert index.match(doc) == ruler.match(doc), doc.text[:60]
    from kg.extract.attribute_index import IndexedAttributeRuler

    indexed = load_pipeline().get_pipe("attribute_ruler")
    assert isinstance(indexed, IndexedAttributeRuler)
    assert load_pipeline().config["components"]["attribute_ruler"]["factory"] == \
        "kg_attribute_ruler"
    for doc in docs[:20]:
        assert indexed.match(doc) == ruler.match(doc)
    assert isinstance(indexed._index, AttributeIndex)

    odd = IndexedAttributeRuler(nlp.vocab)  # a pattern the index cannot test: the Matcher
    odd.add([[{"LOWER": "a", "OP": "+"}]], {"POS": "DET"})
    plain = AttributeRuler(nlp.vocab)
    plain.add([[{"LOWER": "a", "OP": "+"}]], {"POS": "DET"})
    doc = nlp.make_doc("a a paper")
    assert odd.match(doc) == plain.match(doc) != [] and odd._index is False
    with pytest.raises(ValueError):
        AttributeIndex(plain)

"""Near-duplicate articles: the same wire story under two outlets, a
republished page with a new headline line, a lightly edited copy.

``NearDuplicateIndex`` keeps a MinHash of each article's word shingles in a
datasketch LSH index and answers "is this text a near-duplicate of one seen
before, and of which doc_id". Similarity is the estimated Jaccard similarity
of the two shingle sets; LSH only narrows the candidates, and each candidate
is then checked against ``threshold`` with its stored MinHash.

    index = NearDuplicateIndex(threshold=0.8)
    for article in articles:
        original = index.seen(article.doc_id, article.text)
        if original:
            ...  # article repeats `original`
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from datasketch import MinHash, MinHashLSH

_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class Match:
    doc_id: str
    similarity: float  # estimated Jaccard similarity of the shingle sets


class NearDuplicateIndex:
    def __init__(
        self, *, threshold: float = 0.8, num_perm: int = 128, shingle_size: int = 3, seed: int = 1
    ) -> None:
        if not 0.0 < threshold <= 1.0:
            raise ValueError(f"threshold must be in (0, 1], got {threshold}")
        self.threshold = threshold
        self.num_perm = num_perm
        self.shingle_size = shingle_size
        self.seed = seed
        # LSH bands are tuned a little below the threshold so that pairs just
        # above it are not missed; the exact check below decides.
        self._lsh = MinHashLSH(threshold=max(0.05, threshold - 0.1), num_perm=num_perm)
        self._hashes: dict[str, MinHash] = {}

    def __len__(self) -> int:
        return len(self._hashes)

    def __contains__(self, doc_id: object) -> bool:
        return doc_id in self._hashes

    def shingles(self, text: str) -> set[str]:
        """Lower-cased word n-grams of ``text`` (the whole text when it is
        shorter than one shingle)."""
        words = _WORD.findall(text.casefold())
        k = self.shingle_size
        if len(words) <= k:
            return {" ".join(words)} if words else set()
        return {" ".join(words[i : i + k]) for i in range(len(words) - k + 1)}

    def minhash(self, text: str) -> MinHash:
        mh = MinHash(num_perm=self.num_perm, seed=self.seed)
        mh.update_batch(s.encode("utf-8") for s in sorted(self.shingles(text)))
        return mh

    def match(self, text: str) -> Match | None:
        """The most similar article already added, if it is at least
        ``threshold`` similar; None otherwise."""
        if not self._hashes:
            return None
        mh = self.minhash(text)
        if mh.is_empty():
            return None
        best: Match | None = None
        for doc_id in sorted(self._lsh.query(mh)):
            similarity = mh.jaccard(self._hashes[doc_id])
            if similarity >= self.threshold and (best is None or similarity > best.similarity):
                best = Match(doc_id, similarity)
        return best

    def duplicate_of(self, text: str) -> str | None:
        """The doc_id that ``text`` near-duplicates, or None."""
        found = self.match(text)
        return found.doc_id if found else None

    def add(self, doc_id: str, text: str) -> None:
        """Remember an article; adding a doc_id again changes nothing."""
        if doc_id in self._hashes:
            return
        mh = self.minhash(text)
        if mh.is_empty():
            return
        self._hashes[doc_id] = mh
        self._lsh.insert(doc_id, mh)

    def seen(self, doc_id: str, text: str) -> str | None:
        """``duplicate_of(text)``, then the article is remembered when it is
        not a duplicate itself (so chains are reported against the first)."""
        original = self.duplicate_of(text)
        if original is None:
            self.add(doc_id, text)
        return original

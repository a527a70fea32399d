"""Letters that Unicode does not decompose into a base letter and an accent
(so NFKD and accent stripping leave them as they are), folded by hand to the
plain letters place names are also written with: "Bình Định" as "Binh Dinh",
"Łódź" as "Lodz", "Tromsø" as "Tromso". Shared by the gazetteer and the
worldwide place index."""

from __future__ import annotations

FOLD_LETTERS = str.maketrans(
    {"đ": "d", "Đ": "D", "ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "ß": "ss", "æ": "ae",
     "Æ": "AE", "ı": "i", "ħ": "h", "Ħ": "H", "ŧ": "t", "þ": "th", "ð": "d", "œ": "oe",
     "ʻ": "'", "ʼ": "'", "‘": "'"}
)  # fmt: skip

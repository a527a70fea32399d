"""Groups of dependency labels (spaCy's English scheme, ClearNLP style) that
the actor rules and the coding rules share: one definition of what counts
as a subject, an object or a clause, so no rule keeps its own.

- ``SUBJECTS``: the subject of an active or passive clause;
- ``ACTIVE_SUBJECTS``: the active subject (a noun, a clause, an expletive),
  which is the agent; a passive subject is the patient;
- ``ALL_SUBJECTS``: every subject relation;
- ``OBJECTS``: direct and indirect objects;
- ``CLAUSES``: relations that open a clause of its own below a word.
"""

from __future__ import annotations

SUBJECTS = frozenset({"nsubj", "nsubjpass"})
ACTIVE_SUBJECTS = frozenset({"nsubj", "csubj", "expl"})
ALL_SUBJECTS = SUBJECTS | ACTIVE_SUBJECTS
OBJECTS = frozenset({"dobj", "dative", "iobj", "obj"})
CLAUSES = frozenset({"relcl", "acl", "advcl", "ccomp", "xcomp", "parataxis", "appos"})

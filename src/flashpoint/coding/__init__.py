"""Event coding: PLOVER events, modality, statements, and each event's date,
place and casualties, read off the annotated Doc."""

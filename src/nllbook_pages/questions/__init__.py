"""The check-yourself questions, one module per page, named like the page.

A page's module defines ``questions()``, which returns the page's questions in
the order the page shows them; :mod:`nllbook_pages.quiz_bank` finds every
module here that is not private. Next to it, ``oracles()`` maps each question's
key to an :class:`~nllbook_pages.quiz.Oracle`: its answer and the value of each
of its misconceptions, recomputed from the question's wording with plain numpy,
scipy or the standard library, never with nllbook or the module's helpers
(``tests/test_quiz_oracles.py`` compares the two and reads the source to check).
"""
